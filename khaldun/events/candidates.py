"""Event candidates from the dependency parse: a trigger with its source and target.

Handles active and passive voice, conjoined subjects, objects and verbs,
control and raising chains ("agreed to send", "urged Baghdad to halt"), light
verbs and multiword triggers (through lexicon patterns), nominal events ("the
Iraqi offensive on Kirkuk", "clashes between X and Y", "Iran's mediation") and
symmetric events.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from khaldun.actors.coref import POSSESSIVE_PRONOUNS
from khaldun.dates.resolve import MONTH_NAMES, WEEKDAYS
from khaldun.doc import Mention
from khaldun.events.lexicon import TriggerMatch
from khaldun.nlp.parse import trim_space

Token = Any

SUBJ = frozenset({"nsubj", "csubj"})
PASSIVE_SUBJ = frozenset({"nsubjpass", "csubjpass"})
OBJ = frozenset({"dobj", "obj"})
OBJECT_CONTROL = frozenset({"urge", "ask", "call", "force", "order", "persuade", "press", "push", "tell", "invite",
                            "encourage", "allow", "help", "pressure", "compel", "authorize", "instruct", "warn",
                            "request", "advise", "direct", "lead", "permit", "enable", "prompt", "demand"})
# Verbs whose object is the doer of the gerund after their preposition: "accused X of attacking", "thanked X for".
PREP_OBJECT_CONTROL = frozenset({"accuse", "blame", "charge", "criticize", "criticise", "condemn", "praise", "thank",
                                 "congratulate", "suspect", "convict", "sentence", "arrest", "detain", "punish", "fine",
                                 "sanction", "warn", "stop", "prevent", "bar", "ban", "commend", "fault", "indict",
                                 "prosecute", "sue", "reward", "credit", "hold"})
# Verbs that lend their subject to an event noun they take as object: "launched an attack", "held talks".
LIGHT_VERBS = frozenset({"prolong", "extend", "renew", "expand", "tighten", "maintain", "seek", "demand", "approve",
                         "enforce", "implement", "adopt", "propose", "threaten", "plan", "prepare", "launch", "carry",
                         "conduct", "stage", "mount", "wage", "hold", "make", "take", "begin", "start", "continue", "resume",
                         "step", "escalate", "intensify", "perform", "execute", "undertake", "pursue", "lead", "open",
                         "announce", "declare", "issue", "deliver", "give", "impose", "provide", "offer", "send", "file",
                         "lodge", "sign", "reach", "conclude", "join", "unleash", "commit", "organize", "organise", "call",
                         "have", "do", "order", "complete"})
NOMINAL_SOURCE_DEPS = frozenset({"poss", "amod", "compound", "nmod"})
ARG_DEPS = frozenset({"det", "amod", "compound", "poss", "nummod", "nmod", "quantmod", "advmod", "case", "punct"})
# Prepositions that name the recipient after an event noun ("an investigation into", "talks with") or a verb.
OBJECT_NOUN_PREPS = frozenset({"into", "of", "against", "on", "over", "with", "to", "for", "at", "toward", "towards"})
VERB_TARGET_PREPS = frozenset({"against", "on", "with", "at", "into"})
QUANTITY_NOUNS = frozenset({"dozens", "hundreds", "thousands", "scores", "tens", "millions", "dozen", "hundred",
                            "thousand", "number", "group", "some", "many", "most", "all", "several", "members", "part"})
NOMINAL_TARGET_PREPS = frozenset({"on", "against", "with", "into", "in", "to", "toward", "towards", "at", "over", "of", "for"})


@dataclass
class Roles:
    sources: list[Mention]
    targets: list[Mention]
    symmetric: bool = False
    voice: str = "active"
    via: str = ""


class MentionIndex:
    """Token -> the actor mention covering it (heads first)."""

    def __init__(self, mentions: Iterable[Mention]) -> None:
        self.args_cache: dict[int, Mention] = {}
        self.by_token: dict[int, Mention] = {}
        self.by_head: dict[int, Mention] = {}
        self.places: dict[int, Mention] = {}
        for m in mentions:
            if m.is_place:
                self.places[m.head] = m
                continue
            self.by_head[m.head] = m
            for i in range(m.start, m.end):
                self.by_token.setdefault(i, m)

    def at(self, tok: Token | None) -> Mention | None:
        if tok is None:
            return None
        return self.by_head.get(tok.i) or self.by_token.get(tok.i)

    def within(self, tok: Token) -> Mention | None:
        """The mention for an argument: its head, else a mention inside its own phrase ("the Iraqi offensive")."""
        m = self.at(tok)
        if m is not None:
            return m
        if tok.like_num or tok.lower_ in QUANTITY_NOUNS:  # "hundreds of protesters", "dozens of Iraqi soldiers"
            of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
            pobj = _child(of, frozenset({"pobj"})) if of is not None else None
            if pobj is not None and self.at(pobj) is not None:
                return self.at(pobj)
        for c in tok.lefts:
            if c.dep_ in NOMINAL_SOURCE_DEPS:
                m = self.at(c)
                if m is not None:
                    return m
        return None

    def with_conjuncts(self, tok: Token | None, *, places: bool = False) -> list[Mention]:
        """The mention at ``tok`` and those of its conjuncts ("Iraq and Iran"); plain noun phrases as arguments.

        ``places``: a place named by the pattern's own preposition is the recipient ("withdrew its troops
        from Afghanistan"), though a place in any other locative phrase is only where it happened.
        """
        if tok is None:
            return []
        out = []
        for t in [tok, *_conjuncts(tok)]:
            m = self.within(t) or (self.places.get(t.i) if places else None) or self.argument(t)
            if m is not None and m not in out:
                out.append(m)
        return out

    def argument(self, tok: Token) -> Mention | None:
        """An argument that names no actor ("the convoy", "German industrial products"): its phrase, unresolved.

        Kept so that the event record shows what was acted on; an event needs at least one identified
        participant to be emitted (``khaldun.events.emit``).
        """
        if tok.pos_ not in ("NOUN", "PROPN") or tok.i in self.args_cache or is_time_word(tok):
            return self.args_cache.get(tok.i)
        left = [c for c in tok.lefts if c.dep_ in ARG_DEPS]
        start = min([tok.i] + [c.left_edge.i for c in left])
        end = tok.i + 1
        of = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "of"), None)
        if of is not None and of.right_edge.i - tok.i <= 8:  # "imports of British beef"
            end = of.right_edge.i + 1
        doc = tok.doc
        start, end = trim_space(doc, start, end)
        span = doc[start:end]
        m = Mention(start=start, end=end, start_char=span.start_char, end_char=span.end_char, text=span.text,
                    sentence_index=-1, head=tok.i, method="argument", confidence=0.0)
        self.args_cache[tok.i] = m
        return m


def _conjuncts(tok: Token) -> list[Token]:
    out = []
    stack = [c for c in tok.children if c.dep_ == "conj"]
    while stack:
        t = stack.pop(0)
        out.append(t)
        stack.extend(c for c in t.children if c.dep_ == "conj")
    return out


def _child(tok: Token, deps: frozenset[str]) -> Token | None:
    return next((c for c in tok.children if c.dep_ in deps), None)


def _agent(tok: Token) -> Token | None:
    by = next((c for c in tok.children if c.dep_ == "agent"), None)
    if by is None:
        return None
    return _child(by, frozenset({"pobj"}))


def verb_subject(verb: Token, depth: int = 0) -> tuple[Token | None, str]:
    """The logical subject of a verb, following passives, conjunctions and control chains."""
    passive = _child(verb, PASSIVE_SUBJ) is not None or any(c.dep_ == "auxpass" for c in verb.children)
    if passive:
        return _agent(verb), "passive"
    subj = _child(verb, SUBJ)
    if subj is not None:
        if subj.tag_ == "WDT" or subj.lower_ in ("who", "which", "that"):
            if verb.dep_ == "relcl":
                return verb.head, "relative"
        return subj, "active"
    if depth > 4:
        return None, ""
    head = verb.head
    if verb.dep_ == "conj" and head.pos_ in ("VERB", "AUX"):
        return verb_subject(head, depth + 1)[0], "conj"
    if verb.dep_ == "advcl" and any(c.dep_ == "mark" and c.lower_ == "for" for c in verb.children):
        return None, ""  # "called for the government to resign": the subject is given or unknown
    if verb.dep_ in ("xcomp", "ccomp", "acomp") and head.pos_ in ("VERB", "AUX", "ADJ"):
        if head.lemma_.lower() in OBJECT_CONTROL:
            obj = _child(head, OBJ)
            if obj is not None:
                return obj, "object-control"
        return verb_subject(head, depth + 1)[0], "control"
    if verb.dep_ == "advcl" and head.pos_ in ("VERB", "AUX"):
        return verb_subject(head, depth + 1)[0], "adverbial"
    if verb.dep_ == "acl" and verb.tag_ == "VBG":
        return verb.head, "participle"
    if verb.dep_ in ("relcl",):
        return verb.head, "relative"
    if verb.dep_ == "pcomp" and head.dep_ == "prep" and head.head.pos_ in ("VERB", "AUX"):
        gov = head.head
        obj = _child(gov, OBJ)
        if obj is not None and gov.lemma_.lower() in PREP_OBJECT_CONTROL:  # "accused Ankara of violating ..."
            return obj, "object-control"
        return verb_subject(gov, depth + 1)[0], "gerund"
    return None, ""


def verb_object(verb: Token, depth: int = 0) -> Token | None:
    passive = _child(verb, PASSIVE_SUBJ)
    if passive is not None:
        return passive
    obj = _child(verb, OBJ)
    if obj is not None:
        return obj
    if verb.dep_ == "acl" and verb.tag_ == "VBN":  # "a convoy attacked by militants"
        return verb.head
    for c in verb.children:  # "attacked and killed three soldiers": the first verb shares the last one's object
        if c.dep_ == "conj" and c.pos_ == "VERB" and depth < 3:
            shared = verb_object(c, depth + 1)
            if shared is not None and shared.dep_ in OBJ:
                return shared
    return None


def roles_for(match: TriggerMatch, idx: MentionIndex) -> Roles:
    """Sources and targets of a trigger, by its part of speech and the pattern's target slot."""
    head = match.head
    p = match.pattern
    if head.pos_ in ("NOUN", "PROPN") and not (match.object_token is not None and head.pos_ != "VERB"):
        return _nominal_roles(match, idx)
    subj_tok, voice = verb_subject(head)
    sources = idx.with_conjuncts(subj_tok)
    targets: list[Mention] = []
    if p.target == "dobj":
        obj_tok = verb_object(head)
        event_noun = match.object_token
        if voice == "passive" and obj_tok is not None:
            targets = idx.with_conjuncts(obj_tok)
        elif obj_tok is not None and (event_noun is None or obj_tok.i != event_noun.i):
            targets = idx.with_conjuncts(obj_tok)
        if not targets and head.dep_ == "conj":
            targets = idx.with_conjuncts(verb_object(head.head))
        if not targets:
            # "launched an investigation into X", "launched strikes on X", "clashed with X": the preposition
            # of the event noun, else of the verb, names the recipient.
            hosts = ([event_noun] if event_noun is not None else []) + [head]
            for host in hosts:
                for c in host.children:
                    if c.dep_ == "prep" and c.lower_ in (OBJECT_NOUN_PREPS if host is not head else VERB_TARGET_PREPS):
                        targets = idx.with_conjuncts(_child(c, frozenset({"pobj"})))
                        if targets:
                            break
                if targets:
                    break
    elif p.target == "prep" and match.prep_token is not None and match.prep_token.dep_ == "mark":
        targets = idx.with_conjuncts(_child(match.prep_token.head, SUBJ))  # "for the government to resign"
    elif p.target == "prep" and match.prep_token is not None:
        targets = idx.with_conjuncts(_child(match.prep_token, frozenset({"pobj"})), places=True)
        if all(t.method == "argument" for t in targets):
            # "accused Ankara of violating ...": the named actor is the object, the preposition the charge
            obj = [m for m in idx.with_conjuncts(verb_object(head)) if m.identified]
            if obj:
                targets = obj
    elif p.target == "iobj":
        targets = idx.with_conjuncts(_child(head, frozenset({"dative", "iobj"})))
        if not targets:
            to = next((c for c in head.children if c.dep_ in ("prep", "dative") and c.lower_ == "to"), None)
            targets = idx.with_conjuncts(_child(to, frozenset({"pobj"})) if to is not None else None)
    elif p.target == "nsubj":
        targets, sources = sources, idx.with_conjuncts(verb_object(head))
    if not targets and p.target in ("none", "dobj"):
        targets = _fallback_targets(head, match, idx)
    if match.object_token is not None and all(t.method == "argument" for t in targets) and p.target in ("none", "dobj"):
        targets = _actor_in_object(match.object_token, sources, idx) or targets
    if len(targets) == 1 and targets[0].method == "argument":
        targets = _actor_in_object(match.head.doc[targets[0].head], sources, idx) or targets
    symmetric = p.symmetric
    if symmetric and len(sources) >= 2 and all(t.method == "argument" for t in targets):
        # "Turkey and Iraq signed an agreement": the two signatories are the dyad, not the document.
        sources, targets = sources[:1], sources[1:]
    return Roles(sources, targets, symmetric, voice, "verb")


