"""Where an event happened: the place syntactically attached to its trigger, else the nearest plausible one.

Attached places are reached from the trigger through the parse: a locative
preposition ("killed in Kirkuk", "clashes near the border with Turkey", "the
battle for Mosul"), the object of a verb that acts on a place ("captured Mosul",
"shelled the town of Hit"), the passive subject ("Kirkuk was shelled") or a
modifier of a nominal trigger ("the Mosul offensive"). Otherwise the nearest
literal place of the sentence that scopes over the trigger (not one inside a
clause of its own), else the nearest earlier place of the paragraph. Metonyms
and demonyms are actors, never locations. The basis is kept as evidence.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from khaldun.doc import PlaceHit
from khaldun.places.recognize import LOCATIVE_OBJECT_VERBS

Token = Any

LOCATIVE_PREPS = frozenset({"in", "at", "near", "outside", "around", "across", "inside", "into", "throughout",
                            "within", "on", "along", "over", "off", "beyond", "toward", "towards", "through",
                            "against", "onto", "upon", "between", "among", "amid", "past", "nearby"})
NOMINAL_PREPS = frozenset({"for", "of"})  # "the battle for Mosul", "the siege of Aleppo"
CHAIN_DEPS = frozenset({"pobj", "prep", "compound", "appos", "conj", "nmod", "npadvmod", "dobj", "obj", "amod",
                        "pcomp", "cc", "advmod", "poss", "nummod", "quantmod"})
MAX_PATH = 7


@dataclass(frozen=True)
class Choice:
    hit: PlaceHit
    basis: str  # attached:<how> | sentence | paragraph
    steps: int


def clause_verb(tok: Token) -> Token:
    """The verb heading the clause a token sits in (the root for verbless fragments)."""
    t = tok
    for _ in range(40):
        if t.pos_ in ("VERB", "AUX") or t.head.i == t.i:
            return t
        t = t.head
    return t


def attachment(sp: Any, hit: PlaceHit, trigger: Token) -> tuple[str, int] | None:
    """How a place hangs off the trigger, and how far, or None when it does not."""
    root = sp[hit.token_start:hit.token_end].root
    if root.head.i == trigger.i:
        if root.dep_ in ("compound", "amod", "nmod", "poss") and trigger.pos_ in ("NOUN", "PROPN"):
            return "modifier", 1
        if root.dep_ in ("dobj", "obj") and trigger.lemma_ in LOCATIVE_OBJECT_VERBS:
            return "object", 1
        if root.dep_ == "nsubjpass" and trigger.lemma_ in LOCATIVE_OBJECT_VERBS:
            return "passive-subject", 1
    tok, steps, how = root, 0, None
    while steps < MAX_PATH:
        head = tok.head
        if head.i == tok.i:
            return None
        steps += 1
        if tok.dep_ == "pobj" and head.dep_ in ("prep", "agent"):
            word = head.lower_
            if word in LOCATIVE_PREPS and how is None:
                how = f"prep:{word}"
            elif word in NOMINAL_PREPS and head.head.i == trigger.i and trigger.pos_ in ("NOUN", "PROPN"):
                how = how or f"prep:{word}"
            elif word == "of" and how is None:
                pass  # "the town of X", "the outskirts of X": keep climbing
            elif word == "with" and how is None:
                pass  # "the border with Turkey"
            elif how is None:
                return None  # "by", "from", "to", "about": not where it happened
        elif tok.dep_ in ("dobj", "obj") and head.i == trigger.i and trigger.lemma_ in LOCATIVE_OBJECT_VERBS:
            how = how or "object"
        if head.i == trigger.i or (how and _coordinated(head, trigger)):
            return (how, steps) if how else None
        if tok.dep_ not in CHAIN_DEPS and not (tok.dep_ == "pobj"):
            return None
        if head.pos_ in ("VERB", "AUX") and head.i != trigger.i and not _coordinated(head, trigger):
            return None  # another clause's place
        tok = head
    return None


def _coordinated(a: Token, b: Token) -> bool:
    """Verbs joined by "and" share their place: "killed one and wounded four in Kirkuk"."""
    return (a.dep_ == "conj" and a.head.i == b.i) or (b.dep_ == "conj" and b.head.i == a.i) or \
        (a.dep_ == "conj" and b.dep_ == "conj" and a.head.i == b.head.i)


SUBCLAUSE_DEPS = frozenset({"advcl", "xcomp", "conj", "pcomp", "prep", "pobj"})


def scopes_over(sp: Any, hit: PlaceHit, trigger: Token) -> bool:
    """A place in the trigger's own clause, or in a clause that embeds the trigger ("In Mosul, police said ...")."""
    root = sp[hit.token_start:hit.token_end].root
    verb = clause_verb(root)
    t = trigger
    for _ in range(12):
        if t.i == verb.i:
            return True
        if t.head.i == t.i:
            break
        t = t.head
    # a place in an adverbial clause of the trigger: "captured while carrying out an attack in northern Israel"
    v, hops = verb, 0
    while v.i != trigger.i and hops < 4:
        if v.dep_ not in SUBCLAUSE_DEPS or v.head.i == v.i:
            return False
        v, hops = v.head, hops + 1
    return v.i == trigger.i


