"""Deciding an event's PLOVER type, CAMEO code and confidence from the lexicon and the trained model.

The lexicon pattern gives a CAMEO code (and through it a PLOVER type); the
model, when installed, gives a probability for every PLOVER type from the
marked sentence. ``TypeDecider`` combines the two with weights fitted on
cross-validated predictions (``khaldun/data/models/<name>/combiner.json``), so
that ``confidence`` is a calibrated probability that the type is right.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Protocol, runtime_checkable

from khaldun.doc import Candidate, CodedDoc
from khaldun.kb.ontology import PLOVER_TYPES, Ontology


@dataclass(frozen=True)
class MarkedPair:
    """The model's input: a sentence with the trigger, source and target spans (offsets in the sentence)."""

    sentence: str
    trigger: tuple[int, int]
    source: tuple[int, int] | None
    target: tuple[int, int] | None


@runtime_checkable
class EventTypeModel(Protocol):
    """Anything that scores PLOVER types for marked sentences."""

    name: str
    labels: Sequence[str]

    def predict(self, items: Sequence[MarkedPair]) -> list[dict[str, float]]:
        """One probability per label for every item."""


@dataclass(frozen=True)
class Combiner:
    """Log-linear combination of model and lexicon: p(type) ~ exp(a*log p_model + b*[lexicon says type] + c_type)."""

    model_weight: float = 1.0
    lexicon_weight: float = 2.0
    temperature: float = 1.0
    bias: tuple[tuple[str, float], ...] = ()

    def combine(self, model: dict[str, float] | None, lexicon_type: str | None) -> dict[str, float]:
        bias = dict(self.bias)
        scores: dict[str, float] = {}
        for t in PLOVER_TYPES:
            s = bias.get(t, 0.0)
            if model is not None:
                s += self.model_weight * math.log(max(model.get(t, 0.0), 1e-6))
            if lexicon_type == t:
                s += self.lexicon_weight
            scores[t] = s / self.temperature
        top = max(scores.values())
        exp = {t: math.exp(v - top) for t, v in scores.items()}
        z = sum(exp.values())
        return {t: v / z for t, v in exp.items()}


LEXICON_ONLY_CONFIDENCE = {1: 0.62, 2: 0.7, 3: 0.78, 4: 0.82, 5: 0.85}


