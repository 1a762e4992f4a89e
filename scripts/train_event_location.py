"""Train khaldun/data/places/event_location.v1.json: the event-location scorer (logistic regression).

Usage: python scripts/train_event_location.py [PATH] [--seed 13] [--folds 5] [--report-relabel]

PATH defaults to ../shared/eval/event-location/event_location_compact.jsonl (Halterman 2019). Training items:
the accepted items outside the re-labelled subset (source != "RELABEL"), leaving out every item whose text also
appears in that subset, so the re-labelled subset stays held out. Each toponym of the trigger's sentence (demonyms
excepted) is one example, labelled by whether it overlaps a gold location span; ``khaldun.places.locate.features``
describes it. The model picks the best-scoring toponym when its probability clears a threshold, else none.

The L2 strength and the threshold are chosen by grouped K-fold cross-validation (folds split by text, so the items
of one sentence stay together) on item accuracy; the cross-validated accuracy (mean over folds) is written to the
model's card with the rules' accuracy on the same items. ``--report-relabel`` also measures the held-out figure on
the re-labelled subset (model and rules) and writes it to the card; it is never used to choose anything. numpy
only; about three minutes on a 2-core machine.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from khaldun.evaluate.geo import LocationItem, event_location_items, relabel_texts  # noqa: E402
from khaldun.places.locate import MODEL_FILE, Choice, LocationModel, choose, features  # noqa: E402
from khaldun.places.service import Geoparser  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval" / "event-location" / "event_location_compact.jsonl"
L2_GRID = (0.3, 1.0, 3.0)
THRESHOLDS = (0.2, 0.25, 0.3, 0.35, 0.4, 0.45, 0.5)


class Example:
    """One item: its candidates' feature dicts, which of them are right, whether the gold is empty, the rules' answer."""

    def __init__(self, item: LocationItem) -> None:
        sp = item.doc.parse
        cands = [h for h in item.hits if h.kind != "demonym"]
        self.text = item.rec["text"].strip()
        self.feats = [features(sp, item.trigger, h, item.hits) for h in cands]
        self.right = [item.correct(Choice(h, "", 0)) and bool(item.gold) for h in cands]
        self.empty = not item.gold
        self.rules_ok = item.correct(choose(sp, item.trigger, item.hits))


def matrix(examples: list[Example], names: list[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    index = {n: i for i, n in enumerate(names)}
    rows, labels, owner = [], [], []
    for k, ex in enumerate(examples):
        for f, y in zip(ex.feats, ex.right, strict=True):
            v = np.zeros(len(names))
            for name, value in f.items():
                if name in index:
                    v[index[name]] = value
            rows.append(v)
            labels.append(float(y))
            owner.append(k)
    return np.array(rows).reshape(-1, len(names)), np.array(labels), np.array(owner, dtype=int)


def fit(x: np.ndarray, y: np.ndarray, l2: float, bias: int) -> np.ndarray:
    """L2-regularised logistic regression by Newton's method (the bias is not penalised)."""
    w = np.zeros(x.shape[1])
    reg = np.eye(x.shape[1]) * l2
    reg[bias, bias] = 0.0
    for _ in range(50):
        p = 1.0 / (1.0 + np.exp(-(x @ w)))
        grad = x.T @ (p - y) + reg @ w
        hess = (x * (p * (1 - p))[:, None]).T @ x + reg + 1e-8 * np.eye(x.shape[1])
        step = np.linalg.solve(hess, grad)
        w -= step
        if np.abs(step).max() < 1e-7:
            break
    return w


def accuracy(examples: list[Example], names: list[str], w: np.ndarray, threshold: float) -> float:
    x, _, owner = matrix(examples, names)
    p = 1.0 / (1.0 + np.exp(-(x @ w))) if len(x) else np.array([])
    best: dict[int, tuple[float, int]] = {}
    pos: dict[int, int] = {}
    for pi, k in zip(p, owner, strict=True):
        j = pos.get(k, 0)
        pos[k] = j + 1
        if k not in best or pi > best[k][0]:
            best[k] = (pi, j)
    ok = 0
    for k, ex in enumerate(examples):
        if k not in best or best[k][0] < threshold:
            ok += ex.empty
        else:
            ok += ex.right[best[k][1]]
    return ok / len(examples)


