"""The actor stage: finds actor mentions in the parse and resolves each to who it is on the document's date.

A mention is a noun phrase whose head names an actor: a KB name or alias
("Nouri al-Maliki", "Daesh"), a generic agent noun with its modifiers ("Iraqi
forces", "Iranian-backed Shi'ite militias"), an office ("the Iraqi prime
minister"), an unknown named entity, or a pronoun / definite description that
``khaldun.actors.coref`` links to an earlier mention.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from khaldun.actors.coref import DEFINITE_NOUNS, PRONOUNS, resolve_references
from khaldun.actors.resolve import Resolution, Resolver
from khaldun.doc import CodedDoc, Mention
from khaldun.kb.actors import ActorKB, AliasEntry, normalize
from khaldun.nlp.matching import PhraseIndex, longest_spans

Token = Any

NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nummod", "det", "predet", "quantmod", "case",
                           "punct", "cc", "conj", "npadvmod", "advmod", "prt"})
NOT_HEAD_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod", "quantmod", "nummod"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "around", "across", "throughout", "inside", "into",
                            "within", "across", "towards", "toward", "through", "from"})
PATRON_WORDS = frozenset({"backed", "sponsored", "funded", "supported", "allied", "aligned", "led", "trained", "armed"})
ORG_SECTOR_WORDS = {
    "ministry": "GOV", "government": "GOV", "council": "GOV", "cabinet": "GOV", "authority": "GOV",
    "agency": "GOV", "commission": "GOV", "office": "GOV", "department": "GOV", "administration": "GOV",
    "party": "PTY", "movement": "PTY", "bloc": "PTY", "alliance": "PTY", "coalition": "PTY",
    "army": "MIL", "brigade": "MIL", "brigades": "MIL", "forces": "MIL", "force": "MIL", "battalion": "MIL",
    "division": "MIL", "corps": "MIL", "guard": "MIL", "guards": "MIL", "militia": "REB", "front": "REB",
    "police": "COP", "court": "JUD", "tribunal": "JUD", "parliament": "LEG", "assembly": "LEG",
    "university": "CVL", "union": "CVL", "bank": "BUS", "company": "BUS", "corporation": "BUS", "corp": "BUS",
    "group": "UNK", "organization": "UNK", "organisation": "UNK", "committee": "GOV", "news": "MED",
    "agency's": "GOV", "times": "MED", "post": "MED", "tv": "MED", "television": "MED", "radio": "MED",
}
NER_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})


@dataclass
class Phrase:
    """The parts of one noun phrase, before resolution."""

    head: Token
    tokens: list[Token]
    head_span: tuple[int, int] | None = None
    head_keys: list[str] = field(default_factory=list)
    modifiers: list[tuple[int, int, list[str]]] = field(default_factory=list)
    of_phrase: Token | None = None


class ActorStage:
    """Pipeline stage ``actors``: assigns ``doc.mentions``."""

    name = "actors"
    requires = ("parse", "publication_date")
    assigns = ("mentions",)

    def __init__(self, kb: ActorKB, nlp: Any) -> None:
        self.kb = kb
        self.resolver = Resolver(kb)
        self.index = PhraseIndex(nlp)
        self._acronyms: set[str] = set()
        originals: dict[str, list[str]] = {}
        for actor in kb.actors.values():
            names = [actor.name, *actor.aliases, *actor.adjectives, *actor.demonyms, *(m.text for m in actor.metonyms)]
            for n in names:
                originals.setdefault(normalize(n), []).append(n)
        for key, phrases in originals.items():
            self.index.add("A|" + key, phrases)
            if all(p.replace(".", "").isupper() and len(p.replace(".", "")) <= 5 for p in phrases):
                self._acronyms.add("A|" + key)
        for noun in kb.agent_nouns:
            self.index.add("G|" + noun, [noun])
        for phrase in kb.title_phrases:
            base = phrase.split("|")[0]
            self.index.add("T|" + base, [base])

    # -- stage -----------------------------------------------------------------------------
    def __call__(self, doc: CodedDoc) -> CodedDoc:
        sp = doc.parse
        day = doc.reference_date
        spans = self._matches(sp)
        context = self._context_country(spans, day)
        mentions: list[Mention] = []
        for sent in doc.sentences:
            mentions.extend(self._sentence(sp, sent.index, sent.token_start, sent.token_end, spans, day, context))
        self._apply_appositions(sp, mentions)
        resolve_references(mentions, sp, self.resolver, day, context)
        doc.mentions = mentions
        doc.done.append(self.name)
        return doc

    def _matches(self, sp: Any) -> dict[tuple[int, int], list[str]]:
        raw = []
        for s, e, key in self.index.find(sp):
            if key in self._acronyms and not sp[s:e].text.replace(".", "").isupper():
                continue
            if e - s == 1 and sp[s].pos_ in ("PRON", "AUX", "VERB", "ADP", "DET", "CCONJ") and key.startswith("A|"):
                continue
            raw.append((s, e, key))
        return longest_spans(raw)

    def _context_country(self, spans: dict[tuple[int, int], list[str]], day: dt.date | None) -> str | None:
        counts: Counter[str] = Counter()
        for keys in spans.values():
            for key in keys:
                if key.startswith("A|"):
                    entries = self.kb.aliases.get(key[2:], [])
                    for e in entries[:1]:
                        a = self.kb.actors[e.actor_id]
                        if a.country:
                            counts[a.country] += 1
        return counts.most_common(1)[0][0] if counts else None

    # -- noun phrases ----------------------------------------------------------------------
    def _sentence(self, sp: Any, index: int, start: int, end: int, spans: dict[tuple[int, int], list[str]],
                  day: dt.date | None, context: str | None) -> list[Mention]:
        in_sent = {k: v for k, v in spans.items() if start <= k[0] and k[1] <= end}
        consumed: set[int] = set()
        out: list[Mention] = []
        heads = [t for t in sp[start:end] if t.pos_ in NOMINAL and t.dep_ not in NOT_HEAD_DEPS]
        for h in heads:
            if h.i in consumed:
                continue
            phrase = self._phrase(h, in_sent)
            m = self._resolve_phrase(sp, phrase, index, day, context, in_sent)
            if m is None:
                continue
            out.append(m)
            consumed.update(t.i for t in phrase.tokens)
        # KB names left over: possessors and modifiers of non-actor heads ("Iran's mediation", "the Iraqi offensive").
        for (s, e), keys in in_sent.items():
            if any(i in consumed for i in range(s, e)):
                continue
            alias_keys = [k for k in keys if k.startswith("A|")]
            if not alias_keys:
                continue
            res = self._from_keys(alias_keys, day, context)
            if res is None:
                continue
            head = sp[s:e].root
            out.append(self._mention(sp, s, e, head.i, index, res))
        out.sort(key=lambda m: m.start)
        for m in out:
            m.is_place = _is_locative(sp[m.head]) and m.kind in (None, "state") and m.method in ("kb", "ner")
        return out

    def _phrase(self, h: Token, spans: dict[tuple[int, int], list[str]]) -> Phrase:
        toks = {h.i: h}
        stack = [c for c in h.lefts if c.dep_ in MODIFIER_DEPS]
        while stack:
            t = stack.pop()
            if t.i in toks:
                continue
            toks[t.i] = t
            stack.extend(t.children)
        tokens = [toks[i] for i in sorted(toks)]
        while tokens and tokens[0].is_punct:
            tokens = tokens[1:]
        p = Phrase(head=h, tokens=tokens or [h])
        lo, hi = p.tokens[0].i, h.i + 1
        for (s, e), keys in spans.items():
            if s <= h.i < e:
                p.head_span, p.head_keys = (s, e), keys
            elif lo <= s and e <= hi:
                p.modifiers.append((s, e, keys))
        if p.head_span and p.head_span[0] < lo:
            lo = p.head_span[0]
            p.tokens = list(h.doc[lo:hi])
        for c in h.rights:
            if c.dep_ == "prep" and c.lower_ in ("of", "for"):
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None:
                    p.of_phrase = pobj
        return p

    def _from_keys(self, keys: list[str], day: dt.date | None, context: str | None) -> Resolution | None:
        entries: list[AliasEntry] = []
        for k in keys:
            entries.extend(self.kb.aliases.get(k[2:], []))
        if not entries:
            return None
        e = self.resolver.best_entry(entries, day, context)
        return self.resolver.actor(e.actor_id, day, method="kb", alias_kind=e.kind, alias_sector=e.sector,
                                   context_country=context)

    def _resolve_phrase(self, sp: Any, p: Phrase, index: int, day: dt.date | None, context: str | None,
                        spans: dict[tuple[int, int], list[str]]) -> Mention | None:
        h = p.head
        start, end = p.tokens[0].i, h.i + 1
        mods = self._modifiers(sp, p, day, context, spans)
        keys = p.head_keys
        alias = [k for k in keys if k.startswith("A|")]
        agent = [k for k in keys if k.startswith("G|")]
        title = [k for k in keys if k.startswith("T|")]
        res: Resolution | None = None
        if h.pos_ == "PRON":
            if h.lower_ not in PRONOUNS:
                return None
            m = self._mention(sp, h.i, h.i + 1, h.i, index, Resolution(method="pronoun"))
            return m
        if alias and not (title and not mods.title_country and not mods.actor):
            res = self._from_keys(alias, day, context)
            if res is not None and res.kind == "state" and mods.sector_noun:
                res.sector = mods.sector_noun
        elif title:
            res = self._title(title[0][2:], mods, day, context, definite=_definite(p.tokens))
        elif agent or self.resolver.agent_sector(h.lemma_) or self.resolver.agent_sector(h.text):
            sector = self.resolver.agent_sector(h.text) or self.resolver.agent_sector(h.lemma_) or "UNK"
            res = self._agent(sector, mods, context)
            if not res.found and _definite(p.tokens) and h.lemma_.lower() in DEFINITE_NOUNS:
                res = Resolution(method="definite", sector=sector)
            elif not res.found and sector != "UNK":
                res.method = "agent"
        elif h.lemma_.lower() in DEFINITE_NOUNS and _definite(p.tokens) and not mods.actor:
            res = Resolution(method="definite")
        elif h.ent_type_ in NER_ACTOR_LABELS and h.pos_ == "PROPN":
            res = self._unknown_entity(sp, h, mods, context)
        if res is None:
            return None
        if mods.patron and not res.patron:
            res.patron = mods.patron
        return self._mention(sp, start, end, h.i, index, res)

    # -- parts -----------------------------------------------------------------------------
    @dataclass
    class _Mods:
        country: str | None = None
        actor: Resolution | None = None
        group: Resolution | None = None
        patron: str | None = None
        title: str | None = None
        title_country: str | None = None
        sector_noun: str | None = None
        members: list[Resolution] = field(default_factory=list)

    def _modifiers(self, sp: Any, p: Phrase, day: dt.date | None, context: str | None,
                   spans: dict[tuple[int, int], list[str]]) -> "ActorStage._Mods":
        mods = ActorStage._Mods()
        for s, e, keys in sorted(p.modifiers):
            nxt = sp[e] if e < len(sp) else None
            nxt2 = sp[e + 1] if e + 1 < len(sp) else None
            is_patron = (nxt is not None and nxt.lower_ in PATRON_WORDS) or (
                nxt is not None and nxt.text == "-" and nxt2 is not None and nxt2.lower_ in PATRON_WORDS)
            alias = [k for k in keys if k.startswith("A|")]
            if alias:
                res = self._from_keys(alias, day, context)
                if res is None:
                    continue
                if is_patron:
                    mods.patron = res.actor_id
                    continue
                if res.kind == "state":
                    if mods.country is None:
                        mods.country = res.country
                    mods.members.append(res)
                elif res.kind == "group":
                    mods.group = mods.group or res
                    mods.members.append(res)
                else:
                    mods.actor = mods.actor or res
                continue
            titles = [k for k in keys if k.startswith("T|")]
            if titles:
                mods.title = self.resolver.title_of(titles[0][2:]) or titles[0][2:]
            agents = [k for k in keys if k.startswith("G|")]
            if agents:
                mods.sector_noun = self.resolver.agent_sector(agents[0][2:])
        if p.of_phrase is not None:
            of_keys = next((v for (s, e), v in spans.items() if s <= p.of_phrase.i < e), None)
            if of_keys:
                res = self._from_keys([k for k in of_keys if k.startswith("A|")], day, context)
                if res is not None:
                    if res.kind == "state":
                        mods.country = mods.country or res.country
                    else:
                        mods.actor = mods.actor or res
        mods.title_country = mods.country or (mods.actor.country if mods.actor else None)
        return mods

    def _agent(self, sector: str, mods: "ActorStage._Mods", context: str | None) -> Resolution:
        if mods.actor is not None:
            a = mods.actor
            kb_sector = a.sector
            if a.kind == "person":  # "Maliki's government": the person's country, the noun's sector
                return Resolution(country=a.country, sector=sector, kind="state" if a.country else None,
                                  actor_id=a.country, name=self._name(a.country), method="agent+person", confidence=0.8)
            return Resolution(actor_id=a.actor_id, name=a.name, country=a.country, sector=kb_sector or sector,
                              kind=a.kind, method="agent+org", confidence=0.85)
        if mods.country is not None:
            res = Resolution(actor_id=mods.country, name=self._name(mods.country), country=mods.country, sector=sector,
                             kind="state", method="agent+country", confidence=0.85)
            res.members = [m for m in mods.members if m.country != mods.country or m.kind == "group"]
            return res
        if mods.group is not None:
            g = mods.group
            return Resolution(actor_id=g.actor_id, name=g.name, country=g.country or context, sector=sector,
                              kind="group", method="agent+group", confidence=0.7)
        return Resolution(sector=sector, method="agent", confidence=0.5)

    def _title(self, phrase: str, mods: "ActorStage._Mods", day: dt.date | None, context: str | None,
               *, definite: bool) -> Resolution:
        holder_of = mods.title_country
        if mods.actor is not None and mods.actor.kind == "organization":
            holder_of = mods.actor.actor_id
        if holder_of is None and self.resolver.title_of(phrase) is None:
            holder_of = self.kb.title_country(phrase)
        title = self.resolver.title_of(phrase, holder_of) or phrase
        if holder_of is None and definite:
            holder_of = context
            if holder_of is not None:
                title = self.resolver.title_of(phrase, holder_of) or title
        sector = next((t.sector for t in self.kb.titles if t.title == title), "GOV")
        if holder_of is not None:
            res = self.resolver.office(title, holder_of, day)
            if res is not None:
                res.method = "office" if mods.title_country or mods.actor else "office+context"
                return res
            country = holder_of if len(holder_of) == 3 and holder_of.isupper() else (mods.actor.country if mods.actor else None)
            return Resolution(actor_id=country, name=self._name(country), country=country, sector=sector, kind="state" if country else None,
                              role=title, method="title", confidence=0.6)
        return Resolution(sector=sector, role=title, method="title", confidence=0.4)

    def _unknown_entity(self, sp: Any, h: Token, mods: "ActorStage._Mods", context: str | None) -> Resolution:
        label = h.ent_type_
        kind = {"PERSON": "person", "ORG": "organization", "NORP": "group", "GPE": None}[label]
        sector = "UNK"
        if label == "ORG":
            ent = next((e for e in sp.ents if e.start <= h.i < e.end), None)
            words = [t.lower_ for t in ent] if ent is not None else [h.lower_]
            for w in reversed(words):
                if w in ORG_SECTOR_WORDS:
                    sector = ORG_SECTOR_WORDS[w]
                    break
                agent = self.resolver.agent_sector(w)
                if agent:
                    sector = agent
                    break
        if mods.title:
            sector = next((t.sector for t in self.kb.titles if t.title == mods.title), "GOV")
        country = mods.country or (mods.actor.country if mods.actor else None)
        if mods.actor is not None and sector == "UNK":
            sector = mods.actor.sector
        return Resolution(country=country, sector=sector, kind=kind, role=mods.title, method="ner",
                          name=None, confidence=0.5 if country or sector != "UNK" else 0.3)

    def _name(self, actor_id: str | None) -> str | None:
        a = self.kb.actors.get(actor_id) if actor_id else None
        return a.name if a else None

    def _mention(self, sp: Any, start: int, end: int, head: int, index: int, res: Resolution) -> Mention:
        span = sp[start:end]
        m = Mention(
            start=start, end=end, start_char=span.start_char, end_char=span.end_char, text=span.text,
            sentence_index=index, head=head, actor_id=res.actor_id, name=res.name, country=res.country,
            sector=res.sector or "UNK", kind=res.kind, role=res.role, method=res.method, confidence=res.confidence,
            patron=res.patron,
        )
        for r in res.members:
            m.members.append(Mention(start, end, m.start_char, m.end_char, m.text, index, head, r.actor_id, r.name,
                                     r.country or m.country, m.sector, r.kind, None, "member", r.confidence))
        return m

    def _apply_appositions(self, sp: Any, mentions: list[Mention]) -> None:
        """"X, the Y of Z": an unknown name takes country and sector from its apposition, and vice versa."""
        by_head = {m.head: m for m in mentions}
        for m in mentions:
            tok = sp[m.head]
            partners = [by_head.get(c.i) for c in tok.children if c.dep_ == "appos"]
            if tok.dep_ == "appos":
                partners.append(by_head.get(tok.head.i))
            for other in partners:
                if other is None or other is m:
                    continue
                if m.actor_id is None and m.country is None and (other.country or other.sector != "UNK"):
                    m.country = other.country
                    if m.sector == "UNK":
                        m.sector = other.sector
                    if other.kind == "person" or m.kind == "person":
                        m.kind = "person"
                    m.method += "+appos"
                    m.role = m.role or other.role


def _definite(tokens: list[Token]) -> bool:
    return any(t.dep_ == "det" and t.lower_ in ("the", "this", "that", "these", "those") for t in tokens)


def _is_locative(tok: Token) -> bool:
    """An object of "in", "near", "across" ... names a place, not an actor."""
    if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS:
        return True
    return tok.dep_ == "conj" and tok.head.dep_ == "pobj" and tok.head.head.lower_ in LOCATIVE_PREPS
