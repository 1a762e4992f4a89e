"""Where an event happened: the place syntactically attached to its trigger, else the nearest plausible one.

Attached places are reached from the trigger through the parse: a locative
preposition ("killed in Kirkuk", "clashes near the border with Turkey", "the
battle for Mosul"), the object of a verb that acts on a place ("captured Mosul",
"shelled the town of Hit"), the passive subject ("Kirkuk was shelled") or a
modifier of a nominal trigger ("the Mosul offensive"). Otherwise the nearest
literal place of the sentence that scopes over the trigger (not one inside a
clause of its own), else the nearest earlier place of the paragraph. Metonyms
and demonyms are actors, never locations. The basis is kept as evidence.

By default a learned scorer (``LocationModel``, data/places/event_location.v2.json, trained by
scripts/train_event_location.py) replaces the attachment and sentence rules: it scores every option of the
sentence (its toponyms, demonyms excepted, and the proper names the recognizer did not take) over ``features``
and the best one above its threshold wins; without the file the rules decide.
"""

from __future__ import annotations

import json
import math
from collections.abc import Sequence
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any, Literal

import numpy as np
from pydantic import BaseModel, ConfigDict, Field, model_validator

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
# of a trigger's clause when the parse hangs it elsewhere, the most specific of nested places, names the
# recognizer does not know, and no place when the only one names a participant. Gradient-boosted trees over
# these features, trained on Halterman's event-location items (scripts/train_event_location.py), weigh the
# evidence; the model file says how it was made.

SCORED_PREPS = ("in", "at", "near", "on", "from", "to", "of", "by", "for", "with", "outside", "into", "across",
                "around", "against", "over", "between", "inside", "toward", "towards", "through", "off", "along")
REFERENCE_WORDS = frozenset({"north", "south", "east", "west", "northeast", "northwest", "southeast", "southwest",
                             "northern", "southern", "eastern", "western", "km", "kilometers", "kilometres", "miles",
                             "mile"})
PATH_DEPS = ("relcl", "acl", "advcl", "ccomp", "xcomp", "conj", "nsubj", "nsubjpass", "dobj", "appos", "pcomp")
PLACE_WORDS = frozenset({"village", "town", "city", "district", "province", "governorate", "neighbourhood",
                         "neighborhood", "area", "region", "suburb", "camp", "base", "school", "hospital", "airport",
                         "stadium", "crossing", "checkpoint", "square", "market", "mosque", "palace", "museum"})
# the word a name belongs to ("the Nabi Yunis area", "Madina hospital", "the town of Hit"): an area, a site, a happening
AREA_WORDS = frozenset({"village", "town", "city", "district", "province", "governorate", "neighbourhood",
                        "neighborhood", "area", "region", "suburb", "suburbs", "county", "state", "countryside",
                        "outskirts", "quarter", "camp", "valley", "island", "peninsula", "border", "mountain",
                        "mountains", "hill", "desert", "lga", "municipality", "sector", "zone", "front", "axis",
                        "highway", "road", "street"})
SITE_WORDS = frozenset({"hospital", "mosque", "church", "embassy", "school", "university", "college", "theater",
                        "theatre", "hotel", "market", "prison", "airport", "base", "stadium", "square", "palace",
                        "ministry", "building", "station", "bridge", "museum", "court", "office", "headquarters",
                        "compound", "checkpoint", "crossing"})
EVENT_WORDS = frozenset({"conference", "summit", "parade", "festival", "meeting", "talks", "forum", "games", "march",
                         "rally"})
NOT_NAMES = frozenset({"DATE", "TIME", "CARDINAL", "ORDINAL", "MONEY", "PERCENT", "QUANTITY", "NORP"})
NP_DEPS = frozenset({"pobj", "prep", "compound", "appos", "poss", "nmod", "amod", "conj", "npadvmod", "cc", "punct"})
# how specific a place is, from its GeoNames feature class: a name no gazetteer knows is taken for a village
SPECIFICITY = {"unknown": 0, "section": 1, "town": 2, "other": 2, "seat": 3, "capital": 4, "division": 4,
               "province": 5, "country": 6}


@dataclass(frozen=True)
class Option:
    """A place an event may have happened at: a toponym of its sentence, or a name the recognizer did not take."""

    hit: PlaceHit
    recognised: bool = True


