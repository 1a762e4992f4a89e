"""Shared fixtures: one Coder per session (spaCy and the KB load once), temporary stores, gold-data paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
EVAL = SHARED / "eval"

os.environ.setdefault("KHALDUN_CACHE", str(ROOT / ".cache"))


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true", help="rewrite golden files from the current output")


@pytest.fixture(scope="session")
def coder():
    from khaldun.pipeline import Coder
    from khaldun.settings import Settings

    return Coder(Settings())


@pytest.fixture(scope="session")
def lexicon_coder(coder):
    """The coder without the trained model: tests of the rules, independent of model updates."""
    from khaldun.pipeline import Coder
    from khaldun.settings import Settings

    return Coder(Settings(classifier="none"), parser=coder.parser, kb=coder.kb, ontology=coder.ontology,
                 lexicon=coder.lexicon, gazetteer=coder.gazetteer, model=None)


@pytest.fixture(scope="session")
def nlp(coder):
    return coder.parser.nlp


@pytest.fixture()
def store(tmp_path):
    from khaldun.store.db import Store

    with Store(tmp_path / "test.db") as s:
        yield s


def gold(*parts: str) -> Path:
    path = EVAL.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"gold data {path} is not here (../shared/eval); this test needs it")
    return path


def mention_runner(coder, kb_yaml: str, tmp_dir: Path, *, places=None):
    """The actor stage over a knowledge base of the test's own (written for the test), on a given day:
    ``run(text, day)`` gives the document's mentions."""
    import datetime as dt

    from khaldun.actors.mentions import ActorStage
    from khaldun.doc import CodedDoc
    from khaldun.kb.actors import ActorKB
    from khaldun.schema import Document, DocumentDate

    path = tmp_dir / "fiction.yaml"
    path.write_text(kb_yaml, encoding="utf-8")
    stage = ActorStage(ActorKB.load([path]), coder.parser.nlp, places=places)

    def run(text: str, day: str = "2015-06-01"):
        doc = CodedDoc(Document(doc_id="t", text=text))
        coder.parser(doc)
        doc.pub_date = DocumentDate(date=dt.date.fromisoformat(day), basis="option", confidence=1.0)
        stage(doc)
        return doc.mentions
    return run


def mention_at(mentions, text: str, nth: int = 0):
    """The ``nth`` mention with exactly this text; a readable failure when there is none."""
    found = [m for m in mentions if m.text == text]
    assert len(found) > nth, f"no mention {text!r} in {[m.text for m in mentions]}"
    return found[nth]


class SureModel:
    """A stand-in event-type classifier sure that every candidate is of one type: tests of what the pipeline
    does with the model's answer, independent of the trained weights."""

    labels = ("AGREE",)

    def __init__(self, label: str) -> None:
        self.label = label
        self.name = f"says-{label.lower()}"

    def predict(self, items):
        from khaldun.kb.ontology import PLOVER_TYPES

        return [{t: (0.97 if t == self.label else 0.002) for t in PLOVER_TYPES} for _ in items]
