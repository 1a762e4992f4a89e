"""The actor stage: finds actor mentions in the parse and resolves each to who it is on the document's date.

A mention is a noun phrase whose head names an actor: a KB name or alias
("Nouri al-Maliki", "Daesh"), a generic agent noun with its modifiers ("Iraqi
forces", "Iranian-backed Shi'ite militias"), an office ("the Iraqi prime
minister"), an unknown named entity, a noun phrase about an actor's action or
body ("the Turkish parliament's vote", "Iranian navy boats"), or a
pronoun / definite description that ``khaldun.actors.coref`` links to an
earlier mention.

Resolution is rules over the dependency parse and the knowledge base; the
decisions (which modifier wins, when a country comes from a place) are listed
in ``docs/actors.md``.
"""

from __future__ import annotations

import datetime as dt
import math
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass, field
from typing import Any, Protocol

from khaldun.actors.coref import DEFINITE_NOUNS, PRONOUNS, resolve_references
from khaldun.actors.resolve import Resolution, Resolver
from khaldun.doc import CodedDoc, Mention
from khaldun.kb.actors import ActorKB, AliasEntry, is_acronym, normalize
from khaldun.nlp.matching import PhraseIndex, longest_spans
from khaldun.nlp.parse import trim_space

Token = Any

NOMINAL = frozenset({"NOUN", "PROPN", "PRON", "NUM"})
MODIFIER_DEPS = frozenset({"compound", "amod", "poss", "nmod", "nummod", "det", "predet", "quantmod", "case",
                           "punct", "cc", "conj", "npadvmod", "advmod", "prt"})
NOT_HEAD_DEPS = frozenset({"compound", "amod", "poss", "nmod", "npadvmod", "quantmod", "nummod"})
LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "around", "across", "throughout", "inside", "into",
                            "within", "towards", "toward", "through", "from"})
# Who is taken to be of the place where their clause happens, and the prepositions that give that place.
SCENE_SECTORS = frozenset({"CVL", "COP", "REB", "INS", "OPP", "REL"})
SCENE_PREPS = frozenset({"in", "at", "across", "throughout", "inside", "outside"})
QUANTITY_NOUNS = frozenset({"hundreds", "thousands", "dozens", "scores", "millions", "tens", "group", "groups",
                            "number", "crowd", "crowds", "band", "handful", "majority", "some", "many", "most"})
# Prepositions after an actor noun that say where the actor is from or based ("rebels in Idlib").
ORIGIN_PREPS = frozenset({"in", "from", "at", "throughout", "across", "inside", "within"})
# Participles that introduce an actor's base: "a group based in Mosul", "an aid agency operating in Yemen".
BASE_VERBS = frozenset({"base", "operate", "live", "station", "headquarter", "deploy", "locate"})
PATRON_WORDS = frozenset({"backed", "sponsored", "funded", "supported", "allied", "aligned", "led", "trained", "armed"})
# Words before a name that say the person no longer holds the office named.
FORMER_WORDS = frozenset({"former", "ex", "ousted", "deposed", "exiled", "late", "toppled", "onetime",
                          "one-time", "erstwhile", "retired"})
# Military ranks before a name: the person is an officer (MIL) unless an office in force says otherwise.
RANKS = frozenset({"general", "gen", "gen.", "lt", "lt.", "lieutenant", "col", "col.", "colonel", "maj", "maj.",
                   "brig", "brig.", "brigadier", "admiral", "adm", "adm.", "marshal", "field marshal", "captain",
                   "capt", "capt.", "sgt", "sgt.", "sergeant", "commodore", "major general", "lieutenant general"})
# Head nouns naming a role in a body rather than the body: a modifier noun sets the sector
# ("rebel leaders" REB, "army officers" MIL, "opposition candidates" OPP).
GENERIC_HEADS = frozenset({"leader", "leaders", "official", "officials", "officer", "officers", "member", "members",
                           "spokesman", "spokeswoman", "spokesperson", "spokesmen", "representative",
                           "representatives", "delegate", "delegates", "delegation", "chief", "chiefs", "head",
                           "commander", "commanders", "figure", "figures", "personnel", "staff", "supporters",
                           "candidate", "candidates", "activists", "activist", "source", "sources", "men", "unit",
                           "units", "envoy", "envoys"})
# Role nouns that take their side from a for/of-phrase ("the director for President Barzani", "an aide to Sadr").
ROLE_NOUNS = frozenset({"director", "adviser", "advisor", "aide", "assistant", "deputy", "secretary", "coordinator",
                        "representative", "counsellor", "counselor", "envoy", "emissary", "spokesman", "spokeswoman",
                        "spokesperson", "official", "officials", "advisers", "aides", "bodyguard", "bodyguards",
                        "loyalists", "supporters", "followers", "allies", "ally", "members", "member"})
FOLLOWER_NOUNS = frozenset({"loyalists", "supporters", "followers", "allies", "ally"})
# Heads whose state modifier is a patron, not the actor's country: "Israel's militia ally", "Iran's proxies".
PROXY_NOUNS = frozenset({"ally", "allies", "proxy", "proxies", "surrogate", "surrogates", "client", "clients"})
# Places a state adjective can modify: "Syrian villages", "Lebanese homes" are the country's people, not its government.
PLACE_NOUNS = frozenset({"town", "towns", "city", "cities", "village", "villages", "home", "homes", "house", "houses",
                         "territory", "territories", "area", "areas", "region", "regions", "province", "provinces",
                         "district", "districts", "camp", "camps", "neighbourhood", "neighborhood", "neighbourhoods",
                         "neighborhoods", "farm", "farms", "land", "lands", "port", "ports", "site", "sites",
                         "building", "buildings", "shop", "shops", "school", "schools", "hospital", "hospitals",
                         "mosque", "mosques", "church", "churches", "market", "markets", "settlement", "settlements",
                         "property", "properties", "web sites", "websites", "website", "stronghold", "strongholds"})
# People nouns the agent list leaves out; with a state adjective they are civilians ("French nationals").
PEOPLE_NOUNS = frozenset({"national", "nationals", "immigrant", "immigrants", "emigrants", "landowners", "landowner",
                          "adviser", "advisers", "advisor", "advisors", "tourist", "expatriate", "businessmen",
                          "family", "families", "man", "woman", "boy", "girl", "boys", "girls", "child", "baby",
                          "person", "persons", "individuals", "individual", "couple", "youngsters", "pupils",
                          "scientists", "engineers", "experts", "doctors", "physicians", "surgeons", "athletes",
                          "fans", "crew", "crews", "sailors", "truckers", "miners", "employees", "staffers"})
