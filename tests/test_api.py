"""The REST API through FastAPI's TestClient: every route, the filters of `khaldun events`, pagination, the one
error shape, 404s, the OpenAPI document and /docs, and a database that is missing."""

from __future__ import annotations

import json
import re
from collections import Counter

import pytest

pytest.importorskip("fastapi", reason="the API needs the web extra: pip install 'khaldun[web]'")
from click.testing import CliRunner  # noqa: E402
from fastapi.testclient import TestClient  # noqa: E402

from api_data import build_store, coded_documents  # noqa: E402
from khaldun.api.app import create_app  # noqa: E402
from khaldun.cli import cli  # noqa: E402
from khaldun.errors import StoreError  # noqa: E402
from khaldun.schema import CodedDocument, Event  # noqa: E402

EVENTS = [e for d in coded_documents() for e in d.events]
BY_ID = {e.id: e for e in EVENTS}
ERROR_KEYS = {"ok", "error", "status", "errors"}


@pytest.fixture(scope="module")
def db_path(tmp_path_factory):
    path = tmp_path_factory.mktemp("api") / "events.db"
    build_store(path)
    return path


@pytest.fixture(scope="module")
def client(db_path):
    with TestClient(create_app(db_path)) as c:
        yield c


def ids(response) -> set[str]:
    assert response.status_code == 200, response.text
    return {e["id"] for e in response.json()["data"]}


def expected(pred) -> set[str]:
    return {e.id for e in EVENTS if pred(e)}


def assert_error(response, status: int) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) == ERROR_KEYS
    assert body["ok"] is False and body["status"] == status and body["error"]
    return body


def countries(e: Event) -> set[str | None]:
    return {e.source.country if e.source else None, e.target.country if e.target else None}


# -- /api/events -------------------------------------------------------------------------------------------
def test_events_are_the_stored_records(client):
    body = client.get("/api/events").json()
    assert body["count"] == len(EVENTS) and body["next_offset"] is None and (body["limit"], body["offset"]) == (100, 0)
    served = [Event.model_validate(e) for e in body["data"]]
    assert {e.id: e for e in served} == BY_ID
    dated = [e.date for e in served if e.date]
    assert dated == sorted(dated), "oldest first, undated last"
    assert served[-1].date is None


def test_pages_cover_every_event_once(client):
    seen, offset, pages = [], 0, 0
    while offset is not None:
        body = client.get("/api/events", params={"limit": 5, "offset": offset}).json()
        assert body["count"] == len(EVENTS) and len(body["data"]) <= 5
        seen += [e["id"] for e in body["data"]]
        offset, pages = body["next_offset"], pages + 1
    assert pages == 3 and len(seen) == len(EVENTS) and set(seen) == set(BY_ID)
    last = client.get("/api/events", params={"limit": 5, "offset": 10}).json()
    assert len(last["data"]) == 2 and last["next_offset"] is None
    assert client.get("/api/events", params={"offset": 50}).json()["data"] == []


FILTERS = [
    ({"type": "ASSAULT"}, lambda e: e.event_type == "ASSAULT"),
    ({"type": "assault"}, lambda e: e.event_type == "ASSAULT"),
    ({"type": ["ASSAULT", "AID"]}, lambda e: e.event_type in ("ASSAULT", "AID")),
    ({"country": "IRN"}, lambda e: "IRN" in countries(e)),
    ({"country": "usa"}, lambda e: "USA" in countries(e)),
    ({"source_country": "USA"}, lambda e: e.source is not None and e.source.country == "USA"),
    ({"target_country": "IRN"}, lambda e: e.target is not None and e.target.country == "IRN"),
    ({"actor": "hassan-rouhani"}, lambda e: "hassan-rouhani" in (e.source.actor_id, e.target and e.target.actor_id)),
    ({"since": "2015"}, lambda e: e.date is not None and e.date >= "2015"),
    ({"until": "2015-03"}, lambda e: e.date is not None and e.date[:7] <= "2015-03"),
    ({"since": "2015-01-01", "until": "2019-12-31"}, lambda e: e.date is not None and "2015" <= e.date <= "2019-12-31"),
    ({"period": "2019"}, lambda e: e.date is not None and e.date.startswith("2019")),
    ({"period": "2020-01"}, lambda e: e.date == "2020-01"),
    ({"factuality": "negated"}, lambda e: e.factuality == "negated"),
    ({"factuality": ["negated", "hypothetical"]}, lambda e: e.factuality in ("negated", "hypothetical")),
    ({"min_confidence": 0.85}, lambda e: e.confidence >= 0.85),
    ({"doc_id": "news/2020/jan.txt"}, lambda e: e.doc_id == "news/2020/jan.txt"),
    ({"type": "ASSAULT", "country": "USA", "factuality": "asserted"},
     lambda e: e.event_type == "ASSAULT" and "USA" in countries(e) and e.factuality == "asserted"),
]


