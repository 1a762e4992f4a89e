"""Within-document coreference for actor mentions: pronouns and definite descriptions.

No coreference model installs here, so this is a small rule system over the
parse. Each pronoun ("he", "it", "they") or definite description ("the group",
"the cleric", "the premier") takes the nearest earlier compatible mention within
a window of sentences, preferring named actors and subjects; the antecedent is
recorded on the mention. Rules that keep it from linking wrongly:

* kinds agree: "he" takes a person, "it" an organization, state or group (never a
  plural noun phrase), "they" a group, organization, state or plural phrase;
* a definite description must fit its antecedent: "the cleric" a religious figure,
  "the premier" a prime minister, "the militia" an armed group;
* an object is not its own clause's subject ("Maliki praised him");
* expletive "it" ("it is believed that", "it seems") takes nothing;
* a pronoun in a clause fronted before its main clause ("Before he left, Abadi met
  ...") refers forward to that clause's subject, not back to an earlier person;
* with no antecedent, "the government" / "the premier" fall back to the story's
  country and the office holder on the day; other pronouns stay unresolved and
  are dropped.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from khaldun.actors.resolve import Resolver
from khaldun.doc import Mention

PERSON_PRONOUNS = frozenset({"he", "him", "his", "she", "her", "hers", "himself", "herself"})
THING_PRONOUNS = frozenset({"it", "its", "itself"})
PLURAL_PRONOUNS = frozenset({"they", "them", "their", "theirs", "themselves"})
PRONOUNS = PERSON_PRONOUNS | THING_PRONOUNS | PLURAL_PRONOUNS
REFLEXIVES = frozenset({"himself", "herself", "itself", "themselves"})
POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})
# Definite descriptions and the kinds of antecedent they can take.
DEFINITE_NOUNS: dict[str, tuple[str, ...]] = {
    "group": ("organization", "group"), "organization": ("organization",), "organisation": ("organization",),
    "movement": ("organization",), "militia": ("organization", "group"), "party": ("organization",),
    "faction": ("organization",), "network": ("organization",), "alliance": ("organization",),
    "coalition": ("organization", "state"), "bloc": ("organization",), "insurgent": ("organization",),
    "jihadist": ("organization",), "country": ("state",), "kingdom": ("state",), "republic": ("state",),
    "state": ("state",), "nation": ("state",), "regime": ("state",), "government": ("state",),
    "cleric": ("person",), "leader": ("person",), "minister": ("person",), "president": ("person",),
    "premier": ("person",), "commander": ("person",), "official": ("person",), "general": ("person",),
    "spokesman": ("person",), "spokeswoman": ("person",), "ayatollah": ("person",), "envoy": ("person",),
    "diplomat": ("person",), "king": ("person",), "emir": ("person",), "prince": ("person",),
    "politician": ("person",), "lawmaker": ("person",), "chief": ("person",), "secretary": ("person",),
    "sultan": ("person",), "chancellor": ("person",), "monarch": ("person",), "sheikh": ("person",),
}
ARMED_SECTORS = frozenset({"MIL", "REB", "INS", "UNK"})
STATE_BODIES = frozenset({"government", "regime", "cabinet", "administration"})
WINDOW_SENTENCES = 3
EXPLETIVE_VERBS = frozenset({"be", "seem", "appear", "remain", "become", "take", "rain"})
FRONTED_MARKERS = frozenset({"before", "after", "when", "while", "as", "although", "though", "because", "since",
                             "once", "until", "if", "upon"})


def resolve_references(mentions: list[Mention], sp: Any, resolver: Resolver, day: dt.date | None,
                       context: str | None) -> None:
    """Fill pronoun and definite-description mentions from their antecedents, in document order.

    Mentions left without a referent (a pronoun with no antecedent, expletive "it")
    are removed: they would only add actor-less sources and targets.
    """
    kept: list[Mention] = []
    for i, m in enumerate(mentions):
        if m.method == "pronoun":
            tok = sp[m.head]
            word = tok.lower_
            if word in THING_PRONOUNS and _expletive(tok):
                continue
            kinds = _pronoun_kinds(word)
            ante = _cataphor(m, mentions[i + 1:], sp, kinds)
            if ante is None and not _fronted(tok):
                ante = _antecedent(m, kept, sp, kinds, plural=word in PLURAL_PRONOUNS,
                                   singular=word in THING_PRONOUNS, reflexive=word in REFLEXIVES)
            if ante is None:
                continue
            _copy(m, ante)
        elif m.method == "definite":
            noun = sp[m.head].lemma_.lower()
            kinds = DEFINITE_NOUNS.get(noun, ("organization", "group", "state", "person"))
            ante = _antecedent(m, kept, sp, kinds, plural=sp[m.head].tag_ in ("NNS", "NNPS"), noun=noun)
            if ante is not None:
                own_sector = m.sector
                _copy(m, ante)
                if own_sector != "UNK" and (ante.kind == "state" or m.sector == "UNK"):
                    m.sector = own_sector  # "the government" after "Iraq": IRQ GOV
            elif not _fallback(m, noun, resolver, day, context):
                if m.sector == "UNK":
                    continue
                m.method = "agent"
        kept.append(m)
    mentions[:] = kept
    _resolve_possessors(mentions, sp)


def _fallback(m: Mention, noun: str, resolver: Resolver, day: dt.date | None, context: str | None) -> bool:
    """No antecedent: "the premier" is the story country's office holder on the day; "the government" its government."""
    if context is None:
        return False
    if m.role is not None:
        title = resolver.title_of(m.text, context) or m.role  # "the chancellor" in Britain is its finance minister
        res = resolver.office(title, context, day)
        if res is not None:
            m.actor_id, m.name, m.country, m.sector, m.kind = res.actor_id, res.name, res.country, res.sector, res.kind
            m.method, m.confidence = "office+context", 0.6
            return True
        return False
    if noun in STATE_BODIES:
        a = resolver.get(context)
        m.actor_id, m.name, m.country, m.kind = context, a.name if a else None, context, "state"
        m.method, m.confidence = "agent+context", 0.5
        return True
    return False


