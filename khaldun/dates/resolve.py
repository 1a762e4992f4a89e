"""Date expressions found in text and resolved against a reference date (the publication date).

Covers absolute dates ("March 3, 2014", "3 March 2014", "March 2014", "in 2003",
"on March 3" with the year inferred), deictic days ("today", "yesterday", "last
night"), weekdays ("on Friday", "last Monday", "next Tuesday"), relative spans
("earlier this month", "last week", "this weekend", "a few months ago", "two
years ago") and historical references ("after 9/11", "since the fall of Mosul")
looked up in ``khaldun/data/dates/historical.v1.tsv``. Precision is day, month or
year: a day only where the text gives one.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache

from khaldun.kb.files import data_path

MONTH_NAMES = ("january", "february", "march", "april", "may", "june", "july", "august", "september", "october",
               "november", "december")
MONTHS = {m: i for i, m in enumerate(MONTH_NAMES, start=1)}
MONTHS.update({"jan": 1, "feb": 2, "mar": 3, "apr": 4, "jun": 6, "jul": 7, "aug": 8, "sep": 9, "sept": 9,
               "oct": 10, "nov": 11, "dec": 12})
WEEKDAYS = {d: i for i, d in enumerate(["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"])}
NUMBERS = {"a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
           "nine": 9, "ten": 10, "eleven": 11, "twelve": 12, "a couple of": 2, "a few": 3, "few": 3, "several": 3,
           "some": 3, "fifteen": 15, "twenty": 20, "thirty": 30}

_MON = r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?"
_DAY = r"(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)"
_NUM = r"(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|thirty|a couple of|a few|few|several|some)"
_YEAR = r"(?:1[89]\d\d|20\d\d)"

# Longest alternatives first; matched case-insensitively on word boundaries.
EXPRESSION = re.compile(
    r"\b(?:"
    rf"{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+{_YEAR}"            # March 3, 2014
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON},?\s+{_YEAR}"  # 3 March 2014
    rf"|{_YEAR}-\d{{2}}-\d{{2}}"                                  # 2014-03-03
    rf"|(?:early|mid|late)[- ]?{_MON}\s+{_YEAR}"
    rf"|{_MON},?\s+{_YEAR}"                                       # March 2014
    rf"|(?:(?:last|this|next|this\s+coming|this\s+past)\s+)?{_DAY}(?:\s+(?:morning|afternoon|evening|night))?"
    rf"|{_MON}\s+\d{{1,2}}(?:st|nd|rd|th)?\b"                     # March 3
    rf"|\d{{1,2}}(?:st|nd|rd|th)?\s+(?:of\s+)?{_MON}"             # 3 March
    rf"|{_NUM}\s+(?:days?|weeks?|months?|years?|decades?)\s+(?:ago|earlier|before)"
    r"|the\s+day\s+before\s+yesterday|yesterday|today|tonight|tomorrow|last\s+night|this\s+(?:morning|afternoon|evening)"
    r"|(?:earlier|later)\s+(?:this|in\s+the)\s+(?:week|month|year)|(?:earlier|later)\s+today"
    r"|(?:this|last|next|past)\s+(?:week|weekend|month|year)"
    r"|(?:the\s+)?(?:previous|following)\s+(?:week|month|year)"
    rf"|(?:early|mid|late)[- ]?{_MON}"
    rf"|(?:in|since|during|by|until|of)\s+{_MON}\b"
    rf"|(?:in|since|during|by|until|of|from|before|after)\s+(?:early\s+|late\s+|mid-?)?{_YEAR}\b"
    r"|recent\s+(?:days|weeks)"
    r")",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Resolved:
    """An ISO date (``YYYY-MM-DD``, ``YYYY-MM`` or ``YYYY``), its precision and the rule that gave it."""

    value: str
    precision: str  # day | month | year
    rule: str


@dataclass(frozen=True)
class Historical:
    phrase: str
    date: str
    precision: str


@lru_cache(maxsize=1)
def historical_events() -> tuple[Historical, ...]:
    """Named past events that date the sentences referring to them ("after 9/11"); longest phrases first."""
    out = []
    path = data_path("dates", "historical.v1.tsv")
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.startswith("#") or line.startswith("phrase\t"):
            continue
        phrase, date, precision = line.split("\t")[:3]
        out.append(Historical(phrase.lower(), date, precision))
    return tuple(sorted(out, key=lambda h: -len(h.phrase)))


def historical_pattern() -> re.Pattern[str]:
    return _historical_re(historical_events())


@lru_cache(maxsize=1)
def _historical_re(events: tuple[Historical, ...]) -> re.Pattern[str]:
    alts = "|".join(re.escape(h.phrase) for h in events)
    return re.compile(rf"\b(?:(?:after|since|before|during|following|until|on|in|of)\s+)?(?:the\s+)?({alts})\b", re.IGNORECASE)


def find_expressions(text: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of date expressions in ``text``, historical references included, left to right."""
    spans = [(m.start(), m.end(), m.group(0)) for m in EXPRESSION.finditer(text)]
    for m in historical_pattern().finditer(text):
        if not any(a < m.end() and m.start() < b for a, b, _ in spans):
            spans.append((m.start(), m.end(), m.group(0)))
    return sorted(spans)


