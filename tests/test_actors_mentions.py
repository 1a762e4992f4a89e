"""Actor mentions: names, titles, appositions, compounds, metonyms, phrases around names, places.

Sentences written for these tests; fictional organizations come from a user actor file so
that the cases hold whichever real organizations the shipped data has.
"""

from __future__ import annotations

import datetime as dt

import pytest

from khaldun.actors.mentions import ActorStage
from khaldun.doc import CodedDoc
from khaldun.kb.actors import ActorKB
from khaldun.schema import Document, DocumentDate

FICTION = """\
actors:
  - id: valley-brigades
    name: Valley Brigades
    kind: organization
    country: IRQ
    sector: REB
  - id: baghdad-today
    name: Baghdad Today
    kind: organization
    country: IRQ
    sector: MED
"""


@pytest.fixture(scope="module")
def run(coder, tmp_path_factory):
    path = tmp_path_factory.mktemp("kb") / "fiction.yaml"
    path.write_text(FICTION, encoding="utf-8")
    stage = ActorStage(ActorKB.load([path]), coder.parser.nlp, places=coder.gazetteer)

    def _run(text: str, day: str = "2015-06-01"):
        doc = CodedDoc(Document(doc_id="t", text=text))
        coder.parser(doc)
        doc.pub_date = DocumentDate(date=dt.date.fromisoformat(day), basis="option", confidence=1.0)
        stage(doc)
        return doc.mentions
    return _run


def _at(mentions, text):
    found = [m for m in mentions if m.text == text]
    assert found, f"no mention {text!r} in {[m.text for m in mentions]}"
    return found[0]


def test_title_and_name_make_one_mention(run):
    ms = run("Prime Minister Nouri al-Maliki met tribal leaders on Monday.", day="2012-01-10")
    m = _at(ms, "Prime Minister Nouri al-Maliki")
    assert (m.actor_id, m.country, m.sector, m.role) == ("nouri-al-maliki", "IRQ", "GOV", "prime minister")
    assert sum(1 for x in ms if x.actor_id == "nouri-al-maliki") == 1


def test_a_title_in_the_text_names_the_office_the_kb_dates_elsewhere(run):
    m = _at(run("President Obama spoke on Monday.", day="2005-06-01"), "President Obama")
    assert m.actor_id == "barack-obama" and m.sector == "GOV" and m.role == "president"


def test_apposition_gives_an_unknown_person_a_side(run):
    ms = run("Vahal Ali, the communications director for Iraqi President Fuad Masum, said the talks failed.")
    ali = _at(ms, "Vahal Ali")
    assert ali.actor_id is None and ali.country == "IRQ" and ali.sector == "GOV" and "appos" in ali.method
    assert _at(ms, "Iraqi President Fuad Masum").actor_id == "fuad-masum"


def test_unknown_commander_takes_country_and_sector_from_the_text(run):
    ms = run("A local Valley Brigades commander, Bakr Razgai, said his men would hold the bridge.")
    razgai = _at(ms, "Bakr Razgai")
    assert razgai.country == "IRQ" and razgai.sector in ("REB", "MIL") and razgai.kind == "person"


def test_compound_actor_keeps_each_member(run):
    m = _at(run("Iraqi and Kurdish forces retook the town."), "Iraqi and Kurdish forces")
    assert (m.country, m.sector) == ("IRQ", "MIL")
    (member,) = m.members
    assert member.actor_id == "kurds" and member.text == "Kurdish" and member.sector == "MIL"


def test_metonyms(run):
    ms = run("The Pentagon said Baghdad had rejected the plan, after talks in Tehran.")
    assert (_at(ms, "The Pentagon").country, _at(ms, "The Pentagon").sector) == ("USA", "MIL")
    assert (_at(ms, "Baghdad").country, _at(ms, "Baghdad").sector) == ("IRQ", "GOV")
    tehran = _at(ms, "Tehran")
    assert tehran.is_place and tehran.country == "IRN"


