"""khaldun.analysis without HTTP: the summaries and record look-ups the API and the dashboard serve."""

from __future__ import annotations

import pytest

from api_data import build_store, coded_documents
from khaldun.analysis import aggregates, records
from khaldun.errors import NotFound, UsageError
from khaldun.schema import ActorRef, CodedDocument, Event, SentenceRecord, Span
from khaldun.store.db import EventFilter, Store


@pytest.fixture()
def filled(tmp_path):
    build_store(tmp_path / "a.db")
    with Store(tmp_path / "a.db", readonly=True) as store:
        yield store


def one_event_doc(doc_id: str, text: str, *, source: tuple[str, str | None, str | None, str],
                  target: tuple[str, str | None, str | None, str], date: str = "2016-05-01",
                  quad: int = 4) -> CodedDocument:
    """A one-sentence document whose only event runs from the first words named to the second."""
    def ref(words: str, actor_id: str | None, country: str | None, sector: str) -> ActorRef:
        at = text.index(words)
        return ActorRef(text=words, start=at, end=at + len(words), actor_id=actor_id, country=country, sector=sector)

    trigger_at = text.index(" ") + 1
    trigger = Span(text=text[trigger_at:text.index(" ", trigger_at)], start=trigger_at, end=text.index(" ", trigger_at))
    event = Event(id=f"ev_{doc_id}", doc_id=doc_id, sentence_index=0, sentence=text, sentence_start=0, trigger=trigger,
                  event_type="ASSAULT" if quad == 4 else "CONSULT", cameo="190" if quad == 4 else "040", quad_class=quad,
                  goldstein=-10.0 if quad == 4 else 1.0, source=ref(*source), target=ref(*target), date=date,
                  date_precision="day", confidence=0.5)
    from khaldun.doc import content_hash

    return CodedDocument(doc_id=doc_id, content_hash=content_hash(text), text=text,
                         sentences=[SentenceRecord(index=0, start=0, end=len(text), text=text)], events=[event])


def test_months_are_filled_across_a_year_boundary(filled):
    t = aggregates.timeline(filled, EventFilter(since="2019-12"), by="month")
    assert [p.period for p in t.periods] == ["2019-12", "2020-01"]
    assert t.periods[0].total == 4 and t.periods[1].material_conflict == 1
    assert t.undated == 0, "a date filter leaves undated events out"


def test_unknown_period_or_level_is_a_usage_error(filled):
    with pytest.raises(UsageError, match="week"):
        aggregates.timeline(filled, by="week")
    with pytest.raises(UsageError, match="planet"):
        aggregates.network(filled, level="planet")


def test_internal_conflict_is_a_self_loop_counted_once(tmp_path):
    doc = one_event_doc("clash", "Iraqi police attacked Iraqi protesters in Basra.",
                        source=("Iraqi police", "IRQ", "IRQ", "COP"), target=("Iraqi protesters", None, "IRQ", "CVL"))
    with Store(tmp_path / "s.db") as store:
        store.save(doc)
        by_country = aggregates.network(store, level="country")
        assert [(e.source, e.target, e.events) for e in by_country.edges] == [("IRQ", "IRQ", 1)]
        assert [(n.id, n.events, n.conflict) for n in by_country.nodes] == [("IRQ", 1, 1)]
        by_sector = aggregates.network(store, level="sector")
        assert [(e.source, e.target) for e in by_sector.edges] == [("IRQ COP", "IRQ CVL")]


def test_an_actor_known_only_from_events_has_a_profile(tmp_path):
    doc = one_event_doc("talks", "Envoys met Houthi leaders in Muscat.", quad=1,
                        source=("Envoys", "envoys", None, "GOV"), target=("Houthi leaders", "houthis", "YEM", "REB"))
    with Store(tmp_path / "p.db") as store:
        store.save(doc)  # no mentions: the actors table stays empty
        profile = aggregates.actor_profile(store, "houthis")
        assert (profile.as_source, profile.as_target) == (0, 1)
        assert profile.actor.sectors == {"REB": 1} and profile.partners[0].id == "envoys"
        assert profile.partners[0].cooperation == 1
        with pytest.raises(NotFound):
            aggregates.actor_profile(store, "nobody")


def test_recoded_document_serves_its_latest_text(tmp_path):
    first = one_event_doc("same-id", "Turkey attacked Kurdish fighters in Afrin.",
                          source=("Turkey", "TUR", "TUR", "MIL"), target=("Kurdish fighters", "kurds", "SYR", "MIL"))
    second = one_event_doc("same-id", "Turkey shelled Kurdish fighters near Afrin today.",
                           source=("Turkey", "TUR", "TUR", "MIL"), target=("Kurdish fighters", "kurds", "SYR", "MIL"))
    with Store(tmp_path / "r.db") as store:
        store.save(first)
        store.save(second)
        assert records.get_document(store, "same-id").text == second.text
        assert records.get_event(store, "ev_same-id").trigger.text == "shelled"


def test_facets_list_what_is_stored(filled):
    f = aggregates.facets(filled)
    assert f.years == ["2014", "2015", "2019", "2020"]
    assert (f.first_date, f.last_date) == ("2014-06-10", "2020-01")
    assert f.event_types["ASSAULT"] == 4 and f.factualities == {"asserted": 10, "hypothetical": 1, "negated": 1}
    events = [e for d in coded_documents() for e in d.events]
    assert f.countries["USA"] == sum(1 for e in events if "USA" in (e.source.country, e.target and e.target.country))


def test_an_empty_store_gives_empty_summaries(tmp_path):
    with Store(tmp_path / "empty.db") as store:
        assert aggregates.summary(store)["counts"]["events"] == 0
        assert aggregates.timeline(store).periods == []
        assert aggregates.network(store).nodes == []
        assert aggregates.event_map(store).points == []
        assert aggregates.facets(store).years == []
        with pytest.raises(NotFound):
            records.get_document(store, "anything")
