"""Whether an event happened: asserted, negated, hypothetical, question, future or intent; hedging; the speaker.

Commentary is full of events that did not (yet) happen: "Will Sistani force him
out?", "Iran may be willing to cooperate", "they said they would not join
Baghdad". Each trigger's value comes from its own clause and from the chain of
verbs that govern it (a threatened act is hypothetical, a refused act negated).
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

Token = Any

MODAL_HYPOTHETICAL = frozenset({"may", "might", "could", "would", "should", "ought", "must"})
MODAL_FUTURE = frozenset({"will", "shall", "'ll", "wo"})
# Verbs (and adjectives) whose complement has not happened, by the value it gets.
GOVERNOR_VALUE: dict[str, str] = {
    # hypothetical: threats, possibilities, conditions, fears, calls
    "threaten": "hypothetical", "warn": "hypothetical", "fear": "hypothetical", "risk": "hypothetical",
    "consider": "hypothetical", "mull": "hypothetical", "weigh": "hypothetical", "debate": "hypothetical",
    "urge": "hypothetical", "ask": "hypothetical", "call": "hypothetical", "demand": "hypothetical",
    "request": "hypothetical", "press": "hypothetical", "push": "hypothetical", "encourage": "hypothetical",
    "invite": "hypothetical", "order": "hypothetical", "tell": "hypothetical", "force": "hypothetical",
    "possible": "hypothetical", "likely": "hypothetical", "unlikely": "hypothetical", "able": "hypothetical",
    "suggest": "hypothetical", "propose": "hypothetical", "advise": "hypothetical", "allow": "hypothetical",
    "expect": "future", "plan": "future", "schedule": "future", "set": "future", "prepare": "future",
    "due": "future", "announce": "future", "go": "future", "about": "future",
    # intent: offers, promises, willingness, attempts
    "offer": "intent", "promise": "intent", "pledge": "intent", "vow": "intent", "agree": "intent",
    "willing": "intent", "ready": "intent", "prepared": "intent", "want": "intent", "seek": "intent",
    "intend": "intent", "aim": "intent", "hope": "intent", "try": "intent", "attempt": "intent",
    "commit": "intent", "decide": "intent", "vote": "intent", "move": "intent", "plot": "intent",
    "eager": "intent", "determined": "intent", "keen": "intent", "struggle": "intent",
    # negated: refusals, failures, denials
    "refuse": "negated", "decline": "negated", "fail": "negated", "deny": "negated", "reject": "negated",
    "avoid": "negated", "stop": "negated", "prevent": "negated", "halt": "negated", "cease": "negated",
    "unable": "negated", "reluctant": "negated", "rule": "negated", "oppose": "negated",
}
CONDITION_MARKERS = frozenset({"if", "unless", "whether", "lest", "should"})
FUTURE_MARKERS = frozenset({"tomorrow", "next", "upcoming", "later"})
HEDGE_WORDS = frozenset({"reportedly", "allegedly", "purportedly", "apparently", "supposedly", "ostensibly",
                         "possibly", "probably", "presumably", "unconfirmed", "alleged", "suspected", "rumored",
                         "rumoured", "perhaps", "maybe"})
HEDGE_PHRASES = ("according to", "it is believed", "is believed to", "are believed to", "is thought to",
                 "are thought to", "analysts say", "analysts said", "sources said", "sources say",
                 "it is understood", "was said to", "is said to", "are said to", "were said to", "claimed to",
                 "is reported to", "are reported to", "was reported to", "were reported to", "it was reported",
                 "reports said", "reports say", "media reported", "officials say", "officials said")
SPEECH_VERBS = frozenset({"say", "tell", "claim", "announce", "state", "report", "add", "insist", "confirm",
                          "declare", "assert", "allege", "note", "write", "argue", "explain", "testify",
                          "tweet", "post", "acknowledge", "admit", "suggest", "believe", "think", "stress",
                          "emphasize", "emphasise", "maintain", "contend", "predict", "quote", "reveal"})
NEGATION_WORDS = frozenset({"not", "n't", "never", "no", "without", "neither", "nor"})
# Reporting verbs that are themselves hedges when the speaker is unnamed or plural.
PRIORITY = {"question": 5, "negated": 4, "hypothetical": 3, "future": 2, "intent": 1, "asserted": 0}


@dataclass
class Factuality:
    value: str = "asserted"
    hedged: bool = False
    speaker_token: Token | None = None
    cues: tuple[str, ...] = ()


def assess(head: Token, sentence: Any) -> Factuality:
    """Factuality of the event whose trigger head is ``head``, in ``sentence`` (a spaCy span)."""
    cues: list[str] = []
    value = _own_clause(head, cues)
    speaker: Token | None = None
    tok = head
    seen = 0
    while tok.dep_ != "ROOT" and seen < 8:
        seen += 1
        gov = tok.head
        dep = tok.dep_
        if dep in ("xcomp", "ccomp", "advcl", "acomp", "pcomp", "relcl", "acl", "pobj", "prep", "dobj",
                   "nsubj", "conj", "auxpass", "attr", "oprd", "npadvmod", "appos", "nsubjpass"):
            if dep == "advcl" and any(c.dep_ == "mark" and c.lower_ in CONDITION_MARKERS for c in tok.children):
                value = _stronger(value, "hypothetical")
                cues.append("condition")
            if dep in ("xcomp", "ccomp", "acomp", "pcomp", "prep", "pobj", "dobj", "acl") and gov.lemma_.lower() in GOVERNOR_VALUE:
                gv = GOVERNOR_VALUE[gov.lemma_.lower()]
                # "said it would attack": speech verbs pass modality up, they do not add it.
                if not (gv == "intent" and value != "asserted"):
                    value = _stronger(value, gv)
                    cues.append(f"governed:{gov.lemma_.lower()}")
            if dep in ("ccomp", "xcomp", "conj", "advcl") or (dep == "dobj" and gov.pos_ == "VERB"):
                if gov.lemma_.lower() in SPEECH_VERBS and speaker is None and dep in ("ccomp", "conj", "xcomp"):
                    subj = next((c for c in gov.children if c.dep_ in ("nsubj", "nsubjpass")), None)
                    if subj is not None and subj.i != head.i:
                        speaker = subj
                        cues.append(f"speech:{gov.lemma_.lower()}")
                if dep != "conj":
                    outer = _own_clause(gov, [])
                    if outer in ("negated",) and gov.lemma_.lower() in SPEECH_VERBS:
                        pass  # "did not say X attacked": the attack is neither affirmed nor negated
                    elif outer != "asserted" and gov.lemma_.lower() not in SPEECH_VERBS:
                        value = _stronger(value, "hypothetical" if outer == "negated" else outer)
                        cues.append(f"outer:{outer}")
                    elif outer in ("question", "hypothetical", "future") and gov.lemma_.lower() in SPEECH_VERBS:
                        value = _stronger(value, outer)
                    if (dep == "ccomp" and gov.lemma_.lower() in SPEECH_VERBS and gov.tag_ == "VBD"
                            and value == "hypothetical" and cues and cues[0] == "modal:would"):
                        value = "future"  # "said it would boycott": the reported "will boycott"
                        cues.append("reported-future")
        tok = gov
    if sentence.text.rstrip().rstrip('"\u201d\u2019\'').endswith("?"):
        value = "question"
        cues.append("question-mark")
    hedged = _hedged(head, sentence, cues)
    if speaker is None:
        speaker = _according_to(sentence)
    return Factuality(value=value, hedged=hedged, speaker_token=speaker, cues=tuple(cues))


def _stronger(a: str, b: str) -> str:
    return a if PRIORITY[a] >= PRIORITY[b] else b


def _own_clause(tok: Token, cues: list[str]) -> str:
    value = "asserted"
    for c in tok.children:
        low = c.lower_
        if c.dep_ == "neg" or (c.dep_ in ("det", "advmod", "preconj") and low in ("no", "never", "neither")):
            value = _stronger(value, "negated")
            cues.append(f"neg:{low}")
        elif c.dep_ == "aux" and low in MODAL_HYPOTHETICAL:
            value = _stronger(value, "hypothetical")
            cues.append(f"modal:{low}")
        elif c.dep_ == "aux" and low in MODAL_FUTURE:
            value = _stronger(value, "future")
            cues.append(f"modal:{low}")
        elif c.dep_ == "aux" and low == "going" or (c.dep_ == "aux" and low in ("to",) and tok.head.lemma_ == "go"):
            value = _stronger(value, "future")
        elif c.dep_ == "amod" and low in ("possible", "potential", "planned", "proposed", "threatened", "hypothetical"):
            v = "future" if low in ("planned", "proposed") else "hypothetical"
            value = _stronger(value, v)
            cues.append(f"amod:{low}")
        elif c.dep_ in ("npadvmod", "prep") and low in FUTURE_MARKERS:
            value = _stronger(value, "future")
    if tok.dep_ == "pobj" and tok.head.lower_ == "without":
        value = _stronger(value, "negated")
    return value


def _hedged(head: Token, sentence: Any, cues: list[str]) -> bool:
    low = sentence.text.lower()
    for t in sentence:
        if t.lower_ in HEDGE_WORDS:
            cues.append(f"hedge:{t.lower_}")
            return True
    for phrase in HEDGE_PHRASES:
        if phrase in low:
            cues.append(f"hedge:{phrase}")
            return True
    return False


def _according_to(sentence: Any) -> Token | None:
    for t in sentence:
        if t.lower_ == "according" and t.i + 1 < sentence.end and t.nbor(1).lower_ == "to":
            pobj = next((c for c in t.nbor(1).children if c.dep_ == "pobj"), None)
            return pobj
    return None
