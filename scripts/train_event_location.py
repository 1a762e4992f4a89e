"""Train khaldun/data/places/event_location.v2.json: the event-location scorer (gradient-boosted trees).

Usage: python scripts/train_event_location.py [PATH] [--seed 13] [--folds 5] [--report-relabel]

PATH defaults to ../shared/eval/event-location/event_location_compact.jsonl (Halterman 2019). Training items:
the accepted items outside the re-labelled subset (source != "RELABEL"), leaving out every item whose text also
appears in that subset, so the re-labelled subset stays held out. Each option of the trigger's sentence
(``khaldun.places.locate.options``: its toponyms, demonyms excepted, and the proper names the recognizer did not
take) is one example, labelled by whether it overlaps a gold location span, and described by
``locate.option_features``. The model picks the best-scoring option when its probability clears a threshold,
else none.

The learner is scikit-learn's HistGradientBoostingClassifier (needed to train only: the package walks the
exported trees with numpy). The tree size and the threshold are chosen by grouped K-fold cross-validation (folds
split by text, so the items of one sentence stay together) on item accuracy; the cross-validated accuracy (mean
over folds) is written to the model's card with the rules' accuracy on the same items. ``--report-relabel`` also
measures the held-out figure on the re-labelled subset (model and rules) and writes it to the card; it is never
used to choose anything. About four minutes on a 2-core machine, most of it geoparsing.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import random
import sys
from collections import Counter
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from khaldun.evaluate.geo import LocationItem, event_location_items, relabel_texts  # noqa: E402
from khaldun.places.locate import (MODEL_FILE, Choice, LocationModel, choose, option_features,  # noqa: E402
                                   options)
from khaldun.places.service import Geoparser  # noqa: E402

DEFAULT = ROOT.parent / "shared" / "eval" / "event-location" / "event_location_compact.jsonl"
LEAVES = (15, 31)  # max_leaf_nodes; the other settings are fixed below
ITERATIONS, LEARNING_RATE, MIN_LEAF, L2 = 150, 0.1, 20, 1.0
THRESHOLDS = tuple(round(0.2 + 0.025 * k, 3) for k in range(13))  # 0.2 .. 0.5
MIN_COUNT = 50  # a feature must fire on this many training options to be used


class Example:
    """One item: its options' feature dicts, which of them are right, whether the gold is empty, the rules' answer."""

    def __init__(self, item: LocationItem) -> None:
        sp = item.doc.parse
        opts = options(sp, item.trigger, item.hits)
        self.text = item.rec["text"].strip()
        self.feats = option_features(sp, item.trigger, item.hits, opts)
        self.right = [item.correct(Choice(o.hit, "", 0)) and bool(item.gold) for o in opts]
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


def learner(leaves: int, seed: int):  # noqa: ANN201 (scikit-learn is a training-only dependency)
    from sklearn.ensemble import HistGradientBoostingClassifier

    return HistGradientBoostingClassifier(max_iter=ITERATIONS, learning_rate=LEARNING_RATE, max_leaf_nodes=leaves,
                                          min_samples_leaf=MIN_LEAF, l2_regularization=L2, early_stopping=False,
                                          random_state=seed)


def accuracy(examples: list[Example], p: np.ndarray, owner: np.ndarray, threshold: float) -> float:
    """Item accuracy when the best option wins at ``threshold`` and no option means no location."""
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


def export(model, names: list[str]) -> dict:  # noqa: ANN001
    """The fitted trees as the flat arrays of ``locate.Trees`` (leaves point to themselves)."""
    feature, threshold, left, right, value, roots = [], [], [], [], [], []
    depth = 0
    for (tree,) in model._predictors:  # scikit-learn's fitted predictors; checked against predict_proba below
        nodes, off = tree.nodes, len(feature)
        roots.append(off)
        for k, nd in enumerate(nodes):
            if bool(nd["is_categorical"]):
                raise SystemExit("categorical splits are not supported")
            leaf = bool(nd["is_leaf"])
            feature.append(0 if leaf else int(nd["feature_idx"]))
            threshold.append(0.0 if leaf else float(nd["num_threshold"]))
            left.append(off + k if leaf else off + int(nd["left"]))
            right.append(off + k if leaf else off + int(nd["right"]))
            value.append(float(nd["value"]) if leaf else 0.0)
            depth = max(depth, int(nd["depth"]))
    return {"feature": feature, "threshold": threshold, "left": left, "right": right, "value": value,
            "roots": roots, "depth": depth}


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
    counts = Counter(k for ex in train for f in ex.feats for k in f)
    names = sorted(k for k, v in counts.items() if v >= MIN_COUNT)
    texts = sorted({ex.text for ex in train})
    random.Random(args.seed).shuffle(texts)
    fold_of = {t: i % args.folds for i, t in enumerate(texts)}
    x, y, owner = matrix(train, names)
    item_fold = np.array([fold_of[ex.text] for ex in train])
    scores: dict[tuple[int, float], list[float]] = {(lv, th): [] for lv in LEAVES for th in THRESHOLDS}
    for k in range(args.folds):
        print(f"fold {k + 1} of {args.folds} ...", file=sys.stderr)
        fit_rows, test_rows = item_fold[owner] != k, item_fold[owner] == k
        test_items = np.where(item_fold == k)[0]
        test_on = [train[i] for i in test_items]
        renumber = {int(i): j for j, i in enumerate(test_items)}
        test_owner = np.array([renumber[int(o)] for o in owner[test_rows]], dtype=int)
        for lv in LEAVES:
            m = learner(lv, args.seed).fit(x[fit_rows], y[fit_rows])
            p = m.predict_proba(x[test_rows])[:, 1]
            for th in THRESHOLDS:
                scores[(lv, th)].append(accuracy(test_on, p, test_owner, th))
    (leaves, threshold), cv = max(scores.items(), key=lambda kv: (np.mean(kv[1]), -kv[0][0]))
    rules = float(np.mean([ex.rules_ok for ex in train]))
    fitted = learner(leaves, args.seed).fit(x, y)
    trees = export(fitted, names)
    card = {
        "what": "event-location scorer: gradient-boosted trees (scikit-learn HistGradientBoostingClassifier, "
                "exported) over khaldun.places.locate.option_features; the best option of the trigger's sentence "
                "wins when its probability reaches the threshold, else no location",
        "trained_on": f"{path.name}: accepted items with source != RELABEL whose text is not in the RELABEL subset",
        "items": len(train), "options": int(len(y)), "positives": int(y.sum()), "features": len(names),
        "seed": args.seed, "folds": args.folds,
        "learner": {"max_iter": ITERATIONS, "learning_rate": LEARNING_RATE, "max_leaf_nodes": leaves,
                    "min_samples_leaf": MIN_LEAF, "l2_regularization": L2},
        "grid": {"max_leaf_nodes": list(LEAVES), "threshold": list(THRESHOLDS)},
        "cv_accuracy": round(float(np.mean(cv)), 4), "cv_accuracy_sd": round(float(np.std(cv)), 4),
        "rules_accuracy": round(rules, 4),
        "command": " ".join(["python scripts/train_event_location.py", _shown(path), "--seed", str(args.seed),
                             "--folds", str(args.folds)] + (["--report-relabel"] if args.report_relabel else [])),
        "date": dt.date.today().isoformat(),
    }
    base = float(np.ravel(fitted._baseline_prediction)[0])
    trees["value"] = [round(v, 7) for v in trees["value"]]  # the thresholds stay exact: they split close values
    out = {"version": 2, "features": names, "base": base, "trees": trees, "threshold": threshold, "card": card}
    model = LocationModel.from_dict(out)
    same = np.abs(model.scores_matrix(x) - fitted.predict_proba(x)[:, 1]).max()
    if same > 1e-6:
        raise SystemExit(f"the exported trees do not reproduce the fitted model (max difference {same:.2g})")
    if args.report_relabel:  # the held-out figure, measured after everything is chosen; it chooses nothing
        items = list(event_location_items(path, geo, keep=lambda r: r.get("source") == "RELABEL"))
        ok = sum(it.correct(choose(it.doc.parse, it.trigger, it.hits, model=model)) for it in items)
        rules_ok = sum(it.correct(choose(it.doc.parse, it.trigger, it.hits)) for it in items)
        card["held_out_relabel"] = {"items": len(items), "accuracy": round(ok / len(items), 4),
                                    "rules_accuracy": round(rules_ok / len(items), 4)}
    target = ROOT / "khaldun" / "data" / "places" / MODEL_FILE
    for old in target.parent.glob("event_location.v*.json"):
        if old != target:
            old.unlink()  # one shipped version
    target.write_text(json.dumps(out, separators=(",", ":")) + "\n", encoding="utf-8")
    LocationModel.load(target)  # the file as shipped validates
    print(json.dumps(card, indent=1))
    print(f"wrote {target}", file=sys.stderr)


if __name__ == "__main__":
    main()