ORG_SECTOR_WORDS = {
    "ministry": "GOV", "government": "GOV", "council": "GOV", "cabinet": "GOV", "authority": "GOV",
    "agency": "GOV", "commission": "GOV", "office": "GOV", "department": "GOV", "administration": "GOV",
    "party": "PTY", "movement": "PTY", "bloc": "PTY", "alliance": "PTY", "coalition": "PTY",
    "army": "MIL", "brigade": "MIL", "brigades": "MIL", "forces": "MIL", "force": "MIL", "battalion": "MIL",
    "division": "MIL", "corps": "MIL", "guard": "MIL", "guards": "MIL", "militia": "REB", "front": "REB",
    "police": "COP", "court": "JUD", "tribunal": "JUD", "parliament": "LEG", "assembly": "LEG",
    "university": "CVL", "union": "CVL", "bank": "BUS", "company": "BUS", "corporation": "BUS", "corp": "BUS",
    "group": "UNK", "organization": "UNK", "organisation": "UNK", "committee": "GOV", "news": "MED",
    "times": "MED", "post": "MED", "tv": "MED", "television": "MED", "radio": "MED",
}
NER_ACTOR_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
# State institutions that "the ..." names without a country: the story's country is meant ("the army said").
INSTITUTION_NOUNS = frozenset({"army", "military", "police", "parliament", "cabinet", "judiciary", "navy",
                               "air force", "security forces", "armed forces", "interior ministry", "defence ministry",
                               "defense ministry", "foreign ministry", "presidency", "legislature", "senate",
                               "supreme court", "constitutional court", "central bank", "state media", "state television"})
PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
MIN_PLACE_POPULATION = 5000
# Lower-case words inside proper names ("Organization of the Islamic Cooperation", "al-Qaeda").
NAME_FUNCTION_WORDS = frozenset({"of", "the", "for", "and", "al", "el", "ul", "ur", "ud", "i", "bin", "ibn", "de", "du", "la", "le",
                                 "des", "von", "van", "der", "di", "da", "in", "on", "to", "a", "an", "at", "y", "e",
                                 "s", "'s", "-", "&", "ad", "as", "an", "ash", "at", "az", "ar"})


class _Spans(dict):  # type: ignore[type-arg]
    """The KB matches of one sentence, {(start, end): keys}, with a token index and their countries counted once."""

    def __init__(self, items: dict[tuple[int, int], list[str]]) -> None:
        super().__init__(items)
        self.by_token: dict[int, tuple[int, int]] = {i: se for se in items for i in range(*se)}
        self.countries: Counter[str] | None = None
        self.doc_countries: Counter[str] | None = None  # the whole document's, to choose between states sharing a name

    def span_at(self, i: int) -> tuple[int, int] | None:
        return self.by_token.get(i)

    def keys_at(self, i: int) -> list[str] | None:
        se = self.by_token.get(i)
        return self[se] if se is not None else None

    def within(self, lo: int, hi: int) -> list[tuple[int, int, list[str]]]:
        seen = sorted({se for i in range(lo, hi) if (se := self.by_token.get(i)) is not None and lo <= se[0] and se[1] <= hi})
        return [(a, b, self[(a, b)]) for a, b in seen]


class PlaceLookup(Protocol):
    """What the actor stage needs of a gazetteer: places by name, each with an ISO3 country and a population."""

    def lookup(self, name: str, *, limit: int = 50) -> list[Any]: ...


@dataclass
class Phrase:
    """The parts of one noun phrase, before resolution."""

    head: Token
    tokens: list[Token]
    head_span: tuple[int, int] | None = None
    head_keys: list[str] = field(default_factory=list)
    modifiers: list[tuple[int, int, list[str]]] = field(default_factory=list)
    of_phrase: Token | None = None
    places: list[Token] = field(default_factory=list)


@dataclass
class _Mods:
    """What a phrase's modifiers say: a country, a named actor, a sector noun, a title, a patron."""

    country: str | None = None
    actor: Resolution | None = None
    group: Resolution | None = None
    patron: str | None = None
    title: str | None = None
    title_country: str | None = None
    sector_noun: str | None = None
    members: list[Resolution] = field(default_factory=list)
    former: bool = False
    ethnic: bool = False
    rank: bool = False
    actor_token: int | None = None
    leader_country: str | None = None