def _iso(d: dt.date) -> str:
    return d.isoformat()


def _month_iso(y: int, m: int) -> str:
    return f"{y:04d}-{m:02d}"


def _add_months(d: dt.date, months: int) -> dt.date:
    y, m = divmod(d.month - 1 + months, 12)
    year, month = d.year + y, m + 1
    return dt.date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def _number(word: str) -> int | None:
    word = word.lower().strip()
    if word.isdigit():
        return int(word)
    return NUMBERS.get(word)


def _month_of(text: str) -> int | None:
    m = re.search(rf"\b({_MON})", text, re.IGNORECASE)
    if not m:
        return None
    return MONTHS.get(m.group(1).lower().rstrip("."))


def _safe_date(y: int, m: int, d: int) -> dt.date | None:
    try:
        return dt.date(y, m, d)
    except ValueError:
        return None


def resolve(expr: str, ref: dt.date | None, *, future: bool = False) -> Resolved | None:
    """Resolve one date expression; relative ones need ``ref``. ``future``: the clause speaks of what is to come."""
    full = re.sub(r"\s+", " ", expr.lower().strip())
    text = re.sub(r"^(?:on|in|at|by|since|during|until|of|from)\s+", "", full)
    hist = _historical(full)
    if hist is not None:
        return hist
    year_m = re.search(rf"\b({_YEAR})\b", text)
    year = int(year_m.group(1)) if year_m else None
    month = _month_of(text) if not re.search(_DAY, text) else None
    iso_m = re.fullmatch(rf"({_YEAR})-(\d\d)-(\d\d)", text)
    if iso_m:
        d = _safe_date(int(iso_m.group(1)), int(iso_m.group(2)), int(iso_m.group(3)))
        return Resolved(_iso(d), "day", "absolute") if d else None
    day_m = re.search(r"\b(\d{1,2})(?:st|nd|rd|th)?\b", re.sub(rf"\b{_YEAR}\b", "", text))
    if year and month and day_m:
        d = _safe_date(year, month, int(day_m.group(1)))
        return Resolved(_iso(d), "day", "absolute") if d else None
    if year and month:
        return Resolved(_month_iso(year, month), "month", "absolute")
    if year and not re.search(r"\b(ago|earlier|before)\b", text):
        return Resolved(f"{year:04d}", "year", "absolute")
    if ref is None:
        return None
    if month and not re.search(r"\b(week|weekend)\b", text):
        y = _year_for_month(month, ref, future=future)
        if day_m:
            d = _safe_date(y, month, int(day_m.group(1)))
            return Resolved(_iso(d), "day", "month-day") if d else None
        return Resolved(_month_iso(y, month), "month", "month")
    return _relative(text, ref, future=future)


def _year_for_month(month: int, ref: dt.date, *, future: bool) -> int:
    """A month named without a year: the latest one not after the reference (or the next one, for the future)."""
    if future:
        return ref.year if month >= ref.month else ref.year + 1
    return ref.year if month <= ref.month else ref.year - 1


def _historical(text: str) -> Resolved | None:
    m = historical_pattern().search(text)
    if m is None:
        return None
    phrase = m.group(1).lower()
    h = next(h for h in historical_events() if h.phrase == phrase)
    before = text[:m.start(1)].strip().split(" ")
    relation = before[0] if before and before[0] else "on"
    if relation in ("after", "since", "following", "before", "until"):
        return Resolved(h.date[:4], "year", f"historical:{relation}")  # near it, not on it
    if relation == "during" and h.precision == "day":
        return Resolved(h.date[:7], "month", "historical:during")
    return Resolved(h.date, h.precision, "historical")


