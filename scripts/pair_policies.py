"""What the event-pair proposals change, by policy: PLV end to end (out of fold) and the project's sample.

Usage: python scripts/pair_policies.py [PLV_TRAIN] [--cv-dir build/event_model/cv] [--sample annotations/sample.jsonl]

Codes PLV train once with each fold's model and pair scorer (``scripts/train_event_pairs.py`` writes them), and
the sample once with the shipped ones, proposing every sentence's best pair whatever it links (the stage's own
filters off: it records in each proposal's evidence which of them would have stopped it); then scores each
policy by dropping the proposals it would not make. The shipped policy's figures match a run of the pipeline up
to the events that emit merges.
About ten minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from khaldun.evaluate.plv import match_event, read_plv, score_end_to_end  # noqa: E402
from khaldun.evaluate.sample import _key, load_gold, match  # noqa: E402
from khaldun.events.encoder import EncoderClassifier  # noqa: E402
from khaldun.events.pairs import PairScorer  # noqa: E402
from khaldun.ingest.readers import read_inputs  # noqa: E402
from khaldun.kb.ontology import plv_root  # noqa: E402
from khaldun.pipeline import Coder  # noqa: E402
from khaldun.schema import Document  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval" / "plv" / "plv_train.jsonl"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--cv-dir", default=str(ROOT / "build" / "event_model" / "cv"))
    ap.add_argument("--sample", default=str(ROOT / "annotations" / "sample.jsonl"))
    args = ap.parse_args()
    cv_dir = Path(args.cv_dir)
    pairs = read_plv(Path(args.path))
    base = Coder()
    fold_of = {k: int(v) for k, v in json.loads((cv_dir / "folds.json").read_text())["fold_of_sentence"].items()}
    plv_events: dict[str, list] = {}
    for k in sorted(set(fold_of.values())):
        coder = _unfiltered(Coder(base.settings, parser=base.parser, kb=base.kb, ontology=base.ontology,
                                  lexicon=base.lexicon, gazetteer=base.gazetteer,
                                  model=EncoderClassifier.load(cv_dir / f"fold{k}"),
                                  pairs=PairScorer.load(cv_dir / f"pairs-fold{k}.json")))
        texts = list(dict.fromkeys(p.text for p in pairs if fold_of.get(p.text) == k))
        docs = [Document(doc_id=f"plv-{i}", text=t, origin=f"plv-{i}") for i, t in enumerate(texts)]
        for d, r in zip(docs, coder.pipe(docs), strict=True):
            plv_events[d.text] = list(getattr(r, "events", []) or [])
    gold = load_gold(Path(args.sample))
    docs = [d for d in read_inputs([str(Path(args.sample).resolve().parent.parent / "sample")]) if isinstance(d, Document)]
    sample_events = {_key(r.doc_id): list(r.events) for r in _unfiltered(base).pipe(docs)}

    def proposal(e) -> bool:
        return "pair_score" in e.evidence

    def filtered(e) -> bool:
        return any(e.evidence.get(f"pair_{k}") for k in ("speech", "place", "same_side"))

    policies = {
        "none": lambda e: not proposal(e),
        "every best pair": lambda e: True,
        "not across speech or being": lambda e: not proposal(e) or not e.evidence.get("pair_speech"),
        "not a place target": lambda e: not proposal(e) or not e.evidence.get("pair_place"),
        "not the same side": lambda e: not proposal(e) or not e.evidence.get("pair_same_side"),
        "shipped: none of the three": lambda e: not proposal(e) or not filtered(e),
        "none of the three, only in sentences encoded anyway": lambda e: not proposal(e) or not (
            filtered(e) or e.evidence.get("pair_costs_encoding")),
    }
    rows = {}
    for name, keep in policies.items():
        pred, n_events = [], 0
        for evs in plv_events.values():
            n_events += sum(1 for e in evs if keep(e))
        for p in pairs:
            ev = match_event(p, [e for e in plv_events[p.text] if keep(e)])
            pred.append(plv_root(ev.event_type) if ev is not None else None)
        plv = score_end_to_end(pairs, pred, {"sentences": len(plv_events), "events": n_events, "failed_sentences": 0})
        rows[name] = {"plv_macro_f1": plv["macro_f1"], "plv_pair_recall": plv["pair_recall"],
                      "plv_events_per_sentence": plv["events_per_sentence"], **_sample(gold, sample_events, keep)}
    print(json.dumps(rows, indent=1))


def _unfiltered(coder: Coder) -> Coder:
    """Every best pair proposed: the stage records why it would not propose one in the evidence instead."""
    for st in coder.stages:
        if st.name == "events":
            st.filter_pairs = False  # type: ignore[attr-defined]
    return coder


def _sample(gold: list, predicted: dict[str, list], keep) -> dict[str, float]:
    by_doc = defaultdict(list)
    for g in gold:
        by_doc[g.doc].append(g)
    kept = {d: [e for e in evs if keep(e)] for d, evs in predicted.items()}
    used, found = set(), []
    for d, golds in by_doc.items():
        for g in golds:
            cands = [e for e in kept.get(d, []) if match(g, e) and e.id not in used]
            if cands:
                best = max(cands, key=lambda e: (e.factuality == g.factuality, e.confidence))
                used.add(best.id)
                found.append((g, best))
    every = [e for evs in kept.values() for e in evs]
    tp = sum(1 for g, e in found if g.factuality == "asserted" and e.factuality == "asserted")
    pa = sum(1 for e in every if e.factuality == "asserted")
    ga = sum(1 for g in gold if g.factuality == "asserted")
    p, r = (tp / pa if pa else 0.0), (tp / ga if ga else 0.0)
    return {"sample_asserted_f1": round(2 * p * r / (p + r), 4) if p + r else 0.0,
            "sample_extra_per_real": round((len(every) - len(used)) / len(gold), 4)}


if __name__ == "__main__":
    main()
