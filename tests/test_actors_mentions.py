"""Actor mentions: names, titles, appositions, compounds, metonyms, phrases around names, places.

Sentences written for these tests; fictional organizations come from a user actor file so
that the cases hold whichever real organizations the shipped data has.
"""

from __future__ import annotations

import pytest
from conftest import mention_at, mention_runner

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
  - id: karim-al-nouri
    name: Karim al-Nouri
    kind: person
    country: IRQ
    sector: PTY
"""


@pytest.fixture(scope="module")
def run(coder, tmp_path_factory):
    return mention_runner(coder, FICTION, tmp_path_factory.mktemp("kb"), places=coder.gazetteer)


def test_title_and_name_make_one_mention(run):
    ms = run("Prime Minister Nouri al-Maliki met tribal leaders on Monday.", day="2012-01-10")
    m = mention_at(ms, "Prime Minister Nouri al-Maliki")
    assert (m.actor_id, m.country, m.sector, m.role) == ("nouri-al-maliki", "IRQ", "GOV", "prime minister")
    assert sum(1 for x in ms if x.actor_id == "nouri-al-maliki") == 1


def test_a_title_in_the_text_names_the_office_the_kb_dates_elsewhere(run):
    m = mention_at(run("President Obama spoke on Monday.", day="2005-06-01"), "President Obama")
    assert m.actor_id == "barack-obama" and m.sector == "GOV" and m.role == "president"


def test_apposition_gives_an_unknown_person_a_side(run):
    ms = run("Vahal Ali, the communications director for Iraqi President Fuad Masum, said the talks failed.")
    ali = mention_at(ms, "Vahal Ali")
    assert ali.actor_id is None and ali.country == "IRQ" and ali.sector == "GOV" and "appos" in ali.method
    assert mention_at(ms, "Iraqi President Fuad Masum").actor_id == "fuad-masum"


def test_unknown_commander_takes_country_and_sector_from_the_text(run):
    ms = run("A local Valley Brigades commander, Bakr Razgai, said his men would hold the bridge.")
    razgai = mention_at(ms, "Bakr Razgai")
    assert razgai.country == "IRQ" and razgai.sector in ("REB", "MIL") and razgai.kind == "person"


def test_compound_actor_keeps_each_member(run):
    m = mention_at(run("Iraqi and Kurdish forces retook the town."), "Iraqi and Kurdish forces")
    assert (m.country, m.sector) == ("IRQ", "MIL")
    (member,) = m.members
    assert member.actor_id == "kurds" and member.text == "Kurdish" and member.sector == "MIL"


def test_metonyms(run):
    ms = run("The Pentagon said Baghdad had rejected the plan, after talks in Tehran.")
    assert (mention_at(ms, "The Pentagon").country, mention_at(ms, "The Pentagon").sector) == ("USA", "MIL")
    assert (mention_at(ms, "Baghdad").country, mention_at(ms, "Baghdad").sector) == ("IRQ", "GOV")
    tehran = mention_at(ms, "Tehran")
    assert tehran.is_place and tehran.country == "IRN"


def test_role_description_in_running_text(run):
    m = mention_at(run("The Iranian president said the deal would hold.", day="2016-01-20"), "The Iranian president")
    assert m.actor_id == "hassan-rouhani" and m.method == "office"


def test_phrase_around_a_name_names_the_actor(run):
    ms = run("The Turkish government's plan angered the Kurds. A French Supreme Court ruling followed.")
    m = mention_at(ms, "The Turkish government's plan")
    assert (m.country, m.sector) == ("TUR", "GOV") and ms[0].text == "The Turkish government's plan"
    court = mention_at(ms, "A French Supreme Court ruling")
    assert (court.country, court.sector) == ("FRA", "JUD")


def test_sector_noun_inside_a_phrase(run):
    m = mention_at(run("Iranian navy boats seized a tanker in the Gulf."), "Iranian navy boats")
    assert (m.country, m.sector) == ("IRN", "MIL")


def test_people_and_places_of_a_country_are_civilians(run):
    ms = run("Turkey threatened to shell Syrian villages and French nationals left.")
    assert (mention_at(ms, "Syrian villages").country, mention_at(ms, "Syrian villages").sector) == ("SYR", "CVL")
    assert mention_at(ms, "French nationals").sector == "CVL"


def test_generic_head_takes_the_modifier_sector(run):
    ms = run("Yemeni rebel leaders met Egyptian army officers.")
    assert (mention_at(ms, "Yemeni rebel leaders").country, mention_at(ms, "Yemeni rebel leaders").sector) == ("YEM", "REB")
    assert mention_at(ms, "Egyptian army officers").sector == "MIL"


def test_country_from_where_the_actor_is(run):
    ms = run("Rebels in Mosul attacked the checkpoint. Security forces in Mali arrested them.")
    assert (mention_at(ms, "Rebels").country, mention_at(ms, "Rebels").sector) == ("IRQ", "REB")
    assert mention_at(ms, "Security forces").country == "MLI"


def test_ethnic_groups_are_coded_where_they_live(run):
    ms = run("Ethnic Azeris in northern Iran demanded more schools. Lebanese Palestinians rejected the plan.")
    assert mention_at(ms, "Ethnic Azeris").country == "IRN"
    assert mention_at(ms, "Lebanese Palestinians").country == "LBN"


def test_patrons_are_not_the_country(run):
    m = mention_at(run("Iranian-backed Shi'ite militias entered Tikrit."), "Iranian-backed Shi'ite militias")
    assert m.patron == "IRN" and m.country != "IRN" and m.sector == "REB"


def test_led_coalition_is_coded_by_its_leader(run):
    m = next(x for x in run("The Saudi-led coalition struck Sanaa.") if "coalition" in x.text)
    assert m.country == "SAU"


def test_anti_prefix_is_not_a_nationality(run):
    ms = run("An anti-Iran cleric was arrested in Basra.")
    assert all(m.country != "IRN" for m in ms)


def test_another_person_with_a_known_surname(run):
    m = mention_at(run("Hussein al-Maliki demanded elections."), "Hussein al-Maliki")
    assert m.actor_id != "nouri-al-maliki" and m.country == "IRQ" and m.kind == "person"


def test_names_must_look_like_names(run):
    ms = run("The Iraqi foreign minister arrived in Baghdad today.")
    assert mention_at(ms, "Baghdad").actor_id == "IRQ"
    assert mention_at(run("Baghdad Today reported the visit."), "Baghdad Today").actor_id == "baghdad-today"


def test_acronym_in_parentheses_belongs_to_the_name_before_it(run):
    ms = run("The Basra Traders Union (AKK) demanded support.")
    assert all(m.actor_id != "annegret-kramp-karrenbauer" for m in ms)


def test_town_the_kb_lacks_gets_its_country(run):
    m = mention_at(run("Gunmen attacked a checkpoint near Baiji."), "Baiji")
    assert m.country == "IRQ" and m.is_place


def test_an_acronym_names_its_actor_only_in_capitals(run):
    assert mention_at(run("Sadr told his followers to leave the streets."), "Sadr").actor_id == "muqtada-al-sadr"
    assert mention_at(run("Morocco refuses to talk to the SADR."), "the SADR").actor_id == "ESH"


def test_congo_is_decided_by_the_story_and_the_date(run):
    ms = run("Congo accused Rwanda of backing the rebels, a spokesman in Brazzaville said.")
    assert mention_at(ms, "Congo").country == "COG", "the Republic of the Congo's capital is in the story"
    assert mention_at(run("Rebels in Congo attacked a camp."), "Congo").country == "COD", "the DRC by default since 1997"
    ms = run("Congo signed a trade deal with France.", day="1990-06-01")
    assert mention_at(ms, "Congo").country == "COG", "while the DRC was Zaire, Congo was the Republic of the Congo"
    assert mention_at(run("Zaire closed its border.", day="1990-06-01"), "Zaire").country == "COD"


def test_a_state_is_coded_as_its_parent_before_it_existed(run):
    assert mention_at(run("The SPLA attacked a garrison near Juba.", day="2003-06-01"), "The SPLA").country == "SDN"
    assert mention_at(run("The SPLA attacked a garrison near Juba.", day="2015-06-01"), "The SPLA").country == "SSD"


def test_state_modified_bombers_and_officers_are_military(run):
    ms = run("American bombers struck the bridge. The bombers struck a market in Kabul.")
    assert (mention_at(ms, "American bombers").country, mention_at(ms, "American bombers").sector) == ("USA", "MIL")
    assert mention_at(ms, "The bombers").sector == "INS"
    ms = run("Syrian officers visited the base. Officers arrested two men in Basra.")
    assert (mention_at(ms, "Syrian officers").country, mention_at(ms, "Syrian officers").sector) == ("SYR", "MIL")
    assert mention_at(ms, "Officers").sector == "COP"
    assert mention_at(run("Iraqi security forces retook the town."), "Iraqi security forces").sector == "MIL"


def test_former_office_holders_and_sector_words_before_a_name(run):
    assert mention_at(run("Former president Anton Belkov criticised the plan."), "Former president Anton Belkov").sector == "PTY"
    m = mention_at(run("Opposition leader Karim al-Nouri called for new elections."), "Opposition leader Karim al-Nouri")
    assert (m.actor_id, m.sector) == ("karim-al-nouri", "OPP")
    m = mention_at(run("President Reagan's budget was debated again."), "President Reagan's budget")
    assert (m.actor_id, m.country, m.sector) == ("ronald-reagan", "USA", "GOV"), "the title in the possessor names the office"


def test_a_proxy_is_not_its_patron(run):
    m = mention_at(run("Iran's militia allies in Iraq fired rockets at the base."), "Iran's militia allies")
    assert (m.country, m.sector, m.patron) == ("IRQ", "REB", "IRN")


def test_places_the_kb_lacks_and_places_of_a_description(run):
    m = mention_at(run("Darfur rebels attacked a convoy."), "Darfur rebels")
    assert (m.country, m.sector) == ("SDN", "REB"), "a region the gazetteer knows"
    m = mention_at(run("A missionary from Calgary was released on Sunday."), "A missionary")
    assert (m.country, m.sector) == ("CAN", "REL")
    m = mention_at(run("London banned the largest extremist organization in Northern Ireland."),
            "the largest extremist organization")
    assert (m.country, m.sector) == ("GBR", "INS"), "no antecedent: the description's own place"
    ms = run("Gaza's rulers rejected the offer. Protesters marched in the West Bank.")
    assert (mention_at(ms, "Gaza's rulers").country, mention_at(ms, "Gaza's rulers").sector) == ("PSE", "GOV")
    assert mention_at(ms, "the West Bank").is_place


def test_a_name_split_by_the_parse_is_one_mention(run):
    ms = run("The minister allowed opposition leader Maulana Fazl-ur-Rehman to hold a rally.", day="2006-06-01")
    m = mention_at(ms, "opposition leader Maulana Fazl-ur-Rehman")
    assert (m.actor_id, m.sector) == ("fazl-ur-rehman", "OPP")
    assert sum(1 for x in ms if x.actor_id == "fazl-ur-rehman") == 1
