"""The dashboard's HTML pages (server-rendered skeletons; the JS in web/static fills them from /api) and /docs."""

from __future__ import annotations

from typing import get_args

from fastapi import APIRouter, Request
from fastapi.responses import HTMLResponse

from khaldun.analysis import aggregates, records
from khaldun.api.deps import StoreDep
from khaldun.schema import Factuality, PloverType
from khaldun.version import __version__

router = APIRouter(include_in_schema=False)


def _dashboard(request: Request, store: StoreDep, *, open_event: str | None = None) -> HTMLResponse:
    context = {
        "version": __version__,
        "db_name": store.path.name,
        "counts": store.counts(),
        "facets": aggregates.facets(store),
        "event_types": get_args(PloverType),
        "factualities": get_args(Factuality),
        "open_event": open_event,
    }
    return request.app.state.templates.TemplateResponse(request, "index.html", context)


@router.get("/", response_class=HTMLResponse)
def dashboard(request: Request, store: StoreDep) -> HTMLResponse:
    return _dashboard(request, store)


@router.get("/events/{event_id}", response_class=HTMLResponse)
def event_page(request: Request, store: StoreDep, event_id: str) -> HTMLResponse:
    """A link to one event: the dashboard with that event open (404 when there is none)."""
    records.get_event(store, event_id)
    return _dashboard(request, store, open_event=event_id)


@router.get("/docs", response_class=HTMLResponse)
def api_docs(request: Request) -> HTMLResponse:
    """The API reference, drawn from /openapi.json by a small local script (no CDN: works offline)."""
    return request.app.state.templates.TemplateResponse(request, "docs.html", {"version": __version__})
