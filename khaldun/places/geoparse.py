"""The places stage: toponyms in the text, resolved to GeoNames, and the place where each event happened."""

from __future__ import annotations

import math
from collections import Counter
from typing import Any

from khaldun.doc import Candidate, CodedDoc, PlaceHit
from khaldun.places.gazetteer import Gazetteer, GeoPlace
from khaldun.schema import Place

PLACE_LABELS = frozenset({"GPE", "LOC", "FAC"})
EVENT_PREPS = frozenset({"in", "at", "near", "outside", "around", "across", "inside", "on", "into", "throughout", "within"})


class PlaceStage:
    """Pipeline stage ``places``: assigns ``doc.places`` and each candidate's location."""

    name = "places"
    requires = ("parse", "mentions", "candidates")
    assigns = ("places", "candidates.location")

    def __init__(self, gazetteer: Gazetteer) -> None:
        self.gazetteer = gazetteer

    def __call__(self, doc: CodedDoc) -> CodedDoc:
        doc.places = self.toponyms(doc)
        self.resolve(doc.places, doc)
        for c in doc.candidates:
            self.locate(doc, c)
        doc.done.append(self.name)
        return doc

    def toponyms(self, doc: CodedDoc) -> list[PlaceHit]:
        sp = doc.parse
        actor_tokens = {i for m in doc.mentions if not m.is_place for i in range(m.start, m.end)}
        hits: list[PlaceHit] = []
        for ent in sp.ents:
            if ent.label_ not in PLACE_LABELS:
                continue
            sent = doc.sentence_of_char(ent.start_char)
            if sent is None:
                continue
            is_actor = any(i in actor_tokens for i in range(ent.start, ent.end))
            hits.append(PlaceHit(ent.start_char, ent.end_char, ent.text, sent.index, ent.start, ent.end, is_actor=is_actor))
        return hits

    def resolve(self, hits: list[PlaceHit], doc: CodedDoc) -> None:
        countries: Counter[str] = Counter(m.country for m in doc.mentions if m.country)
        for h in hits:
            name = h.text[4:] if h.text.lower().startswith("the ") else h.text
            options = self.gazetteer.lookup(name)
            if not options:
                continue
            best = max(options, key=lambda p: _score(p, countries))
            h.place = to_place(best, h.text)
            h.score = _score(best, countries)

    def locate(self, doc: CodedDoc, c: Candidate) -> None:
        sp = doc.parse
        resolved = [h for h in doc.places if h.place is not None and not h.is_actor and h.sentence_index == c.sentence_index]
        head = sp[c.head]
        for h in resolved:
            tok = sp[h.token_start:h.token_end].root
            if tok.dep_ == "pobj" and tok.head.lower_ in EVENT_PREPS and _governed_by(tok.head, head):
                c.location, c.location_basis = h, "attached"
                return
        if resolved:
            c.location = min(resolved, key=lambda h: abs(h.token_start - c.head))
            c.location_basis = "sentence"


def _governed_by(tok: Any, head: Any) -> bool:
    t = tok
    for _ in range(6):
        if t.i == head.i:
            return True
        if t.head.i == t.i:
            return False
        t = t.head
    return False


def _score(p: GeoPlace, countries: Counter[str]) -> float:
    s = math.log10(max(p.population, 1))
    if p.feature.startswith("PCL"):
        s += 3
    if p.country and countries:
        s += 3 * countries[p.country] / max(countries.values())
    return s


def to_place(p: GeoPlace, text: str) -> Place:
    return Place(text=text, name=p.name, country=p.country, admin1=p.admin1, lat=p.lat, lon=p.lon,
                 geonameid=p.geonameid, feature=p.feature)
