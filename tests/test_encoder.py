"""The event-type encoder: distributions over the PLOVER types, one encoding per sentence, loading errors."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest

from khaldun.errors import ConfigError
from khaldun.events import model as model_mod
from khaldun.events.classify import Combiner, MarkedPair
from khaldun.kb.ontology import PLOVER_TYPES

needs_torch = pytest.mark.skipif(importlib.util.find_spec("torch") is None, reason="torch is not installed")

SENT = "Turkish jets bombed Kurdish militant camps in northern Iraq on Tuesday, the army said."
OTHER = "The foreign minister met his Iranian counterpart in Baghdad."


def _span(text: str, words: str) -> tuple[int, int]:
    i = text.index(words)
    return (i, i + len(words))


def _items() -> list[MarkedPair]:
    return [
        MarkedPair(SENT, _span(SENT, "bombed"), _span(SENT, "Turkish jets"), _span(SENT, "Kurdish militant camps")),
        MarkedPair(SENT, _span(SENT, "said"), _span(SENT, "the army"), None),
        MarkedPair(OTHER, _span(OTHER, "met"), _span(OTHER, "The foreign minister"), _span(OTHER, "his Iranian counterpart")),
        MarkedPair(SENT, _span(SENT, "bombed"), _span(SENT, "Turkish jets"), None),
    ]


@pytest.fixture(scope="module")
def untrained():
    """The encoder with MiniLM weights and an untrained head: enough for the mechanics."""
    pytest.importorskip("torch")
    from khaldun.events.encoder import (
        BaseModelMissing,
        EncoderClassifier,
        EncoderConfig,
        Windower,
        base_model_dir,
        build_net,
    )

    try:
        base = base_model_dir()
    except BaseModelMissing as exc:
        pytest.skip(str(exc))
    cfg = EncoderConfig(name="test", lora_layers=(5,))
    net = build_net(cfg, base)
    for layer in net.layers:
        layer.merge_lora()
    return EncoderClassifier(net, Windower(base / "tokenizer.json", cfg.max_tokens), cfg)


def test_predict_gives_a_distribution_per_item(untrained):
    out = untrained.predict(_items())
    assert len(out) == 4
    for probs in out:
        assert set(probs) == set(PLOVER_TYPES)
        assert abs(sum(probs.values()) - 1.0) < 1e-4
        assert all(0.0 <= p <= 1.0 for p in probs.values())


def test_each_sentence_is_encoded_once_for_all_its_candidates(untrained, monkeypatch):
    rows: list[int] = []
    real = untrained.net.embed

    def counting(ids):
        rows.append(ids.shape[0])
        return real(ids)

    monkeypatch.setattr(untrained.net, "embed", counting)
    untrained.predict(_items())
    assert sum(rows) == 2  # three candidates in SENT, one in OTHER


def test_grouping_does_not_change_the_scores(untrained):
    items = _items()
    together = untrained.predict(items)
    alone = [untrained.predict([it])[0] for it in items]
    for a, b in zip(together, alone, strict=True):
        assert max(abs(a[t] - b[t]) for t in PLOVER_TYPES) < 1e-4


def test_roles_matter(untrained):
    """Different spans in the same sentence give different distributions (the head sees the roles)."""
    a, _, _, b = untrained.predict(_items())
    assert max(abs(a[t] - b[t]) for t in PLOVER_TYPES) > 1e-6


def test_long_sentence_window_keeps_the_candidate(untrained):
    filler = "In a statement issued late on the evening of the second day of talks, officials said that " * 4
    text = filler + "Iraqi forces attacked the militants."
    enc = untrained.windower.encode(text, [_span(text, "attacked"), _span(text, "Iraqi forces")])
    assert len(enc.ids) <= untrained.cfg.max_tokens
    covered = [o for o in enc.offsets if o is not None]
    assert covered[0][0] <= _span(text, "Iraqi forces")[0] and covered[-1][1] >= _span(text, "attacked")[1]


@needs_torch
def test_lora_merge_is_exact():
    import torch

    from khaldun.events.encoder import LoRALinear

    torch.manual_seed(0)
    lin = LoRALinear(torch.nn.Linear(8, 4), rank=2, alpha=4.0)
    torch.nn.init.normal_(lin.lora_b)
    x = torch.randn(3, 8)
    assert torch.allclose(lin(x), lin.merged()(x), atol=1e-5)


# -- loading -----------------------------------------------------------------------------------------
def test_classifier_none_is_lexicon_only():
    assert model_mod.load_model("none") is None


def test_a_missing_model_dir_names_the_fix(tmp_path):
    with pytest.raises(ConfigError, match="'auto' or 'none'"):
        model_mod.load_model(str(tmp_path / "nowhere"))


def test_without_torch_auto_codes_with_the_lexicon(monkeypatch, tmp_path):
    real = importlib.util.find_spec
    monkeypatch.setattr(model_mod.importlib.util, "find_spec", lambda name, *a: None if name == "torch" else real(name, *a))
    assert model_mod.load_model("auto") is None
    (tmp_path / "config.json").write_text("{}")
    with pytest.raises(ConfigError, match=r"pip install 'khaldun\[model\]'"):
        model_mod.load_model(str(tmp_path))


@needs_torch
def test_missing_weights_name_the_training_script(tmp_path):
    (tmp_path / "config.json").write_text(json.dumps({"name": "x"}))
    with pytest.raises(ConfigError, match="train_event_model.py"):
        model_mod.load_model(str(tmp_path))


@needs_torch
def test_a_bad_combiner_file_names_the_fitting_script(tmp_path):
    from khaldun.events.encoder import load_combiner

    (tmp_path / "combiner.json").write_text(json.dumps({"model_weight": "heavy"}))
    with pytest.raises(ConfigError, match="fit_event_model_combiner.py"):
        load_combiner(tmp_path)
    (tmp_path / "combiner.json").write_text(json.dumps({"model_weight": 0.8, "lexicon_weight": 1.5, "bias": {"AID": 0.2}}))
    comb = load_combiner(tmp_path)
    assert comb == Combiner(model_weight=0.8, lexicon_weight=1.5, bias=(("AID", 0.2),))


def test_combiner_lexicon_term_moves_the_decision():
    model = {t: 1 / 16 for t in PLOVER_TYPES}
    model["ACCUSE"], model["REJECT"] = 0.3, 0.25
    alone = Combiner(lexicon_weight=0.0).combine(model, "REJECT")
    assert max(alone, key=alone.get) == "ACCUSE"
    both = Combiner(lexicon_weight=1.0).combine(model, "REJECT")
    assert max(both, key=both.get) == "REJECT"


# -- the shipped model ------------------------------------------------------------------------------
@pytest.mark.slow
@needs_torch
def test_shipped_model_codes_an_obvious_attack_as_assault():
    models = model_mod.shipped_models()
    if not models:
        pytest.skip("no model shipped in khaldun/data/models")
    clf = model_mod.load_model(str(models[-1]))
    text = "Government troops shelled rebel positions near the city, killing twelve fighters."
    item = MarkedPair(text, _span(text, "shelled"), _span(text, "Government troops"), _span(text, "rebel positions"))
    probs = clf.predict([item])[0]
    assert max(probs, key=probs.get) == "ASSAULT"
    assert Path(models[-1], "MODEL_CARD.md").exists()
