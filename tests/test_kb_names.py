"""Names that depend on case or date, and states that did not exist yet.

An acronym alias ("SADR") names its actor only when written in capitals, so the ordinary name
"Sadr" is the cleric's; a name a state bore only over a period (the DRC was "Zaire" from 1971
to 1997, "Congo" before and after) is validated and indexed with its dates; a state with an
``active`` period and a ``part_of`` affiliation (South Sudan, part of Sudan until 2011-07-09)
is coded as its parent before it existed. The records here are written for the tests.
"""

from __future__ import annotations

import datetime as dt

import pytest
from pydantic import ValidationError

from khaldun.kb.actors import ActorKB, is_acronym
from khaldun.kb.records import ActorRecord


def _kb() -> ActorKB:
    recs = [
        {"id": "AAA", "name": "Avalonia", "kind": "state", "country": "AAA", "aliases": ["Free Republic of Avalonia", "FRA-X"],
         "adjectives": ["Avalonian"]},
        {"id": "BBB", "name": "Borduria", "kind": "state", "country": "BBB", "aliases": ["Bord"],
         "dated_names": [{"text": "Avalon", "start": "1990-01-01"}, {"text": "Syldavia", "end": "1979-12-31"}]},
        {"id": "CCC", "name": "Carpania", "kind": "state", "country": "CCC", "aliases": ["Avalon"]},
        {"id": "SRN", "name": "Southern Republic", "kind": "state", "country": "SRN", "active": ["2011-07-09", None],
         "affiliations": [{"actor": "BBB", "relation": "part_of", "end": "2011-07-09"}]},
        {"id": "bord-front", "name": "Bord Front", "kind": "organization", "country": "BBB", "aliases": ["BORD"]},
    ]
    return ActorKB([ActorRecord.model_validate(r) for r in recs])


def test_acronyms_are_known_by_their_capitals():
    assert is_acronym("SADR") and is_acronym("U.N.") and not is_acronym("Sadr") and not is_acronym("SUPERLONGNAME")
    kb = _kb()
    assert [e.actor_id for e in kb.find("BORD")] == ["bord-front"]
    assert [e.actor_id for e in kb.find("Bord")] == ["BBB"]
    assert [e.actor_id for e in kb.find("bord")] == ["BBB"]


def test_dated_names_carry_their_period():
    kb = _kb()
    entries = {e.actor_id: e for e in kb.find("Avalon")}
    assert set(entries) == {"BBB", "CCC"}
    assert entries["BBB"].valid_on(dt.date(1995, 1, 1)) and not entries["BBB"].valid_on(dt.date(1985, 1, 1))
    assert entries["CCC"].valid_on(dt.date(1985, 1, 1)) and entries["CCC"].start is None
    (old,) = kb.find("Syldavia")
    assert old.valid_on(dt.date(1975, 1, 1)) and not old.valid_on(dt.date(1985, 1, 1))


def test_a_dated_name_must_end_after_it_starts():
    with pytest.raises(ValidationError, match="ends before it starts"):
        ActorRecord.model_validate({"id": "x", "name": "X", "kind": "state", "country": "XXX",
                                    "dated_names": [{"text": "Old X", "start": "2000-01-01", "end": "1990-01-01"}]})


def test_a_state_before_it_existed_is_coded_as_its_parent():
    kb = _kb()
    assert kb.country_on("SRN", dt.date(2005, 1, 1)) == "BBB"
    assert kb.country_on("SRN", dt.date(2015, 1, 1)) == "SRN"
    assert kb.country_on("SRN", None) == "SRN"
    assert kb.country_on("AAA", dt.date(1900, 1, 1)) == "AAA"
    assert kb.country_on(None, dt.date(2005, 1, 1)) is None


def test_shipped_states_that_changed_names():
    kb = ActorKB.load()
    assert kb.country_on("SSD", dt.date(2005, 1, 1)) == "SDN" and kb.country_on("SSD", dt.date(2012, 1, 1)) == "SSD"
    congo = {e.actor_id for e in kb.find("Congo") if e.valid_on(dt.date(1990, 1, 1))}
    assert congo == {"COG"}, "while the DRC was Zaire, 'Congo' was only the Republic of the Congo"
    assert {e.actor_id for e in kb.find("Zaire")} == {"COD"}
    assert {e.actor_id for e in kb.find("Soviet")} == {"RUS"}
    assert {e.actor_id for e in kb.find("Sadr")} == {"muqtada-al-sadr"}
    assert {e.actor_id for e in kb.find("SADR")} == {"ESH"}
