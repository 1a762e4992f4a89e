"""The SQLite store: idempotent re-coding, one transaction per document, migrations, exact round trips."""

from __future__ import annotations

import sqlite3

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from khaldun.errors import StoreError
from khaldun.schema import ActorRef, CodedDocument, DocumentDate, Event, Magnitude, Place, SentenceRecord, Span
from khaldun.store.db import EventFilter, Store
from khaldun.store.migrations import LATEST

TYPES = ["AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST", "ACCUSE", "REJECT",
         "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT"]
SECTORS = ["GOV", "MIL", "REB", "INS", "OPP", "PTY", "COP", "JUD", "LEG", "REL", "CVL", "MED", "IGO", "NGO", "BUS", "UNK"]

text = st.text(min_size=1, max_size=30)
offsets = st.integers(min_value=0, max_value=10_000)
actor = st.builds(ActorRef, text=text, start=offsets, end=offsets, actor_id=st.none() | st.text(min_size=1, max_size=12),
                  name=st.none() | text, country=st.none() | st.from_regex(r"^[A-Z]{3}$", fullmatch=True),
                  sector=st.sampled_from(SECTORS), kind=st.none() | st.sampled_from(["state", "person", "organization", "group"]))
place = st.builds(Place, text=text, name=st.none() | text, country=st.none() | st.from_regex(r"^[A-Z]{3}$", fullmatch=True),
                  admin1=st.none() | text, lat=st.none() | st.floats(-90, 90), lon=st.none() | st.floats(-180, 180),
                  geonameid=st.none() | st.integers(-1000, 10_000_000), feature=st.none() | st.sampled_from(["PPL", "PCLI"]))
count = st.none() | st.integers(min_value=0, max_value=10**7)
event = st.builds(
    Event, id=st.from_regex(r"^ev_[0-9a-f]{20}$", fullmatch=True), doc_id=text, sentence_index=st.integers(0, 500),
    sentence=text, sentence_start=offsets, trigger=st.builds(Span, text=text, start=offsets, end=offsets),
    event_type=st.sampled_from(TYPES), mode=st.none() | st.sampled_from(["visit", "firearms", "arrest"]),
    cameo=st.from_regex(r"^(0[2-9]|1[0-9]|20)[0-9]{0,2}$", fullmatch=True), quad_class=st.integers(1, 4),
    goldstein=st.floats(-10, 10), source=st.none() | actor, target=st.none() | actor,
    magnitude=st.builds(Magnitude, dead=count, injured=count, arrested=count, size=count),
    location=st.none() | place, date=st.none() | st.sampled_from(["2014", "2014-06", "2014-06-10"]),
    date_precision=st.none() | st.sampled_from(["day", "month", "year"]),
    factuality=st.sampled_from(["asserted", "negated", "hypothetical", "question", "future", "intent"]),
    hedged=st.booleans(), speaker=st.none() | actor, confidence=st.floats(0, 1),
    evidence=st.dictionaries(st.sampled_from(["rule", "pattern", "x"]), st.text(max_size=10) | st.integers() | st.booleans()),
)


def _doc(events: list[Event], text_: str = "Iraqi forces attacked Kurdish fighters.", doc_id: str = "d1") -> CodedDocument:
    from khaldun.doc import content_hash

    return CodedDocument(doc_id=doc_id, content_hash=content_hash(text_), text=text_,
                         date=DocumentDate(basis="none"), sentences=[SentenceRecord(index=0, start=0, end=len(text_), text=text_)],
                         events=events)


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(ev=event)
def test_event_round_trips_exactly(tmp_path_factory, ev):
    with Store(tmp_path_factory.mktemp("rt") / "rt.db") as s:
        s.save(_doc([ev]))
        (back,) = list(s.events())
    assert back == ev


def test_recoding_is_idempotent(store):
    ev = Event(id="ev_" + "a" * 20, doc_id="d1", sentence_index=0, sentence="s", sentence_start=0,
               trigger=Span(text="x", start=0, end=1), event_type="ASSAULT", cameo="190", quad_class=4,
               goldstein=-10, confidence=0.9)
    store.save(_doc([ev]))
    store.save(_doc([ev]))
    assert store.counts()["documents"] == 1 and store.counts()["events"] == 1
    assert store.counts()["sentences"] == 1


