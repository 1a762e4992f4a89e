"""``create_app(db_path)``: the REST API (OpenAPI at /openapi.json, reference at /docs) and the dashboard at /.

The app holds its own read-only Store (no module state), so several apps over
different databases can live in one process. This module is the only place
where library errors become HTTP statuses, always in one JSON shape
(``khaldun.api.models.ErrorBody``).
"""

from __future__ import annotations

import logging
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

from fastapi import FastAPI, Request
from fastapi.encoders import jsonable_encoder
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from khaldun.api import pages, routes
from khaldun.api.deps import StoreHandle
from khaldun.api.models import error_body
from khaldun.errors import KhaldunError
from khaldun.store.db import Store
from khaldun.version import __version__

_LOG = logging.getLogger(__name__)
WEB = Path(str(files("khaldun"))) / "web"
DESCRIPTION = """Political events coded by khaldun (PLOVER/CAMEO): who did what to whom, when and where.

Every event is the record of `khaldun events` (see the `Event` schema). Errors always have one shape:
`{"ok": false, "error": "...", "status": 404, "errors": []}`."""


def create_app(db_path: str | Path) -> FastAPI:
    """The API and dashboard over the khaldun database at ``db_path``, opened read-only.

    Raises ``StoreError`` when the database does not exist or is not a khaldun database.
    """
    handle = StoreHandle(Store(db_path, readonly=True))

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        handle.close()

    app = FastAPI(title="khaldun", version=__version__, description=DESCRIPTION, lifespan=lifespan,
                  docs_url=None, redoc_url=None)
    app.state.store = handle
    app.state.templates = Jinja2Templates(directory=str(WEB / "templates"))
    app.include_router(routes.router, prefix="/api")
    app.include_router(pages.router)
    app.mount("/static", StaticFiles(directory=str(WEB / "static")), name="static")
    app.add_exception_handler(KhaldunError, _khaldun_error)
    app.add_exception_handler(RequestValidationError, _validation_error)
    app.add_exception_handler(StarletteHTTPException, _http_error)
    app.add_exception_handler(Exception, _internal_error)
    return app


def run(db_path: str | Path, *, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Serve the app until interrupted (``khaldun serve``); a missing database fails here, before serving."""
    import uvicorn

    app = create_app(db_path)
    uvicorn.run(app, host=host, port=port, log_level="info")


def _respond(request: Request, status: int, message: str, errors: list[dict[str, Any]] | None = None) -> Response:
    """JSON in the one error shape for the API; a small HTML page for a person browsing the dashboard."""
    if request.url.path.startswith("/api") or "text/html" not in request.headers.get("accept", ""):
        return JSONResponse(error_body(status, message, errors), status_code=status)
    templates: Jinja2Templates = request.app.state.templates
    return templates.TemplateResponse(request, "error.html", {"status": status, "message": message},
                                      status_code=status)


async def _khaldun_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, KhaldunError)
    if exc.status >= 500:
        _LOG.error("%s %s: %s", request.method, request.url.path, exc)
    return _respond(request, exc.status, str(exc))


async def _validation_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, RequestValidationError)
    errors = [{"loc": list(e.get("loc", ())), "msg": e.get("msg", ""), "type": e.get("type", "")}
              for e in exc.errors()]
    message = "; ".join(f"{_param(e['loc'])}: {e['msg']}" for e in errors) or "invalid request"
    return _respond(request, 422, f"invalid parameter {message}", jsonable_encoder(errors))


def _param(loc: list[Any]) -> str:
    return ".".join(str(p) for p in loc[1:]) or ".".join(str(p) for p in loc)


async def _http_error(request: Request, exc: Exception) -> Response:
    assert isinstance(exc, StarletteHTTPException)
    message = exc.detail if isinstance(exc.detail, str) else "error"
    if exc.status_code == 404 and message == "Not Found":
        message = f"no such page or route: {request.url.path} (the API is under /api; its reference at /docs)"
    return _respond(request, exc.status_code, message)


async def _internal_error(request: Request, exc: Exception) -> Response:
    _LOG.exception("%s %s failed", request.method, request.url.path)
    return _respond(request, 500, f"internal error ({type(exc).__name__}); see the server log")