def unrecognised_names(sp: Any, trigger: Token, hits: list[PlaceHit]) -> list[PlaceHit]:
    """Runs of proper nouns in the trigger's sentence that no toponym covers ("stormed Kinsibba", "inside Sheikh
    Sa'eed"): villages, districts and sites the small model and the gazetteer both miss. Dates, numbers and
    nationalities are left out; whether one is a place is for the scorer to weigh."""
    sent = trigger.sent
    taken = {i for h in hits for i in range(h.token_start, h.token_end)} | {trigger.i}
    index = hits[0].sentence_index if hits else -1
    out: list[PlaceHit] = []
    run: list[Token] = []
    for t in list(sent) + [None]:
        name = t is not None and t.i not in taken and (
            (t.pos_ == "PROPN" and t.text[:1].isupper())
            or (bool(run) and t.text == "-" and t.i + 1 < sent.end and sp[t.i + 1].pos_ == "PROPN"))
        if name:
            run.append(t)
            continue
        while run and run[-1].text == "-":
            run.pop()
        if run:
            span = sp[run[0].i:run[-1].i + 1]
            if span.root.ent_type_ not in NOT_NAMES:
                out.append(PlaceHit(span.start_char, span.end_char, span.text, index, span.start, span.end))
        run = []
    return out


def options(sp: Any, trigger: Token, hits: list[PlaceHit], *, unrecognised: bool = True,
            actors: Sequence[tuple[int, int]] = ()) -> list[Option]:
    """The toponyms of the sentence that are not demonyms, then (``unrecognised``) the names it does not cover,
    except those inside the token spans of known actors (``actors``: "the killing of Qassem Soleimani")."""
    out = [Option(h) for h in hits if h.kind != "demonym"]
    if unrecognised:
        out += [Option(h, recognised=False) for h in unrecognised_names(sp, trigger, hits)
                if not any(a < h.token_end and h.token_start < b for a, b in actors)]
    return out


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


def _feature_class(hit: PlaceHit) -> str:
    if hit.place is None:
        return "unknown"
    f = hit.place.feature or ""
    if f.startswith("PCL"):
        return "country"
    if f.startswith("ADM1"):
        return "province"
    if f.startswith("ADM"):
        return "division"
    if f == "PPLC":
        return "capital"
    if f.startswith("PPLA"):
        return "seat"
    if f in ("PPL", "PPLL", "PPLF", "PPLS"):
        return "town"
    return "section" if f.startswith("PPL") else "other"


def _specificity(hit: PlaceHit) -> int:
    return SPECIFICITY[_feature_class(hit)]


def _clause_head(tok: Token) -> Token:
    """The verb (or verbless root) above a token: the clause it belongs to."""
    t = tok
    for _ in range(40):
        if t.head.i == t.i:
            return t
        t = t.head
        if t.pos_ in ("VERB", "AUX") or (t.pos_ in ("NOUN", "PROPN") and t.dep_ == "ROOT"):
            return t
    return t


def _linked(sp: Any, a: PlaceHit, b: PlaceHit) -> bool:
    """Two names in one noun phrase ("the Huriyah neighborhood of Baghdad", "Hawija, Kirkuk"): no verb, few arcs."""
    up, down = _path(sp[a.token_start:a.token_end].root, sp[b.token_start:b.token_end].root)
    if len(up) + len(down) > 6:
        return False
    return all(t.pos_ not in ("VERB", "AUX") for t in up + down) and all(t.dep_ in NP_DEPS for t in up[:-1] + down)


def _container(sp: Any, a: PlaceHit, b: PlaceHit) -> PlaceHit:
    """Which of two linked names holds the other: the broader, else the possessor ("Baghdad's Kamaliya"), else the
    later one ("Kamaliya, Baghdad", "the town of Hit in Anbar")."""
    sa, sb = _specificity(a), _specificity(b)
    if sa != sb:
        return a if sa > sb else b
    if sp[a.token_start:a.token_end].root.dep_ == "poss":
        return a
    if sp[b.token_start:b.token_end].root.dep_ == "poss":
        return b
    return a if a.token_start > b.token_start else b


def _word_class(word: str) -> str | None:
    w = word.lower()
    return "area" if w in AREA_WORDS else "site" if w in SITE_WORDS else "event" if w in EVENT_WORDS else None