def _actor_in_object(noun: Token, sources: list[Mention], idx: MentionIndex, depth: int = 0) -> list[Mention]:
    """The recipient named inside a thing acted on: the pattern's own object ("released 100 Taliban
    prisoners", "rejected an Armenian proposal") or a plain-noun target's phrase ("rejected an appeal filed
    by lawyers of X", "welcomed the decision by the World Economic Forum", "cut military aid to European
    allies"). Never the source's own side ("sent US troops", "its forces")."""
    m = idx.within(noun)
    if m is not None and m.identified and m.text.lower() not in POSSESSIVE_PRONOUNS and not _same_side(m, sources):
        return [m]
    if depth >= 2:
        return []
    for c in noun.rights:
        hosts = [c] if c.dep_ in ("prep", "agent") else (
            [g for g in c.children if g.dep_ in ("prep", "agent")] if c.dep_ in ("acl", "relcl") and depth == 0 else [])
        for prep in hosts:
            if prep.lower_ not in BEHIND_PREPS:
                continue
            pobj = _child(prep, frozenset({"pobj"}))
            if pobj is not None and not is_time_word(pobj):
                found = _actor_in_object(pobj, sources, idx, depth + 1)
                if found:
                    return found
    return []


BEHIND_PREPS = frozenset({"by", "of", "from", "to", "with", "against", "for", "on", "toward", "towards"})