def _breadth(hit: PlaceHit) -> int:
    """The most specific place wins: a village inside a city inside a province inside a country."""
    if hit.place is None:
        return 0  # a name no gazetteer knows is a village, a district, a facility
    f = hit.place.feature or ""
    if f.startswith("PCL") or f == "CONT":
        return 3
    if f.startswith("ADM1") or f in ("RGN", "PLN", "DSRT", "MTS", "SEA", "GULF", "STM"):
        return 2
    return 1


PARTICIPANT_DEPS = frozenset({"nsubj", "nsubjpass", "dobj", "obj", "attr", "dative", "appos"})


def describes_participant(sp: Any, hit: PlaceHit) -> bool:
    """"a lawyer from Basra", "a Mosul trader": the place says who someone is, not where it happened."""
    tok = sp[hit.token_start:hit.token_end].root
    if tok.dep_ in PARTICIPANT_DEPS:
        return False  # the place itself is the argument ("Kirkuk was shelled" is handled as attached)
    for _ in range(8):
        head = tok.head
        if head.i == tok.i or head.pos_ in ("VERB", "AUX"):
            return False
        if head.dep_ in PARTICIPANT_DEPS and head.pos_ in ("NOUN", "PROPN", "PRON"):
            return True
        tok = head
    return False


def choose(sp: Any, trigger: Token, hits: list[PlaceHit], *, paragraph: list[PlaceHit] = ()) -> Choice | None:  # type: ignore[assignment]
    """The event's place among literal toponyms of its sentence (``hits``) and, failing that, its paragraph."""
    literal = [h for h in hits if not h.is_actor and h.kind == "place"]
    attached = []
    for h in literal:
        a = attachment(sp, h, trigger)
        if a is not None:
            attached.append(Choice(h, f"attached:{a[0]}", a[1]))
    if attached:
        return min(attached, key=lambda c: (_breadth(c.hit), c.steps, abs(c.hit.token_start - trigger.i)))
    near = [h for h in literal if scopes_over(sp, h, trigger) and not describes_participant(sp, h)]
    if near:
        h = min(near, key=lambda h: (_breadth(h), abs(h.token_start - trigger.i)))
        return Choice(h, "sentence", abs(h.token_start - trigger.i))
    before = [h for h in paragraph if not h.is_actor and h.kind == "place" and h.token_end <= trigger.i and h.place is not None]
    if before:
        h = max(before, key=lambda h: h.token_start)
        return Choice(h, "paragraph", trigger.i - h.token_start)
    return None