def _resolve_possessors(mentions: list[Mention], sp: Any) -> None:
    """"His spokesman", "their commander": a generic phrase takes its country from the possessor's antecedent."""
    for i, m in enumerate(mentions):
        if m.country is not None or m.method in ("pronoun", "coref") or m.actor_id is not None:
            continue
        tok = next((t for t in sp[m.start:m.end] if t.dep_ == "poss" and t.lower_ in POSSESSIVE_PRONOUNS), None)
        if tok is None:
            continue
        probe = Mention(tok.i, tok.i + 1, tok.idx, tok.idx + len(tok), tok.text, m.sentence_index, tok.i,
                        method="pronoun")
        ante = _antecedent(probe, mentions[:i], sp, _pronoun_kinds(tok.lower_), plural=tok.lower_ == "their",
                           singular=tok.lower_ == "its")
        if ante is None or ante.country is None:
            continue
        m.country = ante.country
        m.method += "+poss"
        m.confidence = min(m.confidence, 0.6)


def _pronoun_kinds(word: str) -> tuple[str | None, ...]:
    if word in PERSON_PRONOUNS:
        return ("person",)
    if word in THING_PRONOUNS:
        return ("organization", "state", "group")
    return ("group", "organization")  # and any plural phrase ("Iraqi forces"); a state is "it", a person "he"


def _expletive(tok: Any) -> bool:
    """"It is believed that ...", "it seems", "it was a good meeting": no actor referent."""
    if tok.dep_ == "expl":
        return True
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in EXPLETIVE_VERBS:
        return (head.lemma_ in ("be", "seem", "appear", "rain")
                or any(c.dep_ in ("ccomp", "xcomp", "acomp", "attr", "oprd") for c in head.children))
    if tok.dep_ == "nsubjpass" and any(c.dep_ == "ccomp" for c in head.children):
        return True
    return False


def _fronted(tok: Any) -> bool:
    """Is the pronoun the subject of a subordinate clause placed before its main clause?"""
    verb = tok.head
    return (tok.dep_ in ("nsubj", "nsubjpass") and verb.dep_ == "advcl" and verb.i < verb.head.i
            and any(c.dep_ == "mark" and c.lower_ in FRONTED_MARKERS for c in verb.children))


