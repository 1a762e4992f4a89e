"""Train khaldun's event-type model: cross-validation on PLV train, then the final model on everything.

    nice -n 10 python scripts/train_event_model.py --cv 5 --seed 13

Steps (all reproducible from the seed):
1. examples (scripts/event_model_data.py): PLV train pairs, PLOVER GSR records, NGEC synthetic leads;
2. the frozen bottom MiniLM layers run once per example and are cached (they never change);
3. ``--cv K``: K folds over PLV train grouped by sentence (a sentence never sits in two folds), stratified
   by root; the other sets are only ever added to the training folds. Out-of-fold probabilities go to
   ``build/event_model/cv/oof.jsonl`` and each fold's model to ``build/event_model/cv/fold<k>/``;
4. the combiner (calibration and lexicon weight) is fitted on the out-of-fold predictions
   (scripts/fit_event_model_combiner.py, re-runnable on its own once the lexicon changes);
5. the final model, trained on all of it, goes to ``khaldun/data/models/event-type-<date>/`` with
   config.json, weights.safetensors, combiner.json, metrics.json and MODEL_CARD.md.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import math
import random
import sys
import time
from collections import Counter
from dataclasses import replace
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))

import torch  # noqa: E402
from safetensors.torch import save_file  # noqa: E402

import event_model_data  # noqa: E402
from khaldun.evaluate.metrics import classification_report  # noqa: E402
from khaldun.events.classify import MarkedPair  # noqa: E402
from khaldun.events.encoder import (  # noqa: E402
    WEIGHTS_FILE,
    EncoderConfig,
    Windower,
    base_model_dir,
    build_net,
    pad,
    role_row,
)
from khaldun.kb.ontology import PLOVER_TYPES, PLV_ROOTS, plv_root  # noqa: E402

BUILD = ROOT / "build" / "event_model"
LOG = logging.getLogger("train_event_model")


# -- data --------------------------------------------------------------------------------------------
def load_examples(path: Path) -> list[dict[str, Any]]:
    if not path.exists():
        LOG.info("building %s", path)
        event_model_data.main(["--out", str(path)])
    return [json.loads(line) for line in path.open(encoding="utf-8")]


def plv_folds(plv: list[dict[str, Any]], k: int, seed: int) -> dict[str, int]:
    """Sentence -> fold: grouped by sentence, stratified by root."""
    from sklearn.model_selection import StratifiedGroupKFold

    groups = [ex["group"] for ex in plv]
    labels = [ex["gold"] for ex in plv]
    fold_of: dict[str, int] = {}
    cv = StratifiedGroupKFold(n_splits=k, shuffle=True, random_state=seed)
    for f, (_, val) in enumerate(cv.split(plv, labels, groups)):
        for i in val:
            fold_of[groups[i]] = f
    return fold_of


class Cache:
    """Windows, role rows and the frozen layers' output for every example, computed once."""

    def __init__(self, examples: list[dict[str, Any]], cfg: EncoderConfig, base: Path, start: int) -> None:
        self.start = start
        win = Windower(base / "tokenizer.json", cfg.max_tokens)
        net = build_net(cfg, base).eval()
        self.ids: list[list[int]] = []
        self.roles: list[list[int]] = []
        self.roles_no_trigger: list[list[int]] = []
        self.hidden: list[torch.Tensor] = []
        self.truncated = 0
        for ex in examples:
            item = to_item(ex)
            spans = [tuple(s) for s in (ex["source"], ex["target"], ex["trigger"]) if s]
            enc = win.encode(ex["sentence"], spans)
            self.truncated += len(enc.ids) >= cfg.max_tokens
            self.ids.append(enc.ids)
            self.roles.append(role_row(enc, item, cfg.use_trigger))
            self.roles_no_trigger.append(role_row(enc, item, False))
        order = sorted(range(len(examples)), key=lambda i: len(self.ids[i]))
        self.hidden = [torch.empty(0)] * len(examples)
        with torch.inference_mode():
            for b in range(0, len(order), 64):
                idx = order[b:b + 64]
                ids = pad([self.ids[i] for i in idx])
                mask = ids != 0
                h = net.run(net.embed(ids), mask, 0, start)
                for j, i in enumerate(idx):
                    self.hidden[i] = h[j, :len(self.ids[i])].clone()

    def batch(self, idx: list[int], drop_trigger: list[bool] | None = None) -> tuple[torch.Tensor, ...]:
        n = max(len(self.ids[i]) for i in idx)
        x = torch.zeros(len(idx), n, self.hidden[idx[0]].shape[-1])
        mask = torch.zeros(len(idx), n, dtype=torch.bool)
        roles = torch.zeros(len(idx), n, dtype=torch.long)
        for j, i in enumerate(idx):
            m = len(self.ids[i])
            x[j, :m] = self.hidden[i]
            mask[j, :m] = True
            row = self.roles_no_trigger[i] if drop_trigger and drop_trigger[j] else self.roles[i]
            roles[j, :m] = torch.tensor(row)
        return x, mask, roles


