"""The dashboard in a real browser: the real server (uvicorn, on a free port) and Debian chromium driven by Playwright.

Skipped, with the reason, where /usr/bin/chromium or Playwright is absent (CI installs chromium in .ci/run).
Playwright never downloads a browser here: it drives the system chromium.
"""

from __future__ import annotations

import json
import socket
import threading
import time
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

CHROMIUM = Path("/usr/bin/chromium")
if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is absent: the browser tests need Debian's chromium (apt-get install chromium)",
                allow_module_level=True)
pytest.importorskip("playwright.sync_api", reason="the browser tests need the test extra (playwright)")
uvicorn = pytest.importorskip("uvicorn", reason="the server needs the web extra: pip install 'khaldun[web]'")

from playwright.sync_api import expect, sync_playwright  # noqa: E402

from api_data import build_store, coded_documents  # noqa: E402
from khaldun.api.app import create_app  # noqa: E402

pytestmark = pytest.mark.browser
CHROMIUM_ARGS = ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                 "--disable-background-networking", "--disable-component-update", "--disable-sync"]
EVENTS = [e for d in coded_documents() for e in d.events]


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    """``khaldun serve``'s app under uvicorn in a thread; yields its base URL and stops it afterwards."""
    path = tmp_path_factory.mktemp("web") / "events.db"
    build_store(path)
    port = free_port()
    srv = uvicorn.Server(uvicorn.Config(create_app(path), host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=srv.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not srv.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            pytest.fail("the server did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    srv.should_exit = True
    thread.join(10)


def get_json(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=10) as response:
        return json.loads(response.read())


@pytest.fixture(scope="module")
def browser():
    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield b
        b.close()


@pytest.fixture()
def page(browser, server):
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    pg = context.new_page()
    errors: list[str] = []
    pg.on("pageerror", lambda exc: errors.append(str(exc)))
    pg.on("requestfailed", lambda req: errors.append(f"request failed: {req.url}"))
    pg.on("request", lambda req: None if req.url.startswith(server) or req.url.startswith("data:")
          else errors.append(f"left the server: {req.url}"))
    yield pg
    context.close()
    assert errors == [], "no script errors, no failed requests, nothing fetched from outside"


def ready(pg, tab: str) -> None:
    expect(pg.locator(f"#tab-{tab}")).to_have_attribute("data-state", "ready")


def test_table_lists_and_filters_events(page, server):
    page.goto(server + "/")
    ready(page, "events")
    rows = page.locator("#events-table tbody tr")
    expect(rows).to_have_count(len(EVENTS))
    expect(page.locator("#events-count")).to_have_text(f"1–{len(EVENTS)} of {len(EVENTS)} events")

    page.select_option("#filters select[name=type]", "ASSAULT")
    page.click("#filters button[type=submit]")
    expect(rows).to_have_count(sum(e.event_type == "ASSAULT" for e in EVENTS))
    assert set(page.locator("#events-table tbody .badge").all_inner_texts()) == {"ASSAULT"}

    page.select_option("#filters select[name=factuality]", "negated")
    page.click("#filters button[type=submit]")
    expect(rows).to_have_count(1)
    expect(rows.first).to_have_attribute("data-id", next(e.id for e in EVENTS if e.factuality == "negated"))

    page.select_option("#filters select[name=factuality]", "")
    page.select_option("#filters select[name=country]", "USA")
    page.fill("#filters input[name=since]", "2019")
    page.fill("#filters input[name=until]", "2020-12-31")
    page.click("#filters button[type=submit]")
    want = {e.id for e in EVENTS if e.event_type == "ASSAULT" and e.date and e.date >= "2019"
            and "USA" in (e.source.country, e.target and e.target.country)}
    expect(rows).to_have_count(len(want))
    assert {rows.nth(i).get_attribute("data-id") for i in range(len(want))} == want

    page.click("#filters button[type=reset]")
    expect(rows).to_have_count(len(EVENTS))


def test_a_bad_filter_shows_the_api_error(page, server):
    page.goto(server + "/")
    ready(page, "events")
    page.fill("#filters input[name=since]", "2014-13")
    page.click("#filters button[type=submit]")
    expect(page.locator("#error")).to_be_visible()
    expect(page.locator("#error")).to_contain_text("since='2014-13' is not a date")


def check_highlight(page, event) -> None:
    doc = page.locator("#doc-text")
    sentence = doc.locator("mark.sentence")
    expect(sentence).to_have_count(1)
    expect(sentence).to_have_text(event.sentence)
    expect(sentence.locator(".hl-trigger")).to_have_text(event.trigger.text)
    expect(sentence.locator(".hl-source")).to_have_text(event.source.text)
    if event.target:
        expect(sentence.locator(".hl-target")).to_have_text(event.target.text)
    document = next(d for d in coded_documents() if d.doc_id == event.doc_id)
    expect(doc).to_have_text(document.text.strip())


def test_opening_an_event_highlights_its_sentence(page, server):
    page.goto(server + "/")
    ready(page, "events")
    event = EVENTS[4]  # the second sentence of its document: the mark must not sit at the start
    page.click(f"#events-table tbody tr[data-id='{event.id}']")
    expect(page.locator("#detail")).to_have_attribute("data-event", event.id)
    check_highlight(page, event)
    expect(page.locator("#detail-fields")).to_contain_text(event.trigger.text)
    expect(page.locator(f"#events-table tbody tr[data-id='{event.id}']")).to_have_class("selected")

    other = EVENTS[5]
    page.click(f"#doc-events li[data-id='{other.id}']")
    expect(page.locator("#detail")).to_have_attribute("data-event", other.id)
    check_highlight(page, other)


def test_an_event_link_opens_it(page, server):
    event = next(e for e in EVENTS if e.doc_id == "news/2020/jan.txt")
    page.goto(f"{server}/events/{event.id}")
    expect(page.locator("#detail")).to_have_attribute("data-event", event.id)
    check_highlight(page, event)


def test_timeline_draws_every_period(page, server):
    page.goto(server + "/#timeline")
    ready(page, "timeline")
    months = get_json(server + "/api/timeline?by=month")
    expect(page.locator("#timeline g.bar")).to_have_count(len(months["periods"]))
    page.select_option("#timeline-by", "year")
    years = get_json(server + "/api/timeline?by=year")
    expect(page.locator("#timeline g.bar")).to_have_count(len(years["periods"]))
    conflict_2019 = page.locator("#timeline g.bar[data-period='2019'] rect.q3")
    expect(conflict_2019).to_have_count(1)
    assert float(conflict_2019.get_attribute("height")) > 0


def test_network_draws_nodes_and_edges_by_period(page, server):
    page.goto(server + "/")
    ready(page, "events")
    page.click("[data-tab=network]")
    ready(page, "network")
    net = get_json(server + "/api/network?max_nodes=40")
    nodes, edges = page.locator("#network g.node"), page.locator("#network g.edge")
    expect(nodes).to_have_count(len(net["nodes"]))
    expect(edges).to_have_count(len(net["edges"]))
    assert set(page.locator("#network g.node text").all_text_contents()) == {n["label"] for n in net["nodes"]}
    usa_irn = page.locator("#network g.edge[data-source='USA'][data-target='IRN']")
    expect(usa_irn.locator("path.conflict")).to_have_count(1)
    expect(usa_irn.locator("path.coop")).to_have_count(0)
    for i in range(nodes.count()):  # the layout keeps every node on the canvas
        x, y = map(float, nodes.nth(i).get_attribute("transform")[len("translate("):-1].split(","))
        assert 0 < x < 800 and 0 < y < 600

    page.select_option("#network-period", "2015")
    y2015 = get_json(server + "/api/network?period=2015&max_nodes=40")
    expect(nodes).to_have_count(len(y2015["nodes"]))
    expect(edges).to_have_count(len(y2015["edges"]))
    expect(page.locator("#network g.node[data-id='USA']")).to_have_count(0)

    page.select_option("#network-period", "")
    expect(nodes).to_have_count(len(net["nodes"]))
    page.click("#network g.node[data-id='IRN']")
    panel = page.locator("#actor-panel")
    expect(panel.locator("h2")).to_have_text("Iran")
    expect(panel.locator("table.partners tbody tr")).to_have_count(2)
    panel.locator("button").click()
    ready(page, "events")
    expect(page.locator("#events-table tbody tr")).to_have_count(
        sum("IRN" in (e.source.actor_id, e.target and e.target.actor_id) for e in EVENTS))


def test_map_places_located_events(page, server):
    page.goto(server + "/#map")
    ready(page, "map")
    data = get_json(server + "/api/map")
    places = page.locator("#map g.place")
    expect(places).to_have_count(len(data["points"]))
    tehran, ankara = (page.locator(f"#map g.place[data-name='{n}'] circle") for n in ("Tehran", "Ankara"))
    assert float(tehran.get_attribute("cx")) > float(ankara.get_attribute("cx")), "east is right"
    assert float(tehran.get_attribute("cy")) > float(ankara.get_attribute("cy")), "north is up"
    page.select_option("#filters select[name=type]", "AGREE")
    page.click("#filters button[type=submit]")
    expect(places).to_have_count(1)


def test_docs_page_lists_the_routes(page, server):
    page.goto(server + "/docs")
    expect(page.locator("#api-docs")).to_have_attribute("data-state", "ready")
    toc = page.locator("#api-docs ul.toc li")
    spec = get_json(server + "/openapi.json")
    expect(toc).to_have_count(sum(len(ops) for ops in spec["paths"].values()))
    form = page.locator("section.route form.try").first
    form.locator("input[name=limit]").fill("2")
    form.locator("button").click()
    expect(form.locator("pre.result")).to_contain_text('"next_offset": 2')


def test_concurrent_requests_share_the_store_safely(server):
    urls = [f"{server}/api/events?limit=3&offset={i}" for i in range(10)] + \
           [f"{server}/api/network", f"{server}/api/timeline", f"{server}/api/map", f"{server}/api/actors/IRN"]
    serial = [get_json(url) for url in urls]
    with ThreadPoolExecutor(max_workers=8) as pool:
        parallel = list(pool.map(get_json, urls * 4))
    assert parallel == serial * 4
