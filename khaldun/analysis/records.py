"""Single records read back from the store: one event, one coded document (text, sentences, events).

The document comes back as the same ``CodedDocument`` the pipeline produced, so
the API and the dashboard see exactly what ``khaldun code`` stored.
"""

from __future__ import annotations

import json

from khaldun.errors import NotFound
from khaldun.schema import (
    ActorMention,
    CodedDocument,
    DocumentDate,
    Event,
    PlaceMention,
    SentenceRecord,
    Span,
)
from khaldun.store.db import Store


def get_event(store: Store, event_id: str) -> Event:
    rows = store.query("SELECT record FROM events WHERE id = ?", [event_id])
    if not rows:
        raise NotFound(f"no event {event_id!r} in {store.path.name}; event ids are listed by /api/events")
    return Event.model_validate_json(rows[0]["record"])


def get_document(store: Store, doc_id: str) -> CodedDocument:
    """The document stored under ``doc_id``; when its text was re-coded under the same id, the latest."""
    rows = store.query("SELECT * FROM documents WHERE doc_id = ? ORDER BY coded_at DESC, rowid DESC LIMIT 1", [doc_id])
    if not rows:
        raise NotFound(f"no document {doc_id!r} in {store.path.name}; document ids are the doc_id of its events")
    d = rows[0]
    h = d["hash"]
    sentences = [SentenceRecord(index=r["idx"], start=r["start"], end=r["end"], text=r["text"])
                 for r in store.query('SELECT idx, start, "end", text FROM sentences WHERE doc_hash = ? ORDER BY idx', [h])]
    mentions = [
        ActorMention(sentence_index=r["sentence_index"], text=r["text"], start=r["start"], end=r["end"],
                     actor_id=r["actor_id"], name=r["name"], country=r["country"], sector=r["sector"] or "UNK",
                     kind=r["kind"], role=r["role"], method=r["method"] or "",
                     antecedent=Span(text=r["antecedent_text"], start=r["antecedent_start"], end=r["antecedent_end"])
                     if r["antecedent_text"] is not None else None)
        for r in store.query("SELECT * FROM mentions WHERE doc_hash = ? ORDER BY start, id", [h])]
    places = [
        PlaceMention(doc_id=d["doc_id"], text=r["text"], start=r["start"], end=r["end"], name=r["name"],
                     country=r["country"], admin1=r["admin1"], lat=r["lat"], lon=r["lon"], geonameid=r["geonameid"],
                     feature=r["feature"])
        for r in store.query("SELECT * FROM places WHERE doc_hash = ? ORDER BY start, id", [h])]
    events = [Event.model_validate_json(r["record"]) for r in store.query(
        "SELECT record FROM events WHERE doc_hash = ? "
        "ORDER BY sentence_index, json_extract(record, '$.trigger.start'), id", [h])]
    return CodedDocument(
        doc_id=d["doc_id"], content_hash=h, title=d["title"], url=d["url"], source=d["source"], text=d["text"],
        date=DocumentDate(date=d["date"], basis=d["date_basis"] or "none", confidence=d["date_confidence"] or 0.0),
        sentences=sentences, mentions=mentions, places=places, events=events, warnings=json.loads(d["warnings"] or "[]"))
