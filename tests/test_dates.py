"""Dates: every relative expression resolved against a fixed publication date, event dating, publication dates."""

from __future__ import annotations

import datetime as dt

import pytest
from geo_helpers import candidate, prepared
from hypothesis import given
from hypothesis import strategies as st

from khaldun.dates.events import EventDateStage
from khaldun.dates.publication import infer_from_text
from khaldun.dates.resolve import WEEKDAYS, find_expressions, resolve

REF = dt.date(2017, 10, 18)  # a Wednesday


@pytest.mark.parametrize("expr,value,precision", [
    ("on Friday", "2017-10-13", "day"),
    ("Friday", "2017-10-13", "day"),
    ("on Wednesday", "2017-10-18", "day"),          # the publication day itself
    ("last Monday", "2017-10-16", "day"),
    ("last Wednesday", "2017-10-11", "day"),        # never the publication day itself
    ("this past Sunday", "2017-10-15", "day"),
    ("Sunday night", "2017-10-15", "day"),
    ("next Tuesday", "2017-10-24", "day"),
    ("yesterday", "2017-10-17", "day"),
    ("last night", "2017-10-17", "day"),
    ("today", "2017-10-18", "day"),
    ("the day before yesterday", "2017-10-16", "day"),
    ("earlier this month", "2017-10", "month"),
    ("this month", "2017-10", "month"),
    ("last month", "2017-09", "month"),
    ("last week", "2017-10", "month"),
    ("this weekend", "2017-10-14", "day"),           # the weekend just gone, dated by its Saturday
    ("last weekend", "2017-10-14", "day"),
    ("a few months ago", "2017-07", "month"),
    ("two months ago", "2017-08", "month"),
    ("three weeks ago", "2017-09", "month"),
    ("five days ago", "2017-10-13", "day"),
    ("two years ago", "2015", "year"),
    ("earlier this year", "2017", "year"),
    ("last year", "2016", "year"),
    ("in 2003", "2003", "year"),
    ("in March", "2017-03", "month"),
    ("in November", "2016-11", "month"),             # a month not yet come this year is last year's
    ("on March 3", "2017-03-03", "day"),
    ("March 3, 2014", "2014-03-03", "day"),
    ("3 March 2014", "2014-03-03", "day"),
    ("March 2014", "2014-03", "month"),
    ("2014-03-03", "2014-03-03", "day"),
    ("after 9/11", "2001", "year"),
    ("on 9/11", "2001-09-11", "day"),
    ("since the fall of Mosul", "2014", "year"),
    ("the fall of Baghdad", "2003-04-09", "day"),
])
def test_expressions_resolve_against_the_publication_date(expr, value, precision):
    r = resolve(expr, REF)
    assert r is not None, expr
    assert (r.value, r.precision) == (value, precision)


def test_future_clauses_look_forward():
    assert resolve("on Friday", REF, future=True).value == "2017-10-20"
    assert resolve("this weekend", REF, future=True).value == "2017-10-21"
    assert resolve("in March", REF, future=True).value == "2018-03"
    assert resolve("tomorrow", REF).value == "2017-10-19"


def test_relative_expressions_need_a_reference_date():
    assert resolve("last Monday", None) is None
    assert resolve("March 3, 2014", None).value == "2014-03-03"


def test_expressions_are_found_in_running_text():
    text = "Gunmen struck on Friday, a few months ago the town fell, and earlier this month, after 9/11, in 2003."
    found = [t for _, _, t in find_expressions(text)]
    assert found == ["Friday", "a few months ago", "earlier this month", "after 9/11", "in 2003"]


# -- property tests -------------------------------------------------------------------------
dates = st.dates(min_value=dt.date(1990, 1, 1), max_value=dt.date(2030, 12, 31))


@given(ref=dates, n=st.integers(min_value=1, max_value=400))
def test_n_days_ago_round_trips(ref, n):
    r = resolve(f"{n} days ago", ref)
    assert r.precision == "day"
    assert (ref - dt.date.fromisoformat(r.value)).days == n


@given(ref=dates, day=st.sampled_from(sorted(WEEKDAYS)), last=st.booleans())
def test_past_weekdays_land_within_the_past_week(ref, day, last):
    r = resolve(("last " if last else "on ") + day.capitalize(), ref)
    got = dt.date.fromisoformat(r.value)
    assert got.weekday() == WEEKDAYS[day]
    gap = (ref - got).days
    assert (1 <= gap <= 7) if last else (0 <= gap <= 6)


