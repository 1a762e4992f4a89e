"""``khaldun eval plv PATH``: PLV (Hu et al. 2024) event roots, given the gold spans and end to end.

PLV marks one (source, target) pair per line and gives its PLOVER root (15
roots; YIELD = CONCEDE + RETREAT). Three figures:

- given spans: the model (and the lexicon where one of its triggers links the
  two gold spans) types the gold pair; macro-F1 over the 15 roots;
- end to end: the full Coder codes the sentence; an event matches the pair when
  its source overlaps the gold source and its target the gold target
  (symmetric events also reversed); an unmatched pair is a miss;
- cross-validated: the same two figures from the out-of-fold models and
  predictions of ``scripts/train_event_model.py --cv``, when its output is here.

The shipped model was trained on PLV train, so figures of the shipped model on
that file are in-sample; the report says which figures are which.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khaldun.errors import InputError
from khaldun.evaluate import Report
from khaldun.evaluate.metrics import classification_report, overlaps
from khaldun.events.pairs import PairScorer, link_trigger
from khaldun.kb.ontology import PLV_ROOTS, plv_root

_MARK = re.compile(r"</?[st]>")
CV_DIR = Path(__file__).resolve().parents[2] / "build" / "event_model" / "cv"


@dataclass(frozen=True)
class PlvPair:
    """One gold pair: character spans in ``text`` (None for an unnamed target) and the gold root."""

    uid: str
    text: str
    source: tuple[int, int] | None
    target: tuple[int, int] | None
    root: str


def read_plv(path: Path, *, limit: int | None = None) -> list[PlvPair]:
    """PLV pairs from the JSONL view (``text``, ``marked_text``, ``plover_root``); spans from the markers."""
    pairs: list[PlvPair] = []
    try:
        handle = Path(path).open(encoding="utf-8")
    except OSError as exc:
        raise InputError(str(path), f"cannot be read ({exc.strerror})", "pass the path of plv_train.jsonl") from exc
    with handle:
        for line_no, line in enumerate(handle, start=1):
            if not line.strip():
                continue
            try:
                row = json.loads(line)
                text, marked, root = row["text"], row["marked_text"], row["plover_root"]
            except (json.JSONDecodeError, KeyError) as exc:
                raise InputError(f"{path}:{line_no}", f"not a PLV record ({exc})",
                                 "each line needs text, marked_text and plover_root") from exc
            if root not in PLV_ROOTS:
                raise InputError(f"{path}:{line_no}", f"unknown PLV root {root!r}")
            spans = marked_spans(marked)
            if spans["plain"] != text:  # markers inside words, or edited text: locate the spans by string
                spans = {"s": _find(text, row.get("source_text")), "t": _find(text, row.get("target_text"))}
            pairs.append(PlvPair(f"{row.get('sentence_id', line_no)}:{line_no}", text, spans["s"], spans["t"], root))
            if limit is not None and len(pairs) >= limit:
                break
    return pairs


def marked_spans(marked: str) -> dict[str, Any]:
    """Strip ``<s>``/``<t>`` markers; the first marked source and target as spans of the plain text."""
    out: dict[str, Any] = {"s": None, "t": None}
    plain: list[str] = []
    pos = 0
    opened: dict[str, int] = {}
    for m in _MARK.finditer(marked):
        plain.append(marked[pos:m.start()])
        pos = m.end()
        here = sum(len(p) for p in plain)
        tag = m.group()
        role = tag.strip("</>")
        if tag.startswith("</"):
            if role in opened and out[role] is None:
                out[role] = (opened.pop(role), here)
        else:
            opened[role] = here
    plain.append(marked[pos:])
    out["plain"] = "".join(plain)
    return out


def _find(text: str, needle: str | None) -> tuple[int, int] | None:
    if not needle:
        return None
    i = text.find(needle)
    return (i, i + len(needle)) if i >= 0 else None


# -- the lexicon's and the parse's view of a gold pair ----------------------------------------
@dataclass(frozen=True)
class PairView:
    """What the rules see for a gold pair: the lexicon type of a trigger linking the spans, and a trigger."""

    lexicon_type: str | None
    trigger: tuple[int, int] | None
    pattern: str | None = None


def span_tokens(sp: Any, span: tuple[int, int] | None) -> Any:
    if span is None:
        return None
    return sp.char_span(span[0], span[1], alignment_mode="expand")


def pair_view(sp: Any, lexicon: Any, source: tuple[int, int] | None, target: tuple[int, int] | None) -> PairView:
    """The lexicon trigger whose roles are the gold source and target (either way round when symmetric)."""
    from khaldun.doc import Mention
    from khaldun.events.candidates import MentionIndex, roles_for

    s_span, t_span = span_tokens(sp, source), span_tokens(sp, target)
    mentions = []
    for span in (s_span, t_span):
        if span is None:
            mentions.append(None)
            continue
        mentions.append(Mention(start=span.start, end=span.end, start_char=span.start_char, end_char=span.end_char,
                                text=span.text, sentence_index=0, head=span.root.i, sector="GOV"))
    src_m, tgt_m = mentions
    idx = MentionIndex([m for m in mentions if m is not None])
    best: PairView | None = None
    if lexicon is not None and len(lexicon) and src_m is not None:
        for m in lexicon.match(sp):
            roles = roles_for(m, idx)
            forward = src_m in roles.sources and (tgt_m is None or tgt_m in roles.targets)
            reverse = roles.symmetric and tgt_m is not None and tgt_m in roles.sources and src_m in roles.targets
            if forward or reverse:
                plover, _ = lexicon.plover(m.pattern)
                best = PairView(plover, (m.start_char, m.end_char), m.pattern.id)
                break
    if best is not None:
        return best
    trig = link_trigger(sp, s_span, t_span)
    return PairView(None, (trig.idx, trig.idx + len(trig.text)) if trig is not None else None)


# -- scoring -------------------------------------------------------------------------------------
def given_spans(pairs: Sequence[PlvPair], views: Sequence[PairView], probs: Sequence[dict[str, float]] | None,
                combiner: Any) -> dict[str, Any]:
    """Macro-F1 over the roots given the gold spans: model alone, lexicon alone, and combined."""
    gold = [p.root for p in pairs]
    out: dict[str, Any] = {}
    lex = [plv_root(v.lexicon_type) if v.lexicon_type else None for v in views]
    out["lexicon_coverage"] = round(sum(x is not None for x in lex) / len(pairs), 4) if pairs else 0.0
    out["lexicon_only"] = _short(classification_report(gold, lex, PLV_ROOTS))
    if probs is not None:
        model = [plv_root(max(p, key=lambda t: p[t])) for p in probs]
        out["model_only"] = _short(classification_report(gold, model, PLV_ROOTS))
        comb = []
        for p, v in zip(probs, views, strict=True):
            c = combiner.combine(p, v.lexicon_type)
            comb.append(plv_root(max(c, key=lambda t: c[t])))
        rep = classification_report(gold, comb, PLV_ROOTS)
        out["model_and_lexicon"] = _short(rep)
        out["per_root_f1"] = {k: v["f1"] for k, v in rep["per_label"].items()}  # type: ignore[attr-defined]
    return out


def _short(rep: dict[str, Any]) -> dict[str, Any]:
    return {"macro_f1": rep["macro_f1"], "accuracy": rep["accuracy"], "n": rep["n"]}


def _spans(start: int, end: int, evidence: dict[str, Any], role: str) -> list[tuple[int, int]]:
    """The actor's words, and those of its antecedent when it is a pronoun or description ("he" -> "Trump")."""
    out = [(start, end)]
    a_start, a_text = evidence.get(f"{role}_antecedent_start"), evidence.get(f"{role}_antecedent")
    if isinstance(a_start, int) and isinstance(a_text, str):
        out.append((a_start, a_start + len(a_text)))
    return out