@pytest.mark.parametrize(("params", "pred"), FILTERS, ids=[str(p) for p, _ in FILTERS])
def test_filters_match_khaldun_events(client, params, pred):
    want = expected(pred)
    assert want, "each filter case must select something"
    response = client.get("/api/events", params=params)
    assert ids(response) == want
    assert response.json()["count"] == len(want)


def test_filters_agree_with_the_cli_export(client, db_path):
    out = CliRunner().invoke(cli, ["events", "--db", str(db_path), "--type", "ASSAULT", "--country", "IRN"])
    assert out.exit_code == 0, out.output
    cli_ids = {Event.model_validate_json(line).id for line in out.output.splitlines() if line.strip()}
    assert cli_ids and cli_ids == ids(client.get("/api/events", params={"type": "ASSAULT", "country": "IRN"}))


def test_one_event_by_id(client):
    event = EVENTS[4]
    response = client.get(f"/api/events/{event.id}")
    assert response.status_code == 200
    assert set(response.json()) == set(Event.model_fields)
    assert Event.model_validate(response.json()) == event


# -- /api/documents ----------------------------------------------------------------------------------------
@pytest.mark.parametrize("doc", coded_documents(), ids=lambda d: d.doc_id)
def test_document_round_trips_with_offsets(client, doc):
    response = client.get(f"/api/documents/{doc.doc_id}")
    assert response.status_code == 200, response.text
    served = CodedDocument.model_validate(response.json())
    assert served == doc
    for e in served.events:
        assert served.text[e.sentence_start:e.sentence_start + len(e.sentence)] == e.sentence
        assert served.text[e.trigger.start:e.trigger.end] == e.trigger.text
        for actor in (e.source, e.target):
            if actor is not None:
                assert served.text[actor.start:actor.end] == actor.text
        assert served.sentences[e.sentence_index].start == e.sentence_start


# -- summaries ---------------------------------------------------------------------------------------------
def test_stats_is_the_cli_summary(client, db_path):
    body = client.get("/api/stats").json()
    assert body["counts"]["events"] == len(EVENTS) and body["counts"]["documents"] == 4
    assert body["by_type"] == dict(Counter(e.event_type for e in EVENTS))
    assert body["by_factuality"] == dict(Counter(e.factuality for e in EVENTS))
    assert body["casualties_asserted"]["dead"] == 12
    out = CliRunner().invoke(cli, ["stats", "--db", str(db_path), "--json"])
    assert out.exit_code == 0
    assert json.loads(out.output) == body
    filtered = client.get("/api/stats", params={"type": "ASSAULT"}).json()
    assert filtered["by_type"] == {"ASSAULT": 4}


def test_timeline_by_year_fills_gaps_and_splits_quads(client):
    body = client.get("/api/timeline", params={"by": "year"}).json()
    periods = {p["period"]: p for p in body["periods"]}
    assert list(periods) == [str(y) for y in range(2014, 2021)]
    for year, p in periods.items():
        dated = [e for e in EVENTS if e.date and e.date.startswith(year)]
        assert p["total"] == len(dated)
        assert p["cooperation"] == sum(e.quad_class <= 2 for e in dated)
        assert p["conflict"] == sum(e.quad_class >= 3 for e in dated)
        assert p["material_conflict"] == sum(e.quad_class == 4 for e in dated)
    assert periods["2016"]["total"] == 0 and periods["2016"]["goldstein"] is None
    assert body["undated"] == 1