def _shown(path: Path) -> str:
    """The data path as the command would be typed from the repository root (``../shared/...`` when it is there)."""
    try:
        return str(Path("..") / path.resolve().relative_to(ROOT.parent.resolve()))
    except ValueError:
        return "../shared/eval/event-location/" + path.name if path.parent.name == "event-location" else str(path)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("path", nargs="?", default=str(DEFAULT))
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--folds", type=int, default=5)
    ap.add_argument("--report-relabel", action="store_true")
    args = ap.parse_args()
    path = Path(args.path)
    held_out = relabel_texts(path)
    geo = Geoparser.load(use_model=False)
    print("geoparsing the training items ...", file=sys.stderr)
    train = [Example(it) for it in event_location_items(
        path, geo, keep=lambda r: r.get("source") != "RELABEL" and r["text"].strip() not in held_out)]
    names = sorted({k for ex in train for f in ex.feats for k in f} - {"bias"}) + ["bias"]
    bias = len(names) - 1
    texts = sorted({ex.text for ex in train})
    random.Random(args.seed).shuffle(texts)
    fold_of = {t: i % args.folds for i, t in enumerate(texts)}
    scores: dict[tuple[float, float], list[float]] = {(l2, th): [] for l2 in L2_GRID for th in THRESHOLDS}
    for k in range(args.folds):
        fit_on = [ex for ex in train if fold_of[ex.text] != k]
        test_on = [ex for ex in train if fold_of[ex.text] == k]
        x, y, _ = matrix(fit_on, names)
        for l2 in L2_GRID:
            w = fit(x, y, l2, bias)
            for th in THRESHOLDS:
                scores[(l2, th)].append(accuracy(test_on, names, w, th))
    (l2, threshold), cv = max(scores.items(), key=lambda kv: (np.mean(kv[1]), -kv[0][0]))
    rules = float(np.mean([ex.rules_ok for ex in train]))
    x, y, _ = matrix(train, names)
    w = fit(x, y, l2, bias)
    card = {
        "what": "event-location scorer: logistic regression over khaldun.places.locate.features; the best toponym "
                "of the trigger's sentence wins when its probability reaches the threshold, else no location",
        "trained_on": f"{path.name}: accepted items with source != RELABEL whose text is not in the RELABEL subset",
        "items": len(train), "candidates": int(len(y)), "positives": int(y.sum()),
        "seed": args.seed, "folds": args.folds, "l2": l2, "grid": {"l2": list(L2_GRID), "threshold": list(THRESHOLDS)},
        "cv_accuracy": round(float(np.mean(cv)), 4), "cv_accuracy_sd": round(float(np.std(cv)), 4),
        "rules_accuracy": round(rules, 4),
        "command": " ".join(["python scripts/train_event_location.py", _shown(path), "--seed", str(args.seed),
                             "--folds", str(args.folds)] + (["--report-relabel"] if args.report_relabel else [])),
        "date": dt.date.today().isoformat(),
    }
    out = {"version": 1, "weights": {n: round(float(v), 4) for n, v in zip(names, w, strict=True)},
           "threshold": threshold, "card": card}
    target = ROOT / "khaldun" / "data" / "places" / MODEL_FILE
    if args.report_relabel:  # the held-out figure, measured after everything is chosen; it chooses nothing
        model = LocationModel(out["weights"], threshold, card)
        items = list(event_location_items(path, geo, keep=lambda r: r.get("source") == "RELABEL"))
        ok = sum(it.correct(choose(it.doc.parse, it.trigger, it.hits, model=model)) for it in items)
        rules_ok = sum(it.correct(choose(it.doc.parse, it.trigger, it.hits)) for it in items)
        card["held_out_relabel"] = {"items": len(items), "accuracy": round(ok / len(items), 4),
                                    "rules_accuracy": round(rules_ok / len(items), 4)}
    target.write_text(json.dumps(out, indent=1, sort_keys=False) + "\n", encoding="utf-8")
    LocationModel.load(target)  # the file as shipped validates
    print(json.dumps(card, indent=1))
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