def _cataphor(m: Mention, following: list[Mention], sp: Any, kinds: tuple[str | None, ...]) -> Mention | None:
    """"Before he left for Tehran, Abadi met Obama": the pronoun refers forward to the main clause's subject."""
    tok = sp[m.head]
    if not _fronted(tok):
        return None
    main = tok.head.head
    for cand in following:
        if cand.sentence_index != m.sentence_index:
            break
        ctok = sp[cand.head]
        if ctok.head.i == main.i and ctok.dep_ in ("nsubj", "nsubjpass") and cand.kind in kinds and _named(cand):
            return cand
    return None


def _named(cand: Mention) -> bool:
    return cand.actor_id is not None or cand.country is not None or cand.method.startswith("ner")


def _antecedent(m: Mention, previous: list[Mention], sp: Any, kinds: tuple[str | None, ...], *, plural: bool,
                singular: bool = False, reflexive: bool = False, noun: str | None = None) -> Mention | None:
    best: tuple[float, Mention] | None = None
    # Binding: an object pronoun is not the subject of its own clause, nor anyone that subject already is.
    bound = set() if reflexive else {c.actor_id for c in previous if c.actor_id and c.sentence_index == m.sentence_index
                                     and _same_clause(sp, m, c)}
    for cand in reversed(previous):
        distance = m.sentence_index - cand.sentence_index
        if distance > WINDOW_SENTENCES:
            break
        if cand.method in ("pronoun", "definite") and cand.antecedent is None:
            continue
        if not _named(cand) or cand.is_place or cand.method.endswith("+context"):
            continue  # "the army" with no country, or with the story's, introduces no one to refer back to
        ctok = sp[cand.head]
        cand_plural = ctok.tag_ in ("NNS", "NNPS") and cand.kind not in ("person", "organization")
        if cand.kind not in kinds and not (plural and cand_plural):
            continue
        if singular and cand_plural:
            continue  # "it" is not "Kurdish fighters"
        if not reflexive and ((distance == 0 and _same_clause(sp, m, cand)) or (cand.actor_id and cand.actor_id in bound)):
            continue
        if noun is not None and not _noun_fits(noun, m, cand):
            continue
        score = -float(distance)
        if ctok.dep_ in ("nsubj", "nsubjpass"):
            score += 0.5
        if cand.method.startswith(("kb", "office", "ner", "coref")):
            score += 0.3  # a name beats a generic phrase resolved by context
        if plural and cand_plural:
            score += 0.5
        if reflexive and distance == 0 and _same_clause(sp, m, cand):
            score += 2.0
        if best is None or score > best[0]:
            best = (score, cand)
    return best[1] if best else None


def _noun_fits(noun: str, m: Mention, cand: Mention) -> bool:
    if noun in ("cleric", "ayatollah"):
        return cand.kind == "person" and (cand.sector in ("REL", "UNK") or (cand.role or "") == "supreme leader")
    if m.role is not None and cand.kind == "person":
        return cand.role == m.role  # "the premier" / "the foreign minister": the same office
    if noun in ("president", "king", "emir", "sultan", "minister", "chancellor", "premier"):
        return cand.role is not None and (noun in cand.role or (noun == "premier" and cand.role == "prime minister"))
    if noun == "militia":
        return cand.sector in ARMED_SECTORS
    if noun in STATE_BODIES:
        return cand.kind == "state" and (cand.sector == "GOV" or cand.method.startswith("kb"))
    return True


def _same_clause(sp: Any, m: Mention, cand: Mention) -> bool:
    """Both arguments of one verb: "Maliki praised him" (him is not Maliki), "Maliki defended himself"."""
    a, b = sp[m.head], sp[cand.head]
    verb_a = a.head.head if a.dep_ == "pobj" else a.head
    return verb_a.i == b.head.i and b.dep_ in ("nsubj", "nsubjpass") and a.dep_ in ("dobj", "pobj", "dative")


def _copy(m: Mention, ante: Mention) -> None:
    src = ante.antecedent if (ante.method == "coref" and ante.antecedent is not None) else ante
    m.actor_id, m.name, m.country, m.kind, m.role = ante.actor_id, ante.name, ante.country, ante.kind, ante.role
    m.sector = ante.sector
    m.patron = ante.patron
    m.method = "coref"
    m.antecedent = src
    m.confidence = min(0.8, ante.confidence)
