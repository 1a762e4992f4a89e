"""The publication date of a document: from the input, the --date option, or inferred from its text."""

from __future__ import annotations

import datetime as dt
import re

from khaldun.doc import CodedDoc
from khaldun.schema import DocumentDate

MONTHS = {m: i for i, m in enumerate(
    ["january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
     "november", "december"], start=1)}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12})
_MONTH_RE = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
DATELINE = re.compile(r"^[A-Z][A-Za-z .'\-]{1,40},(?:[A-Za-z .'\-]{1,40},)?\s*" + _MONTH_RE + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>(19|20)\d{2})")
FULL_DATE = re.compile(_MONTH_RE + r"\s+(?P<day>\d{1,2}),?\s+(?P<year>(19|20)\d{2})|(?P<day2>\d{1,2})\s+" + _MONTH_RE.replace("month", "month2") + r"\s+(?P<year2>(19|20)\d{2})")


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
    if doc.document.date is not None:
        return DocumentDate(date=doc.document.date, basis="input", confidence=1.0)
    if doc.default_date is not None:
        return DocumentDate(date=doc.default_date, basis="option", confidence=1.0)
    return infer_from_text(doc.text)


def infer_from_text(text: str) -> DocumentDate:
    """A dateline ("KIRKUK, Iraq, Oct. 16, 2017 —"), else the latest full date written in the text."""
    head = text.lstrip()[:200]
    m = DATELINE.match(head)
    if m:
        d = _date(m.group("year"), m.group("month"), m.group("day"))
        if d:
            return DocumentDate(date=d, basis="dateline", confidence=0.95, evidence=m.group(0))
    best: tuple[dt.date, str] | None = None
    for m in FULL_DATE.finditer(text):
        if m.group("month"):
            d = _date(m.group("year"), m.group("month"), m.group("day"))
        else:
            d = _date(m.group("year2"), m.group("month2"), m.group("day2"))
        if d and (best is None or d > best[0]):
            best = (d, m.group(0))
    if best:
        return DocumentDate(date=best[0], basis="text", confidence=0.5, evidence=best[1])
    return DocumentDate(basis="none", confidence=0.0)
