"""Geoparsing documents on their own (``khaldun places``): parse, actors (to tell metonyms apart), toponyms."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from khaldun.actors.mentions import ActorStage
from khaldun.dates.publication import PublicationDateStage
from khaldun.doc import CodedDoc
from khaldun.kb.actors import ActorKB
from khaldun.nlp.parse import Parser
from khaldun.places.gazetteer import Gazetteer
from khaldun.places.geoparse import PlaceStage
from khaldun.schema import Document, PlaceMention
from khaldun.settings import Settings


class Geoparser:
    """Finds and resolves the place mentions of documents."""

    def __init__(self, parser: Parser, kb: ActorKB, gazetteer: Gazetteer) -> None:
        self.parser = parser
        self.stages = [PublicationDateStage(), ActorStage(kb, parser.nlp), PlaceStage(gazetteer)]

    @classmethod
    def load(cls, settings: Settings | None = None) -> "Geoparser":
        settings = settings or Settings.from_env()
        return cls(Parser.load(settings.spacy_model), ActorKB.load(settings.actor_files), Gazetteer())

    def places(self, document: Document, *, default_date: dt.date | None = None) -> Iterator[PlaceMention]:
        doc = CodedDoc(document, default_date=default_date)
        self.parser(doc)
        for stage in self.stages:
            doc = stage(doc)
        yield from doc.to_record().places
