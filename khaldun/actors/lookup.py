"""How one mention resolves on a date, through the same path the pipeline uses (``khaldun actors lookup``)."""

from __future__ import annotations

import datetime as dt
from typing import Any

from khaldun.actors.mentions import ActorStage
from khaldun.doc import CodedDoc
from khaldun.kb.actors import ActorKB
from khaldun.nlp.parse import Parser
from khaldun.schema import Document, DocumentDate


class ActorLookup:
    """Resolves free-standing mentions ("the Iraqi prime minister") on a date."""

    def __init__(self, kb: ActorKB, parser: Parser | None = None) -> None:
        self.parser = parser or Parser.load()
        self.stage = ActorStage(kb, self.parser.nlp)

    def __call__(self, text: str, day: dt.date | None) -> dict[str, Any]:
        doc = CodedDoc(Document(doc_id="lookup", text=text, origin="lookup"))
        self.parser(doc)
        doc.pub_date = DocumentDate(date=day, basis="option", confidence=1.0)
        self.stage(doc)
        if not doc.mentions:
            return {"text": text, "actor_id": None, "name": None, "country": None, "sector": "UNK", "kind": None,
                    "role": None, "method": None}
        # the mention the phrase is about: the one at the parse's root ("the head of the IAEA"), else the longest
        roots = {t.i for t in doc.parse if t.dep_ == "ROOT"}
        m = max(doc.mentions, key=lambda m: (m.head in roots or any(r in range(m.start, m.end) for r in roots),
                                             m.end_char - m.start_char, m.resolved))
        return {"text": m.text, "actor_id": m.actor_id, "name": m.name, "country": m.country, "sector": m.sector,
                "kind": m.kind, "role": m.role, "method": m.method}


def lookup(kb: ActorKB, text: str, day: dt.date | None, parser: Parser | None = None) -> dict[str, Any]:
    return ActorLookup(kb, parser)(text, day)
