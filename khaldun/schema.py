"""The published record types: defined once, used by the pipeline, the JSONL and CSV writers, the store and the API.

``Event`` mirrors the event record of CONTRACT.md field for field; its JSON
Schema is published as ``docs/event.schema.json`` (``khaldun schema`` prints it).
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PloverType = Literal[
    "AGREE", "CONSULT", "SUPPORT", "CONCEDE", "COOPERATE", "AID", "RETREAT", "REQUEST",
    "ACCUSE", "REJECT", "THREATEN", "PROTEST", "SANCTION", "MOBILIZE", "COERCE", "ASSAULT",
]
SectorCode = Literal[
    "GOV", "MIL", "REB", "INS", "OPP", "PTY", "COP", "JUD", "LEG",
    "REL", "CVL", "MED", "IGO", "NGO", "BUS", "UNK",
]
ActorKind = Literal["state", "person", "organization", "group"]
Factuality = Literal["asserted", "negated", "hypothetical", "question", "future", "intent"]
DatePrecision = Literal["day", "month", "year"]


class _Record(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Span(_Record):
    """Words in the document text, with character offsets into it."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)


class ActorRef(_Record):
    """An actor as it appears in an event: the words used and who they name."""

    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    actor_id: str | None = None
    name: str | None = None
    country: str | None = Field(default=None, pattern=r"^[A-Z]{3}$")
    sector: SectorCode = "UNK"
    kind: ActorKind | None = None


class Place(_Record):
    """A place resolved to the GeoNames gazetteer (unresolved: null coordinates)."""

    text: str
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None


class Magnitude(_Record):
    """The numbers the text gives for an event (PLOVER's size object plus casualties)."""

    dead: int | None = Field(default=None, ge=0)
    injured: int | None = Field(default=None, ge=0)
    arrested: int | None = Field(default=None, ge=0)
    size: int | None = Field(default=None, ge=0)


class Event(_Record):
    """One coded event: who did what to whom, when and where, with the sentence that proves it."""

    id: str
    doc_id: str
    sentence_index: int = Field(ge=0)
    sentence: str
    sentence_start: int = Field(ge=0)
    trigger: Span
    event_type: PloverType
    mode: str | None = None
    cameo: str = Field(pattern=r"^[0-2][0-9]{1,3}$")
    quad_class: int = Field(ge=1, le=4)
    goldstein: float = Field(ge=-10, le=10)
    source: ActorRef | None = None
    target: ActorRef | None = None
    magnitude: Magnitude = Field(default_factory=Magnitude)
    location: Place | None = None
    date: str | None = Field(default=None, pattern=r"^\d{4}(-\d{2}(-\d{2})?)?$")
    date_precision: DatePrecision | None = None
    factuality: Factuality = "asserted"
    hedged: bool = False
    speaker: ActorRef | None = None
    confidence: float = Field(ge=0, le=1)
    evidence: dict[str, Any] = Field(default_factory=dict)


class PlaceMention(_Record):
    """One toponym in a document, as ``khaldun places`` prints it."""

    doc_id: str
    text: str
    start: int = Field(ge=0)
    end: int = Field(ge=0)
    name: str | None = None
    country: str | None = None
    admin1: str | None = None
    lat: float | None = None
    lon: float | None = None
    geonameid: int | None = None
    feature: str | None = None


class Document(_Record):
    """A document as read from the input, before coding."""

    doc_id: str
    text: str
    title: str | None = None
    date: dt.date | None = None
    url: str | None = None
    source: str | None = None
    origin: str = Field(default="", description="where it was read from: path, path:line or '-'")


class DocumentDate(_Record):
    """The publication date used for a document and how it was found."""

    date: dt.date | None = None
    basis: Literal["input", "metadata", "option", "dateline", "text", "latest-event", "none"] = "none"
    confidence: float = Field(default=0.0, ge=0, le=1)
    evidence: str | None = None


class ActorMention(_Record):
    """An actor mention found in a document, as stored in the ``mentions`` table."""

    sentence_index: int
    text: str
    start: int
    end: int
    actor_id: str | None = None
    name: str | None = None
    country: str | None = None
    sector: SectorCode = "UNK"
    kind: ActorKind | None = None
    role: str | None = None
    method: str = ""
    antecedent: Span | None = None


class SentenceRecord(_Record):
    index: int
    start: int
    end: int
    text: str


class CodedDocument(_Record):
    """Everything the pipeline found in one document: what the store saves and the API serves."""

    doc_id: str
    content_hash: str
    title: str | None = None
    url: str | None = None
    source: str | None = None
    text: str
    date: DocumentDate = Field(default_factory=DocumentDate)
    sentences: list[SentenceRecord] = Field(default_factory=list)
    mentions: list[ActorMention] = Field(default_factory=list)
    places: list[PlaceMention] = Field(default_factory=list)
    events: list[Event] = Field(default_factory=list)
    warnings: list[str] = Field(default_factory=list)
