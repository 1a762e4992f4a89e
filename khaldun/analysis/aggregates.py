"""Counts over the store as SQL: by event type, factuality, dyad and period; the actor network; the map.

These back ``khaldun stats``, the API (``/api/stats``, ``/api/timeline``,
``/api/network``, ``/api/map``, ``/api/actors/{id}``) and the dashboard, so
the numbers a user sees are the same everywhere. Every function takes the
same ``EventFilter`` as ``khaldun events``.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from typing import Any, Literal

from khaldun.analysis.models import (
    Actor,
    ActorProfile,
    Edge,
    Facets,
    MapData,
    MapPoint,
    Network,
    Node,
    Partner,
    Period,
    Timeline,
)
from khaldun.errors import NotFound, UsageError
from khaldun.schema import Event
from khaldun.store.db import EventFilter, Store

Level = Literal["actor", "sector", "country"]
LEVELS: tuple[str, ...] = ("actor", "sector", "country")
PERIOD_WIDTH = {"year": 4, "month": 7, "day": 10}
QUAD_NAMES = {1: "verbal_cooperation", 2: "material_cooperation", 3: "verbal_conflict", 4: "material_conflict"}
_COOP = "SUM(CASE WHEN quad_class IN (1, 2) THEN 1 ELSE 0 END)"
_CONFLICT = "SUM(CASE WHEN quad_class IN (3, 4) THEN 1 ELSE 0 END)"


def _where(flt: EventFilter | None, *extra: str) -> tuple[str, list[Any]]:
    """The filter's WHERE clause with more conditions ANDed on (their arguments follow the filter's)."""
    where, args = (flt or EventFilter()).where()
    clauses = [where[len(" WHERE "):]] if where else []
    clauses += extra
    return ((" WHERE " + " AND ".join(clauses)) if clauses else ""), args


def node_key(side: str, level: str) -> str:
    """SQL naming the network node of the event's ``source`` or ``target`` at a level of detail.

    ``actor`` falls back to country and sector when the actor has no id; ``sector`` and
    ``country`` fall back to the actor id for transnational actors (no country).
    """
    if level == "actor":
        return f"COALESCE({side}_actor_id, {side}_country || ' ' || COALESCE({side}_sector, 'UNK'))"
    if level == "sector":
        return f"COALESCE({side}_country, {side}_actor_id) || ' ' || COALESCE({side}_sector, 'UNK')"
    if level == "country":
        return f"COALESCE({side}_country, {side}_actor_id)"
    raise UsageError(f"network level {level!r} is not one of {', '.join(LEVELS)}")


def summary(store: Store, flt: EventFilter | None = None) -> dict[str, Any]:
    """What ``khaldun stats`` prints: counts by type, factuality and quad class, top dyads, casualties."""
    where, args = _where(flt)
    q = store.query
    by_type = {r["event_type"]: r["n"] for r in q(f"SELECT event_type, COUNT(*) n FROM events{where} GROUP BY 1 ORDER BY 2 DESC", args)}
    by_fact = {r["factuality"]: r["n"] for r in q(f"SELECT factuality, COUNT(*) n FROM events{where} GROUP BY 1 ORDER BY 2 DESC", args)}
    by_quad = {str(r["quad_class"]): r["n"] for r in q(f"SELECT quad_class, COUNT(*) n FROM events{where} GROUP BY 1 ORDER BY 1", args)}
    dyads = q(
        f"SELECT COALESCE(source_country, '?') || ' ' || COALESCE(source_sector, '') AS source, "
        f"COALESCE(target_country, '?') || ' ' || COALESCE(target_sector, '') AS target, event_type, COUNT(*) n "
        f"FROM events{where} GROUP BY 1, 2, 3 ORDER BY n DESC LIMIT 10", args)
    asserted, cargs = _where(flt, "factuality = 'asserted'")
    casualties = q(f"SELECT SUM(dead) dead, SUM(injured) injured, SUM(arrested) arrested FROM events{asserted}", cargs)[0]
    return {"counts": store.counts(), "by_type": by_type, "by_factuality": by_fact, "by_quad_class": by_quad,
            "top_dyads": dyads, "casualties_asserted": casualties}


def timeline(store: Store, flt: EventFilter | None = None, *, by: str = "month") -> Timeline:
    """Events per period and quad class; events dated more coarsely than ``by`` are counted as undated."""
    if by not in PERIOD_WIDTH:
        raise UsageError(f"timeline period {by!r} is not one of year, month, day")
    width = PERIOD_WIDTH[by]
    where, args = _where(flt, "date IS NOT NULL", f"length(date) >= {width}")
    rows = store.query(
        f"SELECT substr(date, 1, {width}) AS period, quad_class, COUNT(*) AS n, SUM(goldstein) AS g "
        f"FROM events{where} GROUP BY 1, 2 ORDER BY 1, 2", args)
    periods: dict[str, dict[str, Any]] = {}
    for r in rows:
        p = periods.setdefault(r["period"], {"period": r["period"], "total": 0, "g": 0.0})
        p[QUAD_NAMES[r["quad_class"]]] = r["n"]
        p["total"] += r["n"]
        p["g"] += r["g"]
    out = []
    for label in _fill(list(periods), by):
        p = periods.get(label, {"period": label, "total": 0, "g": 0.0})
        g = p.pop("g")
        coop = p.get("verbal_cooperation", 0) + p.get("material_cooperation", 0)
        out.append(Period(**p, cooperation=coop, conflict=p["total"] - coop,
                          goldstein=round(g / p["total"], 2) if p["total"] else None))
    undated_where, uargs = _where(flt, f"(date IS NULL OR length(date) < {width})")
    undated = store.query(f"SELECT COUNT(*) AS n FROM events{undated_where}", uargs)[0]["n"]
    return Timeline(by=by, periods=out, undated=undated)


def _fill(labels: list[str], by: str) -> list[str]:
    """The periods from the first to the last label, gaps included (years and months only)."""
    if by == "day" or not labels:
        return labels
    first, last = labels[0], labels[-1]
    if by == "year":
        return [str(y) for y in range(int(first), int(last) + 1)]
    out, (y, m) = [], (int(first[:4]), int(first[5:7]))
    while f"{y:04d}-{m:02d}" <= last:
        out.append(f"{y:04d}-{m:02d}")
        y, m = (y + 1, 1) if m == 12 else (y, m + 1)
    return out


def network(store: Store, flt: EventFilter | None = None, *, level: Level = "actor", min_events: int = 1,
            max_nodes: int = 60) -> Network:
    """Who acts on whom: actors as nodes, directed edges counting cooperation (quad 1-2) and conflict (3-4).

    Only asserted events count unless the filter names factualities. ``max_nodes`` keeps the
    busiest actors (and the edges among them) so that the drawing stays readable.
    """
    flt = flt or EventFilter()
    facts = list(flt.factuality) or ["asserted"]
    s_key, t_key = node_key("source", level), node_key("target", level)
    extra = [f"{s_key} IS NOT NULL", f"{t_key} IS NOT NULL"]
    if not flt.factuality:
        extra.append("factuality = 'asserted'")
    where, args = _where(flt, *extra)
    rows = store.query(
        f"SELECT {s_key} AS s, {t_key} AS t, source_actor_id AS sa, source_country AS sc, source_sector AS ss, "
        f"target_actor_id AS ta, target_country AS tc, target_sector AS ts, COUNT(*) AS n, "
        f"{_COOP} AS coop, {_CONFLICT} AS conflict, SUM(goldstein) AS g "
        f"FROM events{where} GROUP BY 1, 2, 3, 4, 5, 6, 7, 8", args)
    edges: dict[tuple[str, str], dict[str, Any]] = {}
    seen: dict[str, Counter[tuple[str | None, str | None, str | None]]] = defaultdict(Counter)
    for r in rows:
        e = edges.setdefault((r["s"], r["t"]), {"events": 0, "cooperation": 0, "conflict": 0, "g": 0.0})
        e["events"] += r["n"]
        e["cooperation"] += r["coop"]
        e["conflict"] += r["conflict"]
        e["g"] += r["g"]
        seen[r["s"]][(r["sa"], r["sc"], r["ss"])] += r["n"]
        seen[r["t"]][(r["ta"], r["tc"], r["ts"])] += r["n"]
    kept = {k: e for k, e in edges.items() if e["events"] >= min_events}
    totals: Counter[str] = Counter()
    for (s, t), e in kept.items():
        totals[s] += e["events"]
        if t != s:
            totals[t] += e["events"]
    top = {key for key, _ in totals.most_common(max_nodes)}
    kept = {k: e for k, e in kept.items() if k[0] in top and k[1] in top}
    typical = {key: seen[key].most_common(1)[0][0] for key in top}
    names = _actor_names(store, {actor_id for actor_id, _, _ in typical.values() if actor_id})
    nodes = {key: _node(key, level, typical[key], names) for key in top}
    out_edges = []
    for (s, t), e in sorted(kept.items(), key=lambda kv: -kv[1]["events"]):
        for key in {s, t}:
            nodes[key].events += e["events"]
            nodes[key].cooperation += e["cooperation"]
            nodes[key].conflict += e["conflict"]
        out_edges.append(Edge(source=s, target=t, events=e["events"], cooperation=e["cooperation"],
                              conflict=e["conflict"], goldstein=round(e["g"] / e["events"], 2)))
    ordered = sorted((n for n in nodes.values() if n.events), key=lambda n: (-n.events, n.id))
    return Network(level=level, factuality=facts, nodes=ordered, edges=out_edges)


def _node(key: str, level: str, typical: tuple[str | None, str | None, str | None],
          names: dict[str, dict[str, Any]]) -> Node:
    """The node of ``key``, described by its most frequent (actor id, country, sector)."""
    actor_id, country, sector = typical
    if level == "actor" and actor_id:
        info = names.get(actor_id, {})
        return Node(id=key, label=info.get("name") or actor_id, actor_id=actor_id, country=country, sector=sector,
                    kind=info.get("kind"), events=0)
    fallback = None if country else actor_id  # a transnational actor stands for itself at every level
    label = key if not fallback else key.replace(fallback, (names.get(fallback) or {}).get("name") or fallback, 1)
    if level == "country":
        return Node(id=key, label=label, actor_id=fallback, country=country, events=0)
    return Node(id=key, label=label, actor_id=fallback, country=country, sector=sector, events=0)


def _actor_names(store: Store, ids: set[str]) -> dict[str, dict[str, Any]]:
    if not ids:
        return {}
    rows = store.query(f"SELECT actor_id, name, kind FROM actors WHERE actor_id IN ({','.join('?' * len(ids))})",
                       sorted(ids))
    return {r["actor_id"]: r for r in rows}


def event_map(store: Store, flt: EventFilter | None = None) -> MapData:
    """Located events grouped by place, with their cooperation/conflict split and types."""
    where, args = _where(flt, "lat IS NOT NULL", "lon IS NOT NULL")
    rows = store.query(
        f"SELECT location_name AS name, location_country AS country, lat, lon, event_type, COUNT(*) AS n, "
        f"{_COOP} AS coop, {_CONFLICT} AS conflict, COALESCE(SUM(dead), 0) AS dead "
        f"FROM events{where} GROUP BY 1, 2, 3, 4, 5", args)
    points: dict[tuple[Any, ...], dict[str, Any]] = {}
    for r in rows:
        key = (r["name"], r["country"], r["lat"], r["lon"])
        p = points.setdefault(key, {"name": r["name"], "country": r["country"], "lat": r["lat"], "lon": r["lon"],
                                    "events": 0, "cooperation": 0, "conflict": 0, "dead": 0, "event_types": {}})
        p["events"] += r["n"]
        p["cooperation"] += r["coop"]
        p["conflict"] += r["conflict"]
        p["dead"] += r["dead"]
        p["event_types"][r["event_type"]] = r["n"]
    unwhere, uargs = _where(flt, "(lat IS NULL OR lon IS NULL)")
    unlocated = store.query(f"SELECT COUNT(*) AS n FROM events{unwhere}", uargs)[0]["n"]
    ordered = sorted(points.values(), key=lambda p: (-p["events"], p["name"] or ""))
    return MapData(points=[MapPoint(**p) for p in ordered], unlocated=unlocated)


def actor_profile(store: Store, actor_id: str, flt: EventFilter | None = None, *, limit: int = 50,
                  max_partners: int = 50) -> ActorProfile:
    """One actor: its events as source and target, by type, its partners, its latest events."""
    rows = store.query("SELECT actor_id, name, country, kind FROM actors WHERE actor_id = ?", [actor_id])
    where, args = _where(flt, "(source_actor_id = ? OR target_actor_id = ?)")
    args += [actor_id, actor_id]
    n = store.query(f"SELECT COUNT(*) AS n, SUM(source_actor_id = ?) AS src, SUM(target_actor_id = ?) AS tgt "
                    f"FROM events{where}", [actor_id, actor_id, *args])[0]
    if not rows:
        any_event = store.query("SELECT 1 FROM events WHERE source_actor_id = ? OR target_actor_id = ? LIMIT 1",
                                [actor_id, actor_id])
        if not any_event:
            raise NotFound(f"no actor {actor_id!r} in {store.path.name}; see /api/network for the actors it holds")
    info = rows[0] if rows else {"actor_id": actor_id}
    sectors = store.query(
        f"SELECT sector, COUNT(*) AS n FROM (SELECT source_sector AS sector FROM events{where} AND source_actor_id = ? "
        f"UNION ALL SELECT target_sector FROM events{where} AND target_actor_id = ?) GROUP BY 1 ORDER BY 2 DESC",
        [*args, actor_id, *args, actor_id])
    by_type = {r["event_type"]: r["n"] for r in store.query(
        f"SELECT event_type, COUNT(*) AS n FROM events{where} GROUP BY 1 ORDER BY 2 DESC", args)}
    other_t, other_s = node_key("target", "actor"), node_key("source", "actor")
    partners = store.query(
        f"SELECT other, MAX(aid) AS actor_id, MAX(country) AS country, COUNT(*) AS events, SUM(outgoing) AS as_source, "
        f"COUNT(*) - SUM(outgoing) AS as_target, {_COOP} AS cooperation, {_CONFLICT} AS conflict FROM ("
        f"SELECT {other_t} AS other, target_actor_id AS aid, target_country AS country, 1 AS outgoing, quad_class "
        f"FROM events{where} AND source_actor_id = ? UNION ALL "
        f"SELECT {other_s}, source_actor_id, source_country, 0, quad_class FROM events{where} AND target_actor_id = ?) "
        f"WHERE other IS NOT NULL GROUP BY other ORDER BY events DESC, other LIMIT ?",
        [*args, actor_id, *args, actor_id, max_partners])
    names = _actor_names(store, {p["actor_id"] for p in partners if p["actor_id"]})
    recent = [Event.model_validate_json(r["record"]) for r in store.query(
        f"SELECT record FROM events{where} ORDER BY date IS NULL, date DESC, doc_id, sentence_index, id LIMIT ?",
        [*args, limit])]
    return ActorProfile(
        actor=Actor(actor_id=actor_id, name=info.get("name"), country=info.get("country"), kind=info.get("kind"),
                    sectors={r["sector"] or "UNK": r["n"] for r in sectors}),
        as_source=n["src"] or 0, as_target=n["tgt"] or 0, by_type=by_type,
        partners=[Partner(id=p["other"], label=(names.get(p["actor_id"]) or {}).get("name") or p["other"],
                          actor_id=p["actor_id"], country=p["country"], events=p["events"], as_source=p["as_source"],
                          as_target=p["as_target"], cooperation=p["cooperation"], conflict=p["conflict"])
                  for p in partners],
        events=recent)


def facets(store: Store) -> Facets:
    """The values present in the store: event types, factualities, countries, years (for filter menus)."""
    q = store.query
    types = {r["k"]: r["n"] for r in q("SELECT event_type AS k, COUNT(*) AS n FROM events GROUP BY 1 ORDER BY 1")}
    facts = {r["k"]: r["n"] for r in q("SELECT factuality AS k, COUNT(*) AS n FROM events GROUP BY 1 ORDER BY 1")}
    countries = {r["k"]: r["n"] for r in q(
        "SELECT k, COUNT(*) AS n FROM (SELECT source_country AS k FROM events UNION ALL "
        "SELECT target_country FROM events WHERE target_country IS NOT source_country) "
        "WHERE k IS NOT NULL GROUP BY 1 ORDER BY 1")}
    years = [r["y"] for r in q("SELECT DISTINCT substr(date, 1, 4) AS y FROM events WHERE date IS NOT NULL ORDER BY 1")]
    span = q("SELECT MIN(date) AS first, MAX(date) AS last FROM events")[0]
    return Facets(event_types=types, factualities=facts, countries=countries, years=years,
                  first_date=span["first"], last_date=span["last"])


def format_summary(s: dict[str, Any]) -> str:
    c = s["counts"]
    lines = [f"{c['documents']} documents, {c['sentences']} sentences, {c['mentions']} actor mentions, "
             f"{c['places']} place mentions, {c['events']} events"]
    if s["by_type"]:
        lines.append("by type: " + ", ".join(f"{k} {v}" for k, v in s["by_type"].items()))
    if s["by_factuality"]:
        lines.append("by factuality: " + ", ".join(f"{k} {v}" for k, v in s["by_factuality"].items()))
    cas = s["casualties_asserted"]
    if any(cas.values()):
        lines.append("asserted casualties: " + ", ".join(f"{k} {v or 0}" for k, v in cas.items()))
    if s["top_dyads"]:
        lines.append("top dyads:")
        lines += [f"  {d['source']:>9} -> {d['target']:<9} {d['event_type']:<10} {d['n']}" for d in s["top_dyads"]]
    return "\n".join(lines)
