"""Which two actors of a sentence an event links, learned from the parse path between them.

The lexicon's patterns give the roles of the verbs they know. News also states events through verbs the
lexicon does not know ("granted a full pardon to X"), through roles its patterns do not fill (a place as the
recipient: "refused flights out of Afghanistan") and through chains they do not climb ("put out a report
accusing X"). The pair scorer reads the dependency path between two mentions of a sentence, their grammatical
roles and kinds, and the word that links them, and says how likely the sentence states an event from the first
to the second. The events stage proposes the best pair of a sentence that no other candidate covers; the
event-type model then types it or drops it, so a proposed pair is never coded without a type the model stands
behind.

Trained by ``scripts/train_event_pairs.py`` on the PLV pairs (one marked source and target per sentence);
shipped as ``khaldun/data/models/event-pairs.v1.json`` (weights, threshold, card), validated on load.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from khaldun.doc import Mention
from khaldun.kb.files import data_path
from khaldun.kb.scorer import LogisticScorer

Token = Any
MODEL_FILE = "event-pairs.v1.json"
SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass", "csubj", "agent"})
MAX_MENTIONS = 14  # a sentence's mentions scored as pairs, nearest to its root first (a list of 40 names is not 1,560 events)


def link_trigger(sp: Any, source: Any, target: Any) -> Token | None:
    """The word that links two spans: their lowest common ancestor in the parse, else the source's verb.

    The event-type model was trained with this word marked as the trigger where no lexicon pattern links a
    pair, so proposed pairs are marked the same way."""
    if source is None:
        return None
    src_chain = _chain(source.root)
    inside = set(range(source.start, source.end))
    if target is not None:
        inside |= set(range(target.start, target.end))
        tgt_ids = {t.i for t in _chain(target.root)}
        common = next((t for t in src_chain if t.i in tgt_ids), None)
        while common is not None and common.i in inside and common.head.i != common.i:
            common = common.head
        if common is not None and common.i not in inside:
            return common
    return next((t for t in src_chain if t.i not in inside and t.pos_ in ("VERB", "AUX", "NOUN")), None)


def _chain(tok: Token) -> list[Token]:
    out = [tok]
    while out[-1].head.i != out[-1].i:
        out.append(out[-1].head)
    return out


def _path(a: Token, b: Token) -> tuple[list[Token], list[Token], Token | None]:
    """The tokens from ``a`` up to (not including) the lowest common ancestor, the same from ``b``, the ancestor."""
    ca, cb = _chain(a), _chain(b)
    ids_b = {t.i: k for k, t in enumerate(cb)}
    for k, t in enumerate(ca):
        if t.i in ids_b:
            return ca[:k], cb[:ids_b[t.i]], t
    return ca, cb, None


def _kind(m: Mention) -> str:
    if m.is_place:
        return "place"
    if m.method.startswith("coref"):
        return "pronoun"
    return m.method.split("+")[0] or "other"


def _bucket(n: int, edges: tuple[int, ...] = (1, 2, 3, 5, 8, 13)) -> str:
    return next((str(e) for e in edges if n <= e), f">{edges[-1]}")


def _governing_prep(tok: Token) -> str | None:
    if tok.dep_ == "pobj" and tok.head.dep_ in ("prep", "agent"):
        return tok.head.lower_
    return None


def _root_subject(tok: Token) -> bool:
    """The subject of the sentence's main verb (or of a verb conjoined to it)."""
    if tok.dep_ not in SUBJECT_DEPS:
        return False
    verb = tok.head
    while verb.dep_ == "conj" and verb.head is not verb:
        verb = verb.head
    return verb.dep_ == "ROOT"


