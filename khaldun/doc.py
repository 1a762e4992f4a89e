"""CodedDoc: the one object that flows through the pipeline stages.

Stages annotate it in order (parse -> actors -> events -> places -> dates); each
declares what it ``requires`` and ``assigns`` (see ``khaldun.pipeline``). It
holds the spaCy parse while coding; ``to_record()`` turns it into the published
``CodedDocument``, which holds no spaCy objects.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass, field
from typing import Any

from khaldun.schema import (
    ActorMention,
    ActorRef,
    CodedDocument,
    Document,
    DocumentDate,
    Event,
    Place,
    PlaceMention,
    SentenceRecord,
    Span,
)


def content_hash(text: str) -> str:
    """Documents are keyed by the hash of their text: the same text is the same document."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:32]


@dataclass
class Sentence:
    index: int
    start: int
    end: int
    text: str
    token_start: int
    token_end: int


@dataclass
class Mention:
    """An actor mention: a token span of the parse and the actor it resolved to."""

    start: int
    end: int
    start_char: int
    end_char: int
    text: str
    sentence_index: int
    head: int
    actor_id: str | None = None
    name: str | None = None
    country: str | None = None
    sector: str = "UNK"
    kind: str | None = None
    role: str | None = None
    method: str = ""
    confidence: float = 1.0
    antecedent: "Mention | None" = None
    members: list["Mention"] = field(default_factory=list)
    patron: str | None = None
    is_place: bool = False

    @property
    def resolved(self) -> bool:
        return self.actor_id is not None or self.country is not None or self.sector != "UNK"

    @property
    def identified(self) -> bool:
        """Resolved, or a named person or organization the KB does not know."""
        return self.resolved or (self.method.startswith("ner") and self.kind in ("person", "organization"))

    def ref(self) -> ActorRef:
        return ActorRef(
            text=self.text, start=self.start_char, end=self.end_char, actor_id=self.actor_id, name=self.name,
            country=self.country, sector=self.sector, kind=self.kind,  # type: ignore[arg-type]
        )

    def record(self) -> ActorMention:
        ante = self.antecedent
        return ActorMention(
            sentence_index=self.sentence_index, text=self.text, start=self.start_char, end=self.end_char,
            actor_id=self.actor_id, name=self.name, country=self.country, sector=self.sector,  # type: ignore[arg-type]
            kind=self.kind, role=self.role, method=self.method,  # type: ignore[arg-type]
            antecedent=Span(text=ante.text, start=ante.start_char, end=ante.end_char) if ante else None,
        )


@dataclass
class PlaceHit:
    """A toponym in the text and, once resolved, the gazetteer place it names."""

    start_char: int
    end_char: int
    text: str
    sentence_index: int
    token_start: int
    token_end: int
    place: Place | None = None
    score: float = 0.0
    is_actor: bool = False  # stands for an actor ("Washington said", "Iraqi"): never an event location
    kind: str = "place"  # place | demonym (a country's adjective or people) | metonym (a place name used as an actor)


@dataclass
class Candidate:
    """An event candidate: a trigger with its source and target, before and after typing."""

    sentence_index: int
    trigger_tokens: list[int]
    trigger_start: int
    trigger_end: int
    trigger_text: str
    source: Mention | None
    target: Mention | None
    head: int
    pattern_id: str | None = None
    cameo: str | None = None
    event_type: str | None = None
    mode: str | None = None
    symmetric: bool = False
    factuality: str = "asserted"
    hedged: bool = False
    speaker: Mention | None = None
    confidence: float = 0.0
    magnitude: dict[str, int | None] = field(default_factory=dict)
    location: PlaceHit | None = None
    location_basis: str | None = None
    date: str | None = None
    date_precision: str | None = None
    date_basis: str | None = None
    evidence: dict[str, Any] = field(default_factory=dict)
    dropped: str | None = None


@dataclass
class CodedDoc:
    """The working document: the input, its parse and every stage's annotations."""

    document: Document
    parse: Any = None
    sentences: list[Sentence] = field(default_factory=list)
    mentions: list[Mention] = field(default_factory=list)
    places: list[PlaceHit] = field(default_factory=list)
    candidates: list[Candidate] = field(default_factory=list)
    events: list[Event] = field(default_factory=list)
    pub_date: DocumentDate = field(default_factory=DocumentDate)
    default_date: dt.date | None = None
    dateline: tuple[int, int] | None = None
    warnings: list[str] = field(default_factory=list)
    done: list[str] = field(default_factory=list)

    @property
    def text(self) -> str:
        return self.document.text

    @property
    def doc_id(self) -> str:
        return self.document.doc_id

    @property
    def hash(self) -> str:
        return content_hash(self.document.text)

    @property
    def reference_date(self) -> dt.date | None:
        return self.pub_date.date

    def sentence_of_char(self, offset: int) -> Sentence | None:
        for s in self.sentences:
            if s.start <= offset < s.end:
                return s
        return None

    def to_record(self) -> CodedDocument:
        d = self.document
        return CodedDocument(
            doc_id=d.doc_id, content_hash=self.hash, title=d.title, url=d.url, source=d.source, text=d.text,
            date=self.pub_date,
            sentences=[SentenceRecord(index=s.index, start=s.start, end=s.end, text=s.text) for s in self.sentences],
            mentions=[m.record() for m in self.mentions],
            places=[
                PlaceMention(doc_id=d.doc_id, text=p.text, start=p.start_char, end=p.end_char,
                             **(p.place.model_dump(exclude={"text"}) if p.place else {}))
                for p in self.places  # every toponym, metonyms and demonyms included; only events tell them apart
            ],
            events=list(self.events), warnings=list(self.warnings),
        )
