"""The events stage: triggers from the lexicon, roles from the parse, type from lexicon and model, factuality, magnitude."""

from __future__ import annotations

from typing import Any

from khaldun.doc import Candidate, CodedDoc, Mention
from khaldun.events import magnitude
from khaldun.events.candidates import MentionIndex, _same_side, roles_for, verb_object, verb_subject
from khaldun.events.classify import TypeDecider, asks_model
from khaldun.events.factuality import SPEECH_VERBS, assess
from khaldun.events.lexicon import Lexicon, TriggerMatch
from khaldun.events.pairs import PairScorer, link_trigger

# Verbs that relate actors without an event between them.
GENERIC_SKIP = frozenset({"be", "have", "say", "tell", "add", "include", "become", "remain", "seem", "name", "call",
                          "describe", "know", "represent", "lead", "head", "own", "belong", "comprise", "contain",
                          "report", "quote", "cite", "mention", "write", "see", "think", "believe", "expect", "want",
                          "need", "make", "take", "get", "give", "go", "come", "use", "show", "find", "appoint",
                          "elect", "replace", "succeed", "face", "consider", "govern", "rule", "control", "border"})
GENERIC_PREPS = frozenset({"with", "against", "on", "to", "into", "at", "toward", "towards", "for"})
RECIPROCAL_TYPES = frozenset({"AGREE", "CONSULT", "COOPERATE", "SUPPORT"})
DEONTIC = frozenset({"must", "should", "ought"})
# Words that link a proposed pair without being an event between them: speech (the speaker and someone named in
# what was said) and being.
NOT_PAIR_TRIGGERS = SPEECH_VERBS | frozenset({"be", "have", "remain", "become", "seem"})
CASUALTY_TYPES = frozenset({"ASSAULT", "COERCE", "PROTEST", "MOBILIZE"})
SIZE_TYPES = frozenset({"PROTEST", "MOBILIZE", "ASSAULT", "AID"})


