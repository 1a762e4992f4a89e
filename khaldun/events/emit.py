"""Turning typed candidates into published Event records, once places and dates are known.

Also merges the same event told twice in one document (a headline and its lead,
a summary paragraph), so that an article counts an event once; the merged
sentences are kept in the evidence.
"""

from __future__ import annotations

import hashlib

from khaldun.doc import Candidate, CodedDoc
from khaldun.kb.ontology import Ontology
from khaldun.schema import Event, Magnitude, Place, Span


def event_id(doc: CodedDoc, c: Candidate, event_type: str) -> str:
    """Stable: the same text, document id and coding give the same id."""
    key = "|".join(str(x) for x in (
        doc.hash, doc.doc_id, c.sentence_index, c.trigger_start, c.trigger_end,
        c.source.start_char if c.source else "-", c.target.start_char if c.target else "-", event_type,
    ))
    return "ev_" + hashlib.sha1(key.encode("utf-8")).hexdigest()[:20]


def _actor_key(m: object) -> str:
    if m is None:
        return "-"
    return f"{m.actor_id or ''}/{m.country or ''}/{m.sector}"  # type: ignore[attr-defined]


def build_events(doc: CodedDoc, ontology: Ontology, *, min_confidence: float = 0.0,
                 keep_unresolved: bool = False) -> list[Event]:
    events: list[Event] = []
    seen: dict[tuple[str, ...], Event] = {}
    for c in doc.candidates:
        if c.dropped is not None or c.event_type is None or c.cameo is None:
            continue
        if c.confidence < min_confidence:
            continue
        src_ok = c.source is not None and c.source.identified
        tgt_ok = c.target is not None and c.target.identified
        if not keep_unresolved and not (src_ok or tgt_ok):
            continue
        sent = doc.sentences[c.sentence_index]
        code = ontology.code(c.cameo)
        plover = c.event_type
        ev = Event(
            id=event_id(doc, c, plover), doc_id=doc.doc_id, sentence_index=sent.index, sentence=sent.text,
            sentence_start=sent.start,
            trigger=Span(text=c.trigger_text, start=c.trigger_start, end=c.trigger_end),
            event_type=plover,  # type: ignore[arg-type]
            mode=c.mode, cameo=code.code, quad_class=ontology.quad_class(plover), goldstein=code.goldstein,
            source=c.source.ref() if c.source else None, target=c.target.ref() if c.target else None,
            magnitude=Magnitude(**{k: v for k, v in c.magnitude.items() if k in ("dead", "injured", "arrested", "size")}),
            location=_place(c), date=c.date, date_precision=c.date_precision,  # type: ignore[arg-type]
            factuality=c.factuality,  # type: ignore[arg-type]
            hedged=c.hedged, speaker=c.speaker.ref() if c.speaker else None,
            confidence=max(0.0, min(1.0, c.confidence)),
            evidence=_evidence(c),
        )
        key = (plover, _actor_key(c.source), _actor_key(c.target), c.factuality, c.date or "", str(c.sentence_index))
        dup_key = key[:-1]
        prior = seen.get(dup_key)
        if prior is not None and prior.sentence_index != ev.sentence_index and c.factuality == "asserted":
            prior.evidence.setdefault("also_in_sentences", []).append(ev.sentence_index)
            _fill(prior, ev)
            continue
        if prior is not None and prior.sentence_index == ev.sentence_index:
            # "attacked and killed": two triggers of one event in one sentence.
            prior.evidence.setdefault("also_triggers", []).append(ev.trigger.text)
            _fill(prior, ev)
            continue
        seen[dup_key] = ev
        events.append(ev)
    return events


def _fill(kept: Event, other: Event) -> None:
    """The merged telling may carry what the first lacked (a casualty count, a place)."""
    for k in ("dead", "injured", "arrested", "size"):
        if getattr(kept.magnitude, k) is None and getattr(other.magnitude, k) is not None:
            setattr(kept.magnitude, k, getattr(other.magnitude, k))
    if kept.location is None and other.location is not None:
        kept.location = other.location


def _place(c: Candidate) -> Place | None:
    if c.location is None or c.location.place is None:
        return None
    return c.location.place


def _evidence(c: Candidate) -> dict:
    ev = dict(c.evidence)
    if c.symmetric:
        ev["symmetric"] = True
    if c.source is not None:
        ev["source_method"] = c.source.method
        if c.source.antecedent is not None:
            ev["source_antecedent"] = c.source.antecedent.text
            ev["source_antecedent_start"] = c.source.antecedent.start_char
        if c.source.patron:
            ev["source_patron"] = c.source.patron
        if c.source.role:
            ev["source_role"] = c.source.role
    if c.target is not None:
        ev["target_method"] = c.target.method
        if c.target.antecedent is not None:
            ev["target_antecedent"] = c.target.antecedent.text
            ev["target_antecedent_start"] = c.target.antecedent.start_char
        if c.target.role:
            ev["target_role"] = c.target.role
    if c.location_basis:
        ev["location_basis"] = c.location_basis
    if c.date_basis:
        ev["date_basis"] = c.date_basis
    return ev