def test_timeline_by_month_and_day(client):
    months = client.get("/api/timeline", params={"by": "month"}).json()
    assert months["periods"][0]["period"] == "2014-06" and months["periods"][-1]["period"] == "2020-01"
    assert len(months["periods"]) == 68 and months["undated"] == 1
    days = client.get("/api/timeline", params={"by": "day", "type": "ASSAULT"}).json()
    assert [p["period"] for p in days["periods"]] == ["2014-06-10", "2015-03-02", "2019-12-31"]
    assert days["undated"] == 1, "the month-precise 2020-01 assault has no day"


def edge_map(body: dict) -> dict[tuple[str, str], dict]:
    return {(e["source"], e["target"]): e for e in body["edges"]}


def test_network_counts_asserted_cooperation_and_conflict(client):
    body = client.get("/api/network").json()
    assert body["level"] == "actor" and body["factuality"] == ["asserted"]
    nodes = {n["id"]: n for n in body["nodes"]}
    edges = edge_map(body)
    assert all(s in nodes and t in nodes for s, t in edges)
    usa_irn = edges[("USA", "IRN")]
    assert (usa_irn["events"], usa_irn["conflict"], usa_irn["cooperation"]) == (2, 2, 0)
    assert (edges[("IRN", "USA")]["events"], edges[("IRN", "USA")]["conflict"]) == (1, 1), "the negated attack is left out"
    assert edges[("IRN", "IRQ")]["cooperation"] == 1 and ("IRQ", "IRN") not in edges, "hypothetical left out"
    assert edges[("hassan-rouhani", "haider-al-abadi")]["cooperation"] == 1
    assert nodes["hassan-rouhani"]["label"] == "Hassan Rouhani" and nodes["isis"]["label"] == "Islamic State"
    assert "IRQ CVL" in nodes, "an actor with no id falls back to its country and sector"
    assert "UN" not in nodes, "an event without a target has no edge"
    assert sum(e["events"] for e in body["edges"]) == sum(
        1 for e in EVENTS if e.factuality == "asserted" and e.target is not None)


def test_network_by_period_shows_the_system_shifting(client):
    y2015 = client.get("/api/network", params={"period": "2015"}).json()
    y2019 = client.get("/api/network", params={"period": "2019"}).json()
    assert {n["id"] for n in y2015["nodes"]} == {"TUR", "IRQ", "hassan-rouhani", "haider-al-abadi", "kurds", "isis"}
    assert set(edge_map(y2019)) == {("IRQ CVL", "USA"), ("USA", "IRN")}
    negated = client.get("/api/network", params={"factuality": "negated"}).json()
    assert negated["factuality"] == ["negated"] and set(edge_map(negated)) == {("IRN", "USA")}


def test_network_levels_and_limits(client):
    by_country = client.get("/api/network", params={"level": "country"}).json()
    edges = edge_map(by_country)
    assert edges[("IRQ", "isis")]["events"] == 2, "Iraqi troops and Kurdish forces (IRQ) against ISIS"
    assert edges[("IRN", "IRQ")]["cooperation"] == 2
    assert {n["id"]: n["label"] for n in by_country["nodes"]}["isis"] == "Islamic State"
    by_sector = client.get("/api/network", params={"level": "sector"}).json()
    assert ("IRQ MIL", "isis INS") in edge_map(by_sector)
    small = client.get("/api/network", params={"max_nodes": 2}).json()
    assert len(small["nodes"]) == 2
    kept = {n["id"] for n in small["nodes"]}
    assert all(e["source"] in kept and e["target"] in kept for e in small["edges"])
    busy = client.get("/api/network", params={"min_events": 2}).json()
    assert busy["edges"] and all(e["events"] >= 2 for e in busy["edges"])


def test_map_groups_located_events(client):
    body = client.get("/api/map").json()
    points = {p["name"]: p for p in body["points"]}
    assert set(points) == {"Mosul", "Ankara", "Tehran", "Syria", "Baghdad", "Iraq"}
    assert points["Mosul"]["dead"] == 12 and points["Mosul"]["event_types"] == {"ASSAULT": 1}
    assert (points["Ankara"]["lat"], points["Ankara"]["lon"]) == (39.920, 32.854)
    assert body["unlocated"] == sum(1 for e in EVENTS if e.location is None)
    agree = client.get("/api/map", params={"type": "AGREE"}).json()
    assert [p["name"] for p in agree["points"]] == ["Ankara"] and agree["unlocated"] == 0