def match_event(pair: PlvPair, events: Sequence[Any], *, place_as_target: bool = False) -> Any:
    """The coded event that stands for the gold pair (highest confidence among the overlapping ones)."""
    hits = []
    for ev in events:
        if ev.source is None or pair.source is None:
            continue
        s = _spans(ev.source.start, ev.source.end, ev.evidence, "source")
        t = _spans(ev.target.start, ev.target.end, ev.evidence, "target") if ev.target is not None else []
        if place_as_target and getattr(ev, "location", None) is not None and (
                ev.target is None or ev.evidence.get("target_method") == "argument"):
            at = pair.text.find(ev.location.text)  # PLV codes "withdrew from X", "aid in X" with X the target
            if at >= 0:
                t.append((at, at + len(ev.location.text)))
        fwd = any(overlaps(x, pair.source) for x in s) and (
            pair.target is None or any(overlaps(y, pair.target) for y in t))
        rev = (bool(ev.evidence.get("symmetric")) and pair.target is not None
               and any(overlaps(x, pair.target) for x in s) and any(overlaps(y, pair.source) for y in t))
        if fwd or rev:
            hits.append(ev)
    return max(hits, key=lambda e: e.confidence) if hits else None


def code_pairs(pairs: Sequence[PlvPair], coder: Any) -> tuple[list[str | None], dict[str, int]]:
    """Code each distinct sentence once with the full pipeline; the root of the event matched to each pair."""
    from khaldun.schema import Document

    texts = list(dict.fromkeys(p.text for p in pairs))
    docs = [Document(doc_id=f"plv-{i}", text=t, origin=f"plv-{i}") for i, t in enumerate(texts)]
    events: dict[str, list[Any]] = {}
    stats = {"sentences": len(texts), "events": 0, "failed_sentences": 0}
    for doc, result in zip(docs, coder.pipe(docs), strict=True):
        evs = getattr(result, "events", None)
        if evs is None:
            stats["failed_sentences"] += 1
        events[doc.text] = list(evs or [])
        stats["events"] += len(events[doc.text])
    pred: list[str | None] = []
    stats["matched_place_as_target"] = 0
    for p in pairs:
        ev = match_event(p, events[p.text])
        pred.append(plv_root(ev.event_type) if ev is not None else None)
        stats["matched_place_as_target"] += match_event(p, events[p.text], place_as_target=True) is not None
    return pred, stats


