"""When each event happened: date expressions tied to the trigger, resolved against the publication date.

An expression counts for an event when the parse attaches it to the trigger's
clause ("killed on Friday", "the attack last Monday"), or when it is the only
one of the sentence and scopes over the trigger. Without one, an asserted event
is dated by the publication (basis ``publication``: news reports recent events);
hypothetical, questioned, future and intended events keep a null date unless the
text gives one.
"""

from __future__ import annotations

from typing import Any

from khaldun.dates.resolve import Resolved, find_expressions, resolve
from khaldun.doc import Candidate, CodedDoc

UNDATED = frozenset({"hypothetical", "question", "future", "intent"})
FORWARD = frozenset({"future", "intent"})
MAX_HOPS = 5

Token = Any


class EventDateStage:
    """Pipeline stage ``event_dates``: sets date, precision and basis on every candidate."""

    name = "event_dates"
    requires = ("candidates", "pub_date")
    assigns = ("candidates.date",)

    def __call__(self, doc: CodedDoc) -> CodedDoc:
        ref = doc.reference_date
        exprs = sentence_expressions(doc, {c.sentence_index for c in doc.candidates})
        for c in doc.candidates:
            found = date_for(doc, c, exprs.get(c.sentence_index, []))
            if found is not None:
                (text, how), r = found
                c.date, c.date_precision = r.value, r.precision
                c.date_basis = f"text:{how}:{r.rule}:{text}"
            elif c.factuality in UNDATED or ref is None:
                c.date, c.date_precision, c.date_basis = None, None, None
            else:
                c.date, c.date_precision, c.date_basis = ref.isoformat(), "day", "publication"
        doc.done.append(self.name)
        return doc


def sentence_expressions(doc: CodedDoc, only: set[int] | None = None) -> dict[int, list[tuple[int, int, str]]]:
    """Token spans and text of the date expressions of each sentence (regex and the model's DATE entities)."""
    sp = doc.parse
    out: dict[int, list[tuple[int, int, str]]] = {}
    for s in doc.sentences:
        if only is not None and s.index not in only:
            continue
        spans: list[tuple[int, int, str]] = []
        for a, b, text in find_expressions(s.text):
            span = sp.char_span(s.start + a, s.start + b, alignment_mode="expand")
            if span is not None:
                spans.append((span.start, span.end, text))
        for ent in sp[s.token_start:s.token_end].ents:
            if ent.label_ == "DATE" and not any(a < ent.end and ent.start < b for a, b, _ in spans):
                spans.append((ent.start, ent.end, ent.text))
        if spans:
            out[s.index] = sorted(spans)
    return out


def date_for(doc: CodedDoc, c: Candidate, exprs: list[tuple[int, int, str]]) -> tuple[tuple[str, str], Resolved] | None:
    """The expression that dates this candidate, resolved, with how it was tied to the trigger."""
    if not exprs:
        return None
    sp = doc.parse
    trigger = sp[c.head]
    future = c.factuality in FORWARD or _future_tense(trigger)
    ref = doc.reference_date
    tied = []
    for a, b, text in exprs:
        hops = _hops(sp[a:b].root, trigger)
        if hops is not None:
            tied.append((hops, abs(a - trigger.i), text))
    for _, _, text in sorted(tied):
        r = resolve(text, ref, future=future)
        if r is not None:
            return (text, "attached"), r
    resolvable = [(a, text, r) for a, _, text in exprs if (r := resolve(text, ref, future=future)) is not None]
    if len(resolvable) == 1 and _scopes(sp[resolvable[0][0]], trigger):
        return (resolvable[0][1], "sentence"), resolvable[0][2]
    return None


def _hops(tok: Token, trigger: Token) -> int | None:
    """Steps from an expression up to the trigger without entering another clause."""
    t, hops = tok, 0
    while hops <= MAX_HOPS:
        if t.i == trigger.i:
            return hops
        head = t.head
        if head.i == t.i:
            return None
        if head.pos_ in ("VERB", "AUX") and head.i != trigger.i and not _coordinated(head, trigger):
            return None
        if head.i != trigger.i and _coordinated(head, trigger):
            return hops + 4  # shared with a coordinated verb: weaker than its own expression
        t, hops = head, hops + 1
    return None


def _future_tense(trigger: Token) -> bool:
    """"will attack", "would attack", "is going to attack": the clause looks forward."""
    for child in trigger.children:
        if child.dep_ == "aux" and child.lower_ in ("will", "shall", "would", "'ll", "’ll", "wo"):
            return True
    head = trigger.head
    return trigger.dep_ == "xcomp" and head.lower_ == "going" and any(c.dep_ == "aux" for c in head.children)


def _coordinated(a: Token, b: Token) -> bool:
    return (a.dep_ == "conj" and a.head.i == b.i) or (b.dep_ == "conj" and b.head.i == a.i)


def _scopes(tok: Token, trigger: Token) -> bool:
    """The expression's clause contains the trigger's ("On Friday, police said gunmen killed ...")."""
    verb = tok
    for _ in range(30):
        if verb.pos_ in ("VERB", "AUX") or verb.head.i == verb.i:
            break
        verb = verb.head
    t = trigger
    for _ in range(12):
        if t.i == verb.i:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False
