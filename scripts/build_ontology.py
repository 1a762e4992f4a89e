"""Build khaldun/data/ontology/cameo.v1.tsv from the CAMEO facts: code, name, PLOVER type, mode, Goldstein.

Usage: python scripts/build_ontology.py ../shared/eval/plover-gsr/CAMEO2PLOVER-2021.txt ../shared/ontology/cameo_goldstein.tsv

The CAMEO-to-PLOVER table and the Goldstein weights are facts about the two
ontologies; this script turns them into the project's own TSV. CAMEO 01 (public
statements) has no PLOVER type; CAMEO 02 (appeals) is coded REQUEST, because
PLOVER's REQUEST covers "all requests, demands and orders" (see docs/ontology.md).
"""

from __future__ import annotations

import csv
import re
import sys
from pathlib import Path

# Names of the CAMEO 01 and 02 codes, which the 2021 table leaves out.
STATEMENT_AND_APPEAL = {
    "01": "Make public statement", "010": "Make statement, not specified below", "011": "Decline comment",
    "012": "Make pessimistic comment", "013": "Make optimistic comment", "014": "Consider policy option",
    "015": "Acknowledge or claim responsibility", "016": "Deny responsibility", "017": "Engage in symbolic act",
    "018": "Make empathetic comment", "019": "Express accord",
    "02": "Appeal", "020": "Make an appeal or request, not specified below",
    "021": "Appeal for material cooperation", "0211": "Appeal for economic cooperation",
    "0212": "Appeal for military cooperation", "0213": "Appeal for judicial cooperation",
    "0214": "Appeal for intelligence", "022": "Appeal for diplomatic cooperation",
    "023": "Appeal for aid", "0231": "Appeal for economic aid", "0232": "Appeal for military aid",
    "0233": "Appeal for humanitarian aid", "0234": "Appeal for military protection or peacekeeping",
    "024": "Appeal for political reform", "0241": "Appeal for change in leadership",
    "0242": "Appeal for policy change", "0243": "Appeal for rights",
    "0244": "Appeal for change in institutions, regime", "025": "Appeal to yield",
    "0251": "Appeal for easing of administrative sanctions", "0252": "Appeal for easing of popular dissent",
    "0253": "Appeal for release of persons or property",
    "0254": "Appeal for easing of economic sanctions, boycott, or embargo",
    "0255": "Appeal for target to allow international involvement (non-mediation)",
    "0256": "Appeal for de-escalation of military engagement", "026": "Appeal to others to meet or negotiate",
    "027": "Appeal to others to settle dispute", "028": "Appeal to others to engage in or accept mediation",
}
APPEAL_MODE = {"021": "assist", "022": "assist", "023": "assist", "024": "change", "025": "yield",
               "026": "meet", "027": "meet", "028": "meet"}
ROOT_NAMES = {
    "03": "Express intent to cooperate", "04": "Consult", "05": "Engage in diplomatic cooperation",
    "06": "Engage in material cooperation", "07": "Provide aid", "08": "Yield", "09": "Investigate",
    "10": "Demand", "11": "Disapprove", "12": "Reject", "13": "Threaten", "14": "Protest",
    "15": "Exhibit force posture", "16": "Reduce relations", "17": "Coerce", "18": "Assault",
    "19": "Fight", "20": "Use unconventional mass violence",
}
LINE = re.compile(r"^(\d{2,4}):\s*([A-Z]+)\s*(?:,([^,#]*))?(?:,([^#]*))?(?:#\s*(.*))?$")


def main(table: Path, goldstein: Path, out: Path) -> None:
    weights = {}
    with goldstein.open() as fh:
        for row in csv.reader(fh, delimiter="\t"):
            if row and row[0].isdigit():
                weights[row[0]] = float(row[1])
    rows: dict[str, tuple[str, str, str, str]] = {}
    for code, name in STATEMENT_AND_APPEAL.items():
        plover = "" if code.startswith("01") else "REQUEST"
        rows[code] = (name, plover, APPEAL_MODE.get(code[:3], "") if plover else "", "")
    for raw in table.read_text().splitlines():
        m = LINE.match(raw.strip())
        if not m:
            continue
        code, plover, mode, context, name = m.groups()
        if len(code) == 2:
            continue
        mode = (mode or "").strip().replace(" ", "")
        context = (context or "").strip().split("21.09")[0].strip().replace(" ", "")
        name = (name or "").split("21.09")[0].strip()
        rows[code] = (name, plover, mode, context)
    for root, name in ROOT_NAMES.items():
        first = min(c for c in rows if c.startswith(root) and len(c) == 3)
        rows.setdefault(root, (name, rows[first][1], "", ""))
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", newline="") as fh:
        w = csv.writer(fh, delimiter="\t", lineterminator="\n")
        w.writerow(["cameo", "name", "plover", "mode", "context", "goldstein"])
        for code in sorted(rows, key=lambda c: (c[:2], c)):
            name, plover, mode, context = rows[code]
            parent = next((code[:n] for n in (4, 3, 2) if code[:n] in weights), None)
            if parent is None:
                raise SystemExit(f"no Goldstein weight for CAMEO {code} or its parents")
            w.writerow([code, name, plover, mode, context, weights[parent]])
    print(f"wrote {len(rows)} codes to {out}")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(sys.argv[2]), Path(__file__).resolve().parents[1] / "khaldun/data/ontology/cameo.v1.tsv")
