"""The API's own response shapes: a page of events and the one error body.

Everything else the API serves is a record defined elsewhere, once:
``khaldun.schema`` (Event, CodedDocument) and ``khaldun.analysis.models``.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, Field

from khaldun.schema import Event


class EventsPage(BaseModel):
    """One page of the events matching the filters, oldest first."""

    data: list[Event]
    count: int = Field(description="events matching the filters, on all pages")
    limit: int
    offset: int
    next_offset: int | None = Field(description="offset of the next page; null on the last page")


class ErrorBody(BaseModel):
    """Every error the API returns has this shape, whatever its status."""

    ok: Literal[False] = False
    error: str = Field(description="what went wrong and, where it can, what to do about it")
    status: int = Field(description="the HTTP status, repeated")
    errors: list[dict[str, Any]] = Field(default_factory=list,
                                         description="one entry per bad parameter (422), else empty")


def error_body(status: int, message: str, errors: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """The one JSON error shape (``ErrorBody``), as a plain dict for a JSONResponse."""
    return ErrorBody(error=message, status=status, errors=errors or []).model_dump()


ERROR_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "A parameter has a valid form but cannot be used (e.g. 2014-13)"},
    422: {"model": ErrorBody, "description": "A parameter is malformed or out of range"},
}