def score_end_to_end(pairs: Sequence[PlvPair], pred: Sequence[str | None], stats: dict[str, int]) -> dict[str, Any]:
    """Macro-F1 with unmatched pairs as misses, pair recall, per-root figures."""
    gold = [p.root for p in pairs]
    rep = classification_report(gold, pred, PLV_ROOTS)
    matched = sum(x is not None for x in pred)
    return {
        "macro_f1": rep["macro_f1"], "accuracy": rep["accuracy"], "n": len(pairs),
        "pair_recall": round(matched / len(pairs), 4) if pairs else 0.0,
        # not the target's definition: an event with no actor target also matches when its location is the
        # gold target (PLV codes the place of "withdrew from X" as the target; khaldun keeps it as location)
        "pair_recall_place_as_target": round(stats.get("matched_place_as_target", matched) / len(pairs), 4) if pairs else 0.0,
        "type_accuracy_on_matched": round(sum(g == x for g, x in zip(gold, pred, strict=True)) / matched, 4) if matched else 0.0,
        "events_per_sentence": round(stats["events"] / stats["sentences"], 3) if stats["sentences"] else 0.0,
        "failed_sentences": stats["failed_sentences"],
        "per_root": {k: {"f1": v["f1"], "recall": v["recall"], "n": v["support"]}
                     for k, v in rep["per_label"].items()},  # type: ignore[attr-defined]
    }


def end_to_end(pairs: Sequence[PlvPair], coder: Any) -> dict[str, Any]:
    """Code every sentence with the full pipeline and score the events matched to the gold pairs."""
    pred, stats = code_pairs(pairs, coder)
    return score_end_to_end(pairs, pred, stats)


def views_for(pairs: Sequence[PlvPair], nlp: Any, lexicon: Any) -> list[PairView]:
    texts = list(dict.fromkeys(p.text for p in pairs))
    parsed = dict(zip(texts, nlp.pipe(texts, batch_size=64), strict=True))
    return [pair_view(parsed[p.text], lexicon, p.source, p.target) for p in pairs]


def items_for(pairs: Sequence[PlvPair], views: Sequence[PairView]) -> list[Any]:
    from khaldun.events.classify import MarkedPair

    return [MarkedPair(p.text, v.trigger or (0, 0), p.source, p.target) for p, v in zip(pairs, views, strict=True)]


