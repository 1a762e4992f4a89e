"""Toponym resolution: which GeoNames place a name in the text stands for.

Each option is scored on priors (population, feature: a country, a capital, a
province named as such) and on context: the countries the document is about
(countries named in it and actors' countries), the admin hierarchy written next
to the name ("Edmonton, Alberta", "Hawija in Kirkuk province"), the provinces
named elsewhere in the document and the distance to the places already resolved
without doubt. Unambiguous names are resolved first so that they can serve as
context for the others.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from khaldun.doc import CodedDoc, PlaceHit
from khaldun.kb.actors import normalize
from khaldun.places.gazetteer import MATCH_ALT, MATCH_DEMONYM, Gazetteer, GeoPlace, skeleton
from khaldun.places.recognize import Candidate
from khaldun.schema import Place

ADMIN_WORDS = frozenset({"province", "governorate", "state", "region", "oblast", "county", "prefecture", "territory",
                         "district", "municipality"})
HIERARCHY_GLUE = frozenset({",", "in", "(", "of", "-", "–"})
GLUE_WORDS = re.compile(r"\w+|[^\w\s]")
FUZZY_PENALTY = 2.5
ALT_PENALTY = 1.5  # reached by an alternate name, not the place's own
CAPITAL_PRIOR = 2.5
PROVINCE_PRIOR = 2.5  # a first-level division: news names states and provinces more often than homonymous towns
SHADOW_PENALTY = 4.0  # a province named after its chief town ("Aleppo", "Sao Paulo"): the bare name is the town
SHADOW_SHARE = 0.1  # ... when that town holds this share of the province's people
# A town of fewer people than this, more than STRAY_KM from every other place of the document, in a country holding
# at most this share of the document's country mentions, is left to fall_back (see Resolver._stray).
STRAY_POPULATION = 20_000
STRAY_COUNTRY_SHARE = 0.3
STRAY_KM = 1500.0
# Actor mentions whose country says what the document is about (not pronouns, nor coreference chains).
CONTEXT_METHODS = frozenset({"kb", "agent+country", "office", "title", "agent+person", "agent+org"})


@dataclass
class Context:
    """What the document is about, geographically."""

    countries: Counter[str] = field(default_factory=Counter)
    admins: Counter[str] = field(default_factory=Counter)
    anchors: dict[int, tuple[float, float]] = field(default_factory=dict)
    places: dict[int, tuple[int, GeoPlace]] = field(default_factory=dict)  # geonameid -> (names that chose it, place)

    def without(self, p: GeoPlace) -> "Context":
        """The context as the other names see it: a place chosen only by this name does not count."""
        n = self.places.get(p.geonameid, (0, p))[0]
        if n > 1:
            return self
        ctx = Context(countries=Counter(self.countries), admins=Counter(self.admins), anchors=self.anchors, places=self.places)
        ctx._grid = self.places_grid()
        if p.country:
            ctx.countries[p.country] -= 2
        if p.admin1_key:
            ctx.admins[p.admin1_key] -= 1
        ctx.skip = p.geonameid
        return ctx

    skip: int | None = None
    _grid: dict[tuple[int, int], list[tuple[int, tuple[float, float]]]] | None = None

    def nearest_km(self, lat: float, lon: float) -> float:
        """Distance to the nearest anchor within about 1,000 km (anchors are bucketed in 10-degree cells)."""
        grid = self.places_grid()
        cy, cx = int(lat // 10), int(lon // 10)
        best = 1e9
        for dy in (-1, 0, 1):
            for dx in (-2, -1, 0, 1, 2):
                for gid, a in grid.get((cy + dy, cx + dx), ()):
                    if gid == self.skip:
                        continue
                    d = distance_km((lat, lon), a)
                    if d < best:
                        best = d
        return best

    def places_grid(self) -> dict[tuple[int, int], list[tuple[int, tuple[float, float]]]]:
        grid = self._grid
        if grid is None:
            grid = {}
            for gid, a in self.anchors.items():
                grid.setdefault((int(a[0] // 10), int(a[1] // 10)), []).append((gid, a))
            self._grid = grid
        return grid

    def country_share(self, iso3: str | None) -> float:
        if not iso3 or not self.countries:
            return 0.0
        top = max(self.countries.values())
        return max(self.countries[iso3], 0) / top if top > 0 else 0.0


def distance_km(a: tuple[float, float], b: tuple[float, float]) -> float:
    lat1, lon1, lat2, lon2 = map(math.radians, (a[0], a[1], b[0], b[1]))
    h = math.sin((lat2 - lat1) / 2) ** 2 + math.cos(lat1) * math.cos(lat2) * math.sin((lon2 - lon1) / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(h)))


class Resolver:
    """Scores gazetteer options for every toponym of a document."""

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def options(self, hits: list[PlaceHit], meta: dict[int, Candidate]) -> dict[int, list[GeoPlace]]:
        keys = [k for i in range(len(hits)) if i in meta and not meta[i].options for k in meta[i].keys]
        found = self.gazetteer.lookup_keys(keys)
        out: dict[int, list[GeoPlace]] = {}
        for i, hit in enumerate(hits):
            c = meta.get(i)
            if c is None:
                continue
            opts = list(c.options)
            if not opts:
                for k in c.keys:  # "Mexico City" before "Mexico": a shorter key only when the full name is unknown
                    opts = list(found.get(k, []))
                    if opts:
                        break
            if hit.kind == "demonym":
                opts = [o for o in opts if o.match == MATCH_DEMONYM or o.is_country or o.feature == "CONT"]
            else:
                lit = [o for o in opts if o.match != MATCH_DEMONYM]
                opts = lit or opts
                if not opts and c.keys:
                    opts = [GeoPlace(**{**o.__dict__, "match": 9}) for o in self.gazetteer.fuzzy(c.keys[0])
                            if _similar(c.keys[0], o.name)]
            seen: set[int] = set()
            out[i] = [o for o in opts if not (o.geonameid in seen or seen.add(o.geonameid))]  # type: ignore[func-returns-value]
        return out

    def resolve(self, doc: CodedDoc, hits: list[PlaceHit], meta: dict[int, Candidate]) -> None:
        """Set ``hit.place`` and ``hit.score`` on every hit that has gazetteer options.

        One sense per discourse: every mention of the same name in a document gets
        the same place, scored on the evidence of all its mentions.
        """
        sp = doc.parse
        options = self.options(hits, meta)
        parents = self._parents(doc.text, hits)
        groups: dict[tuple[str, str], list[int]] = {}
        for i, opts in options.items():
            if opts:
                groups.setdefault((hits[i].kind == "demonym" and "d" or "p", meta[i].keys[0] if meta[i].keys else str(i)), []).append(i)
        base = Context()
        spans = [(h.start_char, h.end_char) for h in hits]
        for m in doc.mentions:  # actors' countries, except those read off a place name ("London" -> GBR)
            if m.country and len(m.country) == 3 and m.antecedent is None and m.method in CONTEXT_METHODS \
                    and not any(a < m.end_char and m.start_char < b for a, b in spans):
                base.countries[m.country] += 1
        # round 0: names with one reading and countries named outright
        chosen: dict[int, GeoPlace] = {}
        for members in groups.values():
            opts = options[members[0]]
            top = max(opts, key=lambda p: self._prior(p, meta.get(members[0])))
            if len(opts) == 1 or top.is_country or top.feature == "CONT":
                for i in members:
                    chosen[i] = top
        demoted = {key: self._shadowed(options[m[0]], meta.get(m[0])) for key, m in groups.items()}
        # rounds 1 to 3: every name, in the context of the others' current reading
        for _ in range(3):
            current = dict(chosen)
            totals = self._context(base, {key: current[m[0]] for key, m in groups.items() if m[0] in current})
            for key, members in groups.items():
                own = current.get(members[0])
                ctx = totals.without(own) if own is not None else totals
                opts = options[members[0]]
                # "Russia, U.S. officials": a name that can be a country is listed next to another, not inside it
                contained = [i for i in members if i in parents] if not any(o.is_country for o in opts) else []
                best, best_score = None, -1e9
                for p in opts:
                    common = self.score(p, meta.get(members[0]), ctx) \
                        - (SHADOW_PENALTY if p.geonameid in demoted[key][0] else 0.0) \
                        + (ALT_PENALTY if p.geonameid in demoted[key][1] and p.match == MATCH_ALT else 0.0)
                    total = common + max(self._local(p, hits[i], current.get(parents[i]) if i in contained else None)
                                         for i in members)
                    if total > best_score:
                        best, best_score = p, total
                for i in members:
                    chosen[i] = best  # type: ignore[assignment]
                    hits[i].place = to_place(best, hits[i].text)  # type: ignore[arg-type]
                    hits[i].score = round(best_score, 3)
        totals = self._context(base, {key: chosen[m[0]] for key, m in groups.items() if m[0] in chosen})
        for key, members in groups.items():
            if not any(i in parents for i in members) and self._stray(chosen[members[0]], totals):
                for i in members:  # fall_back gives it the point of the place the text puts it in
                    hits[i].place = None

    def fall_back(self, doc: CodedDoc, hits: list[PlaceHit]) -> None:
        """A name the gazetteer lacks ("the Bardo Museum", "Dunya Pur", "Upper Nile county") takes the point of
        the place the text puts it in: its written container ("X, Y", "X in Y"), else the nearest town named in
        its sentence, else in the document, else the nearest province, else country. The record keeps the
        name written and gives the container's name, so the approximation shows."""
        sp = doc.parse
        parents = self._parents(doc.text, hits)
        known = [h for h in hits if h.place is not None and h.kind != "demonym"]
        if not known:
            return
        for i, h in enumerate(hits):
            if h.place is not None or h.kind == "demonym" or h.sentence_index < 0:
                continue
            j = parents.get(i)
            if j is not None and hits[j].place is not None:
                h.place = hits[j].place.model_copy(update={"text": h.text})
                continue
            best = None
            for level in (_is_town, _is_province, _is_country):
                pool = [k for k in known if level(k.place)]
                same = [k for k in pool if k.sentence_index == h.sentence_index]
                pool = same or pool
                if pool:
                    best = min(pool, key=lambda k: abs(k.start_char - h.start_char))
                    break
            if best is not None:
                h.place = best.place.model_copy(update={"text": h.text})

    @staticmethod
    def _stray(p: GeoPlace, totals: Context) -> bool:
        """A small town abroad, far from everything else the document names, in a country it hardly mentions:
        more likely a place the offline gazetteer lacks ("Heathrow" the airport, not the village in Florida)."""
        if p.is_country or p.is_admin or p.feature == "CONT" or p.is_curated or p.lat is None or p.lon is None \
                or p.population >= STRAY_POPULATION:
            return False
        ctx = totals.without(p)
        return any(g != p.geonameid for g in ctx.anchors) and ctx.country_share(p.country) <= STRAY_COUNTRY_SHARE \
            and ctx.nearest_km(p.lat, p.lon) > STRAY_KM

    @staticmethod
    def _shadowed(opts: list[GeoPlace], cand: Candidate | None) -> tuple[set[int], set[int]]:
        """Provinces named after their chief town ("Aleppo", "Istanbul", "Hama"): the bare name means the town.

        Returns the provinces to demote and the towns that shadow them; such a town is the name written up to
        transliteration ("Ḩamāh" for "Hama"), so it does not pay for being reached by an alternate name."""
        if cand is not None and cand.suffix in ADMIN_WORDS:
            return set(), set()
        towns: dict[str, GeoPlace] = {}
        written = _stem(cand.keys[0]) if cand is not None and cand.keys else ""
        for o in opts:  # a town whose own name is the name written, up to transliteration: "Al Karak", "Basrah"
            if not o.is_admin and not o.is_country and o.match != MATCH_DEMONYM and o.admin1_key \
                    and _stem(normalize(o.name)) == written \
                    and (o.admin1_key not in towns or o.population > towns[o.admin1_key].population):
                towns[o.admin1_key] = o
        demoted = {o.geonameid for o in opts if o.is_admin and o.admin1_key in towns
                   and towns[o.admin1_key].population >= SHADOW_SHARE * max(o.population, 1)}
        return demoted, {towns[o.admin1_key].geonameid for o in opts if o.geonameid in demoted}

    @staticmethod
    def _context(base: Context, chosen: dict[Any, GeoPlace]) -> Context:
        """Countries, provinces and points of the places the names currently stand for; each place counts once."""
        ctx = Context(countries=Counter(base.countries))
        for p in chosen.values():
            if p.geonameid in ctx.places:
                ctx.places[p.geonameid] = (ctx.places[p.geonameid][0] + 1, p)
                continue
            ctx.places[p.geonameid] = (1, p)
            if p.country:
                ctx.countries[p.country] += 2
            if p.admin1_key:
                ctx.admins[p.admin1_key] += 1
            if not p.is_country and p.feature != "CONT" and p.lat is not None and p.lon is not None:
                ctx.anchors[p.geonameid] = (p.lat, p.lon)
        return ctx

    @staticmethod
    def _parents(text: str, hits: list[PlaceHit]) -> dict[int, int]:
        """Hit index -> index of the place written right after it as its container ("Edmonton, Alberta")."""
        out: dict[int, int] = {}
        for i in range(len(hits) - 1):
            a, b = hits[i], hits[i + 1]
            if b.kind == "demonym" or b.sentence_index != a.sentence_index:
                continue
            glue = GLUE_WORDS.findall(text[a.end_char:b.start_char].lower())
            if 0 < len(glue) <= 2 and all(g in HIERARCHY_GLUE for g in glue):
                out[i] = i + 1
        return out

    @staticmethod
    def _prior(p: GeoPlace, cand: Candidate | None) -> float:
        s = math.log10(p.population + 10)
        if p.is_country:
            s += 4.0
        elif p.feature == "CONT":
            s += 3.0
        elif p.feature == "ADM1":
            s += PROVINCE_PRIOR
        elif p.is_admin:
            s += 0.5
        elif p.feature == "PPLC":
            s += CAPITAL_PRIOR
        if p.population >= 1_000_000 and not p.is_admin:
            s += 1.0
        if p.is_curated:
            s += 4.0  # curated for the news: the project's own places outrank homonymous villages
        if p.match == MATCH_ALT:
            s -= ALT_PENALTY
        elif p.match == 9:
            s -= FUZZY_PENALTY
        suffix = cand.suffix if cand else None
        if suffix in ADMIN_WORDS:
            s += 4.0 if p.is_admin or p.feature.startswith("ADM") else -2.0
        elif suffix in ("city", "town", "village") and not p.is_admin:
            s += 2.0
        return s

    def score(self, p: GeoPlace, cand: Candidate | None, ctx: Context) -> float:
        """Prior and document context: what every mention of the name shares."""
        s = self._prior(p, cand)
        s += 3.0 * ctx.country_share(p.country)
        if p.admin1_key and ctx.admins.get(p.admin1_key, 0) > 0:
            s += 4.0 if p.is_admin else 2.0  # a province that holds other places named, or a town in one
        if ctx.anchors and p.lat is not None and p.lon is not None and not p.is_country and p.feature != "CONT" \
                and not p.is_admin:
            d = ctx.nearest_km(p.lat, p.lon)
            if d < 100:
                s += 3.0
            elif d < 250:
                s += 2.0
            elif d < 1000:
                s += 1.0
        return s

    @staticmethod
    def _local(p: GeoPlace, hit: PlaceHit, parent: GeoPlace | None) -> float:
        """What one mention adds: its written container ("Edmonton, Alberta") and its role."""
        s = 0.0
        if parent is not None:  # the writer's own disambiguation outweighs fame: "London, Ky.", "London, Canada"
            if parent.is_country and p.country == parent.country:
                s += 8.0
            elif parent.is_admin and p.admin1_key == parent.admin1_key:
                s += 10.0
            elif parent.country and p.country == parent.country:
                s += 2.0
        if hit.kind == "metonym" and p.feature == "PPLC":
            s += 2.0
        return s