def test_actor_profile(client):
    body = client.get("/api/actors/IRN").json()
    assert body["actor"]["name"] == "Iran" and body["actor"]["kind"] == "state"
    mine = [e for e in EVENTS if "IRN" in (e.source.actor_id, e.target and e.target.actor_id)]
    assert body["as_source"] == sum(e.source.actor_id == "IRN" for e in mine) == 3
    assert body["as_target"] == 3
    partners = {p["id"]: p for p in body["partners"]}
    assert partners["USA"]["events"] == 4 and partners["USA"]["conflict"] == 4
    irq = partners["IRQ"]  # aid from Iran (cooperation), a hypothetical request from Iraq (REQUEST: verbal conflict)
    assert (irq["cooperation"], irq["conflict"], irq["as_source"], irq["as_target"]) == (1, 1, 1, 1)
    dates = [e["date"] for e in body["events"]]
    assert len(dates) == len(mine) and dates == sorted(dates, reverse=True), "newest first"
    limited = client.get("/api/actors/IRN", params={"limit": 2, "period": "2019"}).json()
    assert len(limited["events"]) == 2 and all(e["date"].startswith("2019") for e in limited["events"])


# -- errors ------------------------------------------------------------------------------------------------
BAD = [
    ("/api/events", {"limit": 0}, 422),
    ("/api/events", {"limit": 5000}, 422),
    ("/api/events", {"offset": -1}, 422),
    ("/api/events", {"type": "BOMB"}, 422),
    ("/api/events", {"factuality": "maybe"}, 422),
    ("/api/events", {"min_confidence": 2}, 422),
    ("/api/events", {"min_confidence": "high"}, 422),
    ("/api/events", {"country": "IRAQ"}, 422),
    ("/api/events", {"since": "14-01"}, 422),
    ("/api/events", {"since": "2014-13"}, 400),
    ("/api/events", {"until": "2014-02-30"}, 400),
    ("/api/events", {"since": "2016", "until": "2015-12"}, 400),
    ("/api/events", {"period": "2014", "since": "2014"}, 400),
    ("/api/timeline", {"by": "week"}, 422),
    ("/api/network", {"level": "planet"}, 422),
    ("/api/network", {"max_nodes": 0}, 422),
    ("/api/map", {"period": "2014-00"}, 400),
    ("/api/actors/IRN", {"limit": 0}, 422),
]


@pytest.mark.parametrize(("path", "params", "status"), BAD, ids=[f"{p}?{q}" for p, q, _ in BAD])
def test_bad_parameters_give_the_one_error_shape(client, path, params, status):
    body = assert_error(client.get(path, params=params), status)
    assert any(name in body["error"] for name in params), body["error"]
    if status == 422:
        assert body["errors"] and all({"loc", "msg", "type"} <= set(e) for e in body["errors"])


@pytest.mark.parametrize("path", ["/api/events/ev_nothing", "/api/documents/no/such/doc.txt", "/api/actors/nobody",
                                  "/api/nothing-here"])
def test_unknown_ids_are_404(client, path):
    body = assert_error(client.get(path), 404)
    assert body["errors"] == []


def test_wrong_method_is_405_in_the_same_shape(client):
    assert_error(client.post("/api/events"), 405)


def test_missing_database_is_a_clear_startup_error(tmp_path):
    missing = tmp_path / "nothing.db"
    with pytest.raises(StoreError, match="does not exist"):
        create_app(missing)
    assert not missing.exists(), "serving must never create a database"
    out = CliRunner().invoke(cli, ["serve", "--db", str(missing), "--port", "1"])
    assert out.exit_code == 1 and "nothing.db" in out.output and "khaldun code" in out.output


def test_a_file_that_is_not_a_database_is_refused(tmp_path):
    junk = tmp_path / "notes.db"
    junk.write_text("not sqlite at all " * 100)
    with pytest.raises(StoreError):
        create_app(junk)