def evaluate(path: Path, *, limit: int | None = None, folds: int = 5, cv_dir: Path | None = None) -> Report:
    """Given-span and end-to-end figures of the installed coder; cross-validated ones when the CV output is here."""
    from khaldun.pipeline import Coder
    from khaldun.settings import Settings

    pairs = read_plv(Path(path), limit=limit)
    if not pairs:
        raise InputError(str(path), "no PLV pairs", "pass plv_train.jsonl")
    coder = Coder(Settings.from_env())
    notes: list[str] = []
    metrics: dict[str, Any] = {"pairs": len(pairs), "sentences": len({p.text for p in pairs}),
                               "lexicon_patterns": len(coder.lexicon),
                               "model": getattr(coder.model, "name", None) or "none (lexicon only)"}
    views = views_for(pairs, coder.parser.nlp, coder.lexicon)
    probs = coder.model.predict(items_for(pairs, views)) if coder.model is not None else None
    trained_on = _trained_on(coder.model)
    label = "in_sample" if trained_on and Path(path).name in trained_on else "held_out"
    metrics[f"given_spans_{label}"] = given_spans(pairs, views, probs, coder.decider.combiner)
    metrics[f"end_to_end_{label}"] = end_to_end(pairs, coder)
    if label == "in_sample":
        notes.append(f"the shipped model was trained on {Path(path).name}: *_in_sample figures overstate it; "
                     "see the cv_* figures (out-of-fold) for honest ones")
    cv = cv_figures(pairs, coder, cv_dir or CV_DIR, folds=folds, notes=notes)
    metrics.update(cv)
    if not len(coder.lexicon):
        notes.append("the trigger lexicon is empty: end-to-end figures find no events")
    return Report("plv", str(path), metrics, notes)


def _trained_on(model: Any) -> list[str]:
    cfg = getattr(model, "cfg", None)
    extra = getattr(cfg, "extra", None) or {}
    return [Path(p).name for p in extra.get("train_files", [])]


def cv_figures(pairs: Sequence[PlvPair], coder: Any, cv_dir: Path, *, folds: int, notes: list[str]) -> dict[str, Any]:
    """Out-of-fold figures: each pair is typed by the model that did not see its sentence."""
    manifest = cv_dir / "folds.json"
    if not manifest.exists():
        notes.append(f"no cross-validation output in {cv_dir}: run scripts/train_event_model.py --cv {folds}")
        return {}
    info = json.loads(manifest.read_text(encoding="utf-8"))
    if int(info.get("folds", 0)) != folds:
        notes.append(f"the stored cross-validation used {info.get('folds')} folds, not {folds}")
    fold_of: dict[str, int] = {k: int(v) for k, v in info["fold_of_sentence"].items()}
    missing = [p for p in pairs if p.text not in fold_of]
    if missing:
        notes.append(f"{len(missing)} pairs are not in the cross-validation (not PLV train?): cv figures skip them")
    from khaldun.events.encoder import EncoderClassifier
    from khaldun.pipeline import Coder

    out: dict[str, Any] = {}
    kept = [p for p in pairs if p.text in fold_of]
    views = views_for(kept, coder.parser.nlp, coder.lexicon)
    probs: list[dict[str, float] | None] = [None] * len(kept)
    fold_idx: dict[int, list[int]] = {}
    fold_models = {}
    for k in sorted({fold_of[p.text] for p in kept}):
        fold_dir = cv_dir / f"fold{k}"
        if not (fold_dir / "config.json").exists():
            notes.append(f"{fold_dir} is missing: cross-validated figures left out")
            return out
        fold_models[k] = EncoderClassifier.load(fold_dir)
    for k, model in fold_models.items():
        idx = [i for i, p in enumerate(kept) if fold_of[p.text] == k]
        for i, pr in zip(idx, model.predict(items_for([kept[i] for i in idx], [views[i] for i in idx])), strict=True):
            probs[i] = pr
        fold_idx[k] = idx
    combiner = next(iter(fold_models.values())).combiner
    out["cv_given_spans"] = given_spans(kept, views, [p for p in probs if p is not None], combiner)
    # end to end: each fold's sentences coded by a Coder that holds that fold's model
    order: list[PlvPair] = []
    pred: list[str | None] = []
    stats = {"sentences": 0, "events": 0, "failed_sentences": 0, "matched_place_as_target": 0}
    for k, model in fold_models.items():
        fold_pairs = cv_dir / f"pairs-fold{k}.json"
        pair_scorer = PairScorer.load(fold_pairs) if coder.pairs is not None and fold_pairs.exists() else None
        if coder.pairs is not None and pair_scorer is None:
            notes.append(f"{fold_pairs} is missing: the fold coder proposes no pairs (run scripts/train_event_pairs.py)")
        fold_coder = Coder(coder.settings, parser=coder.parser, kb=coder.kb, ontology=coder.ontology,
                           lexicon=coder.lexicon, gazetteer=coder.gazetteer, model=model, pairs=pair_scorer)
        sub = [kept[i] for i in fold_idx[k]]
        sub_pred, sub_stats = code_pairs(sub, fold_coder)
        order.extend(sub)
        pred.extend(sub_pred)
        for key in stats:
            stats[key] += sub_stats[key]
    out["cv_end_to_end"] = score_end_to_end(order, pred, stats)
    return out