def _same_side(m: Mention, sources: list[Mention]) -> bool:
    for src in sources:
        same_state = src.country is not None and m.country == src.country and m.actor_id in (None, m.country)
        if m is src or same_state or (src.actor_id is not None and m.actor_id == src.actor_id):
            return True
    return False


FALLBACK_PREPS = ("to", "with", "from", "against", "on", "into", "for", "at", "in", "over", "toward", "towards")


TIME_WORDS = frozenset(WEEKDAYS) | frozenset(MONTH_NAMES) | frozenset(
    "today yesterday tomorrow tonight morning afternoon evening night day days week weeks weekend month months "
    "year years decade hour hours minute minutes".split())


def is_time_word(tok: Token) -> bool:
    """A date or time ("on Monday", "last week"): never an event's participant, whatever NER says."""
    return tok.ent_type_ in ("DATE", "TIME") or tok.lower_ in TIME_WORDS


def _dated(prep: Token) -> bool:
    return any(is_time_word(g) for g in prep.children)


def _fallback_targets(head: Token, match: TriggerMatch, idx: MentionIndex) -> list[Mention]:
    """No target slot filled: the recipient may sit in a preposition of the verb or its object
    ("withdraw its troops from Afghanistan", "open its borders to German products"), or in the
    complement the trigger governs ("agreed to resign from the post")."""
    hosts = [head] + ([match.object_token] if match.object_token is not None else [])
    obj = verb_object(head)
    if obj is not None and obj.i not in {h.i for h in hosts}:
        hosts.append(obj)
    for host in hosts:
        for c in host.children:
            if c.dep_ == "prep" and c.lower_ in FALLBACK_PREPS and not _dated(c):
                found = idx.with_conjuncts(_child(c, frozenset({"pobj"})), places=True)
                if found:
                    return found
    comp = next((c for c in head.children if c.dep_ in ("xcomp", "ccomp") and c.pos_ in ("VERB", "AUX")), None)
    if comp is not None:
        obj = verb_object(comp)
        if obj is not None:
            return idx.with_conjuncts(obj)
        for c in comp.children:
            if c.dep_ == "prep" and c.lower_ in FALLBACK_PREPS and not _dated(c):
                found = idx.with_conjuncts(_child(c, frozenset({"pobj"})), places=True)
                if found:
                    return found
    return []


