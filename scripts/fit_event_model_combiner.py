"""Fit the Combiner (calibration + lexicon weight) on out-of-fold predictions, and write the model card.

    nice -n 10 python scripts/fit_event_model_combiner.py --model khaldun/data/models/event-type-<date>

The Combiner (``khaldun.events.classify.Combiner``) scores
``s_t = c_t + a * log p_model(t) + b * [lexicon says t]``; ``a``, ``b`` and the
per-type offsets ``c_t`` are fitted by maximum likelihood on the out-of-fold
probabilities of ``scripts/train_event_model.py --cv`` (PLV's YIELD counts as
CONCEDE or RETREAT). The lexicon's type for a pair is the type of the lexicon
trigger whose roles are the gold source and target (``khaldun.evaluate.plv.pair_view``);
re-run this script whenever the trigger lexicon changes. With an empty
lexicon ``b`` cannot be fitted and is written as 0 (the model decides alone).

Figures are cross-fitted: for each fold the combiner is fitted on the other
folds and applied to it, so calibration and macro-F1 after combination are
out-of-sample too. The final combiner is fitted on all folds.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import torch  # noqa: E402

from khaldun.evaluate.metrics import classification_report  # noqa: E402
from khaldun.events.classify import Combiner  # noqa: E402
from khaldun.kb.ontology import PLOVER_TYPES, PLV_ROOTS, plv_root  # noqa: E402

BUILD = ROOT / "build" / "event_model"
VARIANTS = ("none", "temperature", "temperature+lexicon", "temperature+lexicon+bias")


def lexicon_types(rows: list[dict[str, Any]]) -> tuple[list[str | None], int]:
    """The lexicon's type for every out-of-fold pair (None where no trigger links the gold spans)."""
    from khaldun.evaluate.plv import pair_view
    from khaldun.events.lexicon import Lexicon
    from khaldun.kb.ontology import Ontology
    from khaldun.nlp.parse import load_spacy

    lexicon = Lexicon.load(Ontology.load())
    if not len(lexicon):
        return [None] * len(rows), 0
    nlp = load_spacy("auto")
    texts = list(dict.fromkeys(r["sentence"] for r in rows))
    parsed = dict(zip(texts, nlp.pipe(texts, batch_size=64), strict=True))
    out = []
    for r in rows:
        span = (lambda s: tuple(s) if s else None)
        out.append(pair_view(parsed[r["sentence"]], lexicon, span(r["source"]), span(r["target"])).lexicon_type)
    return out, len(lexicon)


def fit(rows: list[dict[str, Any]], lex: list[str | None], variant: str) -> Combiner:
    """Maximum-likelihood Combiner parameters for one variant (L2 0.01 on the offsets)."""
    if variant == "none":
        return Combiner(model_weight=1.0, lexicon_weight=0.0)
    logp = torch.tensor([[max(r["probs"][t], 1e-6) for t in PLOVER_TYPES] for r in rows]).log()
    lexm = torch.tensor([[1.0 if lx == t else 0.0 for t in PLOVER_TYPES] for lx in lex])
    allowed = torch.tensor([[0.0 if plv_root(t) == r["gold"] or t == r["gold"] else float("-inf") for t in PLOVER_TYPES]
                            for r in rows])
    a = torch.ones(1, requires_grad=True)
    b = torch.zeros(1, requires_grad=variant != "temperature" and bool(lexm.sum()))
    c = torch.zeros(len(PLOVER_TYPES), requires_grad=variant.endswith("bias"))
    params = [p for p in (a, b, c) if p.requires_grad]
    opt = torch.optim.LBFGS(params, max_iter=200, line_search_fn="strong_wolfe")

    def closure() -> torch.Tensor:
        opt.zero_grad()
        s = (c + a * logp + b * lexm).log_softmax(-1)
        loss = -torch.logsumexp(s + allowed, -1).mean() + 0.01 * (c ** 2).sum()
        loss.backward()
        return loss

    opt.step(closure)
    bias = tuple((t, round(float(v), 4)) for t, v in zip(PLOVER_TYPES, c.detach(), strict=True)) if c.requires_grad else ()
    return Combiner(model_weight=round(float(a), 4), lexicon_weight=round(float(b), 4), bias=bias)


def score(rows: list[dict[str, Any]], lex: list[str | None], combined: list[dict[str, float]]) -> dict[str, Any]:
    gold = [r["gold"] for r in rows]
    pred = [max(p, key=lambda t: p[t]) for p in combined]
    rep = classification_report(gold, [plv_root(t) for t in pred], PLV_ROOTS)
    conf = [p[t] for p, t in zip(combined, pred, strict=True)]
    right = [plv_root(t) == g for t, g in zip(pred, gold, strict=True)]
    nll = -sum(torch.tensor(sum(p[t] for t in PLOVER_TYPES if plv_root(t) == g)).clamp(min=1e-9).log().item()
               for p, g in zip(combined, gold, strict=True)) / len(gold)
    return {"macro_f1": rep["macro_f1"], "accuracy": rep["accuracy"], "ece": round(ece(conf, right), 4),
            "nll": round(nll, 4), "mean_confidence": round(sum(conf) / len(conf), 4)}


