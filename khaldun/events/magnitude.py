"""Casualty and size counts from a sentence: dead, injured, arrested, crowd or force size.

Vague quantities keep their lower bound ("dozens" 24, "hundreds" 200), as
PLOVER's size object asks. Numbers are read from the parse, so "12 people were
killed" and "killing at least 12" give the same ``dead``.
"""

from __future__ import annotations

import re
from typing import Any

Token = Any

WORD_NUMBERS = {
    "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8, "nine": 9,
    "ten": 10, "eleven": 11, "twelve": 12, "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
    "seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    "sixty": 60, "seventy": 70, "eighty": 80, "ninety": 90, "a": 1, "an": 1, "single": 1,
}
SCALE = {"hundred": 100, "thousand": 1000, "million": 1_000_000, "billion": 1_000_000_000}
VAGUE = {"dozen": 12, "dozens": 24, "score": 20, "scores": 40, "hundreds": 200, "thousands": 2000,
         "millions": 2_000_000, "several": 3, "few": 2, "handful": 3, "tens": 20, "numerous": 3}
DEAD_WORDS = frozenset({"kill", "dead", "die", "death", "fatality", "slay", "massacre", "execute", "behead",
                        "murder", "slaughter", "assassinate", "body", "toll", "lose"})
INJURED_WORDS = frozenset({"injure", "wound", "wounded", "injured", "hurt", "injury", "maim", "casualty"})
ARRESTED_WORDS = frozenset({"arrest", "detain", "detention", "apprehend", "capture", "round", "jail", "imprison",
                            "seize", "abduct", "kidnap", "arrested", "detained"})
SIZE_NOUNS = frozenset({"protester", "demonstrator", "marcher", "supporter", "people", "troop", "soldier",
                        "fighter", "militant", "policeman", "officer", "member", "student", "worker", "crowd",
                        "marine", "militiaman", "personnel", "rioter", "participant", "resident", "volunteer"})
_NUM = re.compile(r"^\d{1,3}(,\d{3})+$|^\d+(\.\d+)?$")


def number_value(tok: Token) -> int | None:
    """Value of a number token, folding in a following scale word ("1.5 million", "three thousand")."""
    low = tok.lower_.replace(",", "") if _NUM.match(tok.lower_) else tok.lower_
    value: float | None
    if re.match(r"^\d+(\.\d+)?$", low):
        value = float(low)
    elif low in WORD_NUMBERS and tok.like_num:
        value = WORD_NUMBERS[low]
    elif "-" in low and all(p in WORD_NUMBERS for p in low.split("-")):
        value = sum(WORD_NUMBERS[p] for p in low.split("-"))
    elif low in VAGUE:
        value = VAGUE[low]
        if low == "dozen" and tok.i > 0 and tok.nbor(-1).lower_ in WORD_NUMBERS:
            value = 12 * WORD_NUMBERS[tok.nbor(-1).lower_]
        if low == "thousands" and tok.i > 1 and tok.nbor(-1).lower_ == "of" and tok.nbor(-2).lower_ == "tens":
            value = 20_000
        if low == "thousands" and tok.i > 1 and tok.nbor(-1).lower_ == "of" and tok.nbor(-2).lower_ == "hundreds":
            value = 200_000
    else:
        return None
    nxt = tok.nbor(1) if tok.i + 1 < len(tok.doc) else None
    if nxt is not None and nxt.lower_ in SCALE and low not in VAGUE:
        value *= SCALE[nxt.lower_]
    return int(value)