def _nominal_roles(match: TriggerMatch, idx: MentionIndex) -> Roles:
    noun = match.head
    p = match.pattern
    sources: list[Mention] = []
    for c in noun.lefts:
        if c.dep_ in NOMINAL_SOURCE_DEPS:
            m = idx.at(c)
            if m is not None:
                sources = [m]
                break
    if not sources:
        by = next((c for c in noun.children if c.dep_ == "prep" and c.lower_ == "by"), None)
        if by is not None:
            sources = idx.with_conjuncts(_child(by, frozenset({"pobj"})))
    via = "noun"
    if not sources and noun.dep_ in ("dobj", "nsubjpass", "pobj"):
        gov = noun.head if noun.dep_ != "pobj" else noun.head.head
        if gov.pos_ in ("VERB", "AUX") and gov.lemma_.lower() in LIGHT_VERBS:
            subj, _ = verb_subject(gov)
            sources = idx.with_conjuncts(subj)
            via = "light-verb"
    targets: list[Mention] = []
    preps = [match.prep_token] if match.prep_token is not None else [
        c for c in noun.children if c.dep_ == "prep" and c.lower_ in NOMINAL_TARGET_PREPS]
    symmetric = p.symmetric
    for prep in preps:
        pobj = _child(prep, frozenset({"pobj"}))
        found = idx.with_conjuncts(pobj)
        if prep.lower_ == "between" and len(found) >= 2:
            sources, targets, symmetric = found[:1], found[1:], True
            break
        if found:
            targets = [m for m in found if m not in sources]
            break
    return Roles(sources, targets, symmetric, "nominal", via)
