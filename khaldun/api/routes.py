"""The REST API under ``/api``: each route parses its parameters, calls ``khaldun.analysis`` and returns its record."""

from __future__ import annotations

import dataclasses
from typing import Annotated, Literal

from fastapi import APIRouter, Path, Query

from khaldun.analysis import aggregates, records
from khaldun.analysis.models import ActorProfile, MapData, Network, Stats, Timeline
from khaldun.api.deps import MAX_LIMIT, FilterDep, Limit, Offset, StoreDep
from khaldun.api.models import ERROR_RESPONSES, ErrorBody, EventsPage
from khaldun.schema import CodedDocument, Event

NOT_FOUND = {404: {"model": ErrorBody, "description": "No record with this id"}}
router = APIRouter(responses=ERROR_RESPONSES)


@router.get("/events", response_model=EventsPage, tags=["events"])
def list_events(store: StoreDep, flt: FilterDep, limit: Limit = 100, offset: Offset = 0) -> EventsPage:
    """Stored events matching the filters of `khaldun events`, oldest first, one page at a time."""
    page = dataclasses.replace(flt, limit=limit, offset=offset)
    data = list(store.events(page))
    count = store.count_events(flt)
    return EventsPage(data=data, count=count, limit=limit, offset=offset,
                      next_offset=offset + limit if offset + limit < count else None)


@router.get("/events/{event_id}", response_model=Event, responses=NOT_FOUND, tags=["events"])
def get_event(store: StoreDep, event_id: str) -> Event:
    """One event by its id."""
    return records.get_event(store, event_id)


@router.get("/documents/{doc_id:path}", response_model=CodedDocument, responses=NOT_FOUND, tags=["documents"])
def get_document(store: StoreDep, doc_id: Annotated[str, Path(description="the doc_id of its events")]) -> CodedDocument:
    """A coded document: its text, sentences, actor and place mentions and events, all with offsets into the text."""
    return records.get_document(store, doc_id)


@router.get("/stats", response_model=Stats, tags=["summaries"])
def stats(store: StoreDep, flt: FilterDep) -> Stats:
    """What `khaldun stats` prints: counts by type, factuality and quad class, top dyads, casualties."""
    return Stats.model_validate(aggregates.summary(store, flt))


@router.get("/timeline", response_model=Timeline, tags=["summaries"])
def timeline(store: StoreDep, flt: FilterDep,
             by: Annotated[Literal["year", "month", "day"], Query(description="period length")] = "month") -> Timeline:
    """Events per period by quad class: verbal and material cooperation and conflict."""
    return aggregates.timeline(store, flt, by=by)


@router.get("/network", response_model=Network, tags=["summaries"])
def network(
    store: StoreDep,
    flt: FilterDep,
    level: Annotated[Literal["actor", "sector", "country"],
                     Query(description="what a node is: an actor, a country's sector (IRQ MIL) or a country")] = "actor",
    min_events: Annotated[int, Query(ge=1, description="drop edges with fewer events")] = 1,
    max_nodes: Annotated[int, Query(ge=1, le=500, description="keep the busiest actors")] = 60,
) -> Network:
    """Who cooperates with whom and who fights whom: actors as nodes, directed edges counting cooperation and
    conflict. Filter by `period` (or since/until) to see how the system of actors shifts over time. Only asserted
    events count unless `factuality` is given."""
    return aggregates.network(store, flt, level=level, min_events=min_events, max_nodes=max_nodes)


@router.get("/map", response_model=MapData, tags=["summaries"])
def event_map(store: StoreDep, flt: FilterDep) -> MapData:
    """Located events grouped by place (longitude, latitude), with their cooperation and conflict counts."""
    return aggregates.event_map(store, flt)


@router.get("/actors/{actor_id}", response_model=ActorProfile, responses=NOT_FOUND, tags=["actors"])
def actor(store: StoreDep, actor_id: str, flt: FilterDep,
          limit: Annotated[int, Query(ge=1, le=MAX_LIMIT, description="how many of its latest events")] = 50
          ) -> ActorProfile:
    """One actor: its events as source and as target, by type, its partners and its latest events."""
    return aggregates.actor_profile(store, actor_id, flt, limit=limit)
