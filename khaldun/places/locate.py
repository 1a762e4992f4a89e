"""Where an event happened: the place syntactically attached to its trigger, else the nearest plausible one.

Attached places are reached from the trigger through the parse: a locative
preposition ("killed in Kirkuk", "clashes near the border with Turkey", "the
battle for Mosul"), the object of a verb that acts on a place ("captured Mosul",
"shelled the town of Hit"), the passive subject ("Kirkuk was shelled") or a
modifier of a nominal trigger ("the Mosul offensive"). Otherwise the nearest
literal place of the sentence that scopes over the trigger (not one inside a
clause of its own), else the nearest earlier place of the paragraph. Metonyms
and demonyms are actors, never locations. The basis is kept as evidence.

By default a learned scorer (``LocationModel``, data/places/event_location.v1.json, trained by
scripts/train_event_location.py) replaces the attachment and sentence rules: it scores every toponym of the
sentence over ``features`` and the best one above its threshold wins; without the file the rules decide.
"""

from __future__ import annotations

import json
import math
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from khaldun.doc import PlaceHit
from khaldun.errors import DataFileError
from khaldun.kb.files import data_path
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
    score: float | None = None  # the model's probability, when a model chose


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


# -- the learned scorer ---------------------------------------------------------------------------
# The rules above decide well when the parse attaches a place to the trigger; the gold also wants the place
# of a trigger's clause when the parse hangs it elsewhere, and no place when the only one names a participant.
# A logistic model over these features, trained on Halterman's event-location items (scripts/
# train_event_location.py), weighs the evidence; its file says how it was made.

SCORED_PREPS = ("in", "at", "near", "on", "from", "to", "of", "by", "for", "with", "outside", "into", "across",
                "around", "against", "over", "between", "inside", "toward", "towards", "through", "off", "along")
REFERENCE_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                             "northern", "southern", "eastern", "western", "km", "kilometers", "kilometres", "miles",
                             "mile"})
