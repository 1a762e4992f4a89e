"""Within-document coreference for actor mentions: pronouns and definite descriptions.

No coreference model installs here, so this is a small rule system: each
pronoun or definite description ("the group", "the cleric", "the premier")
takes the nearest earlier compatible mention, preferring subjects, within a
window of sentences. The antecedent is recorded on the mention.
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
}
WINDOW_SENTENCES = 3
EXPLETIVE_VERBS = frozenset({"be", "seem", "appear", "remain", "become", "take", "rain"})


def resolve_references(mentions: list[Mention], sp: Any, resolver: Resolver, day: dt.date | None,
                       context: str | None) -> None:
    """Fill pronoun and definite-description mentions from their antecedents, in document order."""
    kept: list[Mention] = []
    for m in mentions:
        if m.method == "pronoun":
            tok = sp[m.head]
            if tok.lower_ in THING_PRONOUNS and _expletive(tok):
                continue
            ante = _antecedent(m, kept, sp, _pronoun_kinds(tok.lower_), plural=tok.lower_ in PLURAL_PRONOUNS)
            if ante is None:
                continue
            _copy(m, ante, "coref")
        elif m.method == "definite":
            noun = sp[m.head].lemma_.lower()
            kinds = DEFINITE_NOUNS.get(noun, ("organization", "group", "state", "person"))
            ante = _antecedent(m, kept, sp, kinds, plural=sp[m.head].tag_ in ("NNS", "NNPS"), noun=noun)
            if ante is None:
                if m.sector == "UNK":
                    continue
                m.method = "agent"
            else:
                sector = m.sector
                _copy(m, ante, "coref")
                if ante.kind == "state" and sector != "UNK":
                    m.sector = sector
        kept.append(m)
    mentions[:] = kept


def _pronoun_kinds(word: str) -> tuple[str | None, ...]:
    if word in PERSON_PRONOUNS:
        return ("person",)
    if word in THING_PRONOUNS:
        return ("organization", "state", "group", None)
    return ("group", "organization", "state", None, "person")


def _expletive(tok: Any) -> bool:
    """"It is believed that ...", "it seems": no referent."""
    if tok.dep_ == "expl":
        return True
    head = tok.head
    if tok.dep_ in ("nsubj", "nsubjpass") and head.lemma_ in EXPLETIVE_VERBS:
        return any(c.dep_ in ("ccomp", "xcomp", "acomp", "attr") for c in head.children) or head.lemma_ == "be"
    if tok.dep_ == "nsubjpass" and any(c.dep_ == "ccomp" for c in head.children):
        return True
    return False


def _antecedent(m: Mention, previous: list[Mention], sp: Any, kinds: tuple[str | None, ...], *, plural: bool,
                noun: str | None = None) -> Mention | None:
    best: tuple[float, Mention] | None = None
    for cand in reversed(previous):
        if m.sentence_index - cand.sentence_index > WINDOW_SENTENCES:
            break
        if cand.method in ("pronoun", "definite") and cand.antecedent is None:
            continue
        if not cand.resolved or cand.is_place:
            continue
        kind = cand.kind
        if kind not in kinds:
            # Generic agents ("Iraqi forces") are plural groups without a KB kind.
            if not (plural and kind == "state" and cand.sector not in ("GOV", "UNK")):
                continue
        if m.sentence_index == cand.sentence_index and _same_clause_subject(sp, m, cand):
            continue
        if noun is not None and not _noun_fits(noun, cand):
            continue
        distance = m.sentence_index - cand.sentence_index
        score = -distance
        tok = sp[cand.head]
        if tok.dep_ in ("nsubj", "nsubjpass"):
            score += 0.5
        if plural and tok.tag_ in ("NNS", "NNPS"):
            score += 0.5
        if best is None or score > best[0]:
            best = (score, cand)
        if distance == 0 and score >= 0.5:
            break
    return best[1] if best else None


def _noun_fits(noun: str, cand: Mention) -> bool:
    if noun == "cleric" or noun == "ayatollah":
        return cand.sector == "REL" or (cand.role or "") in ("leader", "supreme leader")
    if noun in ("premier",):
        return cand.role in ("prime minister",)
    if noun in ("president", "king", "emir", "minister"):
        return cand.role is not None and noun in cand.role
    if noun in ("militia",):
        return cand.sector in ("MIL", "REB", "INS", "UNK")
    return True


def _same_clause_subject(sp: Any, m: Mention, cand: Mention) -> bool:
    """"He" in "Maliki said he ..." may be Maliki; but the object of a verb is not its own subject."""
    a, b = sp[m.head], sp[cand.head]
    return a.head.i == b.head.i and a.dep_ in ("dobj", "pobj") and b.dep_ == "nsubj"


def _copy(m: Mention, ante: Mention, method: str) -> None:
    src = ante.antecedent if (ante.method == "coref" and ante.antecedent is not None) else ante
    m.actor_id, m.name, m.country, m.kind, m.role = ante.actor_id, ante.name, ante.country, ante.kind, ante.role
    m.sector = ante.sector
    m.patron = ante.patron
    m.method = method
    m.antecedent = src
    m.confidence = min(0.8, ante.confidence)