def to_item(ex: dict[str, Any]) -> MarkedPair:
    def t(s: Any) -> tuple[int, int] | None:
        return (int(s[0]), int(s[1])) if s else None

    return MarkedPair(ex["sentence"], t(ex["trigger"]) or (0, 0), t(ex["source"]), t(ex["target"]))


# -- training ------------------------------------------------------------------------------------------
def class_weights(examples: list[dict[str, Any]], power: float) -> dict[str, float]:
    """Per-root loss weights (inverse frequency on PLV, to the ``power``), for macro-F1."""
    counts = Counter(plv_root(ex["labels"][0]) for ex in examples if ex["domain"] == "plv")
    total = sum(counts.values())
    return {r: (total / (len(PLV_ROOTS) * max(counts.get(r, 1), 1))) ** power for r in PLV_ROOTS}


def train_one(cfg: EncoderConfig, base: Path, cache: Cache, examples: list[dict[str, Any]], train_idx: list[int],
              args: argparse.Namespace, seed: int) -> Any:
    torch.manual_seed(seed)
    rng = random.Random(seed)
    net = build_net(cfg, base)
    names = set(net.trainable_names(cache.start))
    params_fast, params_slow = [], []
    for n, p in net.named_parameters():
        p.requires_grad = n in names
        if n in names:
            (params_fast if n.startswith(("head.", "absent")) else params_slow).append(p)
    opt = torch.optim.AdamW([{"params": params_slow, "lr": args.lr}, {"params": params_fast, "lr": args.head_lr}],
                            weight_decay=0.01)
    label_index = {t: i for i, t in enumerate(cfg.labels)}
    cw = class_weights([examples[i] for i in train_idx], args.class_power)
    core = [i for i in train_idx if examples[i]["domain"] in ("plv", "gsr")]
    extra = [i for i in train_idx if examples[i]["domain"] == "ngec"]
    per_epoch = len(core) + min(len(extra), args.extra_per_epoch)
    steps = args.epochs * math.ceil(per_epoch / args.batch)
    warm = max(1, int(0.06 * steps))
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: min((s + 1) / warm, max(0.0, (steps - s) / (steps - warm))))
    step = 0
    for epoch in range(args.epochs):
        net.train()
        chosen = core + rng.sample(extra, min(len(extra), args.extra_per_epoch))
        rng.shuffle(chosen)
        t0, total = time.perf_counter(), 0.0
        for b in range(0, len(chosen), args.batch):
            idx = chosen[b:b + args.batch]
            drop = [rng.random() < args.trigger_dropout for _ in idx]
            x, mask, roles = cache.batch(idx, drop)
            x = net.run(x, mask, cache.start, cfg.shared_layers)
            logits = net.classify(x, mask, roles, torch.arange(len(idx)), cfg.shared_layers)
            logp = logits.log_softmax(-1)
            allowed = torch.full_like(logp, float("-inf"))
            w = torch.empty(len(idx))
            for j, i in enumerate(idx):
                ex = examples[i]
                for lab in ex["labels"]:
                    allowed[j, label_index[lab]] = 0.0
                w[j] = cw[plv_root(ex["labels"][0])] * (args.extra_weight if ex["domain"] == "ngec" else 1.0)
            loss = -(torch.logsumexp(logp + allowed, -1) * w).sum() / w.sum()
            opt.zero_grad()
            loss.backward()
            torch.nn.utils.clip_grad_norm_([p for g in opt.param_groups for p in g["params"]], 1.0)
            opt.step()
            sched.step()
            step += 1
            total += loss.item() * len(idx)
        LOG.info("  epoch %d/%d loss %.4f (%d examples, %.0fs)", epoch + 1, args.epochs, total / len(chosen),
                 len(chosen), time.perf_counter() - t0)
    net.eval()
    return net


def predict(net: Any, cfg: EncoderConfig, cache: Cache, idx: list[int]) -> list[list[float]]:
    out: list[list[float]] = []
    with torch.inference_mode():
        for b in range(0, len(idx), 64):
            chunk = idx[b:b + 64]
            x, mask, roles = cache.batch(chunk)
            x = net.run(x, mask, cache.start, cfg.shared_layers)
            out.extend(net.classify(x, mask, roles, torch.arange(len(chunk)), cfg.shared_layers).softmax(-1).tolist())
    return out


