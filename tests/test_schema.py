"""The event record: the published JSON Schema matches the code, and matches CONTRACT.md field for field."""

from __future__ import annotations

import json
import re
from pathlib import Path

import jsonschema

from khaldun.schema import Event

ROOT = Path(__file__).resolve().parents[1]
CONTRACT_FIELDS = [
    "id", "doc_id", "sentence_index", "sentence", "sentence_start", "trigger", "event_type", "mode", "cameo",
    "quad_class", "goldstein", "source", "target", "magnitude", "location", "date", "date_precision", "factuality",
    "hedged", "speaker", "confidence", "evidence",
]


def test_published_schema_is_current():
    published = json.loads((ROOT / "docs" / "event.schema.json").read_text())
    assert published == Event.model_json_schema(), "regenerate with: khaldun schema > docs/event.schema.json"


def test_event_has_exactly_the_contract_fields():
    assert list(Event.model_fields) == CONTRACT_FIELDS
    contract = ROOT.parent / "shared" / "CONTRACT.md"
    if contract.exists():
        table = contract.read_text().split("## The event record", 1)[1]
        named = set(re.findall(r"^\| `([a-z_]+)`", table, flags=re.M))
        named |= {"source", "target"}
        assert named == set(CONTRACT_FIELDS)


def test_sub_objects_match_the_contract():
    schema = Event.model_json_schema()
    defs = schema["$defs"]
    assert set(defs["ActorRef"]["properties"]) == {"text", "start", "end", "actor_id", "name", "country", "sector", "kind"}
    assert set(defs["Place"]["properties"]) == {"text", "name", "country", "admin1", "lat", "lon", "geonameid", "feature"}
    assert set(defs["Magnitude"]["properties"]) == {"dead", "injured", "arrested", "size"}
    assert set(defs["Span"]["properties"]) == {"text", "start", "end"}


def validate(event_json: dict) -> None:
    jsonschema.validate(event_json, json.loads((ROOT / "docs" / "event.schema.json").read_text()))
