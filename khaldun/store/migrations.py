"""Numbered schema migrations of the SQLite store, applied in order and recorded in ``migrations``."""

from __future__ import annotations

import sqlite3

MIGRATIONS: tuple[tuple[int, str, str], ...] = (
    (1, "initial schema", """
CREATE TABLE documents (
    hash TEXT PRIMARY KEY, doc_id TEXT NOT NULL, title TEXT, url TEXT, source TEXT,
    date TEXT, date_basis TEXT, date_confidence REAL, text TEXT NOT NULL,
    n_sentences INTEGER NOT NULL, n_events INTEGER NOT NULL, warnings TEXT NOT NULL DEFAULT '[]',
    coder_version TEXT NOT NULL, coded_at TEXT NOT NULL
);
CREATE INDEX documents_doc_id ON documents(doc_id);
CREATE TABLE sentences (
    doc_hash TEXT NOT NULL REFERENCES documents(hash) ON DELETE CASCADE,
    idx INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    PRIMARY KEY (doc_hash, idx)
);
CREATE TABLE actors (
    actor_id TEXT PRIMARY KEY, name TEXT, country TEXT, sector TEXT, kind TEXT
);
CREATE TABLE mentions (
    id INTEGER PRIMARY KEY, doc_hash TEXT NOT NULL REFERENCES documents(hash) ON DELETE CASCADE,
    sentence_index INTEGER NOT NULL, start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL,
    actor_id TEXT, name TEXT, country TEXT, sector TEXT, kind TEXT, role TEXT, method TEXT,
    antecedent_text TEXT, antecedent_start INTEGER, antecedent_end INTEGER
);
CREATE INDEX mentions_doc ON mentions(doc_hash);
CREATE INDEX mentions_actor ON mentions(actor_id);
CREATE TABLE places (
    id INTEGER PRIMARY KEY, doc_hash TEXT NOT NULL REFERENCES documents(hash) ON DELETE CASCADE,
    start INTEGER NOT NULL, "end" INTEGER NOT NULL, text TEXT NOT NULL, name TEXT, country TEXT, admin1 TEXT,
    lat REAL, lon REAL, geonameid INTEGER, feature TEXT
);
CREATE INDEX places_doc ON places(doc_hash);
CREATE TABLE events (
    id TEXT PRIMARY KEY, doc_hash TEXT NOT NULL REFERENCES documents(hash) ON DELETE CASCADE,
    doc_id TEXT NOT NULL, sentence_index INTEGER NOT NULL, sentence_start INTEGER NOT NULL,
    event_type TEXT NOT NULL, mode TEXT, cameo TEXT NOT NULL, quad_class INTEGER NOT NULL, goldstein REAL NOT NULL,
    source_actor_id TEXT, source_country TEXT, source_sector TEXT,
    target_actor_id TEXT, target_country TEXT, target_sector TEXT,
    date TEXT, date_precision TEXT, factuality TEXT NOT NULL, hedged INTEGER NOT NULL, confidence REAL NOT NULL,
    location_name TEXT, location_country TEXT, lat REAL, lon REAL,
    dead INTEGER, injured INTEGER, arrested INTEGER, size INTEGER,
    record TEXT NOT NULL
);
CREATE INDEX events_doc ON events(doc_hash);
CREATE INDEX events_date ON events(date);
CREATE INDEX events_type ON events(event_type);
CREATE INDEX events_source ON events(source_country, source_sector);
CREATE INDEX events_target ON events(target_country, target_sector);
"""),
    (2, "events listing order index", """
CREATE INDEX events_order ON events(date IS NULL, date, doc_id, sentence_index, id);
"""),
)
LATEST = MIGRATIONS[-1][0]


def current_version(conn: sqlite3.Connection) -> int:
    exists = conn.execute("SELECT name FROM sqlite_master WHERE type='table' AND name='migrations'").fetchone()
    if not exists:
        return 0
    row = conn.execute("SELECT MAX(version) FROM migrations").fetchone()
    return int(row[0] or 0)


def migrate(conn: sqlite3.Connection) -> list[int]:
    """Apply every migration newer than the database; returns the versions applied."""
    conn.execute("CREATE TABLE IF NOT EXISTS migrations (version INTEGER PRIMARY KEY, name TEXT NOT NULL, applied_at TEXT NOT NULL)")
    have = current_version(conn)
    applied = []
    for version, name, sql in MIGRATIONS:
        if version <= have:
            continue
        conn.executescript("BEGIN;" + sql + f"\nINSERT INTO migrations VALUES ({version}, '{name}', datetime('now'));\nCOMMIT;")
        applied.append(version)
    return applied