def ece(conf: list[float], right: list[bool], bins: int = 15) -> float:
    """Expected calibration error of the top type's probability (equal-width bins)."""
    total = 0.0
    for k in range(bins):
        lo, hi = k / bins, (k + 1) / bins
        idx = [i for i, c in enumerate(conf) if lo < c <= hi or (k == 0 and c == 0)]
        if idx:
            acc = sum(right[i] for i in idx) / len(idx)
            avg = sum(conf[i] for i in idx) / len(idx)
            total += len(idx) / len(conf) * abs(acc - avg)
    return total


def cross_fitted(rows: list[dict[str, Any]], lex: list[str | None], variant: str) -> dict[str, Any]:
    folds = sorted({r["fold"] for r in rows})
    combined: list[dict[str, float]] = [{}] * len(rows)
    for k in folds:
        train = [i for i, r in enumerate(rows) if r["fold"] != k]
        comb = fit([rows[i] for i in train], [lex[i] for i in train], variant)
        for i, r in enumerate(rows):
            if r["fold"] == k:
                combined[i] = comb.combine(r["probs"], lex[i])
    return score(rows, lex, combined)


def combiner_json(comb: Combiner, variant: str, extra: dict[str, Any]) -> dict[str, Any]:
    return {"model_weight": comb.model_weight, "lexicon_weight": comb.lexicon_weight,
            "temperature": comb.temperature, "bias": dict(comb.bias), "variant": variant, **extra}


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description="Fit the event-type Combiner on out-of-fold predictions.")
    ap.add_argument("--model", type=Path, required=True, help="the final model dir (gets combiner.json, MODEL_CARD.md)")
    ap.add_argument("--cv-dir", type=Path, default=BUILD / "cv")
    ap.add_argument("--variant", choices=VARIANTS + ("auto",), default="auto",
                    help="auto: the variant with the best cross-fitted macro-F1 among those that lower the ECE")
    ap.add_argument("--lexicon-weight", type=float, default=None,
                    help="ship this lexicon weight instead of the fitted one (the fitted value and the PLV figures "
                         "at the shipped value are recorded); see docs/event-model.md for why 3.0 ships")
    args = ap.parse_args(argv)
    rows = [json.loads(line) for line in (args.cv_dir / "oof.jsonl").open(encoding="utf-8")]
    lex, n_patterns = lexicon_types(rows)
    coverage = sum(x is not None for x in lex) / len(rows)
    report = {v: cross_fitted(rows, lex, v) for v in VARIANTS}
    for v, s in report.items():
        print(f"{v:28s} {json.dumps(s)}")
    if args.variant == "auto":
        base_ece = report["none"]["ece"]
        ok = [v for v in VARIANTS[1:] if report[v]["ece"] < base_ece] or ["none"]
        variant = max(ok, key=lambda v: (report[v]["macro_f1"], -report[v]["nll"]))
    else:
        variant = args.variant
    comb = fit(rows, lex, variant)
    fixed: dict[str, Any] = {}
    if args.lexicon_weight is not None:
        fixed = {"lexicon_weight_fitted": comb.lexicon_weight,
                 "at_shipped_lexicon_weight": score(rows, lex, [
                     dataclasses.replace(comb, lexicon_weight=args.lexicon_weight).combine(r["probs"], lx)
                     for r, lx in zip(rows, lex, strict=True)])}
        comb = dataclasses.replace(comb, lexicon_weight=args.lexicon_weight)
    info = {"lexicon_patterns": n_patterns, "lexicon_coverage": round(coverage, 4),
            "lexicon_fitted": bool(n_patterns) and variant in VARIANTS[2:], "fitted_on": f"{len(rows)} out-of-fold PLV pairs",
            "cross_fitted": report, **fixed}
    if (args.model / "config.json").exists():
        text = json.dumps(combiner_json(comb, variant, info), indent=2) + "\n"
        (args.model / "combiner.json").write_text(text, encoding="utf-8")
    # each fold model gets the combiner fitted on the other folds, so that its figures stay out-of-sample
    for fold_dir in sorted(p for p in args.cv_dir.glob("fold*") if p.is_dir()):
        k = int(fold_dir.name.removeprefix("fold"))
        idx = [i for i, r in enumerate(rows) if r["fold"] != k]
        fold_comb = fit([rows[i] for i in idx], [lex[i] for i in idx], variant)
        if args.lexicon_weight is not None:
            fold_comb = dataclasses.replace(fold_comb, lexicon_weight=args.lexicon_weight)
        fold_info = {**info, "fitted_on": f"{len(idx)} out-of-fold PLV pairs of the other folds"}
        fold_info.pop("cross_fitted")
        (fold_dir / "combiner.json").write_text(json.dumps(combiner_json(fold_comb, variant, fold_info), indent=2) + "\n",
                                                encoding="utf-8")
    print(f"variant {variant}: {comb}")
    if (args.model / "config.json").exists():
        from event_model_card import write_card

        print(f"model card: {write_card(args.model, args.cv_dir)}")
    return 0


if __name__ == "__main__":
    sys.path.insert(0, str(ROOT / "scripts"))
    raise SystemExit(main())