def _relative(text: str, ref: dt.date, *, future: bool) -> Resolved | None:
    if text in ("today", "tonight", "this morning", "this afternoon", "this evening", "earlier today", "later today"):
        return Resolved(_iso(ref), "day", "today")
    if text in ("yesterday", "last night"):
        return Resolved(_iso(ref - dt.timedelta(days=1)), "day", "yesterday")
    if text == "the day before yesterday":
        return Resolved(_iso(ref - dt.timedelta(days=2)), "day", "day-before-yesterday")
    if text == "tomorrow":
        return Resolved(_iso(ref + dt.timedelta(days=1)), "day", "tomorrow")
    wd = re.search(_DAY, text)
    if wd:
        return _weekday(text, WEEKDAYS[wd.group(0)], ref, future=future)
    ago = re.fullmatch(rf"({_NUM}) (day|week|month|year|decade)s? (?:ago|earlier|before)", text)
    if ago:
        n = _number(ago.group(1))
        if n is None:
            return None
        unit = ago.group(2)
        if unit == "day":
            return Resolved(_iso(ref - dt.timedelta(days=n)), "day", "days-ago")
        if unit == "week":
            d = ref - dt.timedelta(weeks=n)
            return Resolved(_month_iso(d.year, d.month), "month", "weeks-ago")
        if unit == "month":
            d = _add_months(ref, -n)
            return Resolved(_month_iso(d.year, d.month), "month", "months-ago")
        years = n * (10 if unit == "decade" else 1)
        return Resolved(f"{ref.year - years:04d}", "year", "years-ago")
    if re.fullmatch(r"(?:earlier|later) (?:this|in the) week|this week", text):
        monday = ref - dt.timedelta(days=ref.weekday())
        return Resolved(_month_iso(monday.year, monday.month) if monday.month == ref.month else _month_iso(ref.year, ref.month),
                        "month", "this-week")
    if text in ("last week", "past week", "the previous week"):
        d = ref - dt.timedelta(days=7)
        return Resolved(_month_iso(d.year, d.month), "month", "last-week")
    if text in ("next week", "the following week"):
        d = ref + dt.timedelta(days=7)
        return Resolved(_month_iso(d.year, d.month), "month", "next-week")
    if text in ("this weekend", "last weekend", "past weekend", "next weekend"):
        return _weekend(text, ref, future=future)
    if text in ("this month", "earlier this month", "later this month", "earlier in the month", "later in the month"):
        return Resolved(_month_iso(ref.year, ref.month), "month", "this-month")
    if text in ("last month", "past month", "the previous month"):
        d = _add_months(ref.replace(day=1), -1)
        return Resolved(_month_iso(d.year, d.month), "month", "last-month")
    if text in ("next month", "the following month"):
        d = _add_months(ref.replace(day=1), 1)
        return Resolved(_month_iso(d.year, d.month), "month", "next-month")
    if text in ("this year", "earlier this year", "later this year", "earlier in the year", "later in the year"):
        return Resolved(f"{ref.year:04d}", "year", "this-year")
    if text in ("last year", "past year", "the previous year"):
        return Resolved(f"{ref.year - 1:04d}", "year", "last-year")
    if text in ("next year", "the following year"):
        return Resolved(f"{ref.year + 1:04d}", "year", "next-year")
    if text in ("recent days", "recent weeks"):
        return Resolved(_month_iso(ref.year, ref.month), "month", "recent")
    return None


def _weekday(text: str, wd: int, ref: dt.date, *, future: bool) -> Resolved:
    back = (ref.weekday() - wd) % 7
    ahead = (wd - ref.weekday()) % 7
    if text.startswith("last ") or text.startswith("this past "):
        delta = -(back or 7)
        rule = "last-weekday"
    elif text.startswith("next ") or text.startswith("this coming "):
        delta = ahead or 7
        rule = "next-weekday"
    elif future:
        delta = ahead or 7
        rule = "weekday-ahead"
    else:
        delta = -back
        rule = "weekday"
    return Resolved(_iso(ref + dt.timedelta(days=delta)), "day", rule)


def _weekend(text: str, ref: dt.date, *, future: bool) -> Resolved:
    """A weekend is dated by its Saturday."""
    back = (ref.weekday() - 5) % 7  # days since the latest Saturday (0 on a Saturday)
    latest_saturday = ref - dt.timedelta(days=back)
    if text in ("last weekend", "past weekend"):
        sat = latest_saturday if back >= 2 else latest_saturday - dt.timedelta(days=7)
    elif text == "next weekend":
        sat = latest_saturday + dt.timedelta(days=7) if back >= 2 else latest_saturday + dt.timedelta(days=7)
    elif future and back >= 2:
        sat = latest_saturday + dt.timedelta(days=7)  # "will march this weekend", said on a Wednesday
    else:
        sat = latest_saturday  # "protested this weekend", said on the Sunday or Monday after
    return Resolved(_iso(sat), "day", "weekend")