class ActorStage:
    """Pipeline stage ``actors``: assigns ``doc.mentions``."""

    name = "actors"
    requires = ("parse", "publication_date")
    assigns = ("mentions",)

    def __init__(self, kb: ActorKB, nlp: Any, *, places: PlaceLookup | None = None) -> None:
        self.kb = kb
        self.resolver = Resolver(kb)
        self.places = places
        self.index = PhraseIndex(nlp)
        self._place_cache: dict[str, list[tuple[str, int, str]]] = {}
        # Written forms by normalized phrase, split by case: "A|" keys for names, "U|" keys for acronyms, so that
        # "SADR" (Western Sahara) only matches capitals and "Sadr" (Muqtada al-Sadr) names the person.
        originals: dict[str, list[str]] = {}
        for actor in kb.actors.values():
            names = [actor.name, *actor.aliases, *actor.adjectives, *actor.demonyms, *(m.text for m in actor.metonyms),
                     *(d.text for d in actor.dated_names)]
            for n in names:
                # "the Pentagon" is matched as "Pentagon": the article belongs to the phrase, not the name
                written = n[4:] if n.lower().startswith("the ") else n
                originals.setdefault(("U|" if is_acronym(n) else "A|") + normalize(n), []).append(written)
        self._proper: set[str] = set()
        self._entries: dict[str, list[AliasEntry]] = {}
        self._key_country: dict[str, str | None] = {}
        for key, phrases in originals.items():
            self.index.add(key, phrases)
            if all(any(w[:1].isupper() for w in p.split()) for p in phrases):
                self._proper.add(key)
            entries = [e for e in kb.aliases.get(key[2:], []) if e.acronym == (key[0] == "U")]
            self._entries[key] = entries
            states = {kb.actors[e.actor_id].country for e in entries if kb.actors[e.actor_id].kind == "state"}
            # a name two states share ("Congo") says nothing about which country the story is about
            first = kb.actors[entries[0].actor_id].country if entries else None
            self._key_country[key] = None if len(states) > 1 else first
        for noun in kb.agent_nouns:
            self.index.add("G|" + noun, [noun])
        for t in kb.titles:  # the written forms, so that "secretary-general" matches with its hyphen
            for written in [t.title, *t.variants, *(v for vs in t.countries.values() for v in vs)]:
                self.index.add("T|" + normalize(written), [written])
        self._title_sector = {t.title: t.sector for t in kb.titles}

    # -- stage -----------------------------------------------------------------------------
    def __call__(self, doc: CodedDoc) -> CodedDoc:
        sp = doc.parse
        day = doc.reference_date
        spans = self._matches(sp)
        doc_countries = self._countries_in(spans)
        context = doc_countries.most_common(1)[0][0] if doc_countries else None
        mentions: list[Mention] = []
        ordered = sorted(spans)
        starts = [se[0] for se in ordered]
        for sent in doc.sentences:
            lo, hi = bisect_left(starts, sent.token_start), bisect_left(starts, sent.token_end)
            in_sent = _Spans({se: spans[se] for se in ordered[lo:hi] if se[1] <= sent.token_end})
            in_sent.doc_countries = doc_countries
            mentions.extend(self._sentence(sp, sent.index, sent.token_start, sent.token_end, in_sent, day, context))
        self._apply_role_of(sp, mentions)
        self._apply_appositions(sp, mentions)
        self._apply_conjoined_adjectives(sp, mentions)
        resolve_references(mentions, sp, self.resolver, day, context)
        self._states_on_date(mentions, day)
        doc.mentions = mentions
        doc.done.append(self.name)
        return doc

    def _matches(self, sp: Any) -> dict[tuple[int, int], list[str]]:
        raw = []
        cased = any(t.is_title for t in sp[:300]) and not all(t.is_upper for t in sp[:300] if t.is_alpha)
        acronym_spans: set[tuple[int, int]] = set()
        for s, e, key in self.index.find(sp):
            acronym = key.startswith("U|")
            if acronym and not sp[s:e].text.replace(".", "").isupper():
                continue
            if e - s == 1 and sp[s].pos_ in ("PRON", "AUX", "VERB", "ADP", "DET", "CCONJ") and key[1] == "|" \
                    and key[0] in "AU":
                continue
            if cased and key in self._proper and not _capitalized(sp[s:e]):
                continue  # "talks in Baghdad today" are not a channel "Baghdad Today"
            if acronym and 2 <= s and e < len(sp) and sp[s - 1].text == "(" and sp[e].text == ")" \
                    and sp[s - 2].pos_ == "PROPN":
                continue  # "the Basra Traders Union (BTU)": the acronym of the name before it
            if acronym and cased:
                acronym_spans.add((s, e))
            raw.append((s, e, key))
        if acronym_spans:  # "SADR" written in capitals is the acronym, not the name "Sadr"
            raw = [(s, e, k) for s, e, k in raw if not (k.startswith("A|") and (s, e) in acronym_spans)]
        return longest_spans(raw)

    def _context_country(self, spans: dict[tuple[int, int], list[str]], day: dt.date | None) -> str | None:
        counts = self._countries_in(spans)
        return counts.most_common(1)[0][0] if counts else None

    def _countries_in(self, spans: dict[tuple[int, int], list[str]]) -> Counter[str]:
        if isinstance(spans, _Spans) and spans.countries is not None:
            return spans.countries
        counts: Counter[str] = Counter()
        for keys in spans.values():
            for key in keys:
                country = self._key_country.get(key)
                if country:
                    counts[country] += 1
        if isinstance(spans, _Spans):
            spans.countries = counts
        return counts

    def _states_on_date(self, mentions: list[Mention], day: dt.date | None) -> None:
        """A state that did not exist on the date (South Sudan before 2011) is coded as the one it was part of."""
        for m in mentions:
            for x in (m, *m.members):
                code = self.kb.country_on(x.country, day)
                if code != x.country:
                    if x.actor_id == x.country:
                        x.actor_id, x.name = code, self._name(code)
                    x.country = code

    # -- noun phrases ----------------------------------------------------------------------
    def _sentence(self, sp: Any, index: int, start: int, end: int, in_sent: _Spans,
                  day: dt.date | None, context: str | None) -> list[Mention]:
        sent_context = self._context_country(in_sent, day) or context
        consumed: set[int] = set()
        out: list[Mention] = []
        by_token = in_sent.by_token
        heads = [t for t in sp[start:end] if t.dep_ not in NOT_HEAD_DEPS and not t.is_punct and (
            t.pos_ in NOMINAL
            # the last word of a KB phrase the tagger took for an adjective: "the NATO secretary-general"
            or (t.i in by_token and by_token[t.i][1] == t.i + 1 and by_token[t.i][1] - by_token[t.i][0] > 1))]
        for h in heads:
            if h.i in consumed or not self._may_name_actor(h, in_sent):
                continue
            phrase = self._phrase(h, in_sent)
            if phrase.head_span is not None and sp[phrase.head_span[0]:phrase.head_span[1]].root.i != h.i \
                    and any(t.i in range(*phrase.head_span) for t in heads if t.i > h.i):
                continue  # a KB name is taken at its own head word ("Maliki" in "Nouri al-Maliki")
            m = self._resolve_phrase(sp, phrase, index, day, sent_context, in_sent, doc_context=context)
            if m is None:
                continue
            out.append(m)
            consumed.update(t.i for t in phrase.tokens)
            consumed.update(range(m.start, m.end))
        # KB names left over: inside phrases whose head is no noun, or split by the parse.
        for (s, e), keys in in_sent.items():
            if any(i in consumed for i in range(s, e)):
                continue
            alias_keys = _alias_keys(keys)
            if not alias_keys:
                continue
            res = self._from_keys(alias_keys, day, sent_context, in_sent)
            if res is None:
                continue
            head = sp[s:e].root
            m = self._mention(sp, s, e, head.i, index, res)
            m.is_place = _is_locative(head) and m.kind in (None, "state")
            out.append(m)
        out.sort(key=lambda m: m.start)
        for m in out:
            if m.country is None and m.actor_id is None and m.sector in SCENE_SECTORS and m.method.startswith("agent"):
                self._scene_country(sp, m, in_sent, sent_context)
            if m.is_place and m.kind == "state" and m.sector == "GOV":
                m.sector = "CVL"  # a country or capital named as a location: its territory, not its government
        return out

    def _may_name_actor(self, h: Token, spans: _Spans) -> bool:
        """Cheap test before building a phrase: most noun heads ("talks", "Monday") cannot name an actor."""
        if h.pos_ == "PRON":
            return h.lower_ in PRONOUNS
        if h.pos_ == "PROPN" and (h.ent_type_ or _unlabelled_name(h)):
            return True
        by_token = spans.by_token
        if any(i in by_token for i in range(h.left_edge.i, h.i + 1)):
            return True
        return (h.lemma_.lower() in DEFINITE_NOUNS or self.resolver.agent_sector(h.text) is not None
                or self.resolver.agent_sector(h.lemma_) is not None)

    def _phrase(self, h: Token, spans: _Spans) -> Phrase:
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
        head_span = spans.span_at(h.i)
        if head_span is not None:
            p.head_span, p.head_keys = head_span, spans[head_span]
        p.modifiers = [x for x in spans.within(lo, hi) if (x[0], x[1]) != head_span]
        if p.head_span and p.head_span[0] < lo:
            lo = p.head_span[0]
            p.tokens = list(h.doc[lo:hi])
        span_end = p.head_span[1] if p.head_span else h.i + 1
        rights = [c for t in (h.doc[p.head_span[0]:span_end] if p.head_span else [h]) for c in t.rights
                  if c.i >= span_end]  # "the secretary-general of NATO": the parse may hang "of" on "secretary"
        for c in rights:
            if c.dep_ == "prep" and c.lower_ in ("of", "for"):
                pobj = next((g for g in c.children if g.dep_ == "pobj"), None)
                if pobj is not None and p.of_phrase is None:
                    p.of_phrase = pobj
            elif c.dep_ == "prep" and c.lower_ in ORIGIN_PREPS:
                p.places.extend(g for g in c.children if g.dep_ == "pobj")
            elif c.dep_ == "acl" and c.lemma_.lower() in BASE_VERBS:
                for prep in c.children:
                    if prep.dep_ == "prep" and prep.lower_ in ORIGIN_PREPS:
                        p.places.extend(g for g in prep.children if g.dep_ == "pobj")
        return p

    def _from_keys(self, keys: list[str], day: dt.date | None, context: str | None,
                   spans: "_Spans | None" = None) -> Resolution | None:
        entries: list[AliasEntry] = []
        for k in keys:
            entries.extend(self._entries.get(k, ()))
        if not entries:
            return None
        e = self.resolver.best_entry(entries, day, context, nearby=spans.doc_countries if spans is not None else None)
        return self.resolver.actor(e.actor_id, day, method="kb", alias_kind=e.kind, alias_sector=e.sector,
                                   context_country=context)

    def _resolve_phrase(self, sp: Any, p: Phrase, index: int, day: dt.date | None, context: str | None,
                        spans: _Spans, *, doc_context: str | None = None) -> Mention | None:
        h = p.head
        start, end = p.tokens[0].i, h.i + 1
        if p.head_span is not None and p.head_span[1] > end and p.head_span[0] <= h.i:
            end = p.head_span[1]  # "Maulana Fazl-ur-Rehman": the parse hangs the name's end on its head as an apposition
        head_tok = h.i
        mods = self._modifiers(sp, p, day, context, spans)
        keys = p.head_keys
        alias = _alias_keys(keys)
        agent = [k for k in keys if k.startswith("G|")]
        title = [k for k in keys if k.startswith("T|")]
        res: Resolution | None = None
        if h.lower_ in PROXY_NOUNS and mods.country is not None and mods.actor is None:
            mods.patron, mods.country = mods.country, None  # "Israel's militia ally in southern Lebanon": not Israel's own
        if h.pos_ == "PRON":
            if h.lower_ not in PRONOUNS:
                return None
            return self._mention(sp, h.i, h.i + 1, h.i, index, Resolution(method="pronoun"))
        if alias and not (title and not mods.title_country and not mods.actor):
            res = self._from_keys(alias, day, context, spans)
            if res is not None:
                res = self._refine_named(sp, res, p, mods, day, context, spans)
        elif title:
            if mods.actor is None and p.head_span is not None:
                mods.actor = self._org_in_title(sp, p.head_span, day)  # "the UN secretary-general"
                mods.title_country = mods.title_country or (mods.actor.country if mods.actor else None)
            res = self._title(title[0][2:], mods, day, context, definite=_definite(p.tokens))
        elif agent or self.resolver.agent_sector(h.lemma_) or self.resolver.agent_sector(h.text):
            sector = ((self.resolver.agent_sector(agent[0][2:]) if agent else None) or self.resolver.agent_sector(h.text)
                      or self.resolver.agent_sector(h.lemma_) or "UNK")
            generic = h.lower_ in GENERIC_HEADS and (p.head_span is None or p.head_span[1] - p.head_span[0] == 1)
            if mods.sector_noun and (generic or sector == "UNK"):
                sector = mods.sector_noun
            elif generic and sector == "GOV" and mods.group is not None and not mods.country and mods.actor is None:
                sector = mods.group.sector  # "Yazidi leaders", "Shia leaders": the community's own leaders
            elif mods.country is not None and mods.actor is None and not mods.sector_noun:
                # "American bombers" are aircraft (MIL); "the bombers" alone are people (INS)
                sector = self.resolver.agent_state_sector(agent[0][2:] if agent else h.lemma_) or sector
            if mods.ethnic and mods.country is not None:
                home = mods.country  # "ethnic Azeri militias" in Iran
                mods.country = self._place_country(p.places, spans, context) or self._other_state(spans, home) or home
            if mods.group is not None and mods.group.country is None and mods.country is None and mods.actor is None:
                mods.country = self._place_country(p.places, spans, context)  # "a Christian missionary from Calgary"
            res = self._agent(sector, mods, context)
            anonymous = res.country is None and res.actor_id is None
            if anonymous and _definite(p.tokens) and h.lemma_.lower() in DEFINITE_NOUNS:
                res = Resolution(method="definite", sector=sector)
            elif anonymous and sector != "UNK":
                res.method = "agent"
                if doc_context and _definite(p.tokens) and _bare(p) and h.lemma_.lower() in INSTITUTION_NOUNS:
                    # "the army", "the police" in a story about one country: that country's, with less confidence
                    res = Resolution(actor_id=doc_context, name=self._name(doc_context), country=doc_context,
                                     sector=sector, kind="state", method="agent+context", confidence=0.5)
            if res.country is None and res.method != "definite":
                self._place_origin(res, p, spans, context)
            if res.country is None and res.method != "definite":
                self._place_modifier(res, p, spans, context)  # "Darfur rebels"
        elif h.lemma_.lower() in DEFINITE_NOUNS and _definite(p.tokens) and not mods.actor and not mods.country:
            # "the militant group": the modifier's sector, which its antecedent must share (coref); "the largest
            # extremist organization in Northern Ireland": the place's country if no antecedent takes it
            res = Resolution(method="definite", sector=mods.sector_noun or "UNK")
            if mods.sector_noun and p.places:
                place = self._place_country(p.places, spans, context)
                if place is not None:
                    res.country, res.actor_id, res.name, res.kind = place, place, self._name(place), "state"
        elif h.pos_ == "PROPN" and (h.ent_type_ in NER_ACTOR_LABELS | PLACE_LABELS
                                    or (_unlabelled_name(h) and mods.actor_token is None)):
            res = self._unknown_entity(sp, h, p, mods, context, spans)
        elif mods.actor_token is not None:
            res = self._phrase_actor(h, mods, day)
            if res is not None:
                head_tok = mods.actor_token
                if res.country is None and mods.patron:
                    self._place_origin(res, p, spans, context)
        if res is None:
            return None
        if mods.patron and not res.patron:
            res.patron = mods.patron
        m = self._mention(sp, start, end, head_tok, index, res)
        m.is_place = _is_locative(h) and m.kind in (None, "state") and (
            m.method.startswith(("kb", "ner", "place")) or m.method == "phrase")
        return m

    # -- parts -----------------------------------------------------------------------------
    def _modifiers(self, sp: Any, p: Phrase, day: dt.date | None, context: str | None,
                   spans: _Spans) -> _Mods:
        mods = _Mods()
        in_titles = {i for s, e, keys in p.modifiers if any(k.startswith("T|") for k in keys) for i in range(s, e)}
        for t in p.tokens:
            if t.i == p.head.i or t.i in in_titles:
                continue
            low = t.lower_.rstrip(".") if t.lower_ != "gen." else "gen"
            if low in FORMER_WORDS:
                mods.former = True
            elif low == "ethnic":
                mods.ethnic = True
            elif low in RANKS and t.is_title and t.dep_ == "compound":
                mods.rank = True
        for s, e, keys in sorted(p.modifiers):
            nxt = sp[e] if e < len(sp) else None
            nxt2 = sp[e + 1] if e + 1 < len(sp) else None
            if nxt is not None and nxt.text == "-" and nxt2 is not None:
                patron_word = nxt2.lower_
            else:  # without a hyphen only the unambiguous ones: "Palestinian armed groups" are not armed by Palestine
                patron_word = nxt.lower_ if nxt is not None and nxt.lower_ in ("backed", "sponsored", "funded") else ""
            prefix = sp[s - 2].lower_ if s >= 2 and sp[s - 1].text == "-" else ""
            alias = _alias_keys(keys)
            if alias:
                res = self._from_keys(alias, day, context, spans)
                if res is None or prefix in ("anti", "non"):
                    continue  # "an anti-Iran cleric" is not Iranian
                if patron_word in PATRON_WORDS or prefix == "pro":
                    mods.patron = res.actor_id
                    if patron_word == "led" and res.country:
                        mods.leader_country = res.country  # "Saudi-led coalition": coded by its leader
                        mods.actor_token = sp[s:e].root.i
                    continue
                res.span = (s, e)
                mods.actor_token = sp[s:e].root.i
                if res.kind == "state":
                    if mods.country is None:
                        mods.country = res.country
                    mods.members.append(res)
                elif res.kind == "group":
                    mods.group = mods.group or res
                    mods.members.append(res)
                else:
                    mods.actor = res  # the one nearest the head: "Osama bin Laden's al-Qaeda network" is al-Qaeda's
                continue
            titles = [k for k in keys if k.startswith("T|")]
            if titles:
                mods.title = self.resolver.title_of(titles[0][2:]) or titles[0][2:]
            agents = [k for k in keys if k.startswith("G|")]
            if agents:
                mods.sector_noun = self.resolver.agent_sector(agents[0][2:])
                mods.actor_token = sp[s:e].root.i
        if p.of_phrase is not None:
            of_keys = spans.keys_at(p.of_phrase.i)
            res = self._from_keys(_alias_keys(of_keys), day, context, spans) if of_keys else None
            if res is not None:
                if res.kind == "state":
                    mods.country = mods.country or res.country
                else:
                    mods.actor = mods.actor or res
            elif mods.country is None:  # "the deputy governor of the Basra region"
                mods.country = self._place_country([p.of_phrase], spans, context)
        if mods.country is None and mods.actor is None and mods.leader_country is not None:
            mods.country = mods.leader_country
        mods.title_country = mods.country or (mods.actor.country if mods.actor else None)
        return mods

    def _refine_named(self, sp: Any, res: Resolution, p: Phrase, mods: _Mods, day: dt.date | None,
                      context: str | None, spans: _Spans) -> Resolution:
        """A KB actor at the head, adjusted by what the phrase says around it."""
        if res.kind == "person":
            if mods.title is None and p.head_span is not None:
                mods.title = self._leading_title(sp, p.head_span)  # an alias such as "President Obama"
            if p.head_span is not None and self._other_person(sp, p.head_span, res.actor_id):
                # "Hussein al-Maliki" is not the KB's "al-Maliki": same family name, another person.
                a = self.kb.actors[res.actor_id or ""]
                sector = self._title_sector.get(mods.title or "", a.sector or "UNK")
                if mods.former:
                    sector = _former(sector)
                return Resolution(country=a.country or res.country, sector=sector, kind="person", role=mods.title,
                                  method="kb-surname", confidence=0.5)
            if mods.former:
                a = self.kb.actors[res.actor_id or ""]
                if res.role is not None and (mods.title is None or mods.title == res.role):
                    res.role = None
                    res.sector = a.sector or res.sector
                    res.country = a.country or res.country
            elif mods.title:
                res = self.resolver.titled(res, mods.title, day)
                if res.role is None:  # the text names an office the KB does not record for this person
                    res.sector, res.role = self._title_sector.get(mods.title, "GOV"), mods.title
                if mods.country and mods.country != res.country and mods.members and \
                        mods.members[0].alias_kind in ("adjective", "name"):
                    res.country = mods.country  # "Egyptian President X": the text says whose office
            if mods.rank and res.role is None:
                res.sector = "MIL"
            elif res.role is None and mods.sector_noun not in (None, "GOV", "CVL", "UNK"):
                res.sector = mods.sector_noun  # "opposition leader X", "rebel commander X" with no office in force
            return res
        if res.kind == "state":
            if mods.ethnic and res.alias_kind in ("demonym", "adjective", "name"):
                # "ethnic Azeris in northern Iran": a minority, coded by the state it lives in.
                home = res.country
                res.sector, res.method, res.kind = "CVL", "kb+ethnic", "group"
                place = self._place_country(p.places, spans, context)
                res.country = place or self._other_state(spans, home) or home
                return res
            if res.alias_kind == "demonym" and mods.country and mods.country != res.country:
                # "Lebanese Palestinians", "Jordanian Iraqis": people of another state, coded by where they live.
                res.country, res.actor_id, res.name = mods.country, mods.country, self._name(mods.country)
                res.sector, res.method = "CVL", "kb+ethnic"
                return res
            if mods.sector_noun:
                res.sector = mods.sector_noun
            return res
        if res.kind == "group" and mods.country:
            res.country = mods.country
        if res.country is None and res.kind == "group":
            self._place_origin(res, p, spans, context)
        return res

    def _leading_title(self, sp: Any, span: tuple[int, int]) -> str | None:
        s, e = span
        for n in range(min(4, e - s - 1), 0, -1):
            title = self.resolver.title_of(sp[s:s + n].text)
            if title is not None:
                return title
        return None

    def _other_person(self, sp: Any, span: tuple[int, int], actor_id: str | None) -> bool:
        """Is the KB name preceded by a given name the KB person does not bear?"""
        s, _ = span
        while s > 0 and (sp[s - 1].text == "-" or sp[s - 1].lower_ in ("al", "el", "bin", "ibn", "abu", "ul")):
            s -= 1  # "Hussein al-Maliki" matched as "Maliki": the given name is before the particle
        if s == 0 or actor_id is None:
            return False
        prev = sp[s - 1]
        if prev.pos_ != "PROPN" or not prev.is_title or prev.ent_type_ != "PERSON" or sp[s].ent_iob_ != "I":
            return False
        word = normalize(prev.text)
        if not word or word in self.kb.title_phrases or word in self.kb.agent_nouns or prev.lower_.rstrip(".") in RANKS:
            return False
        a = self.kb.actors[actor_id]
        names = [a.name, *a.aliases]
        return not any(word in normalize(n).split() for n in names)

    def _other_state(self, spans: _Spans, home: str | None) -> str | None:
        counts = self._countries_in(spans)
        others = [c for c, _ in counts.most_common() if c != home]
        return others[0] if others else None

    def _scene_country(self, sp: Any, m: Mention, spans: _Spans, context: str | None) -> None:
        """"Students marched through the streets in Basra": people, police and rebels with no country of their own are
        taken to be of the place where their clause happens (not soldiers or officials, who act abroad)."""
        tok = sp[m.head]
        while tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in QUANTITY_NOUNS:
            tok = tok.head.head  # "thousands of people blocked ...": the clause role is the quantity's
        if tok.dep_ not in ("nsubj", "nsubjpass", "dobj"):
            return
        verb = tok.head
        hosts = [verb, *(c for c in verb.children if c.dep_ == "dobj" and c.i != tok.i)]  # "blocked streets in X"
        places = [g for h in hosts for c in h.children if c.dep_ == "prep" and c.lower_ in SCENE_PREPS
                  for g in c.children if g.dep_ == "pobj"]
        country = self._place_country(places, spans, context)
        if country is not None:
            m.country, m.actor_id, m.name, m.kind = country, country, self._name(country), m.kind or "state"
            m.method += "+scene"
            m.confidence = min(m.confidence, 0.5)

    def _place_origin(self, res: Resolution, p: Phrase, spans: _Spans,
                      context: str | None) -> None:
        """No country in the phrase: take it from where the actor is ("rebels in Idlib", "a group based in X")."""
        country = self._place_country(p.places, spans, context)
        if country is None:
            return
        res.country = country
        if res.actor_id is None:
            res.actor_id, res.name, res.kind = country, self._name(country), res.kind or "state"
        res.method = (res.method or "agent") + "+place"
        res.confidence = min(res.confidence or 0.6, 0.6)

    def _place_modifier(self, res: Resolution, p: Phrase, spans: _Spans, context: str | None) -> None:
        """A place name the KB lacks modifying an agent noun ("Darfur rebels"): the gazetteer's country for it."""
        for t in p.tokens:
            if t.i != p.head.i and t.dep_ in ("compound", "nmod") and t.pos_ == "PROPN" and t.ent_type_ in ("GPE", "LOC") \
                    and spans.span_at(t.i) is None:
                country = self._gazetteer_country(_entity_text(t), set(self._countries_in(spans)) | {context})
                if country is not None:
                    res.country = country
                    if res.actor_id is None:
                        res.actor_id, res.name, res.kind = country, self._name(country), res.kind or "state"
                    res.method = (res.method or "agent") + "+place"
                    res.confidence = min(res.confidence or 0.6, 0.6)
                    return

    def _place_country(self, toks: list[Token], spans: _Spans,
                       context: str | None) -> str | None:
        """The country of a place phrase: a KB state or capital in it, else a town the gazetteer knows."""
        for tok in list(toks):
            # "at a prison in Iraq's capital Baghdad": a place inside the place phrase
            # and "the United Bus Company of Tehran": a place ending a proper name
            preps = ("in", "at", "near", "of") if tok.pos_ == "PROPN" else ("in", "at", "near")
            toks = [*toks, *(g for c in tok.children if c.dep_ == "prep" and c.lower_ in preps
                             for g in c.children if g.dep_ == "pobj")]
        for tok in toks:
            parts = [tok, *(c for c in tok.lefts if c.dep_ in ("compound", "poss", "amod"))]
            for t in parts:
                keys = spans.keys_at(t.i)
                if keys:
                    res = self._from_keys(_alias_keys(keys), None, context, spans)
                    if res is not None and res.country and res.kind in ("state", None):
                        return res.country
            for t in parts:
                if t.ent_type_ == "GPE" or (t is tok and t.ent_type_ in ("ORG", "PERSON", "FAC") and t.pos_ == "PROPN"):
                    country = self._gazetteer_country(_entity_text(t), set(self._countries_in(spans)) | {context})
                    if country:
                        return country
        return None

    def _gazetteer_country(self, name: str, nearby: set[str | None]) -> str | None:
        """The country of a place name the KB lacks (a town, a province), from the gazetteer if one was given."""
        if self.places is None or not name:
            return None
        key = normalize(name)
        hits = self._place_cache.get(key)
        if hits is None:
            try:
                found = self.places.lookup(name, limit=20)
            except Exception:  # noqa: BLE001 - a gazetteer failure must not sink the document
                found = []
            hits = [(p.country, int(p.population or 0), str(p.feature or "")) for p in found if p.country]
            if len(self._place_cache) < 50_000:
                self._place_cache[key] = hits
        best: tuple[float, str] | None = None
        for country, pop, feature in hits:
            if pop < MIN_PLACE_POPULATION and not feature.startswith(("PCL", "ADM", "RGN")):  # regions: Darfur
                continue
            score = math.log10(max(pop, 1)) + (3 if feature.startswith("PCL") else 0) + (2 if country in nearby else 0)
            if best is None or score > best[0]:
                best = (score, country)
        return best[1] if best else None

    def _agent(self, sector: str, mods: _Mods, context: str | None) -> Resolution:
        if mods.actor is not None:
            a = mods.actor
            if a.kind == "person":  # "Maliki's government": the person's country, the noun's sector
                return Resolution(country=a.country, sector=sector, kind="state" if a.country else None,
                                  actor_id=a.country, name=self._name(a.country), method="agent+person", confidence=0.8)
            kb_sector = a.sector if a.sector != "UNK" else None
            return Resolution(actor_id=a.actor_id, name=a.name, country=a.country, sector=kb_sector or sector,
                              kind=a.kind, method="agent+org", confidence=0.85)
        if mods.country is not None:
            return self._state(mods, sector, "agent+country", 0.85)
        if mods.group is not None:
            g = mods.group
            country = g.country or context
            patron = self.kb.actors.get(mods.patron or "")
            record = self.kb.actors.get(g.actor_id or "")
            if patron is not None and record is not None and country == patron.country and record.countries:
                # "Iranian-backed Shi'ite militias" are not Iran's own: the group's next home country
                others = [c for c in record.countries if c != patron.country]
                country = next((c for c in others if c == context), others[0] if others else None)
            return Resolution(actor_id=g.actor_id, name=g.name, country=country, sector=sector,
                              kind="group", method="agent+group", confidence=0.7)
        return Resolution(sector=sector, method="agent", confidence=0.5)

    def _phrase_actor(self, h: Token, mods: _Mods, day: dt.date | None) -> Resolution | None:
        """A phrase whose head names no actor but whose modifiers do: "the Turkish government's plan",
        "Iranian navy boats", "Syrian villages". The mention spans the phrase; its head is the actor word."""
        if mods.sector_noun is not None:
            res = self._agent(mods.sector_noun, mods, None)
            if not res.found:
                return None
            res.method = "phrase+" + res.method
            return res
        if mods.actor is not None:
            res = mods.actor
            title = mods.title or (self._leading_title(h.doc, res.span) if res.span else None)
            if title and res.kind == "person" and not mods.former:
                # "President Reagan's latest statement": the office the text gives, as for "President Reagan"
                res = self.resolver.titled(res, title, day)
            res.method = "phrase"
            return res
        if mods.country is not None:
            return self._state(mods, "CVL" if _people_or_place(h) else "GOV", "phrase", 0.7)
        if mods.group is not None:
            res = mods.group
            res.method = "phrase"
            return res
        return None

    def _org_in_title(self, sp: Any, span: tuple[int, int], day: dt.date | None) -> Resolution | None:
        """An organization named inside a title phrase the KB lists whole ("UN secretary-general")."""
        s, e = span
        for n in range(min(3, e - s - 1), 0, -1):
            for entry in self.kb.find(sp[s:s + n].text):
                if self.kb.actors[entry.actor_id].kind == "organization":
                    return self.resolver.actor(entry.actor_id, day, method="kb", alias_kind=entry.kind)
        return None

    def _title(self, phrase: str, mods: _Mods, day: dt.date | None, context: str | None,
               *, definite: bool) -> Resolution:
        holder_of = mods.title_country
        if mods.actor is not None and mods.actor.kind == "organization":
            holder_of = mods.actor.actor_id
        if holder_of is None and self.resolver.title_of(phrase) is None:
            holder_of = self.kb.title_country(phrase)
        title = self.resolver.title_of(phrase, holder_of) or phrase
        sector = self._title_sector.get(title, "GOV")
        if holder_of is None and definite and not mods.former:
            # "the premier": an earlier prime minister in the story, else the story country's (coref decides)
            return Resolution(sector=sector, role=title, method="definite", confidence=0.4)
        if holder_of is not None and not mods.former:
            res = self.resolver.office(title, holder_of, day)
            if res is not None:
                res.method = "office" if mods.title_country or mods.actor else "office+context"
                return res
        if holder_of is not None:
            country = holder_of if len(holder_of) == 3 and holder_of.isupper() else (mods.actor.country if mods.actor else None)
            return Resolution(actor_id=country, name=self._name(country), country=country, sector=sector, kind="state" if country else None,
                              role=title, method="title", confidence=0.6)
        return Resolution(sector=sector, role=title, method="title", confidence=0.4)

    def _unknown_entity(self, sp: Any, h: Token, p: Phrase, mods: _Mods, context: str | None,
                        spans: _Spans) -> Resolution | None:
        label = h.ent_type_
        kind = {"PERSON": "person", "ORG": "organization", "NORP": "group"}.get(label)
        sector = "UNK"
        if label == "ORG":
            words = [t.lower_ for t in sp[_entity_start(h):h.i + 1]]
            for w in reversed(words):
                if w in ORG_SECTOR_WORDS:
                    sector = ORG_SECTOR_WORDS[w]
                    break
                agent = self.resolver.agent_sector(w)
                if agent:
                    sector = agent
                    break
        if mods.actor is not None and mods.actor.kind == "organization" and mods.actor.sector in ("IGO", "NGO"):
            sector = mods.actor.sector  # "U.N. mediator Jan Novak": an official of the organization
        elif mods.title:
            sector = self._title_sector.get(mods.title, "GOV")
            if mods.former:
                sector = _former(sector)  # "former president X": a politician now, not the government
        elif mods.sector_noun and sector == "UNK":
            sector = mods.sector_noun
        elif mods.rank:
            sector = "MIL"
        country = mods.country or (mods.actor.country if mods.actor else None)
        if mods.actor is not None and sector == "UNK":
            sector = mods.actor.sector
        method = "ner"
        if country is None and (label == "GPE" or ((_is_locative(h) or _place_of(h)) and label != "LOC")):
            # a town the KB lacks; NER often labels a place after "in" as an organization or person
            country = self._gazetteer_country(_entity_text(h), set(self._countries_in(spans)) | {context})
            if country is not None:
                sector, method, kind = "CVL", "place", None
        if country is None and label in ("LOC", "FAC"):
            return None  # an unknown place the gazetteer cannot place either: not an actor
        if country is None and label != "GPE":
            country = self._place_country(p.places, spans, context)
            if country is not None:
                method = "ner+place"
        if country is None and label == "PERSON" and mods.title and not mods.former and context and mods.actor is None:
            # "President X" in a story about one country: that country's office, with low confidence.
            country, method = context, "ner+context"
        res = Resolution(country=country, sector=sector, kind=kind, role=None if mods.former else mods.title,
                         method=method, name=None, confidence=0.5 if country or sector != "UNK" else 0.3)
        if method == "ner+context":
            res.confidence = 0.4
        return res

    def _state(self, mods: _Mods, sector: str, method: str, confidence: float) -> Resolution:
        """The state its modifier names ("Iraqi forces", "Syrian villages"), with the compound's other members
        ("Iraqi and Kurdish forces") unless they are the same state."""
        country = mods.country
        res = Resolution(actor_id=country, name=self._name(country), country=country, sector=sector, kind="state",
                         method=method, confidence=confidence)
        res.members = [m for m in mods.members if m.country != country or m.kind == "group"]
        return res

    def _name(self, actor_id: str | None) -> str | None:
        a = self.kb.actors.get(actor_id) if actor_id else None
        return a.name if a else None

    def _mention(self, sp: Any, start: int, end: int, head: int, index: int, res: Resolution) -> Mention:
        start, end = trim_space(sp, start, end)
        span = sp[start:end]
        m = Mention(
            start=start, end=end, start_char=span.start_char, end_char=span.end_char, text=span.text,
            sentence_index=index, head=head, actor_id=res.actor_id, name=res.name, country=res.country,
            sector=res.sector or "UNK", kind=res.kind, role=res.role, method=res.method, confidence=res.confidence,
            patron=res.patron,
        )
        for r in res.members:
            s, e = trim_space(sp, *(r.span or (start, end)))
            sub = sp[s:e]
            m.members.append(Mention(s, e, sub.start_char, sub.end_char, sub.text, index, sub.root.i, r.actor_id,
                                     r.name, r.country or m.country, m.sector, r.kind, None, "member", r.confidence))
        return m

    def _apply_role_of(self, sp: Any, mentions: list[Mention]) -> None:
        """"the communications director for Kurdish President Massoud Barzani": a role noun whose for/of-phrase
        names an actor is a mention of that actor's side (its country and, for a government, GOV)."""
        covered = {i for m in mentions for i in range(m.start, m.end)}
        by_head = {m.head: m for m in mentions}
        added: list[Mention] = []
        for m in mentions:
            owner = sp[m.head]
            prep = owner.head
            if owner.dep_ != "pobj" or prep.lower_ not in ("for", "of", "to") or prep.head.i in covered:
                continue
            role = prep.head
            if role.lower_ not in ROLE_NOUNS or m.country is None or m.is_place:
                continue
            lefts = [t for t in role.subtree if t.i <= role.i]
            start = min(t.i for t in lefts)
            while start < role.i and sp[start].is_punct:
                start += 1
            sector = m.sector if m.sector in ("GOV", "MIL", "COP", "JUD", "LEG", "IGO", "NGO", "PTY", "REB", "INS") else "GOV"
            if role.lower_ in FOLLOWER_NOUNS and m.kind not in ("organization", "group"):
                sector = "CVL"  # a politician's supporters are not his government
            res = Resolution(country=m.country, sector=sector, kind="person" if role.tag_ == "NN" else None,
                             actor_id=None, method="role-of", confidence=0.6)
            if role.i not in by_head:
                added.append(self._mention(sp, start, role.i + 1, role.i, m.sentence_index, res))
        if added:
            mentions.extend(added)
            mentions.sort(key=lambda x: x.start)

    def _apply_appositions(self, sp: Any, mentions: list[Mention]) -> None:
        """"X, the Y of Z": an unknown name takes country and sector from its apposition, and vice versa."""
        by_head = {m.head: m for m in mentions}
        for m in mentions:
            tok = sp[m.head]
            partners = [by_head.get(c.i) for c in tok.children if c.dep_ == "appos"]
            if tok.dep_ == "appos":
                partners.append(by_head.get(tok.head.i))
            for other in partners:
                if other is None or other is m or (other.method.startswith("place") and m.kind == "person"):
                    continue  # a person's name the NER read as a town says nothing of the person's country
                if m.country is None and m.sector in ("IGO", "NGO"):
                    continue  # "the United Nations Emergency Relief Coordinator" acts for the UN: no country
                if m.actor_id is None and m.country is None and (other.country or other.sector != "UNK"):
                    m.country = other.country
                    if m.sector == "UNK":
                        m.sector = other.sector
                    if other.kind == "person" or m.kind == "person":
                        m.kind = "person"
                    m.method += "+appos"
                    m.role = m.role or other.role

    def _apply_conjoined_adjectives(self, sp: Any, mentions: list[Mention]) -> None:
        """"Syrian and Iraqi refugees": a bare adjective conjoined to an agent phrase shares its noun."""
        by_head = {m.head: m for m in mentions}
        for m in mentions:
            if m.kind != "state" or not m.method.startswith("kb") or m.method.endswith("ethnic"):
                continue
            tok = sp[m.head]
            if tok.pos_ not in ("ADJ", "PROPN") or not any(e.kind == "adjective" for e in self.kb.find(m.text)):
                continue
            for c in tok.children:
                other = by_head.get(c.i) if c.dep_ == "conj" else None
                if other is not None and other.method.startswith("agent") and other.sector != "UNK":
                    m.sector = other.sector
                    m.method = "kb+conj"
                    break


