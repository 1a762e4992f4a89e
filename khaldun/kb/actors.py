"""The actor knowledge base: who is who, and who held which office on which day.

Data lives in ``khaldun/data/actors`` (JSONL, one actor a line, schema in
``khaldun.kb.records``); users add their own files with the same schema. The
KB is immutable once built: lookups never change it, so one KB can serve many
``Coder`` instances and worker processes.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections import defaultdict
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path

from khaldun.errors import DataFileError
from khaldun.kb.files import data_path, read_records
from khaldun.kb.records import ActorRecord, AgentNoun, Role, TitleRecord

ACTOR_DIR = "actors"
AliasKind = str  # "name" | "alias" | "adjective" | "demonym" | "metonym" | "agent" | "title"

_QUOTES = str.maketrans({"\u2019": "", "\u2018": "", "`": "", "\u00b4": "", "\u02bc": "", "\u02bb": "", "\u02be": "",
                         "\u02bf": "", "'": "", "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-"})


def normalize(text: str) -> str:
    """Fold case, apostrophes, hyphens and diacritics so that spelling variants meet (Shi'ite = Shiite)."""
    text = text.translate(_QUOTES)
    text = unicodedata.normalize("NFKD", text)
    text = "".join(c for c in text if not unicodedata.combining(c))
    text = text.lower().replace("-", " ")
    text = re.sub(r"[^\w ]+", " ", text)
    text = re.sub(r"\s+", " ", text).strip()
    if text.startswith("the "):
        text = text[4:]
    return text


@dataclass(frozen=True)
class AliasEntry:
    """What one normalized phrase can stand for."""

    actor_id: str
    kind: AliasKind
    sector: str | None = None


@dataclass(frozen=True)
class OfficeHolder:
    actor_id: str
    role: Role


class ActorKB:
    """Actors, their names and their dated roles, with lookups by phrase and by office."""

    def __init__(
        self,
        actors: Sequence[ActorRecord],
        *,
        agents: Sequence[AgentNoun] = (),
        titles: Sequence[TitleRecord] = (),
        source: str = "<memory>",
        origins: Mapping[str, tuple[str, int | None]] | None = None,
        overridden: Sequence[str] = (),
    ) -> None:
        self.origins: dict[str, tuple[str, int | None]] = dict(origins or {})
        self.actors: dict[str, ActorRecord] = {}
        for actor in actors:
            if actor.id in self.actors:
                path, line = self.origins.get(actor.id, (source, None))
                raise DataFileError(path, line, f"duplicate actor id {actor.id!r}")
            self.actors[actor.id] = actor
        self.overridden = list(overridden)
        self.agents = list(agents)
        self.titles = list(titles)
        self._source = source
        self._check_references()
        self.aliases: dict[str, list[AliasEntry]] = defaultdict(list)
        self.agent_nouns: dict[str, AgentNoun] = {}
        self.title_phrases: dict[str, tuple[str, str | None]] = {}
        self.offices: dict[tuple[str, str], list[OfficeHolder]] = defaultdict(list)
        self._index()

    # -- construction ---------------------------------------------------------------------
    @classmethod
    def load(cls, extra: Iterable[Path] = (), *, builtin: bool = True) -> "ActorKB":
        """Load the shipped files (unless ``builtin=False``) plus user files, validating each.

        A user file may add actors or replace a shipped one by reusing its id; an id
        defined twice among the shipped files, or twice among the user files, is an error
        that names both places.
        """
        actors: dict[str, ActorRecord] = {}
        origins: dict[str, tuple[str, int | None]] = {}
        overridden: list[str] = []
        shipped = sorted(data_path(ACTOR_DIR).glob("*.jsonl")) if builtin else []
        user = [Path(p) for p in extra]
        user_ids: set[str] = set()
        for path in [*shipped, *user]:
            is_user = path in user
            for line, record in read_records(path, ActorRecord, "actors"):
                if record.id in actors and (not is_user or record.id in user_ids):
                    raise DataFileError(str(path), line,
                                        f"actor id {record.id!r} already defined in {_where(*origins[record.id])}")
                if record.id in actors:
                    overridden.append(record.id)
                if is_user:
                    user_ids.add(record.id)
                actors[record.id] = record
                origins[record.id] = (str(path), line)
        agents_path = data_path(ACTOR_DIR, "agents.v1.yaml")
        titles_path = data_path(ACTOR_DIR, "titles.v1.yaml")
        agents: list[AgentNoun] = []
        titles: list[TitleRecord] = []
        if builtin and agents_path.exists():
            agents = [r for _, r in read_records(agents_path, AgentNoun, "agents")]
        if builtin and titles_path.exists():
            titles = [r for _, r in read_records(titles_path, TitleRecord, "titles")]
        files = [*shipped, *user]
        return cls(list(actors.values()), agents=agents, titles=titles,
                   source=", ".join(str(f) for f in files) or "<none>", origins=origins, overridden=overridden)

    def _check_references(self) -> None:
        """Every country code names a state record; every organization and affiliation names an actor."""
        states = {a.id for a in self.actors.values() if a.kind == "state"}
        for actor in self.actors.values():
            path, line = self.origins.get(actor.id, (self._source, None))
            codes = [actor.country] if actor.country else []
            codes += actor.countries + [r.country for r in actor.roles if r.country]
            for code in codes:
                if states and code not in states:
                    raise DataFileError(path, line, f"actor {actor.id!r}: unknown country {code!r} (no state record has that id)")
            for role in actor.roles:
                if role.organization and role.organization not in self.actors:
                    raise DataFileError(path, line, f"actor {actor.id!r}: role in unknown organization {role.organization!r}")
            for aff in actor.affiliations:
                if aff.actor not in self.actors:
                    raise DataFileError(path, line, f"actor {actor.id!r}: affiliation to unknown actor {aff.actor!r}")

    def _index(self) -> None:
        for actor in self.actors.values():
            self._add(actor.name, AliasEntry(actor.id, "name"))
            for a in actor.aliases:
                self._add(a, AliasEntry(actor.id, "alias"))
            for a in actor.adjectives:
                self._add(a, AliasEntry(actor.id, "adjective"))
            for a in actor.demonyms:
                self._add(a, AliasEntry(actor.id, "demonym"))
            for m in actor.metonyms:
                self._add(m.text, AliasEntry(actor.id, "metonym", m.sector))
            for role in actor.roles:
                key = (role.country or role.organization or "", role.title)
                self.offices[key].append(OfficeHolder(actor.id, role))
        for holders in self.offices.values():
            holders.sort(key=lambda h: h.role.start or dt.date.min)
        for agent in self.agents:
            for noun in agent.nouns:
                self.agent_nouns[normalize(noun)] = agent
        for title in self.titles:
            self.title_phrases[normalize(title.title)] = (title.title, None)
            for v in title.variants:
                self.title_phrases.setdefault(normalize(v), (title.title, None))
            for country, phrases in title.countries.items():
                for p in phrases:
                    self.title_phrases[normalize(p) + "|" + country] = (title.title, country)

    def _add(self, phrase: str, entry: AliasEntry) -> None:
        key = normalize(phrase)
        if key and entry not in self.aliases[key]:
            self.aliases[key].append(entry)

    # -- lookups --------------------------------------------------------------------------
    def get(self, actor_id: str) -> ActorRecord | None:
        return self.actors.get(actor_id)

    def phrases(self) -> dict[str, list[AliasEntry]]:
        """Every normalized phrase the KB knows, for building a matcher."""
        return self.aliases

    def find(self, phrase: str) -> list[AliasEntry]:
        return list(self.aliases.get(normalize(phrase), ()))

    def canonical_title(self, phrase: str, country: str | None = None) -> str | None:
        """Map "premier", "secretary of state" (USA) ... to the canonical title, if known."""
        key = normalize(phrase)
        if country and f"{key}|{country}" in self.title_phrases:
            return self.title_phrases[f"{key}|{country}"][0]
        hit = self.title_phrases.get(key)
        return hit[0] if hit else None

    def title_country(self, phrase: str) -> str | None:
        """The one country whose own phrase this is ("secretary of state" -> USA), if exactly one."""
        key = normalize(phrase) + "|"
        countries = {k.split("|")[1] for k in self.title_phrases if k.startswith(key)}
        return countries.pop() if len(countries) == 1 else None

    def holders(self, holder_of: str, title: str, day: dt.date | None) -> list[OfficeHolder]:
        """Who held ``title`` in a country or organization on ``day`` (``None``: today)."""
        return [h for h in self.offices.get((holder_of, title), ()) if h.role.active_on(day)]

    def countries(self) -> list[ActorRecord]:
        return [a for a in self.actors.values() if a.kind == "state"]

    def where(self, actor_id: str) -> str:
        """The file and line an actor was read from, for messages."""
        return _where(*self.origins[actor_id]) if actor_id in self.origins else self._source

    def stats(self) -> dict[str, int]:
        """Counts the issue's targets are stated in: actors by kind, and dated person roles."""
        out: dict[str, int] = {"actors": len(self.actors)}
        for a in self.actors.values():
            out[a.kind] = out.get(a.kind, 0) + 1
        out["dated_person_roles"] = sum(1 for a in self.actors.values() if a.kind == "person"
                                        for r in a.roles if r.start is not None)
        return out


def _where(path: str, line: int | None) -> str:
    return f"{Path(path).name} line {line}" if line is not None else Path(path).name
