"""Golden files: the events of the whole sample corpus, pinned. Regenerate with `pytest --update-golden`
and review the diff: every change to patterns, the KB or the model shows up here."""

from __future__ import annotations

import json
import os
from pathlib import Path

import jsonschema
import pytest

from khaldun.ingest.readers import read_inputs
from khaldun.pipeline import DocumentFailure
from khaldun.schema import Document

ROOT = Path(__file__).resolve().parents[1]
GOLDEN = ROOT / "tests" / "golden" / "sample.events.jsonl"


def project(e: dict) -> dict:
    """The fields a reviewer reads; evidence scores are left out so that the diff stays readable."""
    def actor(a):
        return None if a is None else {k: a[k] for k in ("text", "start", "actor_id", "country", "sector")}

    loc = e["location"]
    return {
        "doc_id": Path(e["doc_id"]).name, "id": e["id"], "sentence_index": e["sentence_index"],
        "trigger": e["trigger"]["text"], "event_type": e["event_type"], "mode": e["mode"], "cameo": e["cameo"],
        "source": actor(e["source"]), "target": actor(e["target"]),
        "magnitude": {k: v for k, v in e["magnitude"].items() if v is not None},
        "location": None if loc is None else {"name": loc["name"], "country": loc["country"], "admin1": loc["admin1"]},
        "date": e["date"], "date_precision": e["date_precision"], "factuality": e["factuality"], "hedged": e["hedged"],
        "speaker": None if e["speaker"] is None else e["speaker"]["text"],
    }


@pytest.fixture(scope="module")
def sample_events(coder):
    # read by the relative path, so that document ids (and the event ids hashed from them) are the same in
    # every checkout
    here = os.getcwd()
    os.chdir(ROOT)
    try:
        docs = [d for d in read_inputs(["sample"]) if isinstance(d, Document)]
    finally:
        os.chdir(here)
    assert len(docs) == 20
    out = []
    for r in coder.pipe(docs):
        assert not isinstance(r, DocumentFailure), r
        out.extend(json.loads(e.model_dump_json()) for e in r.events)
    return out


def test_every_event_validates_against_the_published_schema(sample_events):
    schema = json.loads((ROOT / "docs" / "event.schema.json").read_text())
    assert sample_events
    for e in sample_events:
        jsonschema.validate(e, schema)


def test_sample_corpus_events_match_golden(sample_events, request):
    got = [project(e) for e in sample_events]
    if request.config.getoption("--update-golden") or not GOLDEN.exists():
        GOLDEN.parent.mkdir(parents=True, exist_ok=True)
        GOLDEN.write_text("".join(json.dumps(g, ensure_ascii=False, sort_keys=True) + "\n" for g in got))
        if not request.config.getoption("--update-golden"):
            pytest.fail(f"golden file was missing and has been written: {GOLDEN}; review and commit it")
    want = [json.loads(x) for x in GOLDEN.read_text().splitlines()]
    assert got == want, "sample events changed: review with `pytest --update-golden` and `git diff tests/golden`"
