"""The publication date of a document: from the input, HTML metadata, the --date option, or inferred from its text.

Inference, most trusted first: a dateline ("KIRKUK, Iraq, Oct. 16, 2017 —"); the
latest full date the text gives (a report is published on or after the last day
it mentions); a span after a named past event ("more than five years after the
fall of Baghdad"). Each says its basis and a confidence.
"""

from __future__ import annotations

import datetime as dt
import re

from khaldun.dates.resolve import MONTHS, NUMBERS, _add_months, historical_events, resolve
from khaldun.doc import CodedDoc
from khaldun.schema import DocumentDate

_MONTH_RE = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DATELINE = re.compile(r"^[A-Z][A-Za-z .'\-]{1,40},(?:[A-Za-z .'\-]{1,40},)?\s*(?:\([A-Za-z .]+\)\s*)?" + _MONTH_RE
                      + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>(19|20)\d{2})")
FULL_DATE = re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2})(?:st|nd|rd|th)?,?\s+(?P<year>(19|20)\d{2})|(?P<day2>\d{1,2})(?:st|nd|rd|th)?\s+"
                       + _MONTH_RE.replace("month", "month2") + r",?\s+(?P<year2>(19|20)\d{2})|(?P<iso>(19|20)\d{2}-\d{2}-\d{2})")
SPAN_AFTER = re.compile(r"\b(?:more than |nearly |almost |about |some |over )?(?P<n>\d+|" + "|".join(k for k in NUMBERS if " " not in k)
                        + r")\s+(?P<unit>years?|months?)\s+(?:after|since)\s+(?:the\s+)?(?P<what>[a-z0-9/.' -]{3,60})", re.IGNORECASE)
HTML_SUFFIXES = (".html", ".htm")


def _date(year: str, month: str, day: str) -> dt.date | None:
    try:
        return dt.date(int(year), MONTHS[month.lower().rstrip(".")], int(day))
    except (KeyError, ValueError):
        return None


class PublicationDateStage:
    """Pipeline stage ``publication_date``: assigns ``doc.pub_date``."""

    name = "publication_date"
    requires = ("parse",)
    assigns = ("pub_date",)

    def __call__(self, doc: CodedDoc) -> CodedDoc:
        doc.pub_date = publication_date(doc)
        doc.done.append(self.name)
        return doc


def publication_date(doc: CodedDoc) -> DocumentDate:
    d = doc.document
    if d.date is not None:
        from_html = (d.origin or "").split(":")[0].lower().endswith(HTML_SUFFIXES)
        return DocumentDate(date=d.date, basis="metadata" if from_html else "input", confidence=1.0)
    if doc.default_date is not None:
        return DocumentDate(date=doc.default_date, basis="option", confidence=1.0)
    return infer_from_text(doc.text)


def infer_from_text(text: str) -> DocumentDate:
    """A dateline, else the latest full date in the text, else a span after a named past event."""
    head = text.lstrip()[:200]
    m = DATELINE.match(head)
    if m:
        d = _date(m.group("year"), m.group("month"), m.group("day"))
        if d:
            return DocumentDate(date=d, basis="dateline", confidence=0.95, evidence=m.group(0))
    best: tuple[dt.date, str] | None = None
    for m in FULL_DATE.finditer(text):
        if m.group("iso"):
            try:
                d = dt.date.fromisoformat(m.group("iso"))
            except ValueError:
                d = None
        elif m.group("month"):
            d = _date(m.group("year"), m.group("month"), m.group("day"))
        else:
            d = _date(m.group("year2"), m.group("month2"), m.group("day2"))
        if d and (best is None or d > best[0]):
            best = (d, m.group(0))
    if best:
        return DocumentDate(date=best[0], basis="latest-event", confidence=0.5, evidence=best[1])
    anchored = _after_named_event(text)
    if anchored:
        return anchored
    return DocumentDate(basis="none", confidence=0.0)


def _after_named_event(text: str) -> DocumentDate | None:
    """"More than five years after the fall of Baghdad": the event's date plus the span, as a lower bound."""
    for m in SPAN_AFTER.finditer(text):
        what = m.group("what").lower()
        h = next((h for h in historical_events() if what.startswith(h.phrase.removeprefix("the "))), None)
        if h is None:
            continue
        n = int(m.group("n")) if m.group("n").isdigit() else NUMBERS.get(m.group("n").lower())
        base = resolve(h.date, None)
        if n is None or base is None:
            continue
        start = dt.date.fromisoformat(base.value if base.precision == "day" else f"{base.value[:4]}-01-01")
        months = n * 12 if m.group("unit").lower().startswith("year") else n
        return DocumentDate(date=_add_months(start, months), basis="text", confidence=0.3, evidence=m.group(0))
    return None
