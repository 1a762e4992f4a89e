"""Coder: the ordered stages every document flows through, and the per-document error handler.

    parse -> publication_date -> actors -> events -> places -> event_dates -> (emit) -> CodedDocument

Each stage is ``stage(doc: CodedDoc) -> CodedDoc`` and declares what it
``requires`` and ``assigns``; ``Coder.check()`` verifies the order. Resources
(spaCy model, knowledge base, lexicon, gazetteer, classifier) are loaded once
per Coder and never shared through globals, so two Coders with different
settings can live in one process.
"""

from __future__ import annotations

import datetime as dt
import logging
import time
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Protocol

from khaldun.actors.mentions import ActorStage
from khaldun.dates.events import EventDateStage
from khaldun.dates.publication import PublicationDateStage
from khaldun.doc import CodedDoc
from khaldun.errors import ConfigError, InputError, KhaldunError
from khaldun.events.classify import EventTypeModel, TypeDecider
from khaldun.events.emit import build_events
from khaldun.events.lexicon import Lexicon
from khaldun.events.pairs import PairScorer
from khaldun.events.stage import EventStage
from khaldun.kb.actors import ActorKB
from khaldun.kb.ontology import Ontology
from khaldun.nlp.parse import Parser
from khaldun.places.gazetteer import Gazetteer
from khaldun.places.geoparse import PlaceStage
from khaldun.schema import CodedDocument, Document, Event
from khaldun.settings import Settings

_LOG = logging.getLogger(__name__)


class Stage(Protocol):
    name: str
    requires: tuple[str, ...]
    assigns: tuple[str, ...]

    def __call__(self, doc: CodedDoc) -> CodedDoc: ...


@dataclass(frozen=True)
class DocumentFailure:
    """A document the pipeline could not code, and why; the run goes on."""

    document: Document
    error: KhaldunError


class Coder:
    """Codes documents into events. ``Coder().code(text, date="2014-06-10")`` returns a list of Events."""

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        parser: Parser | None = None,
        kb: ActorKB | None = None,
        ontology: Ontology | None = None,
        lexicon: Lexicon | None = None,
        gazetteer: Gazetteer | None = None,
        model: EventTypeModel | None | str = "auto",
        pairs: PairScorer | None | str = "auto",
    ) -> None:
        self.settings = settings or Settings.from_env()
        self.parser = parser or Parser.load(self.settings.spacy_model)
        self.ontology = ontology or Ontology.load()
        self.kb = kb or ActorKB.load(self.settings.actor_files)
        self.lexicon = lexicon or Lexicon.load(self.ontology)
        self.gazetteer = gazetteer or Gazetteer(place_files=self.settings.place_files)
        if model == "auto":
            from khaldun.events.model import load_model

            self.model: EventTypeModel | None = load_model(self.settings.classifier,
                                                              quantize=True if self.settings.classifier_int8 else None)
        else:
            self.model = model  # type: ignore[assignment]
        if pairs == "auto":
            pairs = PairScorer.shipped() if self.settings.propose_pairs != "off" and self.model is not None else None
        self.pairs: PairScorer | None = pairs  # type: ignore[assignment]
        combiner = getattr(self.model, "combiner", None)
        self.decider = TypeDecider(self.ontology, self.model, combiner)
        self.stages: list[Stage] = [
            PublicationDateStage(),
            ActorStage(self.kb, self.parser.nlp, places=self.gazetteer),
            EventStage(self.lexicon, self.decider, pairs=self.pairs, pair_policy=self.settings.propose_pairs),
            PlaceStage(self.gazetteer),
            EventDateStage(),
        ]
        self.check()
        self.profile = False
        self.timings: Counter[str] = Counter()

    def check(self) -> None:
        """Every stage's requirements are assigned by the parse or an earlier stage."""
        available = {"parse"}
        for stage in self.stages:
            missing = [r for r in stage.requires if r not in available]
            if missing:
                raise ConfigError(f"stage {stage.name!r} requires {missing}, which no earlier stage assigns")
            available.update(stage.assigns)
            available.add(stage.name)

    # -- public API ------------------------------------------------------------------------
    def code(self, text: str, *, date: str | dt.date | None = None, doc_id: str = "text", title: str | None = None) -> list[Event]:
        """The events of one document given as text."""
        day = _as_date(date)
        document = Document(doc_id=doc_id, text=text, title=title, date=day, origin=doc_id)
        if not text.strip():
            raise InputError(doc_id, "empty document: no text to code")
        result = next(self.pipe([document]))
        if isinstance(result, DocumentFailure):
            raise result.error
        return result.events

    def code_document(self, document: Document, *, default_date: dt.date | None = None) -> CodedDocument:
        result = next(self.pipe([document], default_date=default_date))
        if isinstance(result, DocumentFailure):
            raise result.error
        return result

    def pipe(self, documents: Iterable[Document], *, default_date: dt.date | None = None,
             batch_size: int | None = None) -> Iterator[CodedDocument | DocumentFailure]:
        """Code documents in batches; a document that fails yields a DocumentFailure, never an exception."""
        size = batch_size or self.settings.batch_size
        batch: list[CodedDoc] = []
        for document in documents:
            batch.append(CodedDoc(document, default_date=default_date))
            if len(batch) >= size:
                yield from self._run(batch)
                batch = []
        if batch:
            yield from self._run(batch)

    def _run(self, batch: list[CodedDoc]) -> Iterator[CodedDocument | DocumentFailure]:
        t0 = time.perf_counter()
        try:
            parsed = list(self.parser.pipe(batch, batch_size=len(batch)))
        except Exception:  # one bad text must not sink its batch: parse one by one
            parsed = []
            for doc in batch:
                try:
                    parsed.extend(self.parser.pipe([doc]))
                except Exception as exc:  # noqa: BLE001 - reported per document
                    yield self._failure(doc, "parse", exc)
        if self.profile:
            self.timings["parse"] += time.perf_counter() - t0
        for doc in parsed:
            yield self._finish(doc)

    def _finish(self, doc: CodedDoc) -> CodedDocument | DocumentFailure:
        for stage in self.stages:
            t0 = time.perf_counter()
            try:
                doc = stage(doc)
            except KhaldunError as exc:
                return DocumentFailure(doc.document, exc)
            except Exception as exc:  # noqa: BLE001 - the per-document error handler
                return self._failure(doc, stage.name, exc)
            if self.profile:
                self.timings[stage.name] += time.perf_counter() - t0
        try:
            doc.events = build_events(doc, self.ontology, min_confidence=self.settings.min_confidence,
                                      keep_unresolved=self.settings.keep_unresolved)
        except Exception as exc:  # noqa: BLE001
            return self._failure(doc, "emit", exc)
        record = doc.to_record()
        doc.parse = None
        return record

    @staticmethod
    def _failure(doc: CodedDoc, stage: str, exc: Exception) -> DocumentFailure:
        _LOG.exception("stage %s failed on %s", stage, doc.doc_id)
        err = InputError(doc.document.origin or doc.doc_id, f"coding failed in stage {stage!r} ({type(exc).__name__}: {exc})",
                         "please report this document as a bug")
        return DocumentFailure(doc.document, err)


def _as_date(value: str | dt.date | None) -> dt.date | None:
    if value is None or isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        from khaldun.errors import UsageError

        raise UsageError(f"date {value!r} is not a date; use YYYY-MM-DD") from None
