"""``khaldun eval plv``: reading marked pairs, matching coded events to gold pairs, scoring."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest

from khaldun.errors import InputError
from khaldun.evaluate import plv
from khaldun.events.classify import Combiner
from khaldun.events.pairs import link_trigger
from khaldun.kb.ontology import PLOVER_TYPES

ROOT = Path(__file__).resolve().parents[1]


def _gold(*parts: str) -> Path:
    for base in (ROOT.parent, ROOT.parent.parent):
        path = base.joinpath("shared", "eval", *parts)
        if path.exists():
            return path
    pytest.skip("gold data ../shared/eval/" + "/".join(parts) + " is not here; this test needs it")


def _write(tmp_path: Path, rows: list[dict]) -> Path:
    path = tmp_path / "plv.jsonl"
    path.write_text("\n".join(json.dumps(r) for r in rows) + "\n")
    return path


ROWS = [
    {"sentence_id": "1", "text": "Rebels shelled the army base near the river.",
     "marked_text": "<s>Rebels</s> shelled <t>the army base</t> near the river.", "plover_root": "ASSAULT"},
    {"sentence_id": "2", "text": "The cabinet withdrew its demand to Ankara.",
     "marked_text": "<s>The cabinet</s> withdrew its demand to <t>Ankara</t>.", "plover_root": "YIELD"},
    {"sentence_id": "3", "text": "Protesters gathered outside the ministry.",
     "marked_text": "<s>Protesters</s> gathered outside the ministry.", "plover_root": "PROTEST",
     "source_text": "Protesters", "target_text": "a recipient"},
]


def test_marked_spans_are_offsets_of_the_plain_text():
    out = plv.marked_spans("<s>Rebels</s> shelled <t>the army base</t> and <t>the army base</t> again.")
    text = out["plain"]
    assert text == "Rebels shelled the army base and the army base again."
    assert text[slice(*out["s"])] == "Rebels"
    assert text[slice(*out["t"])] == "the army base" and out["t"][0] == 15


def test_read_plv(tmp_path):
    pairs = plv.read_plv(_write(tmp_path, ROWS))
    assert [p.root for p in pairs] == ["ASSAULT", "YIELD", "PROTEST"]
    assert pairs[0].text[slice(*pairs[0].target)] == "the army base"
    assert pairs[2].target is None
    assert len(plv.read_plv(_write(tmp_path, ROWS), limit=2)) == 2


def test_read_plv_rejects_unknown_roots(tmp_path):
    bad = [dict(ROWS[0], plover_root="FIGHT")]
    with pytest.raises(InputError, match="unknown PLV root"):
        plv.read_plv(_write(tmp_path, bad))


def _event(src, tgt, etype, conf=0.5, symmetric=False):
    return SimpleNamespace(source=SimpleNamespace(start=src[0], end=src[1]),
                           target=SimpleNamespace(start=tgt[0], end=tgt[1]) if tgt else None,
                           event_type=etype, confidence=conf, evidence={"symmetric": True} if symmetric else {})


def test_match_event_by_overlap_and_reversed_when_symmetric():
    pair = plv.PlvPair("1", "x" * 60, (0, 6), (15, 28), "ASSAULT")
    assert plv.match_event(pair, [_event((0, 6), (30, 40), "ASSAULT")]) is None  # wrong target
    hit = plv.match_event(pair, [_event((0, 3), (20, 25), "COERCE", 0.4), _event((0, 6), (15, 19), "ASSAULT", 0.9)])
    assert hit.event_type == "ASSAULT"
    assert plv.match_event(pair, [_event((15, 28), (0, 6), "CONSULT")]) is None
    assert plv.match_event(pair, [_event((15, 28), (0, 6), "CONSULT", symmetric=True)]).event_type == "CONSULT"
    no_target = plv.PlvPair("3", "x" * 60, (0, 6), None, "PROTEST")
    assert plv.match_event(no_target, [_event((0, 6), None, "PROTEST")]).event_type == "PROTEST"


def test_end_to_end_scores_unmatched_pairs_as_misses(tmp_path):
    pairs = plv.read_plv(_write(tmp_path, ROWS))
    stats = {"sentences": 3, "events": 2, "failed_sentences": 0}
    out = plv.score_end_to_end(pairs, ["ASSAULT", None, "PROTEST"], stats)
    assert out["pair_recall"] == pytest.approx(2 / 3, abs=1e-4)
    assert out["per_root"]["YIELD"]["recall"] == 0.0
    assert out["macro_f1"] == pytest.approx(2 / 3, abs=1e-4)  # three roots present, two perfect


def test_given_spans_yield_is_concede_or_retreat(tmp_path):
    pairs = plv.read_plv(_write(tmp_path, ROWS))

    def dist(top):
        d = {t: 0.01 for t in PLOVER_TYPES}
        d[top] = 0.85
        return d

    probs = [dist("ASSAULT"), dist("RETREAT"), dist("PROTEST")]
    views = [plv.PairView("ASSAULT", (7, 14)), plv.PairView(None, None), plv.PairView("MOBILIZE", (11, 19))]
    out = plv.given_spans(pairs, views, probs, Combiner(lexicon_weight=0.0))
    assert out["model_only"]["macro_f1"] == 1.0
    assert out["lexicon_coverage"] == pytest.approx(2 / 3, abs=1e-4)
    assert out["lexicon_only"]["accuracy"] == pytest.approx(1 / 3, abs=1e-4)
    assert out["model_and_lexicon"]["macro_f1"] == 1.0
    heavy = plv.given_spans(pairs, views, probs, Combiner(lexicon_weight=10.0))
    assert heavy["per_root_f1"]["PROTEST"] == 0.0


def test_link_trigger_is_the_word_between_the_spans():
    spacy = pytest.importorskip("spacy")
    from khaldun.nlp.parse import load_spacy

    try:
        nlp = load_spacy("auto")
    except Exception as exc:  # noqa: BLE001
        pytest.skip(f"no spaCy pipeline: {exc}")
    assert spacy is not None
    text = "The rebels attacked a police convoy on the highway."
    sp = nlp(text)
    trig = link_trigger(sp, plv.span_tokens(sp, (0, 10)), plv.span_tokens(sp, (20, 34)))
    assert trig.text == "attacked"
    view = plv.pair_view(sp, None, (0, 10), (20, 34))
    assert view.lexicon_type is None and text[slice(*view.trigger)] == "attacked"


@pytest.mark.slow
@pytest.mark.gold
def test_eval_plv_on_gold_runs():
    path = _gold("plv", "plv_train.jsonl")
    report = plv.evaluate(path, limit=12, cv_dir=Path("/nonexistent"))
    keys = set(report.metrics)
    assert report.metrics["pairs"] == 12
    assert any(k.startswith("given_spans_") for k in keys) and any(k.startswith("end_to_end_") for k in keys)
    e2e = next(v for k, v in report.metrics.items() if k.startswith("end_to_end_"))
    assert 0.0 <= e2e["pair_recall"] <= 1.0
    assert any("cross-validation" in n for n in report.notes)


def test_match_event_through_a_pronoun_antecedent():
    pair = plv.PlvPair("4", "x" * 60, (0, 6), (15, 28), "AGREE")
    ev = _event((40, 42), (15, 28), "AGREE")  # "he" ... the gold source is the name it stands for
    assert plv.match_event(pair, [ev]) is None
    ev.evidence.update(source_antecedent="Trump!", source_antecedent_start=0)
    assert plv.match_event(pair, [ev]) is ev
