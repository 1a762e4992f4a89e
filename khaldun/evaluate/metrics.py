"""Precision, recall, F1 and macro averages, written once for every evaluator."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Sequence


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    f = 2 * p * r / (p + r) if p + r else 0.0
    return p, r, f


def classification_report(gold: Sequence[str], pred: Sequence[str | None], labels: Iterable[str]) -> dict[str, object]:
    """Per-label and macro F1 over ``labels``; a None prediction is a miss for its gold label."""
    tp: Counter[str] = Counter()
    fp: Counter[str] = Counter()
    fn: Counter[str] = Counter()
    for g, p in zip(gold, pred, strict=True):
        if p == g:
            tp[g] += 1
        else:
            fn[g] += 1
            if p is not None:
                fp[p] += 1
    per: dict[str, dict[str, float]] = {}
    labels = list(labels)
    for label in labels:
        p, r, f = prf(tp[label], fp[label], fn[label])
        per[label] = {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "support": tp[label] + fn[label]}
    present = [lab for lab in labels if per[lab]["support"] > 0]
    macro = sum(per[lab]["f1"] for lab in present) / len(present) if present else 0.0
    acc = sum(tp.values()) / len(gold) if gold else 0.0
    return {"macro_f1": round(macro, 4), "accuracy": round(acc, 4), "n": len(gold), "per_label": per}


def overlaps(a: tuple[int, int], b: tuple[int, int]) -> bool:
    return a[0] < b[1] and b[0] < a[1]
