"""Shared loaders for the places and dates tests: spaCy, the KB and the gazetteer load once per session."""

from __future__ import annotations

import datetime as dt
import os
from functools import lru_cache
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
EVAL = Path(os.environ.get("KHALDUN_EVAL_DIR") or ROOT.parent / "shared" / "eval")
os.environ.setdefault("KHALDUN_CACHE", str(ROOT / ".cache"))


@lru_cache(maxsize=1)
def geoparser():
    from khaldun.places.service import Geoparser

    return Geoparser.load()


def prepared(text: str, *, date: str | None = "2017-10-18", doc_id: str = "t"):
    """A parsed document with its publication date and actors, ready for the places and dates stages."""
    from khaldun.schema import Document

    day = dt.date.fromisoformat(date) if date else None
    return geoparser().prepare(Document(doc_id=doc_id, text=text, date=day))


def candidate(doc, trigger: str, *, factuality: str = "asserted", nth: int = 0):
    """An event candidate on the ``nth`` token spelled ``trigger`` (no event lexicon needed)."""
    from khaldun.doc import Candidate

    toks = [t for t in doc.parse if t.text == trigger]
    tok = toks[nth]
    sent = doc.sentence_of_char(tok.idx)
    c = Candidate(sentence_index=sent.index, trigger_tokens=[tok.i], trigger_start=tok.idx,
                  trigger_end=tok.idx + len(tok.text), trigger_text=tok.text, source=None, target=None, head=tok.i,
                  factuality=factuality)
    doc.candidates.append(c)
    return c


@lru_cache(maxsize=1)
def rules_stage():
    """The places stage without the event-location model: the attachment rules alone place events."""
    from khaldun.places.geoparse import PlaceStage

    return PlaceStage(geoparser().place_stage.gazetteer, use_model=False)


def located(text: str, trigger: str, *, rules: bool = False, **kw):
    """The place chosen for the event on ``trigger``, and the basis (by the shipped model, or the rules alone)."""
    doc = prepared(text, **kw)
    c = candidate(doc, trigger)
    (rules_stage() if rules else geoparser().place_stage)(doc)
    return c