PATH_DEPS = ("relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "nsubj", "nsubjpass", "dobj", "appos", "pcomp")
TRIGGER_LEMMAS = frozenset({"kill", "shoot", "capture", "detonate", "patrol", "demonstrate", "march", "protest",
                            "destroy", "attack", "bomb", "secure", "target", "fight", "clash", "arrest", "wound"})
PLACE_WORDS = frozenset({"village", "town", "city", "district", "province", "governorate", "neighbourhood",
                         "neighborhood", "area", "region", "suburb", "camp", "base", "school", "hospital", "airport",
                         "stadium", "crossing", "checkpoint", "square", "market", "mosque", "palace", "museum"})


def _ancestors(tok: Token) -> list[Token]:
    out = [tok]
    while tok.head.i != tok.i and len(out) < 60:
        tok = tok.head
        out.append(tok)
    return out


def _path(a: Token, b: Token) -> tuple[list[Token], list[Token]]:
    """The dependency path: from ``a`` up to the lowest common ancestor (included), and from ``b`` up to below it."""
    up, down = _ancestors(a), _ancestors(b)
    where = {t.i: k for k, t in enumerate(down)}
    for k, t in enumerate(up):
        if t.i in where:
            return up[:k + 1], down[:where[t.i]]
    return up, down


def _governing_prep(tok: Token) -> Token | None:
    """The preposition a toponym hangs from, through compounds and conjuncts ("in Kirkuk and Hawija")."""
    for _ in range(6):
        if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent"):
            return tok.head
        if tok.dep_ not in ("compound", "conj", "appos", "amod", "nmod"):
            return None
        tok = tok.head
    return None


def features(sp: Any, trigger: Token, hit: PlaceHit, hits: list[PlaceHit]) -> dict[str, float]:
    """What says that ``hit`` is where the event of ``trigger`` happened: attachment, path, clause, role, kind."""
    f: dict[str, float] = {"bias": 1.0}
    root = sp[hit.token_start:hit.token_end].root
    a = attachment(sp, hit, trigger)
    if a is None:
        f["att_none"] = 1.0
    else:
        how = a[0].split(":")
        f["att_" + (how[0] if how[0] != "prep" else "prep_" + (how[1] if how[1] in ("in", "at", "near", "on", "of", "for") else "other"))] = 1.0
        f["att_steps"] = a[1] / MAX_PATH
    f["scopes"] = float(scopes_over(sp, hit, trigger))
    f["participant"] = float(describes_participant(sp, hit))
    f[f"breadth{_breadth(hit)}"] = 1.0
    f["kind_" + hit.kind] = 1.0
    f["resolved"] = float(hit.place is not None)
    d = hit.token_start - trigger.i
    f["after"] = float(d > 0)
    f["logdist"] = math.log1p(abs(d)) / 4
    up, down = _path(root, trigger)
    f["pathlen"] = (len(up) + len(down) - 1) / 10
    f["path_verbs"] = min(sum(1 for t in up[1:] + down if t.pos_ in ("VERB", "AUX") and t.i != trigger.i), 3) / 3
    up_deps, down_deps = {t.dep_ for t in up[:-1]}, {t.dep_ for t in down}
    for dep in PATH_DEPS:
        if dep in up_deps:
            f["hup_" + dep] = 1.0
        if dep in down_deps:
            f["tup_" + dep] = 1.0
    f["lca_is_trigger"] = float(up[-1].i == trigger.i)
    f["lca_is_verb"] = float(up[-1].pos_ in ("VERB", "AUX"))
    prep = _governing_prep(root)
    word = prep.lower_ if prep is not None else "none"
    f["gp_" + (word if word in SCORED_PREPS or word == "none" else "other")] = 1.0
    if prep is not None:
        f["gp_on_trigger"] = float(prep.head.i == trigger.i)
        f["gp_on_noun"] = float(prep.head.pos_ in ("NOUN", "PROPN"))
    f["same_clause"] = float(clause_verb(root).i == clause_verb(trigger).i)
    before = sp[max(0, hit.token_start - 4):hit.token_start]
    if hit.token_start > 1 and sp[hit.token_start - 1].lower_ == "of" and sp[hit.token_start - 2].lower_ in REFERENCE_WORDS:
        f["reference_point"] = 1.0  # "north of Baghdad": a landmark to place another place by
    if any(t.lower_ in REFERENCE_WORDS for t in before):
        f["reference_near"] = 1.0
    nxt = sp[hit.token_end] if hit.token_end < len(sp) else None
    if nxt is not None and nxt.lower_ in PLACE_WORDS:
        f["place_noun_after"] = 1.0
    label = root.ent_type_ or "none"
    f["label_" + (label if label in ("GPE", "LOC", "FAC", "PERSON", "ORG", "NORP") else "other")] = 1.0
    literal = [h for h in hits if h.kind == "place"]
    f["n_literal"] = min(len(literal), 5) / 5
    if hit.kind == "place" and literal:
        f["nearest_literal"] = float(abs(d) == min(abs(h.token_start - trigger.i) for h in literal))
    f["trigger_noun"] = float(trigger.pos_ in ("NOUN", "PROPN"))
    f["trigger_passive"] = float(any(c.dep_ == "auxpass" for c in trigger.children))
    if trigger.lemma_.lower() in TRIGGER_LEMMAS:
        f["lemma_" + trigger.lemma_.lower()] = 1.0
    if a is not None and hit.kind == "place":
        rank = (_breadth(hit), a[1])
        others = [(_breadth(h), b[1]) for h in literal if h is not hit and (b := attachment(sp, h, trigger)) is not None]
        f["best_attached"] = float(all(rank <= o for o in others))
    return f


MODEL_FILE = "event_location.v1.json"


class ModelFile(BaseModel):
    """``data/places/event_location.v1.json``: logistic weights over ``features`` and the decision threshold."""

    model_config = ConfigDict(extra="forbid")

    version: int
    weights: dict[str, float]
    threshold: float = Field(gt=0, lt=1)
    card: dict[str, Any]


@dataclass(frozen=True)
class LocationModel:
    """Scores a toponym as an event's place; below ``threshold`` for every toponym, the sentence gives none."""

    weights: dict[str, float]
    threshold: float
    card: dict[str, Any]

    @classmethod
    def shipped(cls) -> LocationModel | None:
        """The model shipped in ``khaldun/data/places``, validated; None when the file is absent (the rules decide)."""
        path = data_path("places", MODEL_FILE)
        return cls.load(path) if path.is_file() else None

    @classmethod
    def load(cls, path: Path | None = None) -> "LocationModel":
        """Read and validate a model file; a missing or malformed file is a ``DataFileError`` naming it."""
        path = path or data_path("places", MODEL_FILE)
        try:
            m = ModelFile.model_validate(json.loads(path.read_text(encoding="utf-8")))
        except (OSError, ValueError) as e:
            raise DataFileError(str(path), None, f"event-location model: {e}") from e
        return cls(m.weights, m.threshold, m.card)

    def score(self, feats: dict[str, float]) -> float:
        z = sum(self.weights.get(k, 0.0) * v for k, v in feats.items())
        return 1.0 / (1.0 + math.exp(-max(-30.0, min(30.0, z))))


def choose(sp: Any, trigger: Token, hits: list[PlaceHit], *, paragraph: list[PlaceHit] = (),  # type: ignore[assignment]
           model: LocationModel | None = None) -> Choice | None:
    """The event's place among the toponyms of its sentence (``hits``) and, failing that, its paragraph.

    With a ``model``, every toponym that is not a demonym is scored and the best one above the threshold wins
    (a metonym can win: "marched on a Hong Kong hotel"); without one, the attachment rules decide.
    """
    if model is not None:
        best, best_p = None, model.threshold
        for h in hits:
            if h.kind == "demonym":
                continue
            p = model.score(features(sp, trigger, h, hits))
            if p >= best_p:
                best, best_p = h, p
        if best is not None:
            a = attachment(sp, best, trigger)
            return Choice(best, f"attached:{a[0]}" if a else "sentence", a[1] if a else abs(best.token_start - trigger.i),
                          round(best_p, 3))
        return _from_paragraph(trigger, paragraph)
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
    return _from_paragraph(trigger, paragraph)


def _from_paragraph(trigger: Token, paragraph: list[PlaceHit]) -> Choice | None:
    """A sentence without a place takes the nearest earlier resolved place of its paragraph."""
    before = [h for h in paragraph if not h.is_actor and h.kind == "place" and h.token_end <= trigger.i and h.place is not None]
    if before:
        h = max(before, key=lambda h: h.token_start)
        return Choice(h, "paragraph", trigger.i - h.token_start)
    return None
