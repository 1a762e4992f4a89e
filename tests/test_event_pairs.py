"""The event-pair scorer: features of the parse path, the shipped file, and the pairs the events stage proposes."""

from __future__ import annotations

import json

import pytest

from khaldun.errors import DataFileError
from khaldun.events.pairs import PairScorer, pair_features
from khaldun.pipeline import Coder
from khaldun.settings import Settings

from conftest import SureModel


@pytest.fixture(scope="module")
def proposing(coder):
    from khaldun.events.lexicon import Lexicon

    return Coder(Settings(propose_pairs="always"), parser=coder.parser, kb=coder.kb, ontology=coder.ontology,
                 lexicon=Lexicon([], coder.ontology), gazetteer=coder.gazetteer, model=SureModel("ASSAULT"))


def _mentions(coder, text):
    from khaldun.doc import CodedDoc
    from khaldun.schema import Document

    cd = next(iter(coder.parser.pipe([CodedDoc(Document(doc_id="t", text=text, origin="t"))])))
    for stage in coder.stages:
        if stage.name == "events":
            break
        cd = stage(cd)
    return cd


def test_features_read_the_path_between_the_two_mentions(coder):
    cd = _mentions(coder, "Iran attacked Iraq.")
    iran = next(m for m in cd.mentions if m.text == "Iran")
    iraq = next(m for m in cd.mentions if m.text == "Iraq")
    f = pair_features(cd.parse, iran, iraq, cd.mentions)
    assert f["path:nsubj|dobj"] == 1.0 and f["lca_lemma:attack"] == 1.0
    assert f["a_root_subject"] == 1.0 and f["b_root_subject"] == 0.0 and f["a_before_b"] == 1.0
    back = pair_features(cd.parse, iraq, iran, cd.mentions)
    assert back["path:dobj|nsubj"] == 1.0 and back["a_before_b"] == 0.0


def test_the_shipped_scorer_ranks_the_doer_before_the_done_to(coder):
    scorer = PairScorer.shipped()
    assert scorer is not None and 0 < scorer.threshold < 1 and scorer.card["cv_top1_accuracy"] > 0.5
    cd = _mentions(coder, "Iran accused Iraq of shelling the border.")
    p, a, b = scorer.ranked(cd.parse, cd.mentions)[0]
    assert (a.text, b.text) == ("Iran", "Iraq") and p > 0.5


def test_a_malformed_scorer_file_is_an_error_naming_it(tmp_path):
    bad = tmp_path / "pairs.json"
    bad.write_text(json.dumps({"version": 1, "weights": {"bias": 1.0}, "threshold": 2.0, "card": {}}))
    with pytest.raises(DataFileError, match="pairs.json"):
        PairScorer.load(bad)


def test_a_pair_no_pattern_links_is_proposed_and_typed_by_the_model(proposing):
    # "accusing" has "a report" as its subject in the parse; the pair climbs to who put the report out
    evs = proposing.code("Amnesty International put out a report accusing the Nigerian army.", date="2019-05-01")
    (e,) = [e for e in evs if "pair_score" in e.evidence]
    assert (e.source.text, e.target.text) == ("Amnesty International", "the Nigerian army")
    assert e.source.end <= e.trigger.start < e.target.start
    assert e.event_type == "ASSAULT" and e.evidence["rule"] == "model-only"  # the stand-in model's type


@pytest.mark.parametrize("text", [
    "The Israeli army said Syrian forces were nearby.",  # a speaker and someone named in what was said
    "Iraqi protesters gathered in Baghdad.",  # a place is where, not whom
    "President Erdogan visited Turkey.",  # an actor and its own side
])
def test_no_pair_is_proposed_where_the_link_is_no_event_between_them(proposing, text):
    evs = proposing.code(text, date="2019-05-01")
    assert not [e for e in evs if "pair_score" in e.evidence], [(e.source, e.trigger, e.target) for e in evs]


def test_by_default_a_pair_is_proposed_only_where_the_model_reads_the_sentence_anyway(coder, proposing):
    from khaldun.events.lexicon import Lexicon

    default = Coder(Settings(), parser=coder.parser, kb=coder.kb, ontology=coder.ontology,
                    lexicon=Lexicon([], coder.ontology), gazetteer=coder.gazetteer, model=SureModel("ASSAULT"))
    text = "Amnesty International put out a report accusing the Nigerian army."  # no other candidate: not encoded
    assert [e for e in proposing.code(text, date="2019-05-01") if "pair_score" in e.evidence]
    assert not [e for e in default.code(text, date="2019-05-01") if "pair_score" in e.evidence]


def test_the_setting_turns_proposals_off(coder):
    from khaldun.events.lexicon import Lexicon

    off = Coder(Settings(propose_pairs="off"), parser=coder.parser, kb=coder.kb, ontology=coder.ontology,
                lexicon=Lexicon([], coder.ontology), gazetteer=coder.gazetteer, model=SureModel("ASSAULT"))
    assert off.pairs is None
    evs = off.code("Amnesty International put out a report accusing the Nigerian army.", date="2019-05-01")
    assert not [e for e in evs if "pair_score" in e.evidence]