def test_role_description_in_running_text(run):
    m = _at(run("The Iranian president said the deal would hold.", day="2016-01-20"), "The Iranian president")
    assert m.actor_id == "hassan-rouhani" and m.method == "office"


def test_phrase_around_a_name_names_the_actor(run):
    ms = run("The Turkish government's plan angered the Kurds. A French Supreme Court ruling followed.")
    m = _at(ms, "The Turkish government's plan")
    assert (m.country, m.sector) == ("TUR", "GOV") and ms[0].text == "The Turkish government's plan"
    court = _at(ms, "A French Supreme Court ruling")
    assert (court.country, court.sector) == ("FRA", "JUD")


def test_sector_noun_inside_a_phrase(run):
    m = _at(run("Iranian navy boats seized a tanker in the Gulf."), "Iranian navy boats")
    assert (m.country, m.sector) == ("IRN", "MIL")


def test_people_and_places_of_a_country_are_civilians(run):
    ms = run("Turkey threatened to shell Syrian villages and French nationals left.")
    assert (_at(ms, "Syrian villages").country, _at(ms, "Syrian villages").sector) == ("SYR", "CVL")
    assert _at(ms, "French nationals").sector == "CVL"


def test_generic_head_takes_the_modifier_sector(run):
    ms = run("Yemeni rebel leaders met Egyptian army officers.")
    assert (_at(ms, "Yemeni rebel leaders").country, _at(ms, "Yemeni rebel leaders").sector) == ("YEM", "REB")
    assert _at(ms, "Egyptian army officers").sector == "MIL"


def test_country_from_where_the_actor_is(run):
    ms = run("Rebels in Mosul attacked the checkpoint. Security forces in Mali arrested them.")
    assert (_at(ms, "Rebels").country, _at(ms, "Rebels").sector) == ("IRQ", "REB")
    assert _at(ms, "Security forces").country == "MLI"


def test_ethnic_groups_are_coded_where_they_live(run):
    ms = run("Ethnic Azeris in northern Iran demanded more schools. Lebanese Palestinians rejected the plan.")
    assert _at(ms, "Ethnic Azeris").country == "IRN"
    assert _at(ms, "Lebanese Palestinians").country == "LBN"


def test_patrons_are_not_the_country(run):
    m = _at(run("Iranian-backed Shi'ite militias entered Tikrit."), "Iranian-backed Shi'ite militias")
    assert m.patron == "IRN" and m.country != "IRN" and m.sector == "REB"


def test_led_coalition_is_coded_by_its_leader(run):
    m = next(x for x in run("The Saudi-led coalition struck Sanaa.") if "coalition" in x.text)
    assert m.country == "SAU"


def test_anti_prefix_is_not_a_nationality(run):
    ms = run("An anti-Iran cleric was arrested in Basra.")
    assert all(m.country != "IRN" for m in ms)


def test_another_person_with_a_known_surname(run):
    m = _at(run("Hussein al-Maliki demanded elections."), "Hussein al-Maliki")
    assert m.actor_id != "nouri-al-maliki" and m.country == "IRQ" and m.kind == "person"


def test_names_must_look_like_names(run):
    ms = run("The Iraqi foreign minister arrived in Baghdad today.")
    assert _at(ms, "Baghdad").actor_id == "IRQ"
    assert _at(run("Baghdad Today reported the visit."), "Baghdad Today").actor_id == "baghdad-today"


def test_acronym_in_parentheses_belongs_to_the_name_before_it(run):
    ms = run("The Basra Traders Union (AKK) demanded support.")
    assert all(m.actor_id != "annegret-kramp-karrenbauer" for m in ms)


def test_town_the_kb_lacks_gets_its_country(run):
    m = _at(run("Gunmen attacked a checkpoint near Baiji."), "Baiji")
    assert m.country == "IRQ" and m.is_place
