"""Reconcile actor ids that two KB files both define (files written in parallel by different authors).

Same id and same country: one person or body, merged into the first file's record (aliases, roles and
affiliations united; the first record's other fields kept). Same id, different country: two different
actors; the later one is renamed <id>-<country>. Prints every change; run from the repository root.
"""

from __future__ import annotations

import json
from pathlib import Path

DIR = Path("khaldun/data/actors")


def main() -> None:
    files = sorted(DIR.glob("*.jsonl"))
    records: dict[Path, list[dict]] = {f: [json.loads(x) for x in f.read_text().splitlines() if x.strip() and not x.startswith("//")] for f in files}
    first: dict[str, tuple[Path, dict]] = {}
    changed = set()
    for f in files:
        keep = []
        for r in records[f]:
            prior = first.get(r["id"])
            if prior is None:
                first[r["id"]] = (f, r)
                keep.append(r)
                continue
            pf, p = prior
            if p.get("country") == r.get("country") and p.get("kind") == r.get("kind"):
                for key in ("aliases", "adjectives", "demonyms"):
                    p[key] = list(dict.fromkeys(p.get(key, []) + [a for a in r.get(key, []) if a not in p.get(key, [])]))
                roles = p.get("roles", [])
                for role in r.get("roles", []):
                    if role not in roles:
                        roles.append(role)
                p["roles"] = roles
                affs = p.get("affiliations", [])
                p["affiliations"] = affs + [a for a in r.get("affiliations", []) if a not in affs]
                for key in ("wikidata", "note"):
                    if not p.get(key) and r.get(key):
                        p[key] = r[key]
                changed.update({pf, f})
                print(f"merged {r['id']}: {f.name} into {pf.name}")
            else:
                new_id = f"{r['id']}-{(r.get('country') or r.get('kind')).lower()}"
                print(f"renamed {r['id']} in {f.name} -> {new_id} (country {r.get('country')} vs {p.get('country')})")
                r["id"] = new_id
                first[new_id] = (f, r)
                keep.append(r)
                changed.add(f)
        records[f] = keep
    for f in changed:
        f.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records[f]))


if __name__ == "__main__":
    main()
