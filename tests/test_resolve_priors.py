"""Resolution priors: US counties carry GeoNames ids, states and provinces outrank homonymous towns, a province
named after its chief town gives way to the town."""

from __future__ import annotations

from geo_helpers import geoparser, prepared


def places(text: str):
    doc = geoparser().place_stage(prepared(text))
    return {h.text: h for h in doc.places}


def test_us_counties_carry_geonames_adm2_ids():
    gaz = geoparser().place_stage.gazetteer
    harris = {p.admin1: p for p in gaz.lookup("Harris County") if p.feature == "ADM2"}
    assert harris["Texas"].geonameid == 4696376 and harris["Georgia"].geonameid == 4199416  # GeoNames admin2 ids
    assert all(p.geonameid > 0 for p in harris.values())
    assert gaz.lookup("Harris Co.")[0].geonameid in {4696376, 4199416}


def test_a_state_outranks_a_small_homonymous_town_near_the_other_places():
    # Florida, New York (a village of 3,000) lies near Queens and Brooklyn; the bare name is still the state
    hits = places("The storm flooded Queens and Brooklyn on Monday and is expected to reach Florida by Friday.")
    assert hits["Florida"].place.feature == "ADM1" and hits["Florida"].place.admin1 == "Florida"


def test_a_state_outranks_a_homonymous_town_in_a_neighbouring_state():
    # Wyoming, Ohio (8,000 people) lies in a state the document names; the bare name is still the state
    hits = places("Drought hit Ohio and Kentucky farms while ranchers in Wyoming sold herds.")
    assert hits["Wyoming"].place.feature == "ADM1" and hits["Wyoming"].place.admin1 == "Wyoming"


def test_a_province_named_after_its_chief_town_gives_way_to_the_town():
    # the town holds a fifth of the province's people: the bare name is the town, even with the province's bonus
    assert places("Health officials in Sao Paulo reported 30 new cases.")["Sao Paulo"].place.feature == "PPL"
    assert places("Police in Chongqing detained two men.")["Chongqing"].place.feature == "PPL"
    assert places("Clashes spread across Idlib province.")["Idlib province"].place.feature == "ADM1"


def test_a_province_gives_way_to_its_chief_town_written_another_way():
    # the towns are "Basrah", "Ar Raqqah", "Ḩamāh", "Diyarbakır" in GeoNames; the provinces carry the English name
    for name in ("Basra", "Raqqa", "Hama", "Diyarbakir"):
        hit = places(f"Gunmen killed two policemen in {name} on Monday.")[name]
        assert hit.place.feature == "PPL", name


def test_a_lone_small_town_far_abroad_is_left_to_the_fall_back():
    # the gazetteer's only "Heathrow" is a village in Florida; in a British story the name takes London's point
    hits = places("Flights at Heathrow were cancelled as snow fell on London and Manchester.")
    assert hits["Heathrow"].place.country == "GBR"
    # a small town with no other place in the document keeps its reading
    assert places("Gunmen killed two policemen in Marib on Monday.")["Marib"].place.country == "YEM"
