"""Counts over the store as SQL: by event type, factuality, dyad, month; the actor network.

These back ``khaldun stats``, the API's ``/api/stats`` and ``/api/network`` and the dashboard.
"""

from __future__ import annotations

from typing import Any

from khaldun.store.db import EventFilter, Store


def _node(prefix: str) -> str:
    return (f"COALESCE({prefix}_actor_id, '') || '|' || COALESCE({prefix}_country, '') || '|' || COALESCE({prefix}_sector, '')")


def summary(store: Store, flt: EventFilter | None = None) -> dict[str, Any]:
    where, args = (flt or EventFilter()).where()
    q = store.query
    by_type = {r["event_type"]: r["n"] for r in q(f"SELECT event_type, COUNT(*) n FROM events{where} GROUP BY 1 ORDER BY 2 DESC", args)}
    by_fact = {r["factuality"]: r["n"] for r in q(f"SELECT factuality, COUNT(*) n FROM events{where} GROUP BY 1 ORDER BY 2 DESC", args)}
    by_quad = {str(r["quad_class"]): r["n"] for r in q(f"SELECT quad_class, COUNT(*) n FROM events{where} GROUP BY 1 ORDER BY 1", args)}
    dyads = q(
        f"SELECT COALESCE(source_country, '?') || ' ' || COALESCE(source_sector, '') AS source, "
        f"COALESCE(target_country, '?') || ' ' || COALESCE(target_sector, '') AS target, event_type, COUNT(*) n "
        f"FROM events{where} GROUP BY 1, 2, 3 ORDER BY n DESC LIMIT 10", args)
    casualties = q(f"SELECT SUM(dead) dead, SUM(injured) injured, SUM(arrested) arrested FROM events{where}"
                   f"{' AND' if where else ' WHERE'} factuality = 'asserted'", args)[0]
    return {"counts": store.counts(), "by_type": by_type, "by_factuality": by_fact, "by_quad_class": by_quad,
            "top_dyads": dyads, "casualties_asserted": casualties}


def timeline(store: Store, flt: EventFilter | None = None, *, by: str = "month") -> list[dict[str, Any]]:
    width = {"year": 4, "month": 7, "day": 10}[by]
    where, args = (flt or EventFilter()).where()
    extra = " AND " if where else " WHERE "
    return store.query(
        f"SELECT substr(date, 1, {width}) AS period, quad_class, COUNT(*) n FROM events{where}{extra}date IS NOT NULL "
        f"AND length(date) >= {width} GROUP BY 1, 2 ORDER BY 1, 2", args)


def network(store: Store, flt: EventFilter | None = None, *, min_events: int = 1) -> dict[str, Any]:
    """Actors as nodes (actor or country+sector), directed edges weighted by cooperation and conflict."""
    where, args = (flt or EventFilter()).where()
    extra = " AND " if where else " WHERE "
    rows = store.query(
        f"SELECT {_node('source')} AS s, {_node('target')} AS t, "
        f"SUM(CASE WHEN quad_class IN (1, 2) THEN 1 ELSE 0 END) AS coop, "
        f"SUM(CASE WHEN quad_class IN (3, 4) THEN 1 ELSE 0 END) AS conflict, "
        f"AVG(goldstein) AS goldstein, COUNT(*) AS n FROM events{where}{extra}"
        f"source_country IS NOT NULL AND target_country IS NOT NULL AND factuality = 'asserted' "
        f"GROUP BY 1, 2 HAVING COUNT(*) >= ? ORDER BY n DESC", [*args, min_events])
    nodes: dict[str, dict[str, Any]] = {}
    edges = []
    for r in rows:
        for key in (r["s"], r["t"]):
            if key not in nodes:
                actor_id, country, sector = key.split("|")
                nodes[key] = {"id": key, "actor_id": actor_id or None, "country": country or None, "sector": sector or None,
                              "label": f"{actor_id or country} {sector}".strip(), "events": 0}
            nodes[key]["events"] += r["n"]
        edges.append({"source": r["s"], "target": r["t"], "cooperation": r["coop"], "conflict": r["conflict"],
                      "goldstein": round(r["goldstein"], 2), "events": r["n"]})
    return {"nodes": list(nodes.values()), "edges": edges}


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
