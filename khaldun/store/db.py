"""The SQLite store: documents (keyed by content hash), sentences, mentions, actors, places, events.

Each document is written in one transaction, after its old rows are removed,
so re-coding is idempotent and an interrupted run keeps every document
finished before it. One writer (the process that owns the Store); readers can
open the file read-only.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from khaldun.errors import StoreError
from khaldun.schema import CodedDocument, Event
from khaldun.store.migrations import LATEST, current_version, migrate
from khaldun.version import __version__


@dataclass(frozen=True)
class EventFilter:
    """Filters of ``khaldun events`` and the API; all optional and combined with AND."""

    event_type: Sequence[str] = ()
    country: str | None = None
    source_country: str | None = None
    target_country: str | None = None
    actor: str | None = None
    since: str | None = None
    until: str | None = None
    factuality: Sequence[str] = ()
    min_confidence: float | None = None
    doc_id: str | None = None
    limit: int | None = None
    offset: int = 0

    def where(self) -> tuple[str, list[Any]]:
        clauses: list[str] = []
        args: list[Any] = []
        if self.event_type:
            clauses.append(f"event_type IN ({','.join('?' * len(self.event_type))})")
            args += [t.upper() for t in self.event_type]
        if self.country:
            clauses.append("(source_country = ? OR target_country = ?)")
            args += [self.country.upper()] * 2
        if self.source_country:
            clauses.append("source_country = ?")
            args.append(self.source_country.upper())
        if self.target_country:
            clauses.append("target_country = ?")
            args.append(self.target_country.upper())
        if self.actor:
            clauses.append("(source_actor_id = ? OR target_actor_id = ?)")
            args += [self.actor] * 2
        if self.since:
            clauses.append("date >= ?")
            args.append(self.since)
        if self.until:
            clauses.append("substr(date, 1, length(?)) <= ?")
            args += [self.until, self.until]
        if self.factuality:
            clauses.append(f"factuality IN ({','.join('?' * len(self.factuality))})")
            args += list(self.factuality)
        if self.min_confidence is not None:
            clauses.append("confidence >= ?")
            args.append(self.min_confidence)
        if self.doc_id:
            clauses.append("doc_id = ?")
            args.append(self.doc_id)
        return (" WHERE " + " AND ".join(clauses)) if clauses else "", args


class Store:
    """A khaldun database. ``Store(path)`` creates or migrates it; ``readonly=True`` never writes."""

    def __init__(self, path: str | Path, *, readonly: bool = False) -> None:
        self.path = Path(path)
        self.readonly = readonly
        try:
            if readonly:
                if not self.path.exists():
                    raise StoreError(f"database {self.path} does not exist; create it with `khaldun code ... --db {self.path}`")
                self.conn = sqlite3.connect(f"file:{self.path}?mode=ro", uri=True, check_same_thread=False)
            else:
                self.path.parent.mkdir(parents=True, exist_ok=True)
                self.conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
                self.conn.execute("PRAGMA journal_mode=WAL")
                self.conn.execute("PRAGMA synchronous=NORMAL")
            self.conn.execute("PRAGMA foreign_keys=ON")
            if not readonly:
                migrate(self.conn)
            elif current_version(self.conn) > LATEST:
                raise StoreError(f"database {self.path} was written by a newer khaldun (schema {current_version(self.conn)}); upgrade khaldun")
        except sqlite3.DatabaseError as exc:
            raise StoreError(f"cannot open database {self.path} ({exc}); is it a khaldun SQLite file?") from exc

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def close(self) -> None:
        self.conn.close()

    @property
    def schema_version(self) -> int:
        return current_version(self.conn)

    # -- writing ---------------------------------------------------------------------------
    def save(self, doc: CodedDocument) -> None:
        """Replace everything stored for this document's text, in one transaction."""
        if self.readonly:
            raise StoreError(f"database {self.path} is open read-only")
        c = self.conn
        try:
            c.execute("BEGIN IMMEDIATE")
            c.execute("DELETE FROM documents WHERE hash = ?", (doc.content_hash,))
            c.execute(
                "INSERT INTO documents VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                (doc.content_hash, doc.doc_id, doc.title, doc.url, doc.source,
                 doc.date.date.isoformat() if doc.date.date else None, doc.date.basis, doc.date.confidence,
                 doc.text, len(doc.sentences), len(doc.events), json.dumps(doc.warnings), __version__,
                 dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")),
            )
            c.executemany("INSERT INTO sentences VALUES (?,?,?,?,?)",
                          [(doc.content_hash, s.index, s.start, s.end, s.text) for s in doc.sentences])
            c.executemany(
                "INSERT INTO mentions (doc_hash, sentence_index, start, \"end\", text, actor_id, name, country, sector, kind,"
                " role, method, antecedent_text, antecedent_start, antecedent_end) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)",
                [(doc.content_hash, m.sentence_index, m.start, m.end, m.text, m.actor_id, m.name, m.country, m.sector,
                  m.kind, m.role, m.method, m.antecedent.text if m.antecedent else None,
                  m.antecedent.start if m.antecedent else None, m.antecedent.end if m.antecedent else None)
                 for m in doc.mentions])
            actors = {(m.actor_id, m.name, m.country if m.kind == "state" else m.country, m.kind) for m in doc.mentions if m.actor_id}
            c.executemany("INSERT OR IGNORE INTO actors (actor_id, name, country, kind) VALUES (?,?,?,?)", list(actors))
            c.executemany(
                "INSERT INTO places (doc_hash, start, \"end\", text, name, country, admin1, lat, lon, geonameid, feature)"
                " VALUES (?,?,?,?,?,?,?,?,?,?,?)",
                [(doc.content_hash, p.start, p.end, p.text, p.name, p.country, p.admin1, p.lat, p.lon, p.geonameid, p.feature)
                 for p in doc.places])
            c.executemany("INSERT OR REPLACE INTO events VALUES (" + ",".join("?" * 30) + ")",
                          [_event_row(doc.content_hash, e) for e in doc.events])
            c.execute("COMMIT")
        except sqlite3.Error as exc:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise StoreError(f"cannot write document {doc.doc_id!r} to {self.path} ({exc})") from exc
        except BaseException:
            if c.in_transaction:
                c.execute("ROLLBACK")
            raise

    # -- reading ---------------------------------------------------------------------------
    def events(self, flt: EventFilter | None = None) -> Iterator[Event]:
        flt = flt or EventFilter()
        where, args = flt.where()
        sql = f"SELECT record FROM events{where} ORDER BY date IS NULL, date, doc_id, sentence_index, id"
        if flt.limit is not None:
            sql += " LIMIT ? OFFSET ?"
            args += [flt.limit, flt.offset]
        for (record,) in self.conn.execute(sql, args):
            yield Event.model_validate_json(record)

    def count_events(self, flt: EventFilter | None = None) -> int:
        where, args = (flt or EventFilter()).where()
        return int(self.conn.execute(f"SELECT COUNT(*) FROM events{where}", args).fetchone()[0])

    def counts(self) -> dict[str, int]:
        out = {}
        for table in ("documents", "sentences", "mentions", "actors", "places", "events"):
            out[table] = int(self.conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0])
        return out

    def query(self, sql: str, args: Sequence[Any] = ()) -> list[sqlite3.Row]:
        cur = self.conn.execute(sql, args)
        cols = [d[0] for d in cur.description]
        return [dict(zip(cols, row, strict=True)) for row in cur.fetchall()]  # type: ignore[misc]


def _event_row(doc_hash: str, e: Event) -> tuple[Any, ...]:
    s, t, loc, mag = e.source, e.target, e.location, e.magnitude
    return (
        e.id, doc_hash, e.doc_id, e.sentence_index, e.sentence_start, e.event_type, e.mode, e.cameo, e.quad_class,
        e.goldstein, s.actor_id if s else None, s.country if s else None, s.sector if s else None,
        t.actor_id if t else None, t.country if t else None, t.sector if t else None,
        e.date, e.date_precision, e.factuality, int(e.hedged), e.confidence,
        loc.name if loc else None, loc.country if loc else None, loc.lat if loc else None, loc.lon if loc else None,
        mag.dead, mag.injured, mag.arrested, mag.size, e.model_dump_json(),
    )