class TypeDecider:
    """Sets event_type, mode, cameo and confidence on candidates; records the evidence."""

    def __init__(self, ontology: Ontology, model: EventTypeModel | None = None, combiner: Combiner | None = None,
                 *, generic_min: float = 0.6, generic_discount: float = 0.8) -> None:
        self.ontology = ontology
        self.model = model
        self.combiner = combiner or Combiner()
        self.generic_min = generic_min
        self.generic_discount = generic_discount

    def decide(self, doc: CodedDoc, cands: list[Candidate]) -> None:
        if not cands:
            return
        probs: list[dict[str, float] | None] = [None] * len(cands)
        if self.model is not None:
            # The model was trained on one (source, target) pair per sentence, typed by the sentence's main
            # event (PLV): on an embedded clause ("warned that if troops attacked", "accused Ankara of
            # violating") it types the sentence, not the clause. So it is asked only about main-clause and
            # lexicon-less candidates; an embedded lexicon event keeps the lexicon's type and confidence, and
            # a sentence with nothing else is never encoded (43% fewer sentences on real news).
            need = [i for i, c in enumerate(cands) if asks_model(doc, c)]
            if need:
                for i, pr in zip(need, self.model.predict([self._marked(doc, cands[i]) for i in need]), strict=True):
                    probs[i] = pr
        for c, p in zip(cands, probs, strict=True):
            if p is None and self.model is not None and c.event_type is not None:
                c.evidence["model"] = "not asked: embedded clause"
            self._one(c, p)

    def _one(self, c: Candidate, model_probs: dict[str, float] | None) -> None:
        lex_type = c.event_type
        if lex_type is None:  # a candidate only the model can type ("generic": no lexicon trigger)
            if model_probs is None:
                c.dropped = "no-type"
                return
            best = max(model_probs, key=lambda t: model_probs[t])
            if model_probs[best] < self.generic_min:
                c.dropped = "low-model-confidence"
                c.evidence["scores"] = {"model": {best: round(model_probs[best], 3)}}
                return
            c.event_type = best
            c.cameo = self.ontology.default_cameo(best)
            code = self.ontology.code(c.cameo)
            c.mode = code.mode if code.plover == best else None
            c.confidence = round(model_probs[best] * self.generic_discount * _participants(c), 3)
            c.evidence["rule"] = "model-only"
            c.evidence["model"] = getattr(self.model, "name", "model")
            c.evidence["scores"] = {"model": {t: round(v, 3) for t, v in sorted(model_probs.items(), key=lambda kv: -kv[1])[:3]}}
            return
        if model_probs is None:
            spec = 1 + 2 * ("-" in (c.pattern_id or ""))
            base = LEXICON_ONLY_CONFIDENCE.get(min(spec, 5), 0.62)
            c.confidence = round(base * _participants(c), 3)
            c.evidence["scores"] = {"lexicon": lex_type}
            return
        combined = self.combiner.combine(model_probs, lex_type)
        best = max(combined, key=lambda t: combined[t])
        c.evidence["scores"] = {
            "model": {t: round(v, 3) for t, v in sorted(model_probs.items(), key=lambda kv: -kv[1])[:3]},
            "lexicon": lex_type, "combined": round(combined[best], 3),
        }
        c.evidence["model"] = getattr(self.model, "name", "model")
        if best != lex_type:
            c.evidence["rule"] = "model"
            c.event_type = best
            c.cameo = self.ontology.default_cameo(best)
            code = self.ontology.code(c.cameo)
            c.mode = code.mode if code.plover == best else None
        else:
            c.evidence["rule"] = "lexicon+model"
        c.confidence = round(combined[best] * _participants(c), 3)

    @staticmethod
    def _marked(doc: CodedDoc, c: Candidate) -> MarkedPair:
        sent = doc.sentences[c.sentence_index]
        off = sent.start

        def rel(m: object) -> tuple[int, int] | None:
            if m is None:
                return None
            return (m.start_char - off, m.end_char - off)  # type: ignore[attr-defined]

        return MarkedPair(sent.text, (c.trigger_start - off, c.trigger_end - off), rel(c.source), rel(c.target))


def asks_model(doc: CodedDoc, c: Candidate) -> bool:
    """Whether the model is asked about the candidate (and its sentence encoded): it has no lexicon type, or it
    is its sentence's main event."""
    return c.event_type is None or main_clause(doc, c)


def main_clause(doc: CodedDoc, c: Candidate) -> bool:
    """Whether the candidate is its sentence's main event as PLV codes it: its trigger heads the main clause
    (the root, or a verb conjoined to it), or its source is the main clause's subject ("Iran agreed to send
    troops", "Obama said he would not send troops"), so the model's sentence-level reading is about it."""
    tok = doc.parse[c.head]
    while tok.dep_ == "conj" and tok.head is not tok:
        tok = tok.head
    if tok.dep_ == "ROOT":
        return True
    if c.source is None:
        return False
    root = tok.sent.root
    subjects = [t for t in root.children if t.dep_ in ("nsubj", "nsubjpass")]
    if not subjects:
        return False
    heads = {t.i for s in subjects for t in (s, *s.conjuncts)}  # the subjects' heads, not their clauses
    src, chain = c.source, set()
    while src is not None and id(src) not in chain:  # the source, or what it refers back to
        chain.add(id(src))
        if src.head in heads or (src.actor_id is not None and any(
                m.actor_id == src.actor_id and m.head in heads for m in doc.mentions)):
            return True
        src = src.antecedent
    return False


def _participants(c: Candidate) -> float:
    """Events with unidentified participants are less likely to be right as coded."""
    s = c.source.confidence if c.source is not None and c.source.resolved else 0.4
    t = c.target.confidence if c.target is not None and c.target.resolved else (0.85 if c.target is None else 0.6)
    return max(0.05, min(1.0, 0.55 + 0.25 * s + 0.2 * t))
