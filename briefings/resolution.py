"""What resolution holds while it works: the incidents of one write transaction as it has read or written them,
the analysts' pins, and where each frame went and why (values shared by resolve.py, manual.py and the pipeline)."""
from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from sqlalchemy import Connection, text

from briefings.extract.frames import RANK, Frame
from briefings.extract.types import Place


def primary_place(frame: Frame) -> Place:
    """The most specific place of a frame; the first named wins a tie."""
    return max(frame.places, key=lambda p: (RANK.get(p.kind, 0), -frame.places.index(p)))


@dataclass
class ResolvedIncident:
    """The columns resolution reads and writes, and the incident's places (id -> dates of its incident_places row)."""

    id: int
    slug: str
    place_id: str
    country: str | None
    start_date: date | None
    end_date: date | None
    date_precision: str
    event_types: str
    first_report_at: datetime | None
    last_report_at: datetime | None
    places: dict[str, bool] = field(default_factory=dict)  # place id -> its row carries `row_dates`
    row_dates: tuple[date | None, date | None] = (None, None)  # the dates the incident had when its rows were read
    # its places as resolution compares them (Resolver._theirs), with how many places they were made from: places are
    # only ever added, so the count says when to make them again (many frames of a batch meet the same incident)
    compared: tuple[int, list[Place]] = field(default=(-1, []), compare=False, repr=False)

    def __post_init__(self) -> None:
        self.row_dates = (self.start_date, self.end_date)


Seen = dict[int, ResolvedIncident]  # incidents read or written in this transaction: later frames see their state


CARRIED_LIMIT = 20_000  # incidents a Carried keeps (then it starts again): memory stays bounded however long it runs
_DATA_VERSION = text("PRAGMA data_version")


class Carried:
    """The incidents one write transaction read or wrote, handed to the next write transaction of this process, so
    that the incidents a place meets batch after batch are not read again each time (issue 14). SQLite only, and
    only while nobody else wrote: `PRAGMA data_version` of a connection changes when another connection commits,
    so it is read under the write lock when a transaction takes what was carried, and what was carried is dropped
    unless it came from the same connection at the same version. What this process writes elsewhere on that same
    connection goes through `Resolver.lock_places` (an analyst's merge or split), which drops it. A transaction that
    fails gives nothing back (its incidents may hold what was rolled back). PostgreSQL: nothing is carried (each
    transaction reads the incidents again; its writers take per-place locks instead)."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._seen: Seen = {}
        self._stamp: tuple[Any, int] | None = None  # (DBAPI connection, its data_version when they were valid)

    def take(self, conn: Connection) -> tuple[Seen, tuple[Any, int] | None]:
        """What may be carried into a write transaction that holds the write lock, and the stamp to give it back
        with (None: this database carries nothing)."""
        if conn.dialect.name != "sqlite":
            return {}, None
        stamp = (conn.connection.dbapi_connection, int(conn.scalar(_DATA_VERSION) or 0))
        with self._lock:
            seen, kept, self._seen, self._stamp = self._seen, self._stamp, {}, None
        same = kept is not None and kept[0] is stamp[0] and kept[1] == stamp[1]
        if not same:
            return {}, stamp
        for inc in seen.values():  # its places as compared were made with the gazetteer of then: it may have learned
            inc.compared = (-1, [])
        return seen, stamp

    def keep(self, seen: Seen, stamp: tuple[Any, int] | None) -> None:
        """After the transaction committed: its incidents, as they now are in the database."""
        if stamp is not None and len(seen) <= CARRIED_LIMIT:
            with self._lock:
                self._seen, self._stamp = seen, stamp

    def drop(self) -> None:
        with self._lock:
            self._seen, self._stamp = {}, None


@dataclass(frozen=True)
class Pinned:
    """An analyst moved this report (by url): never back into `away` (a split), its main event to `to` if it exists."""

    away: frozenset[int]
    to: int | None
    why: str


@dataclass(frozen=True)
class Resolution:
    """Where a frame went and why; `also`: (incident id, why) of incidents it matched as well as its own."""

    incident: ResolvedIncident
    why: str
    also: tuple[tuple[int, str], ...] = ()


@dataclass
class Transaction:
    """What resolution knows within one write transaction: incidents already read or written (later frames see
    their state, not the database's older one), the PostgreSQL advisory locks already held, and the analysts'
    merges and splits of the batch's reports (url -> Pinned, read once per batch).

    A batch writer also sets `dirty` (incident updates that no look-up of the transaction reads, written together
    by `Resolver.flush`) and `before_read` (writes the rows it holds back, before evidence reads claims)."""

    seen: Seen = field(default_factory=dict)
    held: set[int] = field(default_factory=set)
    pinned: dict[str, Pinned] = field(default_factory=dict)
    dirty: dict[int, ResolvedIncident] | None = None
    before_read: Callable[[], None] = field(default=lambda: None)
    stamp: tuple[Any, int] | None = None  # set when `seen` came from a Carried: to give it back after the commit


def gap_days(inc: ResolvedIncident, frame: Frame) -> int:
    if inc.start_date is None or frame.start is None or inc.end_date is None or frame.end is None:
        return 0
    if frame.end < inc.start_date:
        return (inc.start_date - frame.end).days
    if frame.start > inc.end_date:
        return (frame.start - inc.end_date).days
    return 0
