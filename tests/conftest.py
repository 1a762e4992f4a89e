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
