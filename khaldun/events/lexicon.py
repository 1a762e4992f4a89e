"""The trigger lexicon: finds event triggers in a dependency parse by lemma, particle, object and preposition.

Patterns come from ``data/lexicon/triggers.v1.jsonl`` (schema: ``khaldun.events.patterns``).
Matching is a dictionary lookup by lemma followed by checks on the token's
children, so it costs a few microseconds per token.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khaldun.errors import DataFileError
from khaldun.events.patterns import TriggerPattern
from khaldun.kb.files import data_path, read_jsonl
from khaldun.kb.ontology import Ontology

LEXICON_FILE = ("lexicon", "triggers.v1.jsonl")
OBJECT_DEPS = frozenset({"dobj", "obj", "nsubjpass", "attr", "oprd", "dative"})
PARTICLE_DEPS = frozenset({"prt", "advmod", "prep", "compound:prt"})
VERB_POS = frozenset({"VERB", "AUX"})
NOUN_POS = frozenset({"NOUN", "PROPN"})

Token = Any  # a spaCy Token; typed loosely so that this module never imports spaCy


def pos_class(token: Token) -> str | None:
    if token.pos_ in VERB_POS:
        return "VERB"
    if token.pos_ in NOUN_POS:
        return "NOUN"
    if token.pos_ == "ADJ":
        return "ADJ"
    return None


@dataclass(frozen=True)
class TriggerMatch:
    """A pattern matched at a head token, with the tokens that make up the trigger."""

    pattern: TriggerPattern
    head: Token
    tokens: tuple[Token, ...]
    object_token: Token | None
    prep_token: Token | None

    @property
    def span_tokens(self) -> tuple[Token, ...]:
        """The contiguous words shown as the trigger: the head with its particle and light-verb object,
        and the preposition only when it follows them directly ("took control of", not "accused X ... of")."""
        core = [t for t in self.tokens if t is not self.prep_token]
        lo, hi = min(t.i for t in core), max(t.i for t in core)
        if self.object_token is not None and hi - lo > 4:  # a long object phrase: show the verb alone
            core = [t for t in core if t is not self.object_token]
            lo, hi = min(t.i for t in core), max(t.i for t in core)
        if self.prep_token is not None and self.prep_token.i == hi + 1:
            hi += 1
        return tuple(self.head.doc[lo:hi + 1])

    @property
    def start_char(self) -> int:
        return self.span_tokens[0].idx

    @property
    def end_char(self) -> int:
        last = self.span_tokens[-1]
        return last.idx + len(last.text)


class Lexicon:
    """Trigger patterns indexed by (lemma, part of speech)."""

    def __init__(self, patterns: Sequence[TriggerPattern], ontology: Ontology, *, source: str = "<memory>") -> None:
        self.patterns = list(patterns)
        self.ontology = ontology
        self._by_head: dict[tuple[str, str], list[TriggerPattern]] = defaultdict(list)
        seen: set[str] = set()
        for p in self.patterns:
            if p.id in seen:
                raise DataFileError(source, None, f"duplicate pattern id {p.id!r}")
            seen.add(p.id)
            try:
                code = ontology.code(p.cameo)
            except KeyError:
                raise DataFileError(source, None, f"pattern {p.id!r}: unknown CAMEO code {p.cameo!r}") from None
            if p.plover is None and code.plover is None:
                raise DataFileError(source, None, f"pattern {p.id!r}: CAMEO {p.cameo} has no PLOVER type; set 'plover'")
            self._by_head[(p.lemma.lower(), p.pos)].append(p)
        for plist in self._by_head.values():
            plist.sort(key=lambda p: -p.specificity)

    @classmethod
    def load(cls, ontology: Ontology, path: Path | None = None) -> "Lexicon":
        path = path or data_path(*LEXICON_FILE)
        if not path.exists():
            return cls([], ontology, source=str(path))
        seen: dict[str, int] = {}
        patterns: list[TriggerPattern] = []
        for line, p in read_jsonl(path, TriggerPattern):
            if p.id in seen:
                raise DataFileError(str(path), line, f"pattern id {p.id!r} already used on line {seen[p.id]}")
            seen[p.id] = line
            patterns.append(p)
        return cls(patterns, ontology, source=str(path))

    def __len__(self) -> int:
        return len(self.patterns)

    def heads(self) -> set[str]:
        return {lemma for lemma, _ in self._by_head}

    def plover(self, p: TriggerPattern) -> tuple[str, str | None]:
        """PLOVER type and mode a pattern codes (its own override first, then the CAMEO table)."""
        code = self.ontology.code(p.cameo)
        plover = p.plover or code.plover
        assert plover is not None
        mode = p.mode if p.mode is not None else (code.mode if code.plover == plover else None)
        return plover, mode

    def match_token(self, token: Token) -> TriggerMatch | None:
        """The most specific pattern matching at ``token``, if any."""
        pos = pos_class(token)
        if pos is None:
            return None
        candidates = self._by_head.get((token.lemma_.lower(), pos))
        if not candidates:
            return None
        children = list(token.children)
        for p in candidates:
            m = _try(p, token, children)
            if m is not None:
                return m
        return None

    def match(self, tokens: Iterable[Token]) -> list[TriggerMatch]:
        out = []
        for t in tokens:
            m = self.match_token(t)
            if m is not None:
                out.append(m)
        return out


def _dated(prep: Token) -> bool:
    return any(c.dep_ == "pobj" and c.ent_type_ in ("DATE", "TIME") for c in prep.children)


def _objects(token: Token, children: list[Token]) -> list[Token]:
    objs = [c for c in children if c.dep_ in OBJECT_DEPS]
    for o in list(objs):
        objs.extend(c for c in o.children if c.dep_ == "conj")
    return objs


def _try(p: TriggerPattern, head: Token, children: list[Token]) -> TriggerMatch | None:
    host_clause_marks = [m for c in children if c.dep_ in ("advcl", "ccomp", "xcomp") for m in c.children if m.dep_ == "mark"]
    parts = [head]
    prt = None
    if p.particle is not None:
        prt = next((c for c in children if c.dep_ in PARTICLE_DEPS and c.lower_ == p.particle), None)
        if prt is None:
            return None
        parts.append(prt)
    obj = None
    if p.object is not None or p.not_object:
        objs = _objects(head, children)
        if p.not_object and any(o.lemma_.lower() in p.not_object for o in objs):
            return None
        if p.object is not None:
            wanted = {w.lower() for w in p.object}
            obj = next((o for o in objs if o.lemma_.lower() in wanted or o.lower_ in wanted), None)
            if obj is None:
                return None
            parts.append(obj)
    prep = None
    if p.prep is not None:
        # "pulled out of X": the parser may hang the preposition off the particle
        hosts = [head] + ([obj] if obj is not None else []) + ([prt] if prt is not None else [])
        for host in hosts:
            host_children = children if host is head else list(host.children)
            preps = [c for c in host_children if c.dep_ in ("prep", "agent", "dative") and c.lower_ == p.prep]
            if p.prep_object:
                wanted_objects = {w.lower() for w in p.prep_object}
                preps = [c for c in preps if any(g.dep_ == "pobj" and (g.lemma_.lower() in wanted_objects or g.lower_ in wanted_objects)
                                                  for g in c.children)]
            # "called on Friday on Iraqis to ...": the preposition whose object is not a date
            prep = next((c for c in preps if not _dated(c)), None)  # a date is never the recipient
            if prep is not None:
                break
        if prep is None and host_clause_marks and not p.prep_object:
            # "called for the government to resign": the preposition marks a clause whose subject is the target
            prep = next((m for m in host_clause_marks if m.lower_ == p.prep), None)
        if prep is None:
            return None
        parts.append(prep)
    return TriggerMatch(p, head, tuple(sorted(parts, key=lambda t: t.i)), obj, prep)
