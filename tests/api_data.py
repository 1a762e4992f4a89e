"""A small khaldun database written by hand for the API, analysis and browser tests.

Four documents (sentences written for these tests) with events whose offsets are
computed from the text, so every record is what the pipeline would store. The
records are built directly, not by the Coder, so that the tests do not move
when the lexicon or the classifier changes (tests/test_api.py also codes text
with the real Coder and serves that).
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from khaldun.doc import content_hash
from khaldun.kb.ontology import Ontology
from khaldun.schema import (
    ActorMention,
    ActorRef,
    CodedDocument,
    DocumentDate,
    Event,
    Magnitude,
    Place,
    PlaceMention,
    SentenceRecord,
    Span,
)
from khaldun.store.db import Store

ONTOLOGY = Ontology.load()

# actor_id, name, country, sector, kind
ACTORS: dict[str, tuple[str | None, str | None, str | None, str, str | None]] = {
    "Iraqi troops": ("IRQ", "Iraq", "IRQ", "MIL", "state"),
    "Islamic State fighters": ("isis", "Islamic State", None, "INS", "group"),
    "Islamic State positions": ("isis", "Islamic State", None, "INS", "group"),
    "Iran": ("IRN", "Iran", "IRN", "GOV", "state"),
    "Iraq": ("IRQ", "Iraq", "IRQ", "GOV", "state"),
    "Turkey": ("TUR", "Turkey", "TUR", "GOV", "state"),
    "The United States": ("USA", "United States", "USA", "GOV", "state"),
    "the US embassy": ("USA", "United States", "USA", "GOV", "state"),
    "a US base": ("USA", "United States", "USA", "MIL", "state"),
    "Iranian President Hassan Rouhani": ("hassan-rouhani", "Hassan Rouhani", "IRN", "GOV", "person"),
    "Iraqi Prime Minister Haider al-Abadi": ("haider-al-abadi", "Haider al-Abadi", "IRQ", "GOV", "person"),
    "Kurdish forces": ("kurds", "Kurds", "IRQ", "MIL", "group"),
    "Protesters": (None, None, "IRQ", "CVL", None),
    "The United Nations": ("UN", "United Nations", None, "IGO", "organization"),
}
PLACES = {
    "Mosul": ("Mosul", "IQ", 36.335, 43.119),
    "Ankara": ("Ankara", "TR", 39.920, 32.854),
    "Tehran": ("Tehran", "IR", 35.694, 51.422),
    "Syria": ("Syria", "SY", 35.0, 38.0),
    "Baghdad": ("Baghdad", "IQ", 33.341, 44.401),
    "Iraq": ("Iraq", "IQ", 33.0, 44.0),
}
# (sentence, trigger, source, target, PLOVER type, CAMEO code, place, extra fields); quad class and Goldstein
# score come from the ontology, as the pipeline's do
DOCUMENTS: list[dict[str, Any]] = [
    {"doc_id": "wire-2014-06-10", "title": "Fighting near Mosul", "date": "2014-06-10", "events": [
        ("In Mosul on Tuesday, Iraqi troops attacked Islamic State fighters, killing 12 militants.", "attacked",
         "Iraqi troops", "Islamic State fighters", "ASSAULT", "190", "Mosul", {"magnitude": Magnitude(dead=12)}),
        ("Iran sent military aid to Iraq.", "sent military aid", "Iran", "Iraq", "AID", "072", None, {}),
        ("The United States condemned Iran.", "condemned", "The United States", "Iran", "ACCUSE", "111", None, {}),
    ]},
    {"doc_id": "wire-2015-03-02", "title": "Talks and shelling", "date": "2015-03-02", "events": [
        ("Turkey and Iraq signed an agreement on water sharing in Ankara.", "signed an agreement", "Turkey", "Iraq",
         "AGREE", "03", "Ankara", {}),
        ("Iranian President Hassan Rouhani met Iraqi Prime Minister Haider al-Abadi in Tehran.", "met",
         "Iranian President Hassan Rouhani", "Iraqi Prime Minister Haider al-Abadi", "CONSULT", "040", "Tehran", {}),
        ("Kurdish forces shelled Islamic State positions in Syria.", "shelled", "Kurdish forces", "Islamic State positions",
         "ASSAULT", "194", "Syria", {}),
    ]},
    {"doc_id": "wire-2019-12-31", "title": "Embassy stormed", "date": "2019-12-31", "events": [
        ("Protesters stormed the US embassy in Baghdad.", "stormed", "Protesters", "the US embassy", "PROTEST", "145",
         "Baghdad", {"magnitude": Magnitude(size=200)}),
        ("The United States threatened Iran with sanctions.", "threatened", "The United States", "Iran", "THREATEN", "1312",
         None, {}),
        ("Iran did not attack the US embassy.", "attack", "Iran", "the US embassy", "ASSAULT", "190", None,
         {"factuality": "negated"}),
        ("Iraq may ask Iran for help.", "ask", "Iraq", "Iran", "REQUEST", "020", None, {"factuality": "hypothetical"}),
    ]},
    {"doc_id": "news/2020/jan.txt", "title": None, "date": None, "events": [
        ("Iran fired missiles at a US base in Iraq, officials said.", "fired missiles", "Iran", "a US base", "ASSAULT", "195",
         "Iraq", {"hedged": True, "date": "2020-01", "date_precision": "month"}),
        ("The United Nations called for calm.", "called for calm", "The United Nations", None, "REQUEST", "020", None,
         {"date": None}),
    ]},
]


def _find(text: str, words: str, start: int = 0) -> Span:
    at = text.index(words, start)
    return Span(text=words, start=at, end=at + len(words))


def _actor(text: str, words: str, sentence_start: int) -> ActorRef:
    span = _find(text, words, sentence_start)
    actor_id, name, country, sector, kind = ACTORS[words]
    return ActorRef(text=words, start=span.start, end=span.end, actor_id=actor_id, name=name, country=country,
                    sector=sector, kind=kind)  # type: ignore[arg-type]


def coded_documents() -> list[CodedDocument]:
    out = []
    for d in DOCUMENTS:
        sentences_text = [e[0] for e in d["events"]]
        text = " ".join(sentences_text) + "\n"
        sentences, events, mentions, places = [], [], [], []
        for index, (sentence, trigger, source, target, etype, cameo, place, extra) in enumerate(d["events"]):
            assert ONTOLOGY.code(cameo).plover == etype, f"CAMEO {cameo} is not {etype}"
            start = text.index(sentence)
            sentences.append(SentenceRecord(index=index, start=start, end=start + len(sentence), text=sentence))
            src = _actor(text, source, start)
            tgt = _actor(text, target, start) if target else None
            location = None
            if place:
                p = _find(text, place, start)
                name, cc, lat, lon = PLACES[place]
                location = Place(text=place, name=name, country=cc, lat=lat, lon=lon, geonameid=None, feature="P")
                places.append(PlaceMention(doc_id=d["doc_id"], text=place, start=p.start, end=p.end, name=name,
                                           country=cc, lat=lat, lon=lon, feature="P"))
            for ref in (src, tgt):
                if ref is not None:
                    mentions.append(ActorMention(sentence_index=index, text=ref.text, start=ref.start, end=ref.end,
                                                 actor_id=ref.actor_id, name=ref.name, country=ref.country,
                                                 sector=ref.sector, kind=ref.kind, method="test"))
            fields: dict[str, Any] = {"date": d["date"], "date_precision": "day" if d["date"] else None}
            fields.update(extra)
            events.append(Event(
                id=f"ev_{re.sub(r'[^a-z0-9]+', '_', d['doc_id'])}_{index}", doc_id=d["doc_id"], sentence_index=index,
                sentence=sentence, sentence_start=start, trigger=_find(text, trigger, start), event_type=etype,
                cameo=cameo, quad_class=ONTOLOGY.quad_class(etype), goldstein=ONTOLOGY.code(cameo).goldstein,
                source=src, target=tgt, location=location,
                confidence=0.9 - 0.1 * index, evidence={"rule": "written for the tests"}, **fields))
        out.append(CodedDocument(doc_id=d["doc_id"], content_hash=content_hash(text), title=d["title"], text=text,
                                 date=DocumentDate(date=d["date"], basis="input" if d["date"] else "none"),
                                 sentences=sentences, mentions=mentions, places=places, events=events))
    return out


def build_store(path: Path) -> list[CodedDocument]:
    """Write the test documents into a new database at ``path``; returns what was written."""
    docs = coded_documents()
    with Store(path) as store:
        for doc in docs:
            store.save(doc)
    return docs