def features(sp: Any, trigger: Token, hit: PlaceHit, hits: list[PlaceHit], *,
             others: list[PlaceHit] = (), recognised: bool = True,  # type: ignore[assignment]
             attached: dict[int, tuple[str, int] | None] | None = None) -> dict[str, float]:
    """What says that ``hit`` is where the event of ``trigger`` happened: attachment, path, clause, role, kind,
    and how it stands to ``others`` (the other options: nested places, more specific ones). ``attached`` holds
    the attachments already worked out, by ``id`` of the hit."""
    attached = {} if attached is None else attached

    def att(h: PlaceHit) -> tuple[str, int] | None:
        if id(h) not in attached:
            attached[id(h)] = attachment(sp, h, trigger)
        return attached[id(h)]

    f: dict[str, float] = {}
    root = sp[hit.token_start:hit.token_end].root
    a = att(hit)
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
    f["sig_" + ">".join(t.dep_ for t in up[:-1][-3:]) + "|" + ">".join(t.dep_ for t in down[-3:])] = 1.0
    f["lca_is_trigger"] = float(up[-1].i == trigger.i)
    f["lca_is_verb"] = float(up[-1].pos_ in ("VERB", "AUX"))
    prep = _governing_prep(root)
    word = prep.lower_ if prep is not None else "none"
    f["gp_" + (word if word in SCORED_PREPS or word == "none" else "other")] = 1.0
    if prep is not None:
        f["gp_on_trigger"] = float(prep.head.i == trigger.i)
        f["gp_on_noun"] = float(prep.head.pos_ in ("NOUN", "PROPN"))
    f["same_clause"] = float(clause_verb(root).i == clause_verb(trigger).i)
    # the place's clause against the trigger's: the same, the trigger's governor, a clause under the trigger ...
    head = _clause_head(root)
    if head.i == trigger.i:
        rel = "same"
    elif head.i == trigger.head.i:
        rel = "gov_" + trigger.dep_
    elif head.head.i == trigger.i:
        rel = "sub_" + head.dep_
    elif head.head.i == trigger.head.i and head.head.i != head.i:
        rel = "sib_" + head.dep_
    else:
        rel = "gov2" if trigger.head.head.i == head.i else "far"
    f["crel_" + rel] = 1.0
    t = root  # ... and how the place hangs under its clause's head
    for _ in range(12):
        if t.head.i in (head.i, t.i):
            break
        t = t.head
    f["cdep_" + t.dep_] = 1.0
    if t.dep_ == "prep":
        f["cprep_" + (t.lower_ if t.lower_ in LOCATIVE_PREPS or t.lower_ in NOMINAL_PREPS
                      or t.lower_ in ("from", "to", "by", "with") else "other")] = 1.0
    before = sp[max(0, hit.token_start - 4):hit.token_start]
    if hit.token_start > 1 and sp[hit.token_start - 1].lower_ == "of" and sp[hit.token_start - 2].lower_ in REFERENCE_WORDS:
        f["reference_point"] = 1.0  # "north of Baghdad": a landmark to place another place by
    if any(t.lower_ in REFERENCE_WORDS for t in before):
        f["reference_near"] = 1.0
    nxt = sp[hit.token_end] if hit.token_end < len(sp) else None
    if nxt is not None and nxt.lower_ in PLACE_WORDS:
        f["place_noun_after"] = 1.0
    wc = _word_class(sp[hit.token_end - 1].text)
    if wc:
        f["last_" + wc] = 1.0
    if root.dep_ in ("compound", "nmod", "amod", "poss") and root.head.i >= hit.token_end:
        f["headnoun_" + (_word_class(root.head.text) or "other")] = 1.0
    if hit.token_start > 1 and sp[hit.token_start - 1].lower_ == "of":
        f["ofnoun_" + (_word_class(sp[hit.token_start - 2].text) or "other")] = 1.0
        if sp[hit.token_start - 2].lower_ in PLACE_WORDS:
            f["place_noun_of"] = 1.0
    f["det_before"] = float(hit.token_start > 0 and sp[hit.token_start - 1].lower_ == "the")
    label = root.ent_type_ or "none"
    f["label_" + (label if label in ("GPE", "LOC", "FAC", "PERSON", "ORG", "NORP") else "other")] = 1.0
    f["in_ent_ORG"] = float(any(t.ent_type_ == "ORG" for t in sp[hit.token_start:hit.token_end]))
    if not recognised:
        f["generated"] = 1.0
        f["gen_label_" + (root.ent_type_ or "none")] = 1.0
    cls = _feature_class(hit)
    f["fc_" + cls] = 1.0
    spec = SPECIFICITY[cls]
    f["spec"] = spec / 6
    literal = [h for h in hits if h.kind == "place"]
    f["n_literal"] = min(len(literal), 5) / 5
    if hit.kind == "place" and literal:
        f["nearest_literal"] = float(abs(d) == min(abs(h.token_start - trigger.i) for h in literal))
    f["n_cands"] = min(len(others) + 1, 6) / 6
    if others:
        breadth = min(_breadth(o) for o in others)
        f["broader_than_other"] = float(_breadth(hit) > breadth)
        f["narrower_than_all"] = float(_breadth(hit) < breadth)
    places = [o for o in others if o.kind == "place"]
    if places:
        f["spec_rel"] = (spec - min(_specificity(o) for o in places)) / 6
    for o in places:
        if _linked(sp, hit, o):
            f["is_container" if _container(sp, hit, o) is hit else "is_contained"] = 1.0
    f["trigger_noun"] = float(trigger.pos_ in ("NOUN", "PROPN"))
    f["trigger_passive"] = float(any(c.dep_ == "auxpass" for c in trigger.children))
    f["tl_" + trigger.lemma_.lower()] = 1.0
    f["tdep_" + trigger.dep_] = 1.0
    f["ttag_" + trigger.tag_] = 1.0
    f["trigger_has_locprep"] = float(any(c.dep_ == "prep" and c.lower_ in LOCATIVE_PREPS for c in trigger.children))
    if a is not None and hit.kind == "place":
        rank = (_breadth(hit), a[1])
        rivals = [(_breadth(h), b[1]) for h in literal if h is not hit and (b := att(h)) is not None]
        f["best_attached"] = float(all(rank <= o for o in rivals))
    return f


