"""The places stage: toponyms in the text, resolved to GeoNames, and the place where each event happened.

Recognition is ``khaldun.places.recognize``, resolution ``khaldun.places.resolve``,
the choice of an event's place ``khaldun.places.locate``; this module runs them
in order on a parsed document.
"""

from __future__ import annotations

from pathlib import Path

from khaldun.doc import Candidate, CodedDoc, PlaceHit
from khaldun.places.gazetteer import Gazetteer
from khaldun.places.locate import Choice, LocationModel, choose
from khaldun.places.recognize import Candidate as Toponym
from khaldun.places.recognize import FACILITY_NOUNS, Recognizer, is_demonym, role_of, span_keys
from khaldun.places.resolve import Resolver


class PlaceStage:
    """Pipeline stage ``places``: assigns ``doc.places`` and each candidate's location."""

    name = "places"
    requires = ("parse", "mentions", "candidates")
    assigns = ("places", "candidates.location")

    def __init__(self, gazetteer: Gazetteer, *, org_places: bool = False, use_model: bool = True,
                 model_path: Path | None = None) -> None:
        self.gazetteer = gazetteer
        self.recognizer = Recognizer(gazetteer, org_places=org_places)
        self.resolver = Resolver(gazetteer)
        # the event-location scorer (data/places/event_location.v2.json), validated on load; without it (not
        # wanted, or the file absent) the attachment rules decide. An explicit ``model_path`` must exist.
        self.location_model: LocationModel | None = None
        if use_model:
            self.location_model = LocationModel.load(model_path) if model_path is not None else LocationModel.shipped()

    def __call__(self, doc: CodedDoc) -> CodedDoc:
        hits, meta = self.recognizer.hits(doc)
        self.classify(doc, hits)
        self.resolver.resolve(doc, hits, meta)
        self.classify(doc, hits)  # again: some roles depend on what the name turned out to be (a country)
        doc.places = hits
        picks: dict[tuple[int, int], Choice | None] = {}
        for c in doc.candidates:
            if c.dropped is not None:
                continue  # never published: not worth a place
            key = (c.sentence_index, c.head)  # candidates of one trigger share its place
            if key not in picks:
                picks[key] = self.locate(doc, c)
            pick = picks[key]
            if pick is not None:
                c.location, c.location_basis = pick.hit, pick.basis
        self.resolver.fall_back(doc, hits)  # after locating: a site stays the most specific place an event can have
        doc.done.append(self.name)
        return doc

    def run_spans(self, doc: CodedDoc, spans: list[tuple[int, int]]) -> list[PlaceHit]:
        """Resolve given character spans (gold toponyms) with the same context rules; for evaluation.

        The toponyms the recognizer finds elsewhere in the text are context, as they are in a normal run
        ("London, Ky.", "Canada" in another paragraph), but only the given spans are returned.
        """
        sp = doc.parse
        given: list[tuple[PlaceHit, Toponym | None]] = []
        for start, end in spans:
            span = sp.char_span(start, end, alignment_mode="expand")
            sent = doc.sentence_of_char(start)
            if span is None or sent is None:
                given.append((PlaceHit(start, end, doc.text[start:end], -1, 0, 0), None))
                continue
            keys, suffix = span_keys(doc.text[start:end])
            given.append((PlaceHit(start, end, doc.text[start:end], sent.index, span.start, span.end),
                          Toponym(span.start, span.end, keys, "gold", suffix)))
        found = self.gazetteer.lookup_keys(k for _, c in given if c is not None for k in c.keys)
        for h, c in given:
            if c is not None and is_demonym([o for k in c.keys for o in found.get(k, [])], sp[c.start:c.end]):
                h.kind = c.kind = "demonym"
        own, own_meta = self.recognizer.hits(doc)
        context = [(h, own_meta.get(i)) for i, h in enumerate(own)
                   if not any(h.start_char < e and s < h.end_char for s, e in spans)]
        merged = sorted([g for g in given if g[1] is not None] + context, key=lambda x: x[0].start_char)
        hits = [h for h, _ in merged]
        meta = {i: c for i, (_, c) in enumerate(merged) if c is not None}
        self.classify(doc, hits)
        self.resolver.resolve(doc, hits, meta)
        self.classify(doc, hits)
        self.resolver.fall_back(doc, hits)
        return [h for h, _ in given]

    def classify(self, doc: CodedDoc, hits: list[PlaceHit]) -> None:
        """Literal place, metonym or demonym; the last two never locate an event."""
        sp = doc.parse
        actor_heads = {m.head for m in doc.mentions if not m.is_place}
        people = [(m.start_char, m.end_char) for m in doc.mentions if m.kind == "person" and m.actor_id
                  and sp[m.end - 1].lower_ not in FACILITY_NOUNS]  # "the Zahawi school" names a place
        for h in hits:
            role = role_of(sp, h, actor_heads)
            if h.kind == "place" and role == "metonym":
                h.kind = "metonym"
            if h.kind == "place" and any(a <= h.start_char and h.end_char <= b for a, b in people):
                h.kind = "metonym"  # a known person's name that is also a town's
            h.is_actor = h.kind != "place"

    def locate(self, doc: CodedDoc, c: Candidate) -> Choice | None:
        """Where the candidate's trigger happened, with the basis of the choice."""
        sp = doc.parse
        trigger = sp[c.head]
        in_sentence = [h for h in doc.places if h.sentence_index == c.sentence_index]
        paragraph = _paragraph_places(doc, c.sentence_index)
        known = [(m.start, m.end) for m in doc.mentions if not m.is_place and m.actor_id is not None
                 and m.kind in ("person", "organization", "group") and m.sentence_index == c.sentence_index]
        return choose(sp, trigger, in_sentence, paragraph=paragraph, model=self.location_model, actors=known)


def _paragraph_places(doc: CodedDoc, sentence_index: int) -> list[PlaceHit]:
    """Places of the earlier sentences of the same paragraph (a paragraph ends at a line break)."""
    text = doc.text
    sents = doc.sentences
    if not 0 <= sentence_index < len(sents):
        return []
    first = sentence_index
    while first > 0 and "\n" not in text[sents[first - 1].end:sents[first].start]:
        first -= 1
    return [h for h in doc.places if first <= h.sentence_index < sentence_index]
