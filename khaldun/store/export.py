"""Writing events as JSON Lines, CSV or Parquet (``khaldun events``, ``--jsonl``)."""

from __future__ import annotations

import csv
import json
from collections.abc import Iterable
from typing import IO, Any

from khaldun.errors import ConfigError
from khaldun.schema import Event

CSV_COLUMNS = (
    "id", "doc_id", "sentence_index", "sentence_start", "sentence", "trigger.text", "trigger.start", "trigger.end",
    "event_type", "mode", "cameo", "quad_class", "goldstein",
    "source.text", "source.start", "source.end", "source.actor_id", "source.name", "source.country", "source.sector", "source.kind",
    "target.text", "target.start", "target.end", "target.actor_id", "target.name", "target.country", "target.sector", "target.kind",
    "magnitude.dead", "magnitude.injured", "magnitude.arrested", "magnitude.size",
    "location.text", "location.name", "location.country", "location.admin1", "location.lat", "location.lon",
    "location.geonameid", "location.feature", "date", "date_precision", "factuality", "hedged",
    "speaker.text", "speaker.actor_id", "speaker.name", "speaker.country", "speaker.sector",
    "confidence", "evidence",
)


def flatten(event: Event) -> dict[str, Any]:
    """One flat row per event: nested objects become dotted columns, evidence a JSON string."""
    data = event.model_dump()
    row: dict[str, Any] = {}
    for col in CSV_COLUMNS:
        if col == "evidence":
            row[col] = json.dumps(data["evidence"], sort_keys=True)
            continue
        value: Any = data
        for part in col.split("."):
            value = value.get(part) if isinstance(value, dict) else None
        row[col] = value
    return row


def write_jsonl(events: Iterable[Event], out: IO[str]) -> int:
    n = 0
    for e in events:
        out.write(e.model_dump_json() + "\n")
        n += 1
    return n


def write_csv(events: Iterable[Event], out: IO[str]) -> int:
    w = csv.DictWriter(out, fieldnames=list(CSV_COLUMNS), lineterminator="\n")
    w.writeheader()
    n = 0
    for e in events:
        w.writerow(flatten(e))
        n += 1
    return n


def write_parquet(events: Iterable[Event], path: str) -> int:
    try:
        import pyarrow as pa
        import pyarrow.parquet as pq
    except ImportError as exc:
        raise ConfigError("Parquet export needs pyarrow: pip install 'khaldun[parquet]'") from exc
    rows = [flatten(e) for e in events]
    table = pa.Table.from_pylist(rows) if rows else pa.table({c: pa.array([], pa.string()) for c in CSV_COLUMNS})
    pq.write_table(table, path)
    return len(rows)
