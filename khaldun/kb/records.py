"""Schemas of the knowledge files, validated on load.

Every data file under ``khaldun/data`` (and every file a user passes with
``--actors``) is checked against these models, so a typo fails at start-up with
the file and line named instead of silently coding the wrong actor.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

SECTORS: tuple[str, ...] = (
    "GOV", "MIL", "REB", "INS", "OPP", "PTY", "COP", "JUD", "LEG",
    "REL", "CVL", "MED", "IGO", "NGO", "BUS",
)
Sector = Literal[
    "GOV", "MIL", "REB", "INS", "OPP", "PTY", "COP", "JUD", "LEG",
    "REL", "CVL", "MED", "IGO", "NGO", "BUS",
]
Kind = Literal["state", "person", "organization", "group"]
Relation = Literal["member_of", "part_of", "backed_by", "allied_with", "splinter_of", "successor_of", "wing_of"]

# Which office a person is named by when they hold several at once.
SENIORITY: dict[str, int] = {
    "president": 10, "king": 10, "queen": 10, "emir": 10, "sultan": 10, "supreme leader": 10, "head of state": 10,
    "prime minister": 9, "chancellor": 9, "leader": 9, "secretary-general": 9, "vice president": 7,
    "crown prince": 7, "deputy prime minister": 6, "foreign minister": 5, "defence minister": 5,
    "interior minister": 5, "finance minister": 5, "speaker of parliament": 5,
}

_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")
_ISO3 = re.compile(r"^[A-Z]{3}$")
_WIKIDATA = re.compile(r"^Q[1-9][0-9]*$")


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Role(_Strict):
    """An office held over a period: state offices name a country, others an organization."""

    title: str
    country: str | None = None
    organization: str | None = None
    sector: Sector | None = None
    start: dt.date | None = None
    end: dt.date | None = None
    acting: bool = False
    note: str | None = None

    @field_validator("country")
    @classmethod
    def _iso3(cls, v: str | None) -> str | None:
        if v is not None and not _ISO3.match(v):
            raise ValueError(f"country {v!r} is not an ISO 3166-1 alpha-3 code (e.g. IRQ)")
        return v

    @model_validator(mode="after")
    def _check(self) -> "Role":
        if (self.country is None) == (self.organization is None):
            raise ValueError(f"role {self.title!r} needs exactly one of 'country' or 'organization'")
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"role {self.title!r} ends ({self.end}) before it starts ({self.start})")
        return self

    def active_on(self, day: dt.date | None) -> bool:
        if day is None:
            return self.end is None
        return (self.start is None or self.start <= day) and (self.end is None or day <= self.end)


class Affiliation(_Strict):
    """A dated link to another actor (a militia backed by a state, a unit part of a force)."""

    actor: str
    relation: Relation = "member_of"
    start: dt.date | None = None
    end: dt.date | None = None

    @model_validator(mode="after")
    def _order(self) -> "Affiliation":
        if self.start and self.end and self.end < self.start:
            raise ValueError(f"affiliation with {self.actor!r} ends before it starts")
        return self


class Metonym(_Strict):
    """A place or building that stands for an actor ("the Kremlin" -> RUS GOV)."""

    text: str
    sector: Sector = "GOV"


class ActorRecord(_Strict):
    """One actor of the knowledge base: a state, person, organization or group."""

    id: str
    name: str
    kind: Kind
    country: str | None = None
    sector: Sector | None = None
    aliases: list[str] = Field(default_factory=list)
    adjectives: list[str] = Field(default_factory=list)
    demonyms: list[str] = Field(default_factory=list)
    metonyms: list[Metonym] = Field(default_factory=list)
    countries: list[str] = Field(default_factory=list)
    roles: list[Role] = Field(default_factory=list)
    affiliations: list[Affiliation] = Field(default_factory=list)
    wikidata: str | None = None
    iso2: str | None = None
    capital: str | None = None
    active: tuple[dt.date | None, dt.date | None] | None = None
    note: str | None = None

    @field_validator("id")
    @classmethod
    def _id(cls, v: str) -> str:
        if not _ID.match(v):
            raise ValueError(f"id {v!r} must be letters, digits, '.', '_' or '-'")
        return v

    @field_validator("country")
    @classmethod
    def _country(cls, v: str | None) -> str | None:
        if v is not None and not _ISO3.match(v):
            raise ValueError(f"country {v!r} is not an ISO 3166-1 alpha-3 code (e.g. IRQ)")
        return v

    @field_validator("countries")
    @classmethod
    def _countries(cls, v: list[str]) -> list[str]:
        for c in v:
            if not _ISO3.match(c):
                raise ValueError(f"countries entry {c!r} is not an ISO 3166-1 alpha-3 code")
        return v

    @field_validator("wikidata")
    @classmethod
    def _wikidata(cls, v: str | None) -> str | None:
        if v is not None and not _WIKIDATA.match(v):
            raise ValueError(f"wikidata {v!r} must look like Q1234")
        return v

    @model_validator(mode="after")
    def _check(self) -> "ActorRecord":
        if self.kind == "state" and self.country != self.id:
            raise ValueError(f"state {self.id!r} must have country equal to its id")
        for alias in self.aliases + self.adjectives + self.demonyms:
            if not alias.strip():
                raise ValueError("empty alias")
        return self

    def role_on(self, day: dt.date | None) -> Role | None:
        """The role in force on ``day``: the most senior when several overlap (a premier acting as minister)."""
        active = [r for r in self.roles if r.active_on(day)]
        if not active:
            return None
        return max(active, key=lambda r: (not r.acting, SENIORITY.get(r.title, 3), r.start or dt.date.min))


class AgentNoun(_Strict):
    """Generic nouns that name a sector ("troops" -> MIL) whatever country modifies them."""

    nouns: list[str]
    sector: Sector
    kind: Kind = "group"
    note: str | None = None


class TitleRecord(_Strict):
    """A canonical office title and the phrases that name it."""

    title: str
    variants: list[str] = Field(default_factory=list)
    sector: Sector = "GOV"
    countries: dict[str, list[str]] = Field(default_factory=dict)
