"""Error analysis on the project's annotated sample: gold events not found, and events found but not in gold.

Usage: python scripts/sample_errors.py [annotations/sample.jsonl] [--doc ID]
"""

from __future__ import annotations

import argparse
from collections import defaultdict
from pathlib import Path

from khaldun.evaluate.sample import _key, load_gold, match
from khaldun.ingest.readers import read_inputs
from khaldun.pipeline import Coder
from khaldun.schema import Document


def short(a) -> str:
    if a is None:
        return "-"
    return f"{a.text}[{a.country or '?'}/{a.sector}]"


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default="annotations/sample.jsonl")
    ap.add_argument("--doc", default=None)
    args = ap.parse_args()
    gold = load_gold(Path(args.path))
    docs = [d for d in read_inputs(["sample"]) if isinstance(d, Document)]
    if args.doc:
        docs = [d for d in docs if _key(d.doc_id) == args.doc]
    coder = Coder()
    for r in coder.pipe(docs):
        key = _key(r.doc_id)
        golds = [g for g in gold if g.doc == key]
        used = set()
        by_sent = defaultdict(list)
        for e in r.events:
            by_sent[e.sentence].append(e)
        print(f"\n=== {key}")
        for g in golds:
            hit = next((e for e in r.events if e.id not in used and match(g, e)), None)
            gs = g.source or {}
            gt = g.target or {}
            line = f"{g.event_type} {gs.get('text')}[{gs.get('country')}/{gs.get('sector')}] -> {gt.get('text')}[{gt.get('country')}/{gt.get('sector')}] ({g.factuality}; '{g.raw.get('trigger')}')"
            if hit:
                used.add(hit.id)
                flag = "" if hit.factuality == g.factuality else f"  FACT {hit.factuality}"
                print(f"  OK   {line}{flag}")
            else:
                print(f"  MISS {line}\n       in: {g.sentence[:160]}")
                for e in by_sent.get(g.sentence, []):
                    print(f"       got {e.event_type} {short(e.source)} -> {short(e.target)} '{e.trigger.text}' {e.factuality}")
        for e in r.events:
            if e.id not in used:
                print(f"  XTRA {e.event_type} {short(e.source)} -> {short(e.target)} '{e.trigger.text}' {e.factuality} | {e.sentence[:120]}")


if __name__ == "__main__":
    main()