def test_two_apps_over_two_databases_do_not_share_state(tmp_path, db_path):
    other = tmp_path / "other.db"
    from khaldun.store.db import Store

    docs = coded_documents()[:1]
    with Store(other) as store:
        store.save(docs[0])
    with TestClient(create_app(other)) as small, TestClient(create_app(db_path)) as big:
        assert small.get("/api/events").json()["count"] == 3
        assert big.get("/api/events").json()["count"] == len(EVENTS)


# -- OpenAPI, /docs and the pages ----------------------------------------------------------------------------
def test_openapi_derives_from_the_record(client):
    spec = client.get("/openapi.json").json()
    assert {"/api/events", "/api/events/{event_id}", "/api/documents/{doc_id}", "/api/stats", "/api/timeline",
            "/api/network", "/api/map", "/api/actors/{actor_id}"} <= set(spec["paths"])
    schemas = spec["components"]["schemas"]
    assert set(schemas["Event"]["properties"]) == set(Event.model_fields)
    assert set(schemas["ErrorBody"]["properties"]) == ERROR_KEYS
    events = spec["paths"]["/api/events"]["get"]
    params = {p["name"] for p in events["parameters"]}
    assert {"type", "country", "source_country", "target_country", "actor", "since", "until", "factuality",
            "min_confidence", "doc_id", "limit", "offset", "period"} <= params
    assert events["responses"]["422"]["content"]["application/json"]["schema"]["$ref"].endswith("/ErrorBody")
    assert "404" in spec["paths"]["/api/events/{event_id}"]["get"]["responses"]


def test_docs_page_works_offline(client):
    page = client.get("/docs")
    assert page.status_code == 200 and "text/html" in page.headers["content-type"]
    scripts = re.findall(r'src="([^"]+)"', page.text)
    assert scripts and all(s.startswith("/static/") or s.startswith("http://testserver/static/") for s in scripts)
    assert "cdn" not in page.text.lower()
    for src in scripts:
        assert client.get(src).status_code == 200


def test_dashboard_pages(client):
    page = client.get("/")
    assert page.status_code == 200
    assert "cdn" not in page.text.lower() and "https://" not in page.text
    for value in ("IRN", "USA", "ASSAULT", "negated", "2019"):
        assert f'value="{value}"' in page.text
    for asset in re.findall(r'(?:src|href)="(/static/[^"]+|http://testserver/static/[^"]+)"', page.text):
        assert client.get(asset).status_code == 200
    linked = client.get(f"/events/{EVENTS[0].id}")
    assert linked.status_code == 200 and f'data-open-event="{EVENTS[0].id}"' in linked.text
    missing = client.get("/events/ev_nothing", headers={"Accept": "text/html"})
    assert missing.status_code == 404 and "ev_nothing" in missing.text and "<html" in missing.text
    assert_error(client.get("/events/ev_nothing"), 404)


# -- events coded by the real pipeline ------------------------------------------------------------------------
def test_serves_what_the_coder_stored(tmp_path, lexicon_coder):
    from khaldun.schema import Document
    from khaldun.store.db import Store

    text = ("Iranian President Hassan Rouhani met Iraqi Prime Minister Haider al-Abadi in Tehran on Monday. "
            "Turkey and Iraq signed an agreement on water sharing.")
    coded = lexicon_coder.code_document(Document(doc_id="coded/visit.txt", text=text, date="2015-03-02"))
    if not coded.events:
        pytest.skip("the coder found no event in these sentences (is the trigger lexicon merged?)")
    path = tmp_path / "coded.db"
    with Store(path) as store:
        store.save(coded)
    with TestClient(create_app(path)) as c:
        served = CodedDocument.model_validate(c.get("/api/documents/coded/visit.txt").json())
        assert sorted(served.events, key=lambda e: e.id) == sorted(coded.events, key=lambda e: e.id)
        assert served.text == text
        page = c.get("/api/events", params={"doc_id": "coded/visit.txt"}).json()
        assert sorted(Event.model_validate(e).id for e in page["data"]) == sorted(e.id for e in coded.events)
        for e in coded.events:
            assert Event.model_validate(c.get(f"/api/events/{e.id}").json()) == e