RELATIVE = ("pathlen", "logdist", "att_steps", "spec", "path_verbs")


def option_features(sp: Any, trigger: Token, hits: list[PlaceHit], opts: list[Option]) -> list[dict[str, float]]:
    """``features`` of every option, plus each one's gaps to the best of the others (the closest in the parse,
    the most specific) and what the others are (attached, in the same clause, unrecognised)."""
    attached: dict[int, tuple[str, int] | None] = {}
    rows = [features(sp, trigger, o.hit, hits, others=[p.hit for p in opts if p is not o], recognised=o.recognised,
                     attached=attached) for o in opts]
    out = []
    for i, f in enumerate(rows):
        g = dict(f)
        rest = [r for j, r in enumerate(rows) if j != i]
        for k in RELATIVE:
            if rest:
                g["rel_" + k] = round(f.get(k, 1.0) - min(r.get(k, 1.0) for r in rest), 6)  # no float dust
        g["others_attached"] = float(sum(1 for r in rest if "att_none" not in r))
        g["others_same_clause"] = float(sum(r.get("same_clause", 0.0) for r in rest))
        g["others_generated"] = float(sum(r.get("generated", 0.0) for r in rest))
        out.append(g)
    return out


MODEL_FILE = "event_location.v2.json"


class Trees(BaseModel):
    """Regression trees as flat arrays: node k splits on ``feature[k]`` at ``threshold[k]`` (values at or below
    go ``left``); a leaf points to itself and holds ``value``. ``roots`` are the trees' first nodes."""

    model_config = ConfigDict(extra="forbid")

    feature: list[int]
    threshold: list[float]
    left: list[int]
    right: list[int]
    value: list[float]
    roots: list[int] = Field(min_length=1)
    depth: int = Field(ge=0, le=64)

    @model_validator(mode="after")
    def _consistent(self) -> "Trees":
        n = len(self.feature)
        if not all(len(x) == n for x in (self.threshold, self.left, self.right, self.value)):
            raise ValueError("tree arrays differ in length")
        if not all(0 <= k < n for k in self.left + self.right + self.roots):
            raise ValueError("a tree node points outside the arrays")
        return self