def _former(sector: str) -> str:
    """The sector of someone who held a civilian office: a politician (PTY); officers and clerics stay what they are."""
    return "PTY" if sector in ("GOV", "LEG") else sector


def _alias_keys(keys: list[str]) -> list[str]:
    """The KB-name keys among a span's matches: "A|" names and "U|" acronyms (not agent nouns or titles)."""
    return [k for k in keys if k[:2] in ("A|", "U|")]


def _capitalized(span: Any) -> bool:
    """Does a matched span look like a name: every word capitalized but the small words of names?"""
    for t in span:
        if t.is_alpha and t.lower_ not in NAME_FUNCTION_WORDS and not t.text[0].isupper():
            return False
    return True


def _bare(p: Phrase) -> bool:
    """No modifier but articles and adjectives: "the army", "the powerful army"."""
    return all(t.i == p.head.i or t.dep_ in ("det", "amod", "punct") or (p.head_span and p.head_span[0] <= t.i < p.head_span[1])
               for t in p.tokens) and p.of_phrase is None and not p.places


def _definite(tokens: list[Token]) -> bool:
    return any(t.dep_ == "det" and t.lower_ in ("the", "this", "that", "these", "those") for t in tokens)


def _entity_text(tok: Token) -> str:
    """The name a head word ends: its entity's words up to it ("Sulaymaniyah", not "Sulaymaniyah (Kurdistan")."""
    text = tok.doc[_entity_start(tok):tok.i + 1].text
    return text[4:] if text.lower().startswith("the ") else text