def save_model(net: Any, cfg: EncoderConfig, start: int, path: Path, *, dtype: torch.dtype = torch.float16) -> int:
    path.mkdir(parents=True, exist_ok=True)
    names = set(net.trainable_names(start))
    state = {n: p.detach().to(dtype).contiguous() for n, p in net.named_parameters() if n in names}
    save_file(state, str(path / WEIGHTS_FILE))
    (path / WEIGHTS_FILE).chmod(0o644)
    (path / "config.json").write_text(cfg.to_json() + "\n", encoding="utf-8")
    return sum(v.numel() for v in state.values())


# -- metrics ---------------------------------------------------------------------------------------------
def root_scores(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Macro-F1 over PLV roots: argmax over the 16 types (what the coder emits) and over the 15 roots."""
    gold = [r["gold"] for r in rows]
    argmax16 = [plv_root(max(r["probs"], key=lambda t: r["probs"][t])) for r in rows]
    marg = []
    for r in rows:
        p = dict(r["probs"])
        p["YIELD"] = p.pop("CONCEDE") + p.pop("RETREAT")
        marg.append(max(p, key=lambda t: p[t]))
    a = classification_report(gold, argmax16, PLV_ROOTS)
    m = classification_report(gold, marg, PLV_ROOTS)
    return {"macro_f1": a["macro_f1"], "accuracy": a["accuracy"], "macro_f1_root_marginal": m["macro_f1"],
            "n": a["n"], "per_root_f1": {k: v["f1"] for k, v in a["per_label"].items()}}


def setup_logging(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    logging.basicConfig(level=logging.INFO, format="%(asctime)s %(message)s",
                        handlers=[logging.FileHandler(path), logging.StreamHandler()])


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    ap = argparse.ArgumentParser(description="Train the event-type model (see the module docstring).")
    ap.add_argument("--examples", type=Path, default=BUILD / "examples.jsonl")
    ap.add_argument("--cv", type=int, default=5, help="folds over PLV train (0: no cross-validation)")
    ap.add_argument("--folds", type=str, default="", help="run only these folds, e.g. 0,1 (experiments)")
    ap.add_argument("--no-final", action="store_true", help="skip the final model")
    ap.add_argument("--seed", type=int, default=13)
    ap.add_argument("--epochs", type=int, default=10)
    ap.add_argument("--batch", type=int, default=16)
    ap.add_argument("--lr", type=float, default=5e-4, help="LoRA, layer norms, role embeddings")
    ap.add_argument("--head-lr", type=float, default=1e-3)
    ap.add_argument("--extra-per-epoch", type=int, default=800, help="NGEC synthetic leads sampled per epoch")
    ap.add_argument("--extra-weight", type=float, default=0.5, help="loss weight of NGEC synthetic examples")
    ap.add_argument("--no-ngec", action="store_true")
    ap.add_argument("--no-gsr", action="store_true")
    ap.add_argument("--class-power", type=float, default=0.5)
    ap.add_argument("--trigger-dropout", type=float, default=0.15)
    ap.add_argument("--lora-layers", type=str, default="3,4,5")
    ap.add_argument("--lora-rank", type=int, default=16)
    ap.add_argument("--layers", type=int, default=6, help="MiniLM layers used (the top ones are dropped)")
    ap.add_argument("--shared-layers", type=int, default=None, help="layers run once per sentence (default: all)")
    ap.add_argument("--max-tokens", type=int, default=64)
    ap.add_argument("--no-trigger", action="store_true")
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--cv-dir", type=Path, default=BUILD / "cv")
    ap.add_argument("--out", type=Path, default=None, help="final model dir (default khaldun/data/models/event-type-<date>)")
    ap.add_argument("--log", type=Path, default=BUILD / "train.log")
    return ap.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.shared_layers is None:
        args.shared_layers = args.layers
    setup_logging(args.log)
    torch.set_num_threads(args.threads)
    command = "python scripts/train_event_model.py " + " ".join(sys.argv[1:] if argv is None else argv)
    LOG.info("command: %s", command)
    base = base_model_dir()
    examples = load_examples(args.examples)
    if args.no_ngec:
        examples = [e for e in examples if e["domain"] != "ngec"]
    if args.no_gsr:
        examples = [e for e in examples if e["domain"] != "gsr"]
    plv_sentences = {e["group"] for e in examples if e["domain"] == "plv"}
    examples = [e for e in examples if e["domain"] == "plv" or e["group"] not in plv_sentences]
    today = dt.date.today().isoformat()
    lora = tuple(int(x) for x in args.lora_layers.split(",") if x)
    cfg = EncoderConfig(
        name=f"event-type-{today}", max_tokens=args.max_tokens, layers=args.layers,
        shared_layers=args.shared_layers, lora_layers=lora,
        lora_rank=args.lora_rank, lora_alpha=2.0 * args.lora_rank, use_trigger=not args.no_trigger,
    )
    start = min([*lora, cfg.shared_layers]) if lora else cfg.shared_layers
    t0 = time.perf_counter()
    cache = Cache(examples, cfg, base, start)
    LOG.info("%d examples (%s), frozen layers 0..%d cached in %.0fs; %d windows truncated", len(examples),
             dict(Counter(e["domain"] for e in examples)), start - 1, time.perf_counter() - t0, cache.truncated)
    plv_idx = [i for i, e in enumerate(examples) if e["domain"] == "plv"]
    hyper = {k: str(v.relative_to(ROOT) if isinstance(v, Path) and v.is_absolute() and v.is_relative_to(ROOT) else v)
             for k, v in vars(args).items()}
    metrics: dict[str, Any] = {"command": command, "seed": args.seed, "hyper": hyper}
    if args.cv:
        fold_of = plv_folds([examples[i] for i in plv_idx], args.cv, args.seed)
        args.cv_dir.mkdir(parents=True, exist_ok=True)
        (args.cv_dir / "folds.json").write_text(json.dumps({"folds": args.cv, "seed": args.seed,
                                                            "fold_of_sentence": fold_of}) + "\n", encoding="utf-8")
        wanted = [int(f) for f in args.folds.split(",")] if args.folds else list(range(args.cv))
        oof: list[dict[str, Any]] = []
        for k in wanted:
            t1 = time.perf_counter()
            val = [i for i in plv_idx if fold_of[examples[i]["group"]] == k]
            train = [i for i, e in enumerate(examples) if not (e["domain"] == "plv" and fold_of[e["group"]] == k)]
            LOG.info("fold %d: %d train, %d validation", k, len(train), len(val))
            net = train_one(cfg, base, cache, examples, train, args, args.seed + 1000 * (k + 1))
            probs = predict(net, cfg, cache, val)
            rows = [{"uid": examples[i]["uid"], "fold": k, "gold": examples[i]["gold"], "sentence": examples[i]["sentence"],
                     "source": examples[i]["source"], "target": examples[i]["target"], "trigger": examples[i]["trigger"],
                     "probs": dict(zip(cfg.labels, p, strict=True))} for i, p in zip(val, probs, strict=True)]
            oof.extend(rows)
            save_model(net, replace(cfg, name=f"{cfg.name}-fold{k}"), start, args.cv_dir / f"fold{k}")
            LOG.info("fold %d: macro-F1 %.4f (%.0fs)", k, root_scores(rows)["macro_f1"], time.perf_counter() - t1)
        with (args.cv_dir / "oof.jsonl").open("w", encoding="utf-8") as fh:
            for r in oof:
                fh.write(json.dumps(r) + "\n")
        metrics["cv"] = {"folds": args.cv, "folds_run": wanted, **root_scores(oof)}
        LOG.info("cross-validated (out-of-fold, %d pairs): %s", len(oof),
                 json.dumps({k: v for k, v in metrics["cv"].items() if k != "per_root_f1"}))
        (args.cv_dir / "cv_metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    elif (args.cv_dir / "cv_metrics.json").exists():
        # the final model of a cross-validation run earlier with the same settings: carry its figures
        earlier = json.loads((args.cv_dir / "cv_metrics.json").read_text(encoding="utf-8"))
        same = {"cv", "folds", "no_final", "out", "log", "threads", "cv_dir", "examples"}
        diff = {k for k, v in earlier.get("hyper", {}).items() if k not in same and metrics["hyper"].get(k) != v}
        if diff:
            LOG.warning("the cross-validation in %s used other settings (%s): its figures are not carried",
                        args.cv_dir, sorted(diff))
        else:
            metrics["cv"] = earlier["cv"]
            metrics["cv_command"] = earlier["command"]
    if args.no_final:
        return 0
    out = args.out or ROOT / "khaldun" / "data" / "models" / f"event-type-{today}"
    t1 = time.perf_counter()
    LOG.info("final model: %d examples", len(examples))
    net = train_one(cfg, base, cache, examples, list(range(len(examples))), args, args.seed)
    cfg = replace(cfg, extra={"train_files": [str(Path(p).name) for p in (
        "plv_train.jsonl", "plover_gsr_flat.jsonl" if not args.no_gsr else "",
        "gpt_synthetic_events_2023-10-19_19.csv" if not args.no_ngec else "") if p],
        "seed": args.seed, "trained": today})
    n_params = save_model(net, cfg, start, out)
    metrics["final"] = {"parameters_shipped": n_params, "train_seconds": round(time.perf_counter() - t1),
                        "examples": dict(Counter(e["domain"] for e in examples))}
    (out / "metrics.json").write_text(json.dumps(metrics, indent=2) + "\n", encoding="utf-8")
    LOG.info("final model written to %s (%d parameters)", out, n_params)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
