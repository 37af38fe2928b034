"""What resolution holds while it works: the incidents of one write transaction as it has read or written them,
the analysts' pins, and where each frame went and why (values shared by resolve.py, manual.py and the pipeline)."""
from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime

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


def gap_days(inc: ResolvedIncident, frame: Frame) -> int:
    if inc.start_date is None or frame.start is None or inc.end_date is None or frame.end is None:
        return 0
    if frame.end < inc.start_date:
        return (inc.start_date - frame.end).days
    if frame.start > inc.end_date:
        return (frame.start - inc.end_date).days
    return 0
