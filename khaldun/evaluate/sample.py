"""``khaldun eval sample annotations/sample.jsonl``: the project's own annotated reports as a development set.

The sample corpus and its annotations were written for khaldun, so this set
can be read, shown and tested openly. It measures what issue 4 asks of real
commentary: F1 of asserted events (type, source and target right), the share
of hypothetical, question and negated events emitted as asserted, and extra
events per real one; plus factuality, actor, date, place and magnitude
accuracy on the events found.
"""

from __future__ import annotations

import json
from collections import Counter, defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khaldun.errors import InputError
from khaldun.evaluate import Report
from khaldun.evaluate.metrics import overlaps, prf
from khaldun.ingest.readers import read_inputs
from khaldun.schema import Document, Event

NON_FACTUAL = ("hypothetical", "question", "negated")


@dataclass
class Gold:
    doc: str
    sentence: str
    event_type: str
    source: dict[str, Any] | None
    target: dict[str, Any] | None
    factuality: str
    raw: dict[str, Any]


def _key(doc_id: str) -> str:
    return Path(doc_id).name


def load_gold(path: Path) -> list[Gold]:
    out = []
    for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            r = json.loads(line)
        except json.JSONDecodeError as exc:
            raise InputError(f"{path}:{n}", f"not valid JSON ({exc.msg})") from exc
        out.append(Gold(_key(r["doc_id"]), r["sentence"], r["event_type"], r.get("source"), r.get("target"),
                        r.get("factuality", "asserted"), r))
    return out


def _span(sentence_text: str, sentence_start: int, actor: dict[str, Any] | None) -> tuple[int, int] | None:
    if not actor or not actor.get("text"):
        return None
    i = sentence_text.find(actor["text"])
    return None if i < 0 else (sentence_start + i, sentence_start + i + len(actor["text"]))


def _actor_match(pred: Any, gold: dict[str, Any] | None, span: tuple[int, int] | None) -> bool:
    if gold is None:
        return True  # an event whose gold has no target matches whatever target we found
    if pred is None:
        return False
    if span is not None and overlaps((pred.start, pred.end), span):
        return True
    return bool(gold.get("country")) and pred.country == gold.get("country") and pred.sector == gold.get("sector")


def match(g: Gold, e: Event) -> bool:
    if e.event_type != g.event_type or g.sentence.strip() not in e.sentence and e.sentence not in g.sentence:
        return False
    src = _span(e.sentence, e.sentence_start, g.source)
    tgt = _span(e.sentence, e.sentence_start, g.target)
    direct = _actor_match(e.source, g.source, src) and _actor_match(e.target, g.target, tgt)
    if direct:
        return True
    if e.evidence.get("symmetric"):
        return _actor_match(e.target, g.source, src) and _actor_match(e.source, g.target, tgt)
    return False


