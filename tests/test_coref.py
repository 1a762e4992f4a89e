"""Within-document coreference: pronouns and definite descriptions take their antecedent, recorded on the mention.

Sentences written for these tests. The organizations and the cleric are fictional (added
through a user actor file) so that the cases do not depend on which real organizations the
shipped data holds; the office holders are real and come from the shipped data.
"""

from __future__ import annotations

import pytest
from conftest import mention_at, mention_runner

from khaldun.schema import Document

FICTION = """\
actors:
  - id: valley-brigades
    name: Valley Brigades
    kind: organization
    country: IRQ
    sector: REB
    aliases: [Kataib al-Wadi]
  - id: northern-relief-society
    name: Northern Relief Society
    kind: organization
    country: IRQ
    sector: NGO
  - id: amer-al-tayyar
    name: Amer al-Tayyar
    kind: person
    country: IRQ
    sector: REL
    aliases: [Sayyid Amer al-Tayyar, Tayyar]
"""


@pytest.fixture(scope="module")
def run(coder, tmp_path_factory):
    return mention_runner(coder, FICTION, tmp_path_factory.mktemp("kb"))


def test_he_and_him_take_people(run):
    ms = run("Prime Minister Haider al-Abadi met Barack Obama in Baghdad. He said the talks went well. "
             "Obama thanked him.")
    he = mention_at(ms, "He")
    assert he.actor_id == "haider-al-abadi" and he.method == "coref"
    assert he.antecedent is not None and he.antecedent.text == "Prime Minister Haider al-Abadi"
    him = mention_at(ms, "him")
    assert him.actor_id == "haider-al-abadi", "an object pronoun is not its own clause's subject"


def test_she_takes_a_person(run):
    ms = run("Hillary Clinton arrived in Cairo on Monday. She met Egyptian officials.", day="2011-06-01")
    she = mention_at(ms, "She")
    assert she.actor_id == "hillary-clinton" and she.country == "USA"


def test_it_and_its_take_an_organization(run):
    ms = run("The Valley Brigades fired rockets at the airport. It said its fighters acted alone.")
    it = mention_at(ms, "It")
    assert it.actor_id == "valley-brigades" and it.sector == "REB"
    assert it.antecedent.text == "The Valley Brigades"
    fighters = mention_at(ms, "its fighters")
    assert fighters.country == "IRQ" and fighters.sector == "REB"


def test_they_takes_a_plural_group_not_a_state(run):
    ms = run("Kurdish fighters pushed into Sinjar on Friday. Britain said it would help them. They thanked London.")
    them = mention_at(ms, "them")
    assert them.antecedent is not None and them.antecedent.text == "Kurdish fighters"
    assert mention_at(ms, "it").actor_id == "GBR"
    they = mention_at(ms, "They")
    assert they.sector == "REB" and they.antecedent.text == "Kurdish fighters"


def test_their_possessor_gives_a_country(run):
    ms = run("Iranian forces shelled the border area. Their commander said the operation was over.")
    commander = mention_at(ms, "Their commander")
    assert commander.country == "IRN" and commander.method.endswith("+poss")


def test_expletive_it_takes_nothing(run):
    ms = run("The Valley Brigades retreated. It is believed that the Iraqi army will advance. It seems likely.")
    assert [m.text for m in ms if m.text == "It"] == []


def test_cataphora_is_not_resolved_backwards(run):
    ms = run("Barack Obama spoke in Washington on Monday. Before he left for Tehran, Haider al-Abadi met Kurdish leaders.")
    he = mention_at(ms, "he")
    assert he.actor_id == "haider-al-abadi", "the fronted pronoun refers forward to the main clause's subject"


def test_pronoun_with_no_antecedent_is_dropped(run):
    ms = run("He said nothing would change.")
    assert all(m.text != "He" for m in ms)


def test_the_group_and_the_militia(run):
    ms = run("Kataib al-Wadi claimed the attack on Tuesday. The group said more would follow. "
             "The militia also threatened American troops.")
    group = mention_at(ms, "The group")
    assert group.actor_id == "valley-brigades" and group.antecedent.text == "Kataib al-Wadi"
    militia = mention_at(ms, "The militia")
    assert militia.actor_id == "valley-brigades" and militia.sector == "REB"


def test_the_militia_does_not_take_an_aid_group(run):
    ms = run("The Northern Relief Society sent food to Mosul. The militia blocked the convoy.")
    militia = next((m for m in ms if m.text == "The militia"), None)
    assert militia is None or militia.actor_id != "northern-relief-society"


def test_a_description_with_an_armed_modifier_takes_only_an_armed_group_of_its_kind(run):
    ms = run("U.S. Central Command said it bombed targets near Raqqa. The strikes widen the campaign against "
             "the militant group.")
    group = mention_at(ms, "the militant group")
    assert group.actor_id != "centcom" and group.country is None and group.sector == "INS", \
        "a military command is not 'the militant group'"
    ms = run("The Valley Brigades shelled a village near Tikrit. Officials blamed the rebel group for the deaths.")
    group = mention_at(ms, "the rebel group")
    assert group.actor_id == "valley-brigades" and group.method == "coref"


def test_the_cleric_takes_a_religious_figure(run):
    ms = run("Sayyid Amer al-Tayyar called for protests in Najaf. Prime Minister Haider al-Abadi rejected the call. "
             "The cleric said his followers would march anyway.")
    cleric = mention_at(ms, "The cleric")
    assert cleric.actor_id == "amer-al-tayyar" and cleric.sector == "REL"
    assert cleric.antecedent.text == "Sayyid Amer al-Tayyar"


def test_the_premier_and_the_president_take_office_holders(run):
    ms = run("Barack Obama met Haider al-Abadi at the White House. The premier asked for more aircraft. "
             "The president promised support.")
    assert mention_at(ms, "The premier").actor_id == "haider-al-abadi"
    assert mention_at(ms, "The premier").antecedent.text == "Haider al-Abadi"
    assert mention_at(ms, "The president").actor_id == "barack-obama"


def test_the_premier_without_antecedent_is_the_story_countrys(run):
    ms = run("Iraq presented its budget on Sunday. The premier said oil revenue would fall.", day="2014-03-01")
    premier = mention_at(ms, "The premier")
    assert premier.actor_id == "nouri-al-maliki" and premier.method == "office+context"
    ms = run("Iraq presented its budget on Sunday. The premier said oil revenue would fall.", day="2016-03-01")
    assert mention_at(ms, "The premier").actor_id == "haider-al-abadi"


def test_the_government_takes_the_state_named_before(run):
    ms = run("Turkey closed the border crossing. The army deployed tanks. The government said it was temporary.")
    gov = mention_at(ms, "The government")
    assert gov.country == "TUR" and gov.sector == "GOV" and gov.antecedent.text == "Turkey"


def test_antecedent_is_stored_with_the_record(coder):
    doc = coder.code_document(Document(doc_id="r", text="Haider al-Abadi visited Erbil. He met Kurdish leaders.",
                                       date="2016-05-01"))
    he = next(m for m in doc.mentions if m.text == "He")
    assert he.antecedent is not None and he.antecedent.text == "Haider al-Abadi"
    assert doc.text[he.antecedent.start:he.antecedent.end] == "Haider al-Abadi"
