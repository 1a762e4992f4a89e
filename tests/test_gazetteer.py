"""The gazetteer: name variants, admin1 names, country points, the project's and the user's extra places."""

from __future__ import annotations

import json

import pytest

from khaldun.errors import DataFileError
from khaldun.places.gazetteer import Gazetteer, skeleton
from geo_helpers import geoparser


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return geoparser().place_stage.gazetteer


def best(gaz: Gazetteer, name: str, country: str = "IRQ"):
    return next(p for p in gaz.lookup(name) + gaz.fuzzy(name) if p.country == country and not p.is_admin)


@pytest.mark.parametrize("a,b", [("Basra", "Basrah"), ("Sulaimaniya", "Sulaymaniyah"), ("Tal Afar", "Tall Afar"),
                                 ("Falluja", "Fallujah"), ("Dohuk", "Duhok")])
def test_name_variants_reach_the_same_town(gaz, a, b):
    assert best(gaz, a).geonameid == best(gaz, b).geonameid


def test_transliteration_skeleton_meets_unlisted_spellings():
    assert skeleton("sulaimaniya") == skeleton("sulaymaniyah")
    assert skeleton("deir ezzor") == skeleton("deir ez zor")
    assert skeleton("al qamishli") == skeleton("qamishli")
    assert skeleton("kirkuk") != skeleton("karbala")


def test_fuzzy_lookup_finds_a_spelling_geonames_lacks(gaz):
    assert any(p.name.endswith("Qāmishlī") or p.country == "SYR" for p in gaz.fuzzy("Qamishli"))


def test_admin1_is_a_name_not_a_code(gaz):
    kirkuk = best(gaz, "Kirkuk")
    assert kirkuk.admin1 == "Kirkuk"
    assert best(gaz, "Mosul").admin1 == "Nineveh"
    assert best(gaz, "Aleppo", "SYR").admin1 == "Aleppo"
    edmonton = next(p for p in gaz.lookup("Edmonton") if p.country == "CAN")
    assert edmonton.admin1 == "Alberta"


def test_provinces_are_places_with_english_aliases(gaz):
    nineveh = [p for p in gaz.lookup("Ninawa") if p.is_admin]
    assert nineveh and nineveh[0].name == "Nineveh" and nineveh[0].lat is not None
    assert any(p.is_admin and p.country == "USA" for p in gaz.lookup("Ky."))


def test_a_province_centre_is_not_dragged_off_by_a_stray_town():
    from khaldun.places.gazetteer import _centre

    towns = [(32.0 + i / 100, 119.0 + i / 100) for i in range(100)] + [(33.0, 101.0)]  # one town mis-coded 1,800 km west
    lat, lon = _centre(towns)
    assert 32.0 < lat < 33.0 and 119.0 < lon < 120.0
    assert _centre([(10.0, 20.0), (12.0, 24.0)]) == (11.0, 22.0)  # few towns: the midpoint of their extent


def test_countries_have_coordinates(gaz):
    for iso3 in ("IRQ", "SYR", "TUR", "USA", "UKR"):
        c = gaz.country(iso3)
        assert c is not None and c.lat is not None and c.lon is not None
    iraq = gaz.country("IRQ")
    assert 29 < iraq.lat < 38 and 38 < iraq.lon < 49


def test_project_extra_places(gaz):
    perde = gaz.lookup("Perde")
    assert perde and perde[0].name == "Altun Kupri" and perde[0].admin1 == "Kirkuk"
    assert gaz.lookup("Ain al-Asad")[0].feature == "AIRB"
    assert gaz.lookup("Kobane")[0].country == "SYR"


def test_demonyms_are_kept_apart_from_names(gaz):
    turkish = gaz.lookup("Turkish")
    assert turkish and turkish[0].is_country and turkish[0].match == 3
    assert not gaz.lookup("Turks")  # a people, not a toponym


def test_user_place_file_adds_places_and_aliases(tmp_path, gaz):
    f = tmp_path / "mine.jsonl"
    f.write_text("// my places\n" + json.dumps({"geonameid": -9001, "name": "Camp Nowhere", "lat": 35.1, "lon": 43.2,
                                                "country": "IRQ", "admin1": "Kirkuk", "feature": "MILB",
                                                "aliases": ["Nowhere base"]}) + "\n"
                 + json.dumps({"geonameid": best(gaz, "Kirkuk").geonameid, "aliases": ["Karkuk town"]}) + "\n",
                 encoding="utf-8")
    mine = Gazetteer(gaz.path, place_files=[f])
    assert mine.lookup("Nowhere base")[0].geonameid == -9001
    assert mine.lookup("Karkuk town")[0].name == "Kirkuk"
    assert mine.get(-9001).feature == "MILB"
    assert not gaz.lookup("Nowhere base")  # another gazetteer is untouched


def test_user_place_file_errors_name_the_line(tmp_path, gaz):
    f = tmp_path / "bad.jsonl"
    f.write_text(json.dumps({"geonameid": -1, "name": "No coordinates"}) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="bad.jsonl line 1"):
        Gazetteer(gaz.path, place_files=[f])
    f.write_text(json.dumps({"geonameid": 123456789012, "aliases": ["x"]}) + "\n", encoding="utf-8")
    with pytest.raises(DataFileError, match="not in the gazetteer"):
        Gazetteer(gaz.path, place_files=[f])