def evaluate(path: Path, *, limit: int | None = None, folds: int = 5) -> Report:
    from khaldun.pipeline import Coder, DocumentFailure

    gold = load_gold(path)
    corpus_dir = path.resolve().parent.parent / "sample"
    if not corpus_dir.is_dir():
        raise InputError(str(path), f"the sample corpus is not at {corpus_dir}", "keep annotations/ beside sample/")
    docs = [d for d in read_inputs([str(corpus_dir)]) if isinstance(d, Document)]
    if limit:
        docs = docs[:limit]
        keep = {_key(d.doc_id) for d in docs}
        gold = [g for g in gold if g.doc in keep]
    coder = Coder()
    predicted: dict[str, list[Event]] = {}
    for r in coder.pipe(docs):
        if isinstance(r, DocumentFailure):
            continue
        predicted[_key(r.doc_id)] = r.events
    by_doc: dict[str, list[Gold]] = defaultdict(list)
    for g in gold:
        by_doc[g.doc].append(g)
    matched_pred: set[str] = set()
    found: list[tuple[Gold, Event]] = []
    for doc, golds in by_doc.items():
        preds = predicted.get(doc, [])
        for g in golds:
            cands = [e for e in preds if match(g, e) and e.id not in matched_pred]
            if cands:
                best = max(cands, key=lambda e: (e.factuality == g.factuality, e.confidence))
                matched_pred.add(best.id)
                found.append((g, best))
    all_pred = [e for evs in predicted.values() for e in evs]
    # Asserted events: type, source and target right, both asserted.
    gold_asserted = [g for g in gold if g.factuality == "asserted"]
    tp = sum(1 for g, e in found if g.factuality == "asserted" and e.factuality == "asserted")
    pred_asserted = sum(1 for e in all_pred if e.factuality == "asserted")
    p, r, f = prf(tp, pred_asserted - tp, len(gold_asserted) - tp)
    nonfact = [g for g in gold if g.factuality in NON_FACTUAL]
    leaked = sum(1 for g, e in found if g.factuality in NON_FACTUAL and e.factuality == "asserted")
    extra = len(all_pred) - len(matched_pred)
    fact_ok = Counter(g.factuality == e.factuality for g, e in found)
    confusion = Counter((g.factuality, e.factuality) for g, e in found if g.factuality != e.factuality)
    metrics: dict[str, Any] = {
        "documents": len(docs), "gold_events": len(gold), "predicted_events": len(all_pred),
        "matched_events": len(found), "event_recall_any_factuality": round(len(found) / len(gold), 4) if gold else 0.0,
        "asserted": {"precision": round(p, 4), "recall": round(r, 4), "f1": round(f, 4), "gold": len(gold_asserted)},
        "non_factual_emitted_as_asserted": round(leaked / len(nonfact), 4) if nonfact else 0.0,
        "non_factual_gold": len(nonfact), "non_factual_found": sum(1 for g, _ in found if g.factuality in NON_FACTUAL),
        "extra_events_per_real_one": round(extra / len(gold), 4) if gold else 0.0,
        "factuality_accuracy_on_matched": round(fact_ok[True] / len(found), 4) if found else 0.0,
        "factuality_confusions": {f"{a}->{b}": n for (a, b), n in confusion.most_common(8)},
    }
    metrics.update(_field_accuracy(found))
    return Report("sample", str(path), metrics, notes=[
        "annotations written for the project (annotations/sample.jsonl); a development set, not held out"])


def _field_accuracy(found: list[tuple[Gold, Event]]) -> dict[str, Any]:
    def acc(pairs: list[bool]) -> float:
        return round(sum(pairs) / len(pairs), 4) if pairs else 0.0

    country, sector, date, loc, mag, speaker = [], [], [], [], [], []
    for g, e in found:
        for ga, pa in ((g.source, e.source), (g.target, e.target)):
            if ga and ga.get("country") is not None and pa is not None:
                country.append(pa.country == ga["country"])
                sector.append(pa.country == ga["country"] and pa.sector == ga.get("sector"))
        gd = g.raw.get("date")
        if gd:
            date.append(e.date == gd)
        gl = g.raw.get("location")
        if gl:
            loc.append(e.location is not None and (gl.lower() in (e.location.text or "").lower()
                                                    or gl.lower() in (e.location.name or "").lower()))
        gm = g.raw.get("magnitude") or {}
        for k, v in gm.items():
            if v is not None:
                mag.append(getattr(e.magnitude, k) == v)
        gs = g.raw.get("speaker")
        if gs:
            speaker.append(e.speaker is not None and overlaps((e.speaker.start, e.speaker.end),
                                                              _span(e.sentence, e.sentence_start, gs) or (-1, -1)))
    return {"actor_country_accuracy": acc(country), "actor_country_sector_accuracy": acc(sector),
            "date_accuracy": acc(date), "date_n": len(date), "location_accuracy": acc(loc), "location_n": len(loc),
            "magnitude_accuracy": acc(mag), "magnitude_n": len(mag), "speaker_accuracy": acc(speaker), "speaker_n": len(speaker)}
