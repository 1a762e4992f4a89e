"""Geoparsing evaluations: TR-News and GeoVirus (toponym resolution), Halterman's event-location set.

``evaluate_tr_news`` and ``evaluate_geovirus`` score resolution given the gold
toponym spans (exact GeoNames id where the gold has one; distance to the gold
point within 161 km = 100 miles) and end to end (recognition precision, recall
and F1, strict offsets and overlap; then resolution of the recognised gold
toponyms). ``evaluate_event_location`` scores the choice of an event's place
among the sentence's toponyms on the re-labelled subset (``source == "RELABEL"``)
and, for reference, on all accepted items. The geoparsing rules were developed
looking at these sets (see docs/places-and-dates.md); the event-location model is
trained on the accepted items outside the re-labelled subset
(scripts/train_event_location.py), so ``folds`` is unused here.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khaldun.doc import CodedDoc, PlaceHit
from khaldun.errors import InputError
from khaldun.evaluate import Report
from khaldun.evaluate.metrics import overlaps, prf
from khaldun.places.locate import Choice, LocationModel, choose
from khaldun.places.resolve import distance_km
from khaldun.schema import Document

MILES_100_KM = 161.0


def _read(path: Path, limit: int | None) -> Iterator[dict[str, Any]]:
    if not path.exists():
        raise InputError(str(path), "no such file", "pass the path of the gold JSONL file")
    with path.open(encoding="utf-8") as fh:
        n = 0
        for line in fh:
            if not line.strip():
                continue
            yield json.loads(line)
            n += 1
            if limit is not None and n >= limit:
                return


def _geoparser() -> Any:
    from khaldun.places.service import Geoparser

    return Geoparser.load()


def _geo_eval(dataset: str, path: Path, *, limit: int | None) -> Report:
    geo = _geoparser()
    n_gold = n_id = exact = n_pt = within = unresolved = 0
    tp_strict = tp_overlap = n_pred = n_pred_literal = tp_overlap_literal = 0
    e2e_pt = e2e_within = 0
    errors: Counter[str] = Counter()
    for rec in _read(path, limit):
        text = rec["text"]
        document = Document(doc_id=str(rec.get("doc_id")), text=text, origin=str(path))
        doc = geo.prepare(document)
        gold = [t for t in rec["toponyms"] if 0 <= t["start"] < t["end"] <= len(text)]
        n_gold += len(gold)
        # given the gold spans
        hits = geo.place_stage.run_spans(doc, [(t["start"], t["end"]) for t in gold])
        for t, h in zip(gold, hits, strict=True):
            p = h.place
            if p is None:
                unresolved += 1
            if t.get("geonameid"):
                n_id += 1
                ok = p is not None and str(p.geonameid) == str(t["geonameid"])
                exact += ok
                if not ok:
                    errors[f"{t['name']} -> {p.name if p else None} ({p.country if p else ''})"] += 1
            if t.get("lat") is not None and t.get("lon") is not None:
                n_pt += 1
                if p is not None and p.lat is not None and p.lon is not None:
                    within += distance_km((p.lat, p.lon), (float(t["lat"]), float(t["lon"]))) <= MILES_100_KM
        # end to end
        pred = geo.place_stage(geo.prepare(document)).places
        n_pred += len(pred)
        literal = [h for h in pred if h.kind == "place"]
        n_pred_literal += len(literal)
        spans = [(h.start_char, h.end_char) for h in pred]
        for t in gold:
            g = (t["start"], t["end"])
            tp_strict += g in spans
            match = next((h for h in pred if overlaps(g, (h.start_char, h.end_char))), None)
            tp_overlap += match is not None
            tp_overlap_literal += any(overlaps(g, (h.start_char, h.end_char)) for h in literal)
            if match is not None and t.get("lat") is not None:
                e2e_pt += 1
                p = match.place
                if p is not None and p.lat is not None and p.lon is not None:
                    e2e_within += distance_km((p.lat, p.lon), (float(t["lat"]), float(t["lon"]))) <= MILES_100_KM
    ps, rs, fs = prf(tp_strict, n_pred - tp_strict, n_gold - tp_strict)
    po, ro, fo = prf(tp_overlap, n_pred - tp_overlap, n_gold - tp_overlap)
    pl, rl, fl = prf(tp_overlap_literal, n_pred_literal - tp_overlap_literal, n_gold - tp_overlap_literal)
    metrics: dict[str, Any] = {
        "given_gold_spans": {
            "toponyms": n_gold, "with_geonameid": n_id,
            "exact_geonameid": round(exact / n_id, 4) if n_id else None,
            "with_point": n_pt, "within_161km": round(within / n_pt, 4) if n_pt else None,
            "unresolved": unresolved,
        },
        "end_to_end": {
            "predicted": n_pred,
            "recognition_strict": {"precision": round(ps, 4), "recall": round(rs, 4), "f1": round(fs, 4)},
            "recognition_overlap": {"precision": round(po, 4), "recall": round(ro, 4), "f1": round(fo, 4)},
            "recognition_overlap_literal_only": {"precision": round(pl, 4), "recall": round(rl, 4), "f1": round(fl, 4)},
            "recognised_within_161km": round(e2e_within / e2e_pt, 4) if e2e_pt else None,
        },
    }
    notes = ["rules and priors were developed looking at this set; nothing is trained, so 'folds' is unused",
             "recognition counts demonyms and metonyms as toponyms (as the gold does); 'literal_only' drops them"]
    notes += [f"most frequent misses: {', '.join(f'{k} x{v}' for k, v in errors.most_common(12))}"] if errors else []
    return Report(dataset, str(path), metrics, notes)


def evaluate_tr_news(path: Path, *, limit: int | None = None, folds: int = 5) -> Report:
    """TR-News: exact GeoNames id and within 161 km given gold spans; recognition P/R/F1 end to end."""
    return _geo_eval("tr-news", path, limit=limit)


def evaluate_geovirus(path: Path, *, limit: int | None = None, folds: int = 5) -> Report:
    """GeoVirus (WikiNews, points only): within 161 km given gold spans; recognition end to end."""
    return _geo_eval("geovirus", path, limit=limit)


def gold_location_spans(text: str, spans: list[dict[str, Any]], tokenize: Any) -> list[tuple[int, int]]:
    """Character spans of the gold locations; some records carry token indices (inclusive) instead."""
    out: list[tuple[int, int]] = []
    tokens = None
    for s in spans:
        start, end = int(s["start"]), int(s["end"])
        piece = text[start:end]
        clean = len(piece.strip()) >= 2 and piece[:1].isalnum() and piece[-1:].isalnum() \
            and (start == 0 or not text[start - 1].isalnum()) and (end >= len(text) or not text[end].isalnum())
        if clean:
            out.append((start, end))
            continue
        tokens = tokens if tokens is not None else list(tokenize(text))
        if 0 <= start <= end < len(tokens):
            a, b = tokens[start], tokens[end]
            out.append((a.idx, b.idx + len(b.text)))
    return out


@dataclass
class LocationItem:
    """One item of the event-location set, geoparsed: the trigger, the toponyms of its sentence, the gold spans."""

    rec: dict[str, Any]
    doc: CodedDoc
    trigger: Any
    hits: list[PlaceHit]
    gold: list[tuple[int, int]]

    @property
    def relabel(self) -> bool:
        return self.rec.get("source") == "RELABEL"

    def correct(self, pick: Choice | None) -> bool:
        """Right when the pick overlaps a gold span, or when both are empty."""
        if pick is None:
            return not self.gold
        return any(overlaps((pick.hit.start_char, pick.hit.end_char), g) for g in self.gold)


def relabel_texts(path: Path) -> set[str]:
    """Texts of the re-labelled subset: items sharing them are never training data."""
    return {rec["text"].strip() for rec in _read(path, None) if rec.get("source") == "RELABEL"}


def event_location_items(path: Path, geo: Any, *, keep: Callable[[dict[str, Any]], bool]) -> Iterator[LocationItem]:
    """The accepted items that ``keep`` selects, parsed and geoparsed as the pipeline does."""
    tokenizer = geo.parser.nlp.tokenizer
    for rec in _read(path, None):
        if rec.get("answer") != "accept" or not rec.get("verb") or not keep(rec):
            continue
        text = rec["text"]
        verb = rec["verb"][0]
        doc = geo.place_stage(geo.prepare(Document(doc_id=str(rec.get("id")), text=text)))
        sp = doc.parse
        vspan = sp.char_span(int(verb["start"]), int(verb["end"]), alignment_mode="expand")
        if vspan is None:
            continue
        trigger = vspan.root
        sent = doc.sentence_of_char(trigger.idx)
        hits = [h for h in doc.places if sent is not None and h.sentence_index == sent.index]
        yield LocationItem(rec, doc, trigger, hits, gold_location_spans(text, rec.get("event_locations") or [], tokenizer))


def evaluate_event_location(path: Path, *, limit: int | None = None, folds: int = 5) -> Report:
    """Accuracy of choosing the event's place (or none) for a given event verb: by default, the model, the rules.

    The re-labelled subset (``source == "RELABEL"``) is always scored in full; ``limit`` caps how many of
    the other accepted items are scored as well (all of them by default). The model was trained on those
    other items (scripts/train_event_location.py): their figure is in-sample; its cross-validated figure is
    in the model's card, repeated in the report.
    """
    geo = _geoparser()
    default = geo.place_stage.location_model  # None when the pipeline places events by the rules
    model = default or LocationModel.shipped()  # scored either way, for comparison
    groups: dict[str, Counter[str]] = {"relabel": Counter(), "all_accepted": Counter()}
    bases: Counter[str] = Counter()
    seen = {"others": 0}

    def keep(rec: dict[str, Any]) -> bool:
        if rec.get("source") == "RELABEL":
            return True
        seen["others"] += 1
        return limit is None or seen["others"] <= limit

    for item in event_location_items(path, geo, keep=keep):
        sp = item.doc.parse
        rules_pick = choose(sp, item.trigger, item.hits)
        rules_ok = item.correct(rules_pick)
        model_pick = choose(sp, item.trigger, item.hits, model=model) if model is not None else rules_pick
        model_ok = item.correct(model_pick)
        pick, ok = (model_pick, model_ok) if default is not None else (rules_pick, rules_ok)
        kind = "with_location" if item.gold else "no_location"
        for name in (["relabel"] if item.relabel else []) + ["all_accepted"]:
            groups[name]["n"] += 1
            groups[name]["correct"] += ok
            groups[name]["rules_correct"] += rules_ok
            groups[name]["model_correct"] += model_ok
            groups[name][f"n_{kind}"] += 1
            groups[name][f"correct_{kind}"] += ok
        if item.relabel:
            bases[(pick.basis.split(":")[0] if pick else "none") + (":ok" if ok else ":wrong")] += 1
    metrics: dict[str, Any] = {}
    for name, c in groups.items():
        metrics[name] = {
            "n": c["n"], "accuracy": round(c["correct"] / c["n"], 4) if c["n"] else None,
            "accuracy_with_location": round(c["correct_with_location"] / c["n_with_location"], 4) if c["n_with_location"] else None,
            "accuracy_no_location": round(c["correct_no_location"] / c["n_no_location"], 4) if c["n_no_location"] else None,
            "accuracy_model": round(c["model_correct"] / c["n"], 4) if c["n"] and model is not None else None,
            "accuracy_rules_only": round(c["rules_correct"] / c["n"], 4) if c["n"] else None,
        }
    metrics["model_used_by_default"] = default is not None
    metrics["relabel_by_basis"] = dict(sorted(bases.items()))
    card = model.card if model is not None else {}
    if card:
        metrics["model_card"] = {k: card[k] for k in ("trained_on", "items", "cv_accuracy", "rules_accuracy", "seed", "command")
                                 if k in card}
    notes = ["a prediction is right when it overlaps a gold location span, or when both are empty",
             "some gold spans are token indices, not characters: they are mapped back through the tokenizer",
             "the model was trained on the accepted items outside the re-labelled subset (texts shared with it "
             "left out): 'relabel' is held out, 'all_accepted' is mostly in-sample; the model card gives the "
             "5-fold cross-validated accuracy on the training items",
             "'accuracy' is what the pipeline does by default ('model_used_by_default'); 'accuracy_model' and "
             "'accuracy_rules_only' are the shipped model and the attachment rules alone, for comparison; 'folds' "
             "is unused (the cross-validation is scripts/train_event_location.py's)"]
    return Report("event-location", str(path), metrics, notes)