def pair_features(sp: Any, a: Mention, b: Mention, mentions: list[Mention]) -> dict[str, float]:
    """Features of the ordered pair (source ``a``, target ``b``) among a sentence's ``mentions``."""
    ta, tb = sp[a.head], sp[b.head]
    up, down, lca = _path(ta, tb)
    f: dict[str, float] = {"bias": 1.0}
    ups = "/".join(t.dep_ for t in up[:4]) or "-"
    downs = "/".join(t.dep_ for t in down[:4]) or "-"
    f[f"up:{ups}"] = 1.0
    f[f"down:{downs}"] = 1.0
    if len(up) + len(down) <= 5:
        f[f"path:{ups}|{downs}"] = 1.0
    f[f"len:{_bucket(len(up) + len(down))}"] = 1.0
    f[f"first:{up[-1].dep_ if up else '-'}|{down[-1].dep_ if down else '-'}"] = 1.0
    if lca is not None:
        trig = lca
        if lca.i in (ta.i, tb.i):
            f[f"dominates:{'a' if lca.i == ta.i else 'b'}"] = 1.0
        f[f"lca_pos:{trig.pos_}"] = 1.0
        f[f"lca_dep:{trig.dep_}"] = 1.0
        f[f"lca_lemma:{trig.lemma_.lower()}"] = 1.0
        f[f"lca_tag:{trig.tag_}"] = 1.0
    ka, kb = _kind(a), _kind(b)
    f[f"a_kind:{ka}"] = 1.0
    f[f"b_kind:{kb}"] = 1.0
    f[f"kinds:{ka}|{kb}"] = 1.0
    f[f"a_dep:{ta.dep_}"] = 1.0
    f[f"b_dep:{tb.dep_}"] = 1.0
    f[f"deps:{ta.dep_}|{tb.dep_}"] = 1.0
    prep = _governing_prep(tb)
    if prep is not None:
        f[f"b_prep:{prep}"] = 1.0
    prep_a = _governing_prep(ta)
    if prep_a is not None:
        f[f"a_prep:{prep_a}"] = 1.0
    f["a_identified"] = float(a.identified)
    f["b_identified"] = float(b.identified)
    f["a_root_subject"] = float(_root_subject(ta))
    f["b_root_subject"] = float(_root_subject(tb))
    f["a_before_b"] = float(a.start < b.start)
    actors = [m for m in mentions if not m.is_place]
    f["a_first_actor"] = float(bool(actors) and actors[0] is a)
    f[f"dist:{_bucket(abs(a.head - b.head), (2, 4, 7, 12, 20))}"] = 1.0
    between = sum(1 for m in mentions if min(a.start, b.start) < m.start < max(a.start, b.start))
    f[f"between:{_bucket(between, (0, 1, 2, 4))}"] = 1.0
    f["same_country"] = float(a.country is not None and a.country == b.country)
    return f


class PairScorer(LogisticScorer):
    """Scores ordered mention pairs of a sentence as an event's source and target."""

    @classmethod
    def shipped(cls) -> PairScorer | None:
        """The scorer shipped in ``khaldun/data/models``; None when the file is absent (no pairs proposed)."""
        path = data_path("models", MODEL_FILE)
        return cls.load(path) if path.is_file() else None

    @classmethod
    def load(cls, path: Path) -> PairScorer:
        return cls(**cls.read(path, "event-pair scorer"))

    def ranked(self, sp: Any, mentions: list[Mention]) -> list[tuple[float, Mention, Mention]]:
        """Every ordered pair of the sentence's mentions with its probability, best first."""
        ms = sentence_mentions(sp, mentions)
        out = []
        for a in ms:
            for b in ms:
                if a is b or (a.start < b.end and b.start < a.end):
                    continue
                out.append((self.score(pair_features(sp, a, b, ms)), a, b))
        out.sort(key=lambda x: -x[0])
        return out


def sentence_mentions(sp: Any, mentions: list[Mention]) -> list[Mention]:
    """The mentions scored as pairs: distinct spans, at most ``MAX_MENTIONS`` of them, nearest the root first."""
    seen: set[tuple[int, int]] = set()
    out = []
    for m in sorted(mentions, key=lambda m: (m.start, -m.end)):
        if (m.start, m.end) in seen:
            continue
        seen.add((m.start, m.end))
        out.append(m)
    if len(out) > MAX_MENTIONS:
        keep = sorted(out, key=lambda m: len(_chain(sp[m.head])))[:MAX_MENTIONS]
        out = [m for m in out if m in keep]
    return out
