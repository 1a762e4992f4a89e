"""The shapes of the summaries in ``khaldun.analysis``: what the API serves and the dashboard draws.

Events themselves are ``khaldun.schema.Event`` (defined once, never copied
here); these records only describe counts over them.
"""

from __future__ import annotations

from pydantic import BaseModel, ConfigDict, Field

from khaldun.schema import Event, Factuality, PloverType


class _Summary(BaseModel):
    model_config = ConfigDict(extra="forbid")


class Dyad(_Summary):
    source: str
    target: str
    event_type: PloverType
    n: int


class Casualties(_Summary):
    dead: int | None = None
    injured: int | None = None
    arrested: int | None = None


class Stats(_Summary):
    """``khaldun stats``: what is stored, by event type, factuality and quad class; top dyads; casualties."""

    counts: dict[str, int]
    by_type: dict[str, int]
    by_factuality: dict[str, int]
    by_quad_class: dict[str, int]
    top_dyads: list[Dyad]
    casualties_asserted: Casualties


class Period(_Summary):
    """Event counts of one period, by PLOVER quad class."""

    period: str = Field(description="YYYY, YYYY-MM or YYYY-MM-DD")
    verbal_cooperation: int = 0
    material_cooperation: int = 0
    verbal_conflict: int = 0
    material_conflict: int = 0
    cooperation: int = Field(0, description="quad classes 1 and 2")
    conflict: int = Field(0, description="quad classes 3 and 4")
    total: int = 0
    goldstein: float | None = Field(None, description="mean Goldstein score of the period's events")


class Timeline(_Summary):
    by: str = Field(description="year, month or day")
    periods: list[Period] = Field(description="in order; for year and month, empty periods in between are included")
    undated: int = Field(description="matching events with no date, or a date coarser than `by`")


class Node(_Summary):
    """An actor of the network: an actor id, a country and sector, or a country, as `level` says."""

    id: str
    label: str
    actor_id: str | None = None
    country: str | None = None
    sector: str | None = None
    kind: str | None = None
    events: int = Field(description="events with this actor as source or target")
    cooperation: int = 0
    conflict: int = 0


class Edge(_Summary):
    """Events from one actor to another; a self-loop when both sides are the same node."""

    source: str
    target: str
    events: int
    cooperation: int
    conflict: int
    goldstein: float = Field(description="mean Goldstein score")


class Network(_Summary):
    level: str
    factuality: list[Factuality] = Field(description="the factualities counted (asserted unless asked otherwise)")
    nodes: list[Node]
    edges: list[Edge]


class MapPoint(_Summary):
    """A located place with the events that happened there."""

    name: str | None
    country: str | None
    lat: float
    lon: float
    events: int
    cooperation: int
    conflict: int
    dead: int = 0
    event_types: dict[str, int]


class MapData(_Summary):
    points: list[MapPoint]
    unlocated: int = Field(description="matching events with no coordinates")


class Actor(_Summary):
    actor_id: str
    name: str | None = None
    country: str | None = None
    kind: str | None = None
    sectors: dict[str, int] = Field(default_factory=dict, description="sectors it acted in, with event counts")


class Partner(_Summary):
    """The other side of an actor's events."""

    id: str
    label: str
    actor_id: str | None = None
    country: str | None = None
    events: int
    as_source: int = Field(description="events where the profiled actor is the source")
    as_target: int = Field(description="events where the profiled actor is the target")
    cooperation: int
    conflict: int


class ActorProfile(_Summary):
    actor: Actor
    as_source: int
    as_target: int
    by_type: dict[str, int]
    partners: list[Partner]
    events: list[Event] = Field(description="its most recent events (newest first)")


class Facets(_Summary):
    """The values present in the store, for the dashboard's filter menus."""

    event_types: dict[str, int]
    factualities: dict[str, int]
    countries: dict[str, int]
    years: list[str]
    first_date: str | None
    last_date: str | None
