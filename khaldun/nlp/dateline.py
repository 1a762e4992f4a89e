"""News datelines ("KIRKUK, Iraq, Oct. 16, 2017 -- ", "UNITED NATIONS - "): found so the parser does not read them.

A dateline glued to the first sentence makes the parser take the city for the
subject ("BAGHDAD ... took control of"). The parser sees it blanked out (same
length, so every offset stays true); the sentence text still includes it.
"""

from __future__ import annotations

import re

# "Washington - ", "Tehran, March 15, IRNA - ": a title-case place opens a dateline only when a dash follows
# it closely (after an optional date and agency).
_TITLE_DATELINE = re.compile(
    r"^\s*(?P<place>[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2})"
    r"(?:,\s*[A-Z][A-Za-z'\-\. ]{1,30}){0,2}(?:,?\s*\d{1,2}(?:,\s*\d{4})?)?(?:,\s*[A-Z]{2,6})?"
    r"(?:\s*\([^()\n]{1,40}\))?\s+(?:\u2014|\u2013|--|-)\s+(?=[A-Z])"
)
_DATELINE = re.compile(
    r"^\s*"
    r"(?P<place>[A-Z][A-Z'\-\.]+(?:\s+[A-Z][A-Z'\-\.]+){0,3})"          # CITY in capitals
    r"(?:,\s*[A-Z][A-Za-z'\-\. ]{1,30}){0,2}"                              # , Iraq / , Jan. 3
    r"(?:,?\s*\d{1,2}(?:,\s*\d{4})?)?"                                     # 3, 2020
    r"(?:\s*\([^()\n]{1,40}\))?"                                           # (Reuters)
    r"\s*(?:\u2014|\u2013|--|-|:)\s+"                                      # the dash
)


def find_dateline(text: str) -> tuple[int, int] | None:
    """Character span of a dateline at the start of ``text`` (dash and following space included), if any."""
    m = _DATELINE.match(text[:160]) or _TITLE_DATELINE.match(text[:160])
    if m is None:
        return None
    place = m.group("place")
    if len(place.replace(".", "").replace(" ", "")) < 2 or not any(c.isalpha() for c in place):
        return None
    return (len(text[:m.start("place")]), m.end())


def mask_dateline(text: str) -> tuple[str, tuple[int, int] | None]:
    span = find_dateline(text)
    if span is None:
        return text, None
    start, end = span
    return text[:start] + " " * (end - start) + text[end:], span
