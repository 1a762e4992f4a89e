"""The Coder: the stage order, the per-document error handler, and the issue-2 example end to end."""

from __future__ import annotations

import pytest

from khaldun.errors import ConfigError, InputError, UsageError
from khaldun.pipeline import Coder, DocumentFailure
from khaldun.schema import Document


@pytest.mark.issue(2)
def test_issue_2_example(coder):
    (ev,) = [e for e in coder.code("Iraqi forces attacked Kurdish fighters in Kirkuk on Friday.", date="2017-10-20")
             if e.event_type == "ASSAULT"]
    assert (ev.source.country, ev.source.sector) == ("IRQ", "MIL")
    assert ev.target.text == "Kurdish fighters" and ev.target.country == "IRQ"
    assert ev.location.name == "Kirkuk" and ev.location.lat is not None and ev.location.country == "IRQ"
    assert ev.date == "2017-10-20" and ev.date_precision == "day"
    assert ev.factuality == "asserted" and ev.sentence_start == 0
    assert ev.trigger.text == "attacked"


def test_ids_are_stable(coder):
    text = "Iraqi forces attacked Kurdish fighters in Kirkuk on Friday."
    a = [e.id for e in coder.code(text, date="2017-10-20", doc_id="d")]
    b = [e.id for e in coder.code(text, date="2017-10-20", doc_id="d")]
    assert a == b and a


def test_offsets_point_into_the_text(coder):
    text = "KIRKUK, Iraq, Oct. 16, 2017 - Iraqi troops took control of Kirkuk.\n\nTurkish jets bombed PKK camps in Qandil on Monday."
    for e in coder.code(text, date="2017-10-16"):
        assert text[e.sentence_start:e.sentence_start + len(e.sentence)] == e.sentence
        assert text[e.trigger.start:e.trigger.end] == e.trigger.text
        for actor in (e.source, e.target):
            if actor is not None:
                assert text[actor.start:actor.end] == actor.text


def test_empty_text_is_an_input_error(coder):
    with pytest.raises(InputError):
        coder.code("   ")


def test_bad_date_is_a_usage_error(coder):
    with pytest.raises(UsageError, match="YYYY-MM-DD"):
        coder.code("Iraq protested.", date="June 10")


def test_stage_failure_is_reported_per_document(coder, monkeypatch):
    stage = next(s for s in coder.stages if s.name == "places")

    def boom(doc):
        if "explode" in doc.text:
            raise RuntimeError("simulated bug")
        return type(stage).__call__(stage, doc)

    monkeypatch.setattr(stage, "__call__", boom, raising=False)
    coder.stages[[s.name for s in coder.stages].index("places")] = type("Boom", (), {
        "name": "places", "requires": stage.requires, "assigns": stage.assigns, "__call__": staticmethod(boom)})()
    try:
        docs = [Document(doc_id="a", text="Iraq condemned the attack."), Document(doc_id="b", text="This will explode."),
                Document(doc_id="c", text="Iran praised Iraq.")]
        results = list(coder.pipe(docs))
    finally:
        coder.stages[[s.name for s in coder.stages].index("places")] = stage
    assert [type(r).__name__ for r in results] == ["CodedDocument", "DocumentFailure", "CodedDocument"]
    failure = results[1]
    assert isinstance(failure, DocumentFailure) and "stage 'places'" in failure.error.reason


def test_stage_order_is_checked(coder):
    bad = Coder.__new__(Coder)
    bad.stages = list(reversed(coder.stages))
    with pytest.raises(ConfigError, match="requires"):
        bad.check()


def test_a_dateline_never_enters_the_first_actor_span(coder):
    text = "BAGHDAD, April 10, 2003 — American troops attacked Iraqi forces in Baghdad."
    ev = coder.code(text, date="2003-04-10")
    assert ev and ev[0].source is not None
    assert ev[0].source.text == "American troops" and text[ev[0].source.start:].startswith("American troops")
