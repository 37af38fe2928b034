"""The watches in memory, indexed by area: a changed incident finds its watches without looking at the others.

Area watches are keyed by place id; an incident carries its places and every ancestor (incident_places), so a
watch on "Kharkiv oblast" is one dictionary look-up per place of the incident, however many watches there are.
Radius watches sit in a grid of 1° cells (each registered in every cell its circle touches); an incident looks in
its own cell and checks the distance to those few. Cost per incident: a handful of look-ups (docs/benchmarks.md).
"""
from __future__ import annotations

import math
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import datetime, timezone

from briefings.alerts import TRIGGERS, WatchFilter
from briefings.db.models import Watch
from briefings.knowledge.world import haversine

CELL_DEG = 1.0
MAX_RADIUS_KM = 500.0
KM_PER_DEG = 111.2


@dataclass(frozen=True)
class WatchSpec:
    """A watch as matching needs it (detached from the ORM)."""

    id: int
    platform: str
    workspace: str | None
    channel: str | None
    dm_user: str | None
    label: str
    place_id: str | None
    lat: float | None
    lon: float | None
    radius_km: float | None
    filters: WatchFilter
    triggers: frozenset[str]
    created_at: datetime

    @classmethod
    def of(cls, row: Watch) -> WatchSpec:
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=timezone.utc)
        triggers = frozenset(t for t in row.triggers.split(",") if t in TRIGGERS) or frozenset(TRIGGERS)
        return cls(row.id, row.platform, row.workspace, row.channel, row.dm_user, row.label, row.place_id, row.lat,
                   row.lon, row.radius_km, WatchFilter.of(row.filters), triggers, created)

    @property
    def channel_key(self) -> str:
        """The coalescing unit: one channel (or one user's DMs) on one platform and workspace."""
        return "|".join((self.platform, self.workspace or "", self.channel or "", self.dm_user or ""))


def _cells(lat: float, lon: float, km: float) -> Iterable[tuple[int, int]]:
    dlat = km / KM_PER_DEG
    dlon = km / (KM_PER_DEG * max(math.cos(math.radians(min(abs(lat) + dlat, 89.0))), 0.01))
    for i in range(math.floor((lat - dlat) / CELL_DEG), math.floor((lat + dlat) / CELL_DEG) + 1):
        for j in range(math.floor((lon - dlon) / CELL_DEG), math.floor((lon + dlon) / CELL_DEG) + 1):
            yield i, (j + 180) % 360 - 180  # wraps at the antimeridian


def _cell(lat: float, lon: float) -> tuple[int, int]:
    return math.floor(lat / CELL_DEG), (math.floor(lon / CELL_DEG) + 180) % 360 - 180


class WatchIndex:
    """Active watches by place id and by grid cell. Immutable once built: a new set of watches is a new index."""

    def __init__(self, watches: Sequence[WatchSpec] = ()) -> None:
        self.watches = tuple(watches)
        self.by_place: dict[str, list[WatchSpec]] = {}
        self.by_cell: dict[tuple[int, int], list[WatchSpec]] = {}
        for w in self.watches:
            if w.radius_km and w.lat is not None and w.lon is not None:
                for cell in set(_cells(w.lat, w.lon, min(w.radius_km, MAX_RADIUS_KM))):
                    self.by_cell.setdefault(cell, []).append(w)
            elif w.place_id:
                self.by_place.setdefault(w.place_id, []).append(w)
        self.earliest = min((w.created_at for w in self.watches), default=None)

    def __len__(self) -> int:
        return len(self.watches)

    def candidates(self, place_ids: Iterable[str], lat: float | None, lon: float | None) -> list[WatchSpec]:
        """The watches whose area holds an incident at these places (with ancestors) and coordinates."""
        found: dict[int, WatchSpec] = {}
        for pid in place_ids:
            for w in self.by_place.get(pid, ()):
                found[w.id] = w
        if lat is not None and lon is not None and self.by_cell:
            for w in self.by_cell.get(_cell(lat, lon), ()):
                if w.id not in found and haversine(lat, lon, w.lat, w.lon) <= w.radius_km:  # type: ignore[arg-type, operator]
                    found[w.id] = w
        return list(found.values())
