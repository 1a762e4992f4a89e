"""The geo evaluators on a few gold documents (skipped when ../shared/eval is not here)."""

from __future__ import annotations

import pytest
from geo_helpers import EVAL

from khaldun.evaluate.geo import evaluate_event_location, evaluate_geovirus, evaluate_tr_news, gold_location_spans


def gold(*parts: str):
    path = EVAL.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"gold data {path} is not here (../shared/eval); this test needs it")
    return path


@pytest.mark.gold
def test_tr_news_evaluator_reports_resolution_and_recognition():
    r = evaluate_tr_news(gold("geo", "TR-News.jsonl"), limit=4)
    g, e = r.metrics["given_gold_spans"], r.metrics["end_to_end"]
    assert g["toponyms"] > 20 and 0.6 <= g["exact_geonameid"] <= 1 and 0.6 <= g["within_161km"] <= 1
    assert 0.6 <= e["recognition_overlap"]["f1"] <= 1


@pytest.mark.gold
def test_geovirus_evaluator_scores_points_only():
    r = evaluate_geovirus(gold("geo", "GeoVirus.jsonl"), limit=3)
    assert r.metrics["given_gold_spans"]["exact_geonameid"] is None
    assert 0.5 <= r.metrics["given_gold_spans"]["within_161km"] <= 1


@pytest.mark.gold
@pytest.mark.slow
def test_event_location_evaluator_scores_the_relabelled_subset():
    r = evaluate_event_location(gold("event-location", "event_location_compact.jsonl"), limit=0)
    rel = r.metrics["relabel"]
    assert rel["n"] > 400 and 0.5 <= rel["accuracy"] <= 1
    assert 0.5 <= rel["accuracy_rules_only"] <= 1 and r.metrics["model_used_by_default"]
    assert rel["accuracy"] == rel["accuracy_model"]  # the shipped model places events by default


def test_gold_spans_given_as_token_indices_are_mapped_back():
    from geo_helpers import geoparser

    tok = geoparser().parser.nlp.tokenizer
    text = "Some 3,000 teachers protested in Basra on Monday."
    assert gold_location_spans(text, [{"start": 33, "end": 38}], tok) == [(33, 38)]  # characters
    assert gold_location_spans(text, [{"start": 5, "end": 5}], tok) == [(33, 38)]    # the 6th token, inclusive
