"""Toponyms: recognition, metonyms and demonyms, resolution with context and hierarchy, event location."""

from __future__ import annotations

import pytest
from geo_helpers import geoparser, located, prepared

from khaldun.schema import Document


def places(text: str):
    doc = geoparser().place_stage(prepared(text))
    return {h.text: h for h in doc.places}


def test_place_in_a_province_takes_the_province_as_admin1():
    hits = places("Gunmen attacked a checkpoint in Hawija in Kirkuk province.")
    hawija = hits["Hawija"].place
    assert hawija.country == "IRQ" and hawija.admin1 == "Kirkuk"
    assert hits["Kirkuk province"].place.feature == "ADM1"


def test_admin_hierarchy_picks_the_town_in_the_named_state():
    hits = places("The fire broke out in Paris, Texas, on Sunday.")
    assert hits["Paris"].place.country == "USA" and hits["Paris"].place.admin1 == "Texas"
    hits = places("The storm reached London, Ontario, late on Tuesday.")
    assert hits["London"].place.country == "CAN"


def test_document_context_decides_between_homonyms():
    hits = places("Iraqi troops moved north from Baghdad. Fighting continued near Tal Afar and Sinjar.")
    assert hits["Sinjar"].place.country == "IRQ"
    hits = places("Protesters gathered in Tbilisi, the capital of Georgia, on Sunday.")
    assert hits["Georgia"].place.country == "GEO"


def test_country_and_admin1_always_filled_for_known_places():
    for h in places("Clashes erupted in Mosul and Erbil while Turkish jets struck Sinjar.").values():
        if h.place is not None and h.kind == "place" and not h.place.feature.startswith("PCL"):
            assert h.place.country and h.place.admin1, h.text


def test_metonyms_are_actors_not_places():
    hits = places("Washington said it would send more troops. Tehran's allies rejected the plan.")
    assert hits["Washington"].kind == "metonym" and hits["Washington"].is_actor
    assert hits["Tehran"].kind == "metonym"
    assert hits["Washington"].place.feature == "PPLC"  # the capital, not the state
    hits = places("Thousands rallied in Washington on Saturday.")
    assert hits["Washington"].kind == "place" and not hits["Washington"].is_actor


def test_demonyms_resolve_to_their_country_and_are_actors():
    hits = places("Turkish forces shelled the village.")
    assert hits["Turkish"].kind == "demonym" and hits["Turkish"].place.country == "TUR"
    assert hits["Turkish"].is_actor


def test_non_country_groups_are_not_toponyms():
    hits = places("Islamist fighters and Republican senators met in Mosul.")
    assert "Islamist" not in hits and "Republican" not in hits and "Mosul" in hits


def test_person_names_that_are_also_places_are_not_places():
    hits = places("Jordan Peterson spoke to reporters about the election.")
    assert "Jordan" not in hits


def test_places_command_output_keeps_offsets_and_roles():
    text = "Washington said Iraqi forces entered Kirkuk."
    out = list(geoparser().places(Document(doc_id="d1", text=text)))
    by_text = {p.text: p for p in out}
    assert text[by_text["Kirkuk"].start:by_text["Kirkuk"].end] == "Kirkuk"
    assert by_text["Kirkuk"].country == "IRQ" and by_text["Kirkuk"].lat is not None


def test_unknown_place_framed_by_a_place_noun_is_a_toponym():
    hits = places("Militants stormed the village of Zubaydat al-Gharbiya at dawn.")
    assert any("Zubaydat" in t for t in hits)


# -- event location -------------------------------------------------------------------------
def test_event_location_attached_by_preposition():
    c = located("Gunmen killed five policemen in Kirkuk on Friday.", "killed")
    assert c.location.text == "Kirkuk" and c.location_basis == "attached:prep:in"


def test_event_location_near_the_border_with():
    c = located("Turkish jets bombed positions near the border with Iraq.", "bombed")
    assert c.location.text == "Iraq" and c.location_basis.startswith("attached")


def test_event_location_of_a_nominal_trigger():
    c = located("The battle for Mosul lasted nine months.", "battle")
    assert c.location.text == "Mosul"


def test_event_location_as_the_object_of_a_verb_acting_on_places():
    c = located("Kurdish fighters captured Sinjar after a week of fighting.", "captured")
    assert c.location.text == "Sinjar" and c.location_basis == "attached:object"


def test_event_location_prefers_the_most_specific_attached_place():
    c = located("A bomb killed three people in the Karrada district of Baghdad in Iraq.", "killed")
    assert c.location.text.startswith("Karrada")
    assert c.location.text != "Iraq"


def test_metonym_is_never_the_event_location():
    c = located("Washington condemned the attack on the convoy.", "attack")
    assert c.location is None or c.location.text != "Washington"


def test_event_location_falls_back_to_the_sentence_then_the_paragraph():
    c = located("In Basra, police said gunmen shot a lawyer.", "shot")
    assert c.location.text == "Basra"
    c = located("Fighting raged around Ramadi. Three soldiers were killed, officials said.", "killed")
    assert c.location.text == "Ramadi" and c.location_basis == "paragraph"


def test_place_in_another_clause_is_not_the_location_by_the_rules():
    c = located("The militants who had fled Raqqa killed two shepherds.", "killed", rules=True)
    assert c.location is None or c.location_basis == "paragraph"


@pytest.mark.xfail(reason="the event-location model learned from gold that often counts a place inside a relative "
                          "clause of the sentence; here that is wrong (docs/places-and-dates.md)", strict=False)
def test_place_in_another_clause_is_not_the_location_by_the_model():
    c = located("The militants who had fled Raqqa killed two shepherds.", "killed")
    assert c.location is None or c.location_basis == "paragraph"