class ModelFile(BaseModel):
    """``data/places/event_location.v2.json``: boosted trees over named ``features``, the decision threshold."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[2]
    features: list[str] = Field(min_length=1)
    base: float
    trees: Trees
    threshold: float = Field(gt=0, lt=1)
    card: dict[str, Any]

    @model_validator(mode="after")
    def _features_in_range(self) -> "ModelFile":
        if any(not 0 <= k < len(self.features) for k in self.trees.feature):
            raise ValueError("a tree splits on a feature the file does not name")
        return self


@dataclass(frozen=True)
class LocationModel:
    """Scores each option as an event's place; below ``threshold`` for every option, the sentence gives none."""

    features: tuple[str, ...]
    base: float
    trees: Trees
    threshold: float
    card: dict[str, Any]

    def __post_init__(self) -> None:
        t = self.trees
        arrays = {"index": {n: i for i, n in enumerate(self.features)}, "feature": np.array(t.feature, dtype=np.intp),
                  "threshold": np.array(t.threshold), "left": np.array(t.left, dtype=np.intp),
                  "right": np.array(t.right, dtype=np.intp), "value": np.array(t.value),
                  "roots": np.array(t.roots, dtype=np.intp)}
        object.__setattr__(self, "_a", arrays)

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
            body = json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError) as e:
            raise DataFileError(str(path), None, f"event-location model: {e}") from e
        return cls.from_dict(body, where=str(path))

    @classmethod
    def from_dict(cls, body: Any, *, where: str = "event-location model") -> "LocationModel":
        """Validate a model held in memory (as the training script writes it); errors name ``where``."""
        try:
            m = ModelFile.model_validate(body)
        except ValueError as e:
            raise DataFileError(where, None, f"event-location model: {e}") from e
        return cls(tuple(m.features), m.base, m.trees, m.threshold, m.card)

    def matrix(self, rows: list[dict[str, float]]) -> np.ndarray:
        index = self._a["index"]  # type: ignore[attr-defined]
        x = np.zeros((len(rows), len(self.features)))
        for r, f in enumerate(rows):
            for name, v in f.items():
                j = index.get(name)
                if j is not None:
                    x[r, j] = v
        return x

    def scores(self, rows: list[dict[str, float]]) -> np.ndarray:
        """The probability of each row of features."""
        return self.scores_matrix(self.matrix(rows))

    def scores_matrix(self, x: np.ndarray) -> np.ndarray:
        """The probability of each row of ``x`` (columns in ``features`` order), all trees walked at once."""
        a = self._a  # type: ignore[attr-defined]
        rows = x
        node = np.broadcast_to(a["roots"], (len(rows), len(a["roots"]))).copy()
        at = np.arange(len(rows))[:, None]
        for _ in range(self.trees.depth):
            left = x[at, a["feature"][node]] <= a["threshold"][node]
            step = np.where(left, a["left"][node], a["right"][node])
            if np.array_equal(step, node):
                break  # every walk has reached its leaf
            node = step
        z = self.base + a["value"][node].sum(axis=1)
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30.0, 30.0)))


def choose(sp: Any, trigger: Token, hits: list[PlaceHit], *, paragraph: list[PlaceHit] = (),  # type: ignore[assignment]
           model: LocationModel | None = None, actors: Sequence[tuple[int, int]] = ()) -> Choice | None:
    """The event's place among the toponyms of its sentence (``hits``) and, failing that, its paragraph.

    With a ``model``, every option (``options``) is scored and the best one above the threshold wins (a metonym
    can win: "marched on a Hong Kong hotel"; so can a name the recognizer did not take, which then takes the
    point of the place holding it, see ``approximate``; never a known actor's name, ``actors``: token spans);
    without one, the attachment rules decide.
    """
    if model is not None:
        opts = options(sp, trigger, hits, actors=actors)
        if opts:
            p = model.scores(option_features(sp, trigger, hits, opts))
            k = int(np.argmax(p))
            if p[k] >= model.threshold:
                best = opts[k]
                a = attachment(sp, best.hit, trigger)
                basis = f"attached:{a[0]}" if a else "sentence"
                hit = best.hit if best.recognised else approximate(best.hit, hits, paragraph)
                return Choice(hit, basis if best.recognised else "unrecognised:" + basis,
                              a[1] if a else abs(best.hit.token_start - trigger.i), round(float(p[k]), 3))
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


def approximate(hit: PlaceHit, hits: list[PlaceHit], paragraph: list[PlaceHit]) -> PlaceHit:
    """A name no gazetteer knows takes the point of the most specific resolved place of its sentence, else the
    paragraph's nearest earlier one, keeping the name written (as the resolver does for unknown names it found)."""
    known = [h for h in hits if h.kind == "place" and h.place is not None]
    if known:
        near = min(known, key=lambda h: (_specificity(h), abs(h.token_start - hit.token_start)))
    else:
        earlier = [h for h in paragraph if h.kind == "place" and h.place is not None and h.token_end <= hit.token_start]
        near = max(earlier, key=lambda h: h.token_start) if earlier else None
    if near is None or near.place is None:
        return hit
    return replace(hit, place=near.place.model_copy(update={"text": hit.text}))


def _from_paragraph(trigger: Token, paragraph: list[PlaceHit]) -> Choice | None:
    """A sentence without a place takes the nearest earlier resolved place of its paragraph."""
    before = [h for h in paragraph if not h.is_actor and h.kind == "place" and h.token_end <= trigger.i and h.place is not None]
    if before:
        h = max(before, key=lambda h: h.token_start)
        return Choice(h, "paragraph", trigger.i - h.token_start)
    return None
