"""The places stage: toponyms in the text, resolved to GeoNames, and the place where each event happened.

Recognition is ``khaldun.places.recognize``, resolution ``khaldun.places.resolve``,
the choice of an event's place ``khaldun.places.locate``; this module runs them
in order on a parsed document.
"""

from __future__ import annotations

from khaldun.doc import Candidate, CodedDoc, PlaceHit
from khaldun.places.gazetteer import Gazetteer
from khaldun.places.locate import choose
from khaldun.places.recognize import Candidate as Toponym
from khaldun.places.recognize import Recognizer, is_demonym, role_of
from khaldun.places.resolve import Resolver


class PlaceStage:
    """Pipeline stage ``places``: assigns ``doc.places`` and each candidate's location."""

    name = "places"
    requires = ("parse", "mentions", "candidates")
    assigns = ("places", "candidates.location")

    def __init__(self, gazetteer: Gazetteer, *, org_places: bool = False) -> None:
        self.gazetteer = gazetteer
        self.recognizer = Recognizer(gazetteer, org_places=org_places)
        self.resolver = Resolver(gazetteer)

    def __call__(self, doc: CodedDoc) -> CodedDoc:
        hits, meta = self.recognizer.hits(doc)
        self.classify(doc, hits)
        self.resolver.resolve(doc, hits, meta)
        self.classify(doc, hits)  # again: some roles depend on what the name turned out to be (a country)
        doc.places = hits
        for c in doc.candidates:
            self.locate(doc, c)
        doc.done.append(self.name)
        return doc

    def run_spans(self, doc: CodedDoc, spans: list[tuple[int, int]]) -> list[PlaceHit]:
        """Resolve given character spans (gold toponyms) with the same context rules; for evaluation."""
        sp = doc.parse
        hits: list[PlaceHit] = []
        meta: dict[int, Toponym] = {}
        from khaldun.places.recognize import span_keys

        for start, end in spans:
            span = sp.char_span(start, end, alignment_mode="expand")
            sent = doc.sentence_of_char(start)
            if span is None or sent is None:
                hits.append(PlaceHit(start, end, doc.text[start:end], -1, 0, 0))
                continue
            keys, suffix = span_keys(doc.text[start:end])
            meta[len(hits)] = Toponym(span.start, span.end, keys, "gold", suffix)
            hits.append(PlaceHit(start, end, doc.text[start:end], sent.index, span.start, span.end))
        found = self.gazetteer.lookup_keys(k for c in meta.values() for k in c.keys)
        for i, c in meta.items():
            opts = [o for k in c.keys for o in found.get(k, [])]
            if is_demonym(opts, sp[c.start:c.end]):
                hits[i].kind = c.kind = "demonym"
        self.classify(doc, [h for h in hits if h.sentence_index >= 0])
        self.resolver.resolve(doc, hits, meta)
        self.classify(doc, [h for h in hits if h.sentence_index >= 0])
        return hits

    def classify(self, doc: CodedDoc, hits: list[PlaceHit]) -> None:
        """Literal place, metonym or demonym; the last two never locate an event."""
        sp = doc.parse
        actor_heads = {m.head for m in doc.mentions if not m.is_place}
        people = [(m.start_char, m.end_char) for m in doc.mentions if m.kind == "person" and m.actor_id]
        for h in hits:
            role = role_of(sp, h, actor_heads)
            if h.kind == "place" and role == "metonym":
                h.kind = "metonym"
            if h.kind == "place" and any(a <= h.start_char and h.end_char <= b for a, b in people):
                h.kind = "metonym"  # a known person's name that is also a town's
            h.is_actor = h.kind != "place"

    def locate(self, doc: CodedDoc, c: Candidate) -> None:
        sp = doc.parse
        trigger = sp[c.head]
        in_sentence = [h for h in doc.places if h.sentence_index == c.sentence_index]
        paragraph = _paragraph_places(doc, c.sentence_index)
        pick = choose(sp, trigger, in_sentence, paragraph=paragraph)
        if pick is not None:
            c.location, c.location_basis = pick.hit, pick.basis


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
