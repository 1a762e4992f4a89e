"""What the routes share: the app's read-only Store and the event filters of ``khaldun events`` as query parameters."""

from __future__ import annotations

import datetime as dt
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Annotated

from fastapi import Depends, Query, Request
from pydantic import BeforeValidator

from khaldun.errors import UsageError
from khaldun.schema import Factuality, PloverType
from khaldun.store.db import EventFilter, Store

DATE_PATTERN = r"^\d{4}(-\d{2}(-\d{2})?)?$"
MAX_LIMIT = 1000


class StoreHandle:
    """The app's read-only Store. Its one SQLite connection serves one request at a time."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._lock = threading.Lock()

    @contextmanager
    def use(self) -> Iterator[Store]:
        with self._lock:
            yield self._store

    def close(self) -> None:
        with self._lock:
            self._store.close()


def get_store(request: Request) -> Iterator[Store]:
    with request.app.state.store.use() as store:
        yield store


StoreDep = Annotated[Store, Depends(get_store)]


def _upper(value: object) -> object:
    return value.upper() if isinstance(value, str) else value


def _lower(value: object) -> object:
    return value.lower() if isinstance(value, str) else value


EventType = Annotated[PloverType, BeforeValidator(_upper)]
FactualityValue = Annotated[Factuality, BeforeValidator(_lower)]
Country = Annotated[str | None, Query(pattern=r"^[A-Za-z]{3}$", description="ISO 3166-1 alpha-3, e.g. IRQ")]
DatePart = Annotated[str | None, Query(pattern=DATE_PATTERN, description="YYYY, YYYY-MM or YYYY-MM-DD")]


def check_date(name: str, value: str | None) -> str | None:
    """A YYYY[-MM[-DD]] value must also be a real date: 2014-02-30 is refused (400), not matched against nothing."""
    if value is None:
        return None
    parts = [int(p) for p in value.split("-")]
    try:
        dt.date(parts[0], parts[1] if len(parts) > 1 else 1, parts[2] if len(parts) > 2 else 1)
    except ValueError:
        raise UsageError(f"{name}={value!r} is not a date; use YYYY, YYYY-MM or YYYY-MM-DD") from None
    return value


def event_filter(
    event_type: Annotated[list[EventType] | None, Query(alias="type", description="PLOVER event type; repeat for several")] = None,
    country: Country = None,
    source_country: Country = None,
    target_country: Country = None,
    actor: Annotated[str | None, Query(description="actor id of the source or target, e.g. IRN or hassan-rouhani")] = None,
    since: DatePart = None,
    until: DatePart = None,
    period: Annotated[str | None, Query(pattern=DATE_PATTERN,
                                        description="one year, month or day: the same as since=until=period")] = None,
    factuality: Annotated[list[FactualityValue] | None, Query(description="repeat for several")] = None,
    min_confidence: Annotated[float | None, Query(ge=0, le=1)] = None,
    doc_id: Annotated[str | None, Query(description="only the events of this document")] = None,
) -> EventFilter:
    """The filters of ``khaldun events``, combined with AND; ``period`` is shorthand for one year or month."""
    check_date("since", since)
    check_date("until", until)
    if check_date("period", period):
        if since or until:
            raise UsageError("give either period or since/until, not both")
        since = until = period
    if since and until and since[:len(until)] > until:
        raise UsageError(f"since={since} is after until={until}")
    return EventFilter(event_type=tuple(event_type or ()), country=country, source_country=source_country,
                       target_country=target_country, actor=actor, since=since, until=until,
                       factuality=tuple(factuality or ()), min_confidence=min_confidence, doc_id=doc_id)


FilterDep = Annotated[EventFilter, Depends(event_filter)]
Limit = Annotated[int, Query(ge=1, le=MAX_LIMIT, description=f"page size, at most {MAX_LIMIT}")]
Offset = Annotated[int, Query(ge=0, description="events to skip")]
