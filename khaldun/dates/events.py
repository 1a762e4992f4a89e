"""When each event happened: date expressions tied to the trigger, resolved against the publication date."""

from __future__ import annotations

import datetime as dt
import re
from typing import Any

from khaldun.dates.publication import MONTHS
from khaldun.doc import Candidate, CodedDoc

WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
UNDATED = frozenset({"hypothetical", "question"})


class EventDateStage:
    """Pipeline stage ``event_dates``: sets date, precision and basis on every candidate."""

    name = "event_dates"
    requires = ("candidates", "pub_date")
    assigns = ("candidates.date",)

    def __call__(self, doc: CodedDoc) -> CodedDoc:
        ref = doc.reference_date
        sp = doc.parse
        for c in doc.candidates:
            expr = _date_expression(sp, c)
            resolved = resolve(expr, ref) if expr is not None else None
            if resolved is not None:
                c.date, c.date_precision = resolved
                c.date_basis = f"text:{expr}"
            elif c.factuality in UNDATED or ref is None:
                c.date, c.date_precision, c.date_basis = None, None, None
            else:
                c.date, c.date_precision, c.date_basis = ref.isoformat(), "day", "publication"
        doc.done.append(self.name)
        return doc


def _date_expression(sp: Any, c: Candidate) -> str | None:
    """The DATE entity attached to the trigger's clause (its own subtree, not a sub-clause's)."""
    head = sp[c.head]
    clause = head if head.pos_ in ("VERB", "AUX") else head.head
    for ent in sp.ents:
        if ent.label_ != "DATE":
            continue
        if not (sp[ent.start].sent.start == head.sent.start):
            continue
        root = ent.root
        tok = root
        for _ in range(4):
            if tok.i == clause.i or tok.i == head.i:
                return ent.text
            if tok.head.i == tok.i:
                break
            tok = tok.head
    return None


def resolve(expr: str, ref: dt.date | None) -> tuple[str, str] | None:
    """ISO date and precision of a date expression; relative ones need the reference date."""
    text = expr.lower().strip()
    m = re.search(r"\b(19|20)\d{2}\b", text)
    year = int(m.group(0)) if m else None
    month = next((v for k, v in MONTHS.items() if re.search(rf"\b{k}\b\.?", text)), None)
    day_m = re.search(r"\b(\d{1,2})(st|nd|rd|th)?\b", re.sub(r"\b(19|20)\d{2}\b", "", text))
    if year and month and day_m:
        try:
            return dt.date(year, month, int(day_m.group(1))).isoformat(), "day"
        except ValueError:
            return None
    if year and month:
        return f"{year:04d}-{month:02d}", "month"
    if year and not month:
        return f"{year:04d}", "year"
    if ref is None:
        return None
    if text in ("today", "this morning", "tonight", "this evening", "this afternoon"):
        return ref.isoformat(), "day"
    if text in ("yesterday", "last night"):
        return (ref - dt.timedelta(days=1)).isoformat(), "day"
    for name, wd in WEEKDAYS.items():
        if re.search(rf"\b{name}\b", text):
            delta = (ref.weekday() - wd) % 7
            if "next" in text or "this coming" in text:
                delta = -((wd - ref.weekday()) % 7 or 7)
            elif "last" in text and delta == 0:
                delta = 7
            return (ref - dt.timedelta(days=delta)).isoformat(), "day"
    if month and not year:
        y = ref.year if month <= ref.month else ref.year - 1
        if day_m:
            try:
                return dt.date(y, month, int(day_m.group(1))).isoformat(), "day"
            except ValueError:
                return None
        return f"{y:04d}-{month:02d}", "month"
    if "this month" in text or "earlier this month" in text:
        return f"{ref.year:04d}-{ref.month:02d}", "month"
    if "last month" in text:
        prev = ref.replace(day=1) - dt.timedelta(days=1)
        return f"{prev.year:04d}-{prev.month:02d}", "month"
    if "last year" in text:
        return f"{ref.year - 1:04d}", "year"
    if "this year" in text:
        return f"{ref.year:04d}", "year"
    return None