def _numbers(sentence: Any) -> list[tuple[Token, int]]:
    out = []
    skip: set[int] = set()
    for t in sentence:
        if t.i in skip:
            continue
        # "twenty-five" is tokenized "twenty", "-", "five"
        if (t.lower_ in WORD_NUMBERS and WORD_NUMBERS[t.lower_] >= 20 and t.i + 2 < sentence.end
                and t.nbor(1).text == "-" and t.nbor(2).lower_ in WORD_NUMBERS and WORD_NUMBERS[t.nbor(2).lower_] < 10):
            skip.update({t.i + 1, t.i + 2})
            out.append((t.nbor(2), WORD_NUMBERS[t.lower_] + WORD_NUMBERS[t.nbor(2).lower_]))
            continue
        if t.lower_ in SCALE and t.i > 0 and number_value(t.nbor(-1)) is not None:
            continue
        if t.ent_type_ in ("DATE", "TIME", "MONEY", "PERCENT", "ORDINAL") and t.lower_ not in VAGUE:
            continue
        if t.like_num or t.lower_ in VAGUE:
            if t.lower_ in ("a", "an", "one") and t.dep_ == "det":
                continue
            v = number_value(t)
            if v is not None:
                out.append((t, v))
    return out


def _counted(tok: Token) -> Token:
    """The noun a number counts: "12 people", "dozens of protesters", "three dead"."""
    if tok.dep_ in ("nummod", "quantmod", "amod", "compound") and tok.head.pos_ in ("NOUN", "PROPN", "ADJ", "NUM"):
        head = tok.head
        if head.like_num or head.lower_ in SCALE:
            return _counted(head)
        return head
    of = next((c for c in tok.children if c.dep_ == "prep" and c.lower_ == "of"), None)
    if of is not None:
        pobj = next((c for c in of.children if c.dep_ == "pobj"), None)
        if pobj is not None:
            return pobj
    return tok


def extract(sentence: Any) -> list[tuple[str, int, Token]]:
    """(kind, value, counted noun) for every casualty or size figure in the sentence."""
    found: list[tuple[str, int, Token]] = []
    for num, value in _numbers(sentence):
        noun = _counted(num)
        kind = _kind(noun, num)
        if kind is not None:
            found.append((kind, value, noun))
    return found


def _kind(noun: Token, num: Token) -> str | None:
    words = {noun.lemma_.lower(), noun.lower_}
    # "hundreds of protesters": the number heads the phrase, so its own head is the predicate.
    root = num if (noun.dep_ == "pobj" and noun.head.head.i == num.i) else noun
    if words & DEAD_WORDS:
        return "dead"
    if words & INJURED_WORDS:
        return "injured"
    # Adjectival predicates and participles next to the noun: "12 people dead", "20 wounded".
    for c in list(noun.children) + [noun.head]:
        lem = c.lemma_.lower()
        if c.dep_ in ("amod", "acl", "acomp", "appos") or c is noun.head:
            if lem in DEAD_WORDS or c.lower_ in DEAD_WORDS:
                if _governs(c, noun):
                    return "dead"
            if lem in INJURED_WORDS or c.lower_ in INJURED_WORDS:
                if _governs(c, noun):
                    return "injured"
            if lem in ARRESTED_WORDS or c.lower_ in ARRESTED_WORDS:
                if _governs(c, noun):
                    return "arrested"
    head = root.head
    if root.dep_ in ("dobj", "nsubjpass", "pobj") or head.lemma_.lower() in DEAD_WORDS | INJURED_WORDS | ARRESTED_WORDS:
        lem = head.lemma_.lower()
        if head.lower_ == "by" or head.lower_ == "of":
            lem = head.head.lemma_.lower()
        if lem in DEAD_WORDS:
            return "dead"
        if lem in INJURED_WORDS:
            return "injured"
        if lem in ARRESTED_WORDS:
            return "arrested"
    if noun.lemma_.lower() in SIZE_NOUNS and root.dep_ in ("nsubj", "pobj", "dobj", "appos", "ROOT", "conj", "nsubjpass"):
        if head.lemma_.lower() in DEAD_WORDS | INJURED_WORDS | ARRESTED_WORDS:
            return None
        return "size"
    return None


def _governs(word: Token, noun: Token) -> bool:
    return word.head.i == noun.i or noun.head.i == word.i or word.i == noun.i


def merge(found: list[tuple[str, int, Token]]) -> dict[str, int | None]:
    """One figure per kind: the largest stated lower bound."""
    out: dict[str, int | None] = {"dead": None, "injured": None, "arrested": None, "size": None}
    for kind, value, _ in found:
        cur = out[kind]
        out[kind] = value if cur is None else max(cur, value)
    return out
