"""Geoparsing documents on their own (``khaldun places``): parse, actors (to tell metonyms apart), toponyms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from khaldun.actors.mentions import ActorStage
from khaldun.dates.publication import PublicationDateStage
from khaldun.doc import CodedDoc, PlaceHit
from khaldun.kb.actors import ActorKB
from khaldun.nlp.parse import Parser
from khaldun.places.gazetteer import Gazetteer
from khaldun.places.geoparse import PlaceStage
from khaldun.schema import Document, PlaceMention
from khaldun.settings import Settings


class Geoparser:
    """Finds and resolves the place mentions of documents."""

    def __init__(self, parser: Parser, kb: ActorKB, gazetteer: Gazetteer, *, use_model: bool = True) -> None:
        self.parser = parser
        self.place_stage = PlaceStage(gazetteer, use_model=use_model)
        self.context_stages = [PublicationDateStage(), ActorStage(kb, parser.nlp)]

    @classmethod
    def load(cls, settings: Settings | None = None, *, use_model: bool = True) -> "Geoparser":
        """``use_model=False``: events are placed by the attachment rules alone (as when training the model)."""
        settings = settings or Settings.from_env()
        return cls(Parser.load(settings.spacy_model), ActorKB.load(settings.actor_files),
                   Gazetteer(place_files=settings.place_files), use_model=use_model)

    def prepare(self, document: Document, *, default_date: dt.date | None = None) -> CodedDoc:
        """Parse a document and find its actors: the context toponym resolution needs."""
        doc = CodedDoc(document, default_date=default_date)
        self.parser(doc)
        for stage in self.context_stages:
            doc = stage(doc)
        return doc

    def hits(self, document: Document, *, default_date: dt.date | None = None) -> list[PlaceHit]:
        """Every toponym, with its role (place, metonym, demonym) and resolution."""
        doc = self.place_stage(self.prepare(document, default_date=default_date))
        return doc.places

    def places(self, document: Document, *, default_date: dt.date | None = None) -> Iterator[PlaceMention]:
        doc = self.place_stage(self.prepare(document, default_date=default_date))
        yield from doc.to_record().places