@given(ref=dates, day=st.sampled_from(sorted(WEEKDAYS)))
def test_next_weekday_lands_within_the_coming_week(ref, day):
    got = dt.date.fromisoformat(resolve(f"next {day}", ref).value)
    assert got.weekday() == WEEKDAYS[day] and 1 <= (got - ref).days <= 7


@given(ref=dates, n=st.integers(min_value=1, max_value=30))
def test_months_ago_is_never_after_the_reference(ref, n):
    r = resolve(f"{n} months ago", ref)
    assert r.precision == "month" and r.value < f"{ref.year:04d}-{ref.month:02d}"


# -- events ---------------------------------------------------------------------------------
def dated(text: str, trigger: str, *, factuality: str = "asserted", date: str | None = "2017-10-18"):
    doc = prepared(text, date=date)
    c = candidate(doc, trigger, factuality=factuality)
    EventDateStage()(doc)
    return c


def test_event_takes_the_expression_attached_to_its_trigger():
    c = dated("Gunmen killed five policemen in Kirkuk last Monday.", "killed")
    assert (c.date, c.date_precision) == ("2017-10-16", "day")
    assert c.date_basis.startswith("text:attached")


def test_each_event_takes_its_own_expression():
    text = "Militants seized the town in 2014, and the army retook it on Friday."
    assert dated(text, "seized").date == "2014"
    assert dated(text, "retook").date == "2017-10-13"


def test_historical_reference_dates_the_event():
    c = dated("The militia was formed after 9/11 in the north.", "formed")
    assert (c.date, c.date_precision) == ("2001", "year")


def test_undated_asserted_event_takes_the_publication_date():
    c = dated("Gunmen killed five policemen in Kirkuk.", "killed")
    assert (c.date, c.date_precision, c.date_basis) == ("2017-10-18", "day", "publication")


@pytest.mark.parametrize("text,trigger,factuality", [
    ("If the army attacks Kirkuk, thousands will flee.", "attacks", "hypothetical"),
    ("Will the army attack Kirkuk?", "attack", "question"),
    ("The army will attack Kirkuk.", "attack", "future"),
])
def test_hypotheticals_and_questions_keep_a_null_date(text, trigger, factuality):
    c = dated(text, trigger, factuality=factuality)
    assert c.date is None and c.date_precision is None


def test_hypothetical_with_a_date_in_the_text_keeps_it():
    c = dated("Would the army attack Kirkuk on Friday?", "attack", factuality="question")
    assert c.date == "2017-10-20"  # a question about what is to come looks forward


def test_no_publication_date_means_no_relative_dates():
    c = dated("Gunmen killed five policemen last Monday.", "killed", date=None)
    assert c.date is None


# -- publication date -------------------------------------------------------------------------
def test_publication_date_from_a_dateline():
    d = infer_from_text("KIRKUK, Iraq, Oct. 16, 2017 — Iraqi forces entered the city.")
    assert (d.date, d.basis) == (dt.date(2017, 10, 16), "dateline")


def test_publication_date_from_the_latest_date_mentioned():
    d = infer_from_text("The siege began on March 3, 2014. It ended on 12 June 2015, officials said.")
    assert (d.date, d.basis) == (dt.date(2015, 6, 12), "latest-event")
    assert 0 < d.confidence < 1


def test_publication_date_from_a_span_after_a_named_event():
    d = infer_from_text("More than five years after the fall of Baghdad, the city is calm.")
    assert d.basis == "text" and d.date == dt.date(2008, 4, 9) and d.confidence < 0.5


def test_publication_date_unknown():
    d = infer_from_text("Gunmen attacked a checkpoint.")
    assert d.date is None and d.basis == "none"


def test_input_date_wins_and_html_metadata_is_named():
    from khaldun.dates.publication import publication_date
    from khaldun.doc import CodedDoc
    from khaldun.schema import Document

    doc = CodedDoc(Document(doc_id="a", text="KIRKUK, Iraq, Oct. 16, 2017 — x", date=dt.date(2017, 10, 17), origin="a.html"))
    assert publication_date(doc).basis == "metadata"
    doc = CodedDoc(Document(doc_id="a", text="x", date=dt.date(2017, 10, 17), origin="in.jsonl:3"))
    assert publication_date(doc).basis == "input"
    doc = CodedDoc(Document(doc_id="a", text="x"), default_date=dt.date(2017, 1, 1))
    assert publication_date(doc).basis == "option"