class EventStage:
    """Pipeline stage ``events``: assigns ``doc.candidates`` (typed, with factuality and magnitude)."""

    name = "events"
    requires = ("parse", "mentions")
    assigns = ("candidates",)

    def __init__(self, lexicon: Lexicon, decider: TypeDecider, *, pairs: PairScorer | None = None,
                 pair_policy: str = "encoded", filter_pairs: bool = True) -> None:
        self.lexicon = lexicon
        self.decider = decider
        self.pairs = pairs
        self.pair_policy = pair_policy  # "encoded": only in sentences the model reads anyway; "always"
        self.filter_pairs = filter_pairs  # off: every best pair is proposed (scripts/pair_policies.py compares)

    def __call__(self, doc: CodedDoc) -> CodedDoc:
        sp = doc.parse
        idx = MentionIndex(doc.mentions)
        # Words inside a name are not triggers: "Popular *Mobilization* Forces", "Islamic *Resistance*".
        in_names = {i for m in doc.mentions if m.method == "kb" and m.end - m.start > 1 for i in range(m.start, m.end)}
        cands: list[Candidate] = []
        for sent in doc.sentences:
            span = sp[sent.token_start:sent.token_end]
            matches = [m for m in _without_nested(self.lexicon.match(span)) if m.head.i not in in_names and not _descriptive(m)]
            sent_cands: list[Candidate] = []
            for m in matches:
                sent_cands.extend(self._candidates(doc, sent.index, span, m, idx))
            sent_cands.extend(self._reported_demands(doc, sent.index, span, idx))
            if self.decider.model is not None:
                taken = {m.head.i for m in matches}
                sent_cands.extend(self._generic(doc, sent.index, span, idx, taken, in_names))
                if self.pairs is not None:
                    sent_cands.extend(self._proposed(doc, sent.index, span, sent_cands))
            if sent_cands:
                self._magnitudes(span, sent_cands)
            cands.extend(sent_cands)
        self.decider.decide(doc, cands)
        doc.candidates = [c for c in cands if c.dropped is None] + [c for c in cands if c.dropped is not None]
        doc.done.append(self.name)
        return doc

    def _candidates(self, doc: CodedDoc, index: int, span: Any, m: TriggerMatch, idx: MentionIndex) -> list[Candidate]:
        roles = roles_for(m, idx)
        if not roles.sources and not roles.targets:
            return []
        fact = assess(m.head, span)
        speaker = idx.within(fact.speaker_token) if fact.speaker_token is not None else None
        plover, mode = self.lexicon.plover(m.pattern)
        out: list[Candidate] = []
        if (len(roles.sources) >= 2 and plover in RECIPROCAL_TYPES
                and all(t.method == "argument" for t in roles.targets)):
            # "Jordan and Britain agreed to hold exercises": the members are each other's partners.
            roles.sources, roles.targets, roles.symmetric = roles.sources[:1], roles.sources[1:], True
        sources: list[Mention | None] = list(roles.sources) or [None]
        targets: list[Mention | None] = list(roles.targets) or [None]
        for src in sources:
            for tgt in targets:
                if src is not None and tgt is not None and (src is tgt or (src.start == tgt.start and src.end == tgt.end)):
                    tgt = None
                out.append(Candidate(
                    sentence_index=index, trigger_tokens=[t.i for t in m.tokens], trigger_start=m.start_char,
                    trigger_end=m.end_char, trigger_text=doc.text[m.start_char:m.end_char], source=src, target=tgt,
                    head=m.head.i, pattern_id=m.pattern.id, cameo=m.pattern.cameo, event_type=plover, mode=mode,
                    symmetric=roles.symmetric, factuality=fact.value, hedged=fact.hedged,
                    speaker=speaker if speaker is not src else None,
                    evidence={"rule": "lexicon", "pattern": m.pattern.id, "voice": roles.voice, "roles_via": roles.via,
                              "factuality_cues": list(fact.cues)},
                ))
        return out

    def _generic(self, doc: CodedDoc, index: int, span: Any, idx: MentionIndex, taken: set[int],
                 in_names: set[int]) -> list[Candidate]:
        """Verbs the lexicon does not know, linking two identified actors: the model types them or drops them."""
        out: list[Candidate] = []
        for verb in span:
            if verb.pos_ != "VERB" or verb.i in taken or verb.i in in_names or verb.lemma_.lower() in GENERIC_SKIP:
                continue
            subj_tok, voice = verb_subject(verb)
            sources = [m for m in idx.with_conjuncts(subj_tok) if m.identified]
            targets = [m for m in idx.with_conjuncts(verb_object(verb)) if m.identified]
            if not targets:
                for c in verb.children:
                    if c.dep_ == "prep" and c.lower_ in GENERIC_PREPS:
                        targets = [m for m in idx.with_conjuncts(next((g for g in c.children if g.dep_ == "pobj"), None))
                                   if m.identified]
                        if targets:
                            break
            if not sources or not targets:
                continue
            fact = assess(verb, span)
            speaker = idx.within(fact.speaker_token) if fact.speaker_token is not None else None
            for src in sources:
                for tgt in targets:
                    if src is tgt:
                        continue
                    out.append(Candidate(
                        sentence_index=index, trigger_tokens=[verb.i], trigger_start=verb.idx,
                        trigger_end=verb.idx + len(verb.text), trigger_text=verb.text, source=src, target=tgt,
                        head=verb.i, pattern_id=None, cameo=None, event_type=None, factuality=fact.value,
                        hedged=fact.hedged, speaker=speaker if speaker is not src else None,
                        evidence={"rule": "generic", "voice": voice, "factuality_cues": list(fact.cues)},
                    ))
        return out

    def _proposed(self, doc: CodedDoc, index: int, span: Any, others: list[Candidate]) -> list[Candidate]:
        """The sentence's best (source, target) pair by the pair scorer, when no other candidate links it.

        The best pair is not proposed when it relates a speaker to someone named in what they said ("Israel
        said Syria ..."), an actor to its own side ("Erdogan threatened Turkey"), or an actor to a place
        ("protesters gathered in Baghdad": the place is the event's location, not its target)."""
        assert self.pairs is not None
        encoded = any(asks_model(doc, c) for c in others)
        if self.filter_pairs and self.pair_policy == "encoded" and not encoded:
            return []  # decided before the pairs are ranked: most sentences stop here
        mentions = [m for m in doc.mentions if m.sentence_index == index]
        ranked = self.pairs.ranked(doc.parse, mentions)
        if not ranked or ranked[0][0] < self.pairs.threshold:
            return []
        p, a, b = ranked[0]
        if not (a.identified or b.identified) or any(_links(c, a, b) for c in others):
            return []
        sp = doc.parse
        trig = link_trigger(sp, sp[a.start:a.end], sp[b.start:b.end])
        if trig is None or trig.is_punct:
            return []
        why_not = {"pair_speech": trig.lemma_.lower() in NOT_PAIR_TRIGGERS, "pair_place": b.is_place,
                   "pair_same_side": _same_side(b, [a]),
                   # the sentence is not encoded for any other candidate: the proposal costs a model pass
                   "pair_costs_encoding": not encoded}
        if self.filter_pairs and any(v for k, v in why_not.items() if k != "pair_costs_encoding" or self.pair_policy == "encoded"):
            return []
        fact = assess(trig, span)
        speaker = next((m for m in mentions if fact.speaker_token is not None
                        and m.start <= fact.speaker_token.i < m.end), None)
        return [Candidate(
            sentence_index=index, trigger_tokens=[trig.i], trigger_start=trig.idx, trigger_end=trig.idx + len(trig.text),
            trigger_text=trig.text, source=a, target=b, head=trig.i, pattern_id=None, cameo=None, event_type=None,
            factuality=fact.value, hedged=fact.hedged, speaker=speaker if speaker is not a else None,
            evidence={"rule": "pair-scorer", "pair_score": round(p, 3), "factuality_cues": list(fact.cues),
                      **{k: True for k, v in why_not.items() if v}},
        )]

    def _reported_demands(self, doc: CodedDoc, index: int, span: Any, idx: MentionIndex) -> list[Candidate]:
        """"Sistani said the government must meet their demands": the speaker REQUESTs the subject to act."""
        out: list[Candidate] = []
        for verb in span:
            if verb.dep_ != "ccomp" or verb.head.lemma_.lower() not in SPEECH_VERBS:
                continue
            modal = next((c for c in verb.children if c.dep_ == "aux" and c.lower_ in DEONTIC), None)
            if modal is None or any(c.dep_ == "neg" for c in verb.children):
                continue
            speech = verb.head
            speaker = next((idx.within(c) for c in speech.children if c.dep_ == "nsubj"), None)
            subject = next((idx.within(c) for c in verb.children if c.dep_ == "nsubj"), None)
            if speaker is None or subject is None or speaker is subject or not (speaker.identified and subject.identified):
                continue
            fact = assess(speech, span)
            lo, hi = min(modal.i, verb.i), max(modal.i, verb.i)
            start, end = span.doc[lo].idx, span.doc[hi].idx + len(span.doc[hi].text)
            out.append(Candidate(
                sentence_index=index, trigger_tokens=[modal.i, verb.i], trigger_start=start, trigger_end=end,
                trigger_text=doc.text[start:end], source=speaker, target=subject, head=verb.i,
                pattern_id="rule:reported-demand", cameo="10", event_type="REQUEST", mode=None,
                factuality=fact.value, hedged=fact.hedged,
                evidence={"rule": "reported-demand", "pattern": "rule:reported-demand", "modal": modal.lower_,
                          "speech_verb": speech.lemma_, "factuality_cues": list(fact.cues)},
            ))
        return out

    def _magnitudes(self, span: Any, cands: list[Candidate]) -> None:
        figures = magnitude.extract(span)
        if not figures:
            return
        for kind, value, noun in figures:
            eligible = [c for c in cands if (c.event_type in (SIZE_TYPES if kind == "size" else CASUALTY_TYPES))]
            if not eligible:
                continue
            if kind == "size":
                # The counted noun is an argument of the event: "thousands of protesters rallied".
                own = [c for c in eligible if c.source is not None and c.source.start <= noun.i < c.source.end]
                eligible = own or eligible
            best = min(eligible, key=lambda c: abs(c.head - noun.i))
            cur = best.magnitude.get(kind)
            best.magnitude[kind] = value if cur is None else max(cur, value)


def _links(c: Candidate, a: Mention, b: Mention) -> bool:
    """Whether a candidate already relates the two mentions (either way round: a reversed reading is the
    lexicon's to make)."""
    def same(x: Mention | None, y: Mention) -> bool:
        return x is not None and x.start == y.start and x.end == y.end

    return (same(c.source, a) and same(c.target, b)) or (same(c.source, b) and same(c.target, a))


def _descriptive(m: TriggerMatch) -> bool:
    """A past participle describing a noun with no agent ("the troops *stationed* in Iraq") states no event."""
    h = m.head
    return h.dep_ == "acl" and h.tag_ == "VBN" and not any(c.dep_ == "agent" for c in h.children)


def _without_nested(matches: list[TriggerMatch]) -> list[TriggerMatch]:
    """A noun inside a light-verb match ("launched an *offensive*") is not a second event."""
    used = {t.i for m in matches if len(m.tokens) > 1 for t in m.tokens if t.i != m.head.i}
    return [m for m in matches if m.head.i not in used]