def _entity_start(tok: Token) -> int:
    """First token of the named entity ``tok`` is in (``tok`` itself outside entities), from the IOB tags."""
    i = tok.i
    doc = tok.doc
    while i > 0 and doc[i].ent_iob_ == "I":
        i -= 1
    return i if doc[i].ent_iob_ in ("B", "I") else tok.i


def _people_or_place(tok: Token) -> bool:
    """Does a head noun name people or places ("landowners", "towns") rather than an act ("decision")?"""
    low = tok.lower_
    return low in PLACE_NOUNS or low in PEOPLE_NOUNS or tok.lemma_.lower() in PLACE_NOUNS


def _unlabelled_name(tok: Token) -> bool:
    """A capitalized proper noun the NER left out, as a verb's subject or object ("found Barbarin guilty")."""
    return (not tok.ent_type_ and tok.is_title and tok.dep_ in ("nsubj", "nsubjpass", "dobj", "pobj", "appos")
            and not _is_locative(tok) and len(tok.text) > 2)


def _place_of(tok: Token) -> bool:
    """"the town of Baiji", "the city of Kut": the name after a place noun's "of" is a place."""
    return (tok.dep_ == "pobj" and tok.head.lower_ == "of" and tok.head.head.lower_ in PLACE_NOUNS)


def _is_locative(tok: Token) -> bool:
    """An object of "in", "near", "across" ... names a place, not an actor."""
    if tok.dep_ == "pobj" and tok.head.lower_ in LOCATIVE_PREPS:
        return True
    return tok.dep_ == "conj" and tok.head.dep_ == "pobj" and tok.head.head.lower_ in LOCATIVE_PREPS

