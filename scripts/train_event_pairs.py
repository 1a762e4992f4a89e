"""Train khaldun/data/models/event-pairs.v1.json: the event-pair scorer (logistic regression).

Usage: python scripts/train_event_pairs.py [PLV_TRAIN] [--cv-dir build/event_model/cv] [--seed 13]
       [--extra-conll ../shared/eval/conflibert-cameo/cameo_ner_train.conll]

Each PLV sentence is parsed and its actors found by khaldun's own stages; every ordered pair of the mentions of
the sentence that holds the gold source is one example, labelled by whether its first mention (or what it refers
back to) overlaps the gold source and its second the gold target. ``khaldun.events.pairs.pair_features`` describes
each pair. Folds are those of the event-type model's cross-validation (``folds.json`` in ``--cv-dir``), so that
the fold scorers written next to the fold models (``<cv-dir>/pairs-fold<k>.json``) have never seen the sentences
their fold model has not seen: ``khaldun eval plv`` uses them for its cross-validated end-to-end figures.

``--extra-conll`` adds the sentences of a source/target BIO file (ConfliBERT's Multi-CoPED training spans) to
every fold's training data; they are never scored, so the figures stay PLV's out of fold.

The L2 strength is chosen by that cross-validation on top-1 accuracy (the best pair of a sentence is the gold
pair); the threshold is the one that maximises the F1 of the top-1 proposals against the gold pairs, out of fold.
Needs scikit-learn (the ``train`` extra); about two minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from khaldun.doc import CodedDoc, Mention  # noqa: E402
from khaldun.evaluate.metrics import overlaps  # noqa: E402
from khaldun.evaluate.plv import PlvPair, read_plv  # noqa: E402
from khaldun.events.pairs import MODEL_FILE, PairScorer, pair_features, sentence_mentions  # noqa: E402
from khaldun.pipeline import Coder  # noqa: E402
from khaldun.schema import Document  # noqa: E402
from khaldun.settings import Settings  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval" / "plv" / "plv_train.jsonl"
C_GRID = (0.1, 0.3, 1.0, 3.0)
THRESHOLDS = tuple(round(x, 2) for x in np.arange(0.05, 0.8, 0.05))


def _covers(m: Mention, span: tuple[int, int]) -> bool:
    seen = set()
    while m is not None and id(m) not in seen:
        seen.add(id(m))
        if overlaps((m.start_char, m.end_char), span):
            return True
        m = m.antecedent
    return False


class Example:
    """One sentence: the features of every ordered mention pair of it and which of them are gold pairs."""

    def __init__(self, text: str, doc: CodedDoc, gold: list[tuple[tuple[int, int], tuple[int, int]]]) -> None:
        self.text = text
        sp = doc.parse
        first = gold[0][0] if gold else None
        sent = next((s for s in doc.sentences if s.start <= first[0] < s.end), None) if first else None
        mentions = [m for m in doc.mentions if sent is not None and m.sentence_index == sent.index]
        ms = sentence_mentions(sp, mentions)
        self.feats: list[dict[str, float]] = []
        self.right: list[bool] = []
        for a in ms:
            for b in ms:
                if a is b or (a.start < b.end and b.start < a.end):
                    continue
                self.feats.append(pair_features(sp, a, b, ms))
                self.right.append(any(_covers(a, s) and _covers(b, t) for s, t in gold))
        self.reachable = any(self.right)


def _actors_found(coder: Coder, texts: list[str]) -> dict[str, CodedDoc]:
    docs = {}
    for i, t in enumerate(texts):
        cd = CodedDoc(Document(doc_id=f"doc-{i}", text=t, origin=f"doc-{i}"))
        cd = next(iter(coder.parser.pipe([cd])))
        for stage in coder.stages:
            if stage.name == "events":
                break
            cd = stage(cd)
        docs[t] = cd
    return docs


def examples(pairs: list[PlvPair], coder: Coder) -> list[Example]:
    docs = _actors_found(coder, list(dict.fromkeys(p.text for p in pairs)))
    return [Example(p.text, docs[p.text], [(p.source, p.target)]) for p in pairs
            if p.target is not None and p.source is not None]


def conll_examples(path: Path, coder: Coder) -> list[Example]:
    """Sentences of a source/target BIO file (ConfliBERT's Multi-CoPED spans): every marked source with every
    marked target is a gold pair, and reciprocal spans (R) pair both ways."""
    sents: list[tuple[str, dict[str, list[tuple[int, int]]]]] = []
    words: list[str] = []
    tags: list[str] = []
    for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
        if line.strip():
            w, _, tag = line.rpartition(" ")
            words.append(w)
            tags.append(tag)
            continue
        if words:
            text, spans, pos, open_ = "", {"S": [], "T": [], "R": []}, 0, None
            for w, tag in zip(words, tags, strict=True):
                start = len(text) + (1 if text else 0)
                text = f"{text} {w}" if text else w
                if tag.startswith("B-") or (tag.startswith("I-") and open_ is None):
                    open_ = [tag[2:], start, len(text)]
                    spans[tag[2:]].append((start, len(text)))
                elif tag.startswith("I-") and open_ is not None and open_[0] == tag[2:]:
                    spans[tag[2:]][-1] = (open_[1], len(text))
                else:
                    open_ = None
                pos += 1
            sents.append((text, spans))
        words, tags = [], []
    docs = _actors_found(coder, [t for t, _ in sents])
    out = []
    for text, spans in sents:
        gold = [(s, t) for s in spans["S"] for t in spans["T"]]
        gold += [(a, b) for a in spans["R"] for b in spans["R"] if a != b]
        if gold:
            out.append(Example(text, docs[text], gold))
    return out


def fit(train: list[Example], c: float, seed: int) -> dict[str, float]:
    from sklearn.feature_extraction import DictVectorizer
    from sklearn.linear_model import LogisticRegression

    feats = [f for ex in train for f in ex.feats]
    y = [r for ex in train for r in ex.right]
    vec = DictVectorizer()
    x = vec.fit_transform(feats)
    lr = LogisticRegression(C=c, max_iter=2000, random_state=seed, fit_intercept=False)
    lr.fit(x, y)
    return {n: float(w) for n, w in zip(vec.get_feature_names_out(), lr.coef_[0], strict=True) if abs(w) > 1e-6}


def top1(test: list[Example], weights: dict[str, float]) -> list[tuple[float, bool]]:
    """Each example's best pair: its probability and whether it is the gold pair."""
    scorer = PairScorer(weights, 0.5, {})
    out = []
    for ex in test:
        if not ex.feats:
            out.append((0.0, False))
            continue
        scores = [scorer.score(f) for f in ex.feats]
        k = int(np.argmax(scores))
        out.append((scores[k], ex.right[k]))
    return out


def f1_at(results: list[tuple[float, bool]], threshold: float) -> tuple[float, float, float]:
    proposed = [ok for p, ok in results if p >= threshold]
    tp = sum(proposed)
    prec = tp / len(proposed) if proposed else 0.0
    rec = tp / len(results) if results else 0.0
    return prec, rec, (2 * prec * rec / (prec + rec) if prec + rec else 0.0)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--cv-dir", default=str(ROOT / "build" / "event_model" / "cv"))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--extra-conll", default=None,
                    help="a source/target BIO training file added to every fold's training data (never scored)")
    args = ap.parse_args()
    path, cv_dir = Path(args.path), Path(args.cv_dir)
    folds = json.loads((cv_dir / "folds.json").read_text(encoding="utf-8"))
    fold_of = {k: int(v) for k, v in folds["fold_of_sentence"].items()}
    pairs = read_plv(path)
    coder = Coder(Settings.from_env(), model=None)
    print("parsing and finding actors ...", file=sys.stderr)
    data = examples(pairs, coder)
    extra = conll_examples(Path(args.extra_conll), coder) if args.extra_conll else []
    n_folds = int(folds["folds"])
    oof: dict[float, list[tuple[float, bool]]] = {c: [] for c in C_GRID}
    fold_weights: dict[float, dict[int, dict[str, float]]] = {c: {} for c in C_GRID}
    for k in range(n_folds):
        train = [ex for ex in data if fold_of.get(ex.text, -1) != k] + extra
        test = [ex for ex in data if fold_of.get(ex.text, -1) == k]
        for c in C_GRID:
            w = fit(train, c, args.seed)
            fold_weights[c][k] = w
            oof[c].extend(top1(test, w))
    best_c = max(C_GRID, key=lambda c: (sum(ok for _, ok in oof[c]), -c))
    res = oof[best_c]
    threshold = max(THRESHOLDS, key=lambda t: f1_at(res, t)[2])
    prec, rec, f1 = f1_at(res, threshold)
    reachable = sum(ex.reachable for ex in data)
    card = {
        "what": "event-pair scorer: logistic regression over khaldun.events.pairs.pair_features; the events stage "
                "proposes a sentence's best (source, target) pair when it reaches the threshold and no other "
                "candidate covers it, and the event-type model types it or drops it",
        "trained_on": f"{path.name}: {len(data)} gold pairs with a target, every ordered pair of the mentions of "
                      "their sentence found by khaldun's actor stage"
                      + (f"; and {len(extra)} sentences of {Path(args.extra_conll).name} (source/target spans), in "
                         "every fold's training data, never scored" if extra else ""),
        "examples": sum(len(ex.feats) for ex in data + extra),
        "positives": sum(sum(ex.right) for ex in data + extra),
        "gold_pair_reachable": round(reachable / len(data), 4),
        "folds": n_folds, "fold_source": "the event-type model's cross-validation folds (by sentence)",
        "seed": args.seed, "c": best_c, "grid": {"c": list(C_GRID), "threshold": list(THRESHOLDS)},
        "cv_top1_accuracy": round(sum(ok for _, ok in res) / len(res), 4),
        "cv_top1_accuracy_reachable": round(sum(ok for _, ok in res) / reachable, 4) if reachable else 0.0,
        "cv_at_threshold": {"precision": round(prec, 4), "recall": round(rec, 4), "f1": round(f1, 4)},
        "command": "python scripts/train_event_pairs.py ../shared/eval/plv/plv_train.jsonl"
                   + (" --extra-conll ../shared/eval/conflibert-cameo/" + Path(args.extra_conll).name if extra else ""),
        "date": dt.date.today().isoformat(),
    }
    for k, w in fold_weights[best_c].items():
        fold_file = cv_dir / f"pairs-fold{k}.json"
        fold_file.write_text(json.dumps({"version": 1, "weights": {n: round(v, 4) for n, v in sorted(w.items())},
                                         "threshold": threshold, "card": {"fold": k, "c": best_c}}) + "\n",
                             encoding="utf-8")
    w = fit(data + extra, best_c, args.seed)
    out = {"version": 1, "weights": {n: round(v, 4) for n, v in sorted(w.items())}, "threshold": threshold,
           "card": card}
    target = ROOT / "khaldun" / "data" / "models" / MODEL_FILE
    target.write_text(json.dumps(out, indent=1) + "\n", encoding="utf-8")
    PairScorer.load(target)  # the file as shipped validates
    curve = {t: [round(x, 3) for x in f1_at(res, t)] for t in THRESHOLDS}
    print(json.dumps({"card": card, "threshold_curve(p,r,f1)": curve,
                      "top1_by_c": {c: round(sum(ok for _, ok in oof[c]) / len(oof[c]), 4) for c in C_GRID}}, indent=1))
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