def _is_town(p: Place | None) -> bool:
    f = (p.feature or "") if p is not None else ""
    return p is not None and not f.startswith(("PCL", "ADM1")) and f not in ("CONT", "RGN", "SEA", "GULF", "OCN")


def _is_province(p: Place | None) -> bool:
    return p is not None and (p.feature or "").startswith("ADM1")


def _is_country(p: Place | None) -> bool:
    return p is not None and (p.feature or "").startswith("PCL")


def _stem(norm: str) -> str:
    """The transliteration skeleton without a final h either way ("Hamah" and "Hama", "Ar Raqqah" and "Raqqa")."""
    folded = unicodedata.normalize("NFKD", norm.replace("ı", "i")).encode("ascii", "ignore").decode()
    return skeleton(folded).rstrip("h") or folded


def _similar(key: str, name: str) -> bool:
    """A fuzzy (skeleton) match must still look like the name written: "Qamishli" ~ "Al Qāmishlī"."""
    from difflib import SequenceMatcher

    other = normalize(name)
    bare = other.split(" ", 1)[1] if other.split(" ", 1)[0] in ("al", "el", "ad", "ar", "as", "ash", "at", "az", "an") and " " in other else other
    return max(SequenceMatcher(None, key, other).ratio(), SequenceMatcher(None, key, bare).ratio()) >= 0.75


def to_place(p: GeoPlace, text: str) -> Place:
    return Place(text=text, name=p.name, country=p.country, admin1=p.admin1, lat=p.lat, lon=p.lon,
                 geonameid=p.geonameid, feature=p.feature)
