"""The event-location scorer: its file is validated on load, its absence leaves the rules, its scores choose."""

from __future__ import annotations

import json

import numpy as np
import pytest
from geo_helpers import candidate, geoparser, prepared

from khaldun.errors import DataFileError
from khaldun.places import locate
from khaldun.places.geoparse import PlaceStage
from khaldun.places.locate import LocationModel, choose

SENTENCE = "Gunmen killed five policemen in Kirkuk on Friday."


def _tree_model(feature: str = "att_prep_in", *, low: float = -3.0, high: float = 3.0) -> dict:
    """One tree splitting on ``feature``: ``low`` when it is off, ``high`` when it fires."""
    return {"version": 2, "features": ["bias_unused", feature], "base": 0.0, "threshold": 0.5,
            "trees": {"feature": [1, 0, 0], "threshold": [0.5, 0.0, 0.0], "left": [1, 1, 2], "right": [2, 1, 2],
                      "value": [0.0, low, high], "roots": [0], "depth": 1},
            "card": {"what": "test"}}


def _write(path, body=None, **over):
    body = dict(body or _tree_model())
    body.update(over)
    path.write_text(json.dumps(body), encoding="utf-8")
    return path


def _trigger_and_hits(text: str, trigger: str):
    doc = prepared(text)
    doc = geoparser().place_stage(doc)
    tok = next(t for t in doc.parse if t.text == trigger)
    sent = doc.sentence_of_char(tok.idx)
    return doc.parse, tok, [h for h in doc.places if h.sentence_index == sent.index]


_BAD_TREES = {**_tree_model()["trees"], "left": [1, 7, 2]}  # a node pointing outside the arrays
_BAD_FEATURE = {**_tree_model()["trees"], "feature": [5, 0, 0]}  # a split on a feature the file does not name


@pytest.mark.parametrize("over", [{"threshold": 1.5}, {"base": "heavy"}, {"extra": 1}, {"version": 1},
                                  {"trees": _BAD_TREES}, {"trees": _BAD_FEATURE},
                                  {"trees": {**_tree_model()["trees"], "value": [0.0]}}])
def test_a_malformed_model_file_is_an_error_that_names_it(tmp_path, over):
    path = _write(tmp_path / "bad_model.json", **over)
    with pytest.raises(DataFileError, match="bad_model.json"):
        LocationModel.load(path)
    with pytest.raises(DataFileError, match="bad_model.json"):
        PlaceStage(geoparser().place_stage.gazetteer, model_path=path)


def test_a_model_file_that_is_not_json_or_missing_is_an_error_that_names_it(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(DataFileError, match="broken.json"):
        LocationModel.load(path)
    with pytest.raises(DataFileError, match="nowhere.json"):
        LocationModel.load(tmp_path / "nowhere.json")


def test_without_the_shipped_file_the_rules_decide(tmp_path, monkeypatch):
    monkeypatch.setattr(locate, "data_path", lambda *parts: tmp_path.joinpath(*parts))
    assert LocationModel.shipped() is None
    stage = PlaceStage(geoparser().place_stage.gazetteer)
    assert stage.location_model is None
    doc = prepared(SENTENCE)
    c = candidate(doc, "killed")
    stage(doc)
    assert c.location.text == "Kirkuk" and c.location_basis == "attached:prep:in"


def test_rules_only_when_the_model_is_not_wanted():
    assert PlaceStage(geoparser().place_stage.gazetteer, use_model=False).location_model is None


def test_a_valid_model_file_loads_with_its_card(tmp_path):
    model = LocationModel.load(_write(tmp_path / "m.json"))
    assert model.threshold == 0.5 and model.features == ("bias_unused", "att_prep_in") and model.card == {"what": "test"}


def test_the_trees_are_walked_to_their_leaves_and_summed():
    body = _tree_model()
    body["trees"] = {"feature": [1, 0, 0] * 2, "threshold": [0.5, 0.0, 0.0, 0.25, 0.0, 0.0],
                     "left": [1, 1, 2, 4, 4, 5], "right": [2, 1, 2, 5, 4, 5],
                     "value": [0.0, -1.0, 2.0, 0.0, 0.5, -0.25], "roots": [0, 3], "depth": 1}
    model = LocationModel.from_dict({**body, "base": 0.1})
    p = model.scores([{}, {"att_prep_in": 0.4}, {"att_prep_in": 1.0}, {"unknown_feature": 9.0}])
    z = np.array([0.1 - 1 + 0.5, 0.1 - 1 - 0.25, 0.1 + 2 - 0.25, 0.1 - 1 + 0.5])
    assert np.allclose(p, 1 / (1 + np.exp(-z)))


def test_the_model_scores_the_toponyms_and_the_best_above_threshold_wins(tmp_path):
    sp, trigger, hits = _trigger_and_hits(SENTENCE, "killed")
    model = LocationModel.load(_write(tmp_path / "m.json"))
    pick = choose(sp, trigger, hits, model=model)
    assert pick is not None and pick.hit.text == "Kirkuk"
    assert pick.score is not None and pick.score > 0.9  # sigmoid(3)
    assert pick.basis == "attached:prep:in"


def test_below_the_threshold_the_model_gives_no_location(tmp_path):
    sp, trigger, hits = _trigger_and_hits(SENTENCE, "killed")
    model = LocationModel.load(_write(tmp_path / "m.json", _tree_model(high=-3.0)))
    assert choose(sp, trigger, hits, model=model) is None
    assert choose(sp, trigger, hits).hit.text == "Kirkuk"  # the rules, for comparison


def test_a_model_given_to_the_stage_places_the_event(tmp_path):
    stage = PlaceStage(geoparser().place_stage.gazetteer, model_path=_write(tmp_path / "m.json"))
    doc = prepared(SENTENCE)
    c = candidate(doc, "killed")
    stage(doc)
    assert c.location.text == "Kirkuk"