def test_recoding_replaces_old_rows(store):
    ev1 = Event(id="ev_" + "1" * 20, doc_id="d1", sentence_index=0, sentence="s", sentence_start=0,
                trigger=Span(text="x", start=0, end=1), event_type="ASSAULT", cameo="190", quad_class=4, goldstein=-10, confidence=0.9)
    ev2 = ev1.model_copy(update={"id": "ev_" + "2" * 20, "event_type": "ACCUSE", "cameo": "112", "quad_class": 3})
    store.save(_doc([ev1]))
    store.save(_doc([ev2]))
    assert [e.id for e in store.events()] == [ev2.id]


def test_failed_write_keeps_earlier_documents(store, monkeypatch):
    ok = _doc([], text_="First document.", doc_id="first")
    store.save(ok)
    bad = _doc([], text_="Second document.", doc_id="second")
    from khaldun.schema import ActorMention

    bad.mentions.append(ActorMention(sentence_index=0, text="x", start=0, end=1))
    monkeypatch.setattr("khaldun.store.db._event_row", lambda *a: (_ for _ in ()).throw(sqlite3.OperationalError("disk I/O error")))
    bad.events.append(Event(id="ev_" + "b" * 20, doc_id="second", sentence_index=0, sentence="s", sentence_start=0,
                            trigger=Span(text="x", start=0, end=1), event_type="ASSAULT", cameo="190", quad_class=4,
                            goldstein=-10, confidence=0.5))
    with pytest.raises(StoreError, match="cannot write document 'second'"):
        store.save(bad)
    assert store.counts()["documents"] == 1 and store.counts()["mentions"] == 0
    assert store.query("SELECT doc_id FROM documents")[0]["doc_id"] == "first"


def test_schema_version_recorded(store):
    assert store.schema_version == LATEST
    rows = store.query("SELECT version, name FROM migrations")
    assert [r["version"] for r in rows] == list(range(1, LATEST + 1))


def test_readonly_store_refuses_missing_file(tmp_path):
    with pytest.raises(StoreError, match="does not exist"):
        Store(tmp_path / "nope.db", readonly=True)


def test_not_a_database(tmp_path):
    p = tmp_path / "junk.db"
    p.write_bytes(b"this is not sqlite at all" * 100)
    with pytest.raises(StoreError, match="is it a khaldun SQLite file"):
        Store(p)


def test_filters(store):
    base = dict(doc_id="d1", sentence="s", sentence_start=0, trigger=Span(text="x", start=0, end=1), confidence=0.9)
    evs = [
        Event(id="ev_" + "1" * 20, sentence_index=0, event_type="ASSAULT", cameo="190", quad_class=4, goldstein=-10,
              source=ActorRef(text="a", start=0, end=1, country="IRQ", sector="MIL"), date="2014-06-10", **base),
        Event(id="ev_" + "2" * 20, sentence_index=1, event_type="CONSULT", cameo="040", quad_class=1, goldstein=1,
              target=ActorRef(text="b", start=0, end=1, country="IRN", sector="GOV"), date="2015-01", factuality="future", **base),
    ]
    store.save(_doc(evs))
    assert [e.event_type for e in store.events(EventFilter(event_type=["assault"]))] == ["ASSAULT"]
    assert [e.event_type for e in store.events(EventFilter(country="irn"))] == ["CONSULT"]
    assert [e.event_type for e in store.events(EventFilter(since="2015"))] == ["CONSULT"]
    assert [e.event_type for e in store.events(EventFilter(until="2014-12"))] == ["ASSAULT"]
    assert [e.event_type for e in store.events(EventFilter(factuality=["future"]))] == ["CONSULT"]
    assert store.count_events(EventFilter(source_country="IRQ")) == 1


def test_event_listing_walks_an_index_not_a_sort(store):
    """Deep pages of /api/events must not sort the whole table (migration 2)."""
    plan = store.query("EXPLAIN QUERY PLAN SELECT record FROM events ORDER BY date IS NULL, date, doc_id, sentence_index, id "
                       "LIMIT 50 OFFSET 10000")
    details = " ".join(r["detail"] for r in plan)
    assert "USING INDEX events_order" in details and "TEMP B-TREE" not in details
