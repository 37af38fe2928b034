"""Resolution: an event frame from one article → an existing incident or a new one.

Candidates come from an indexed lookup on (place, start date) in incident_places, so the cost per
article does not grow with the size of the database.
"""
from __future__ import annotations

import re
import unicodedata
import zlib
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta

from sqlalchemy import or_, select, text
from sqlalchemy.orm import Session, selectinload

from briefings.db.models import Incident, IncidentPlace
from briefings.extract.article import near
from briefings.extract.events import headline_type
from briefings.extract.frames import RANK, Frame
from briefings.extract.types import Place
from briefings.knowledge.places import Gazetteer

WINDOW_DAYS = 3  # reports of the same place within this many days are one incident
_PRECISION_ORDER = {"day": 0, "month": 1, "year": 2, "none": 3}


def slugify(text: str) -> str:
    text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-") or "incident"


def primary_place(frame: Frame) -> Place:
    """The most specific place of a frame; the first named wins a tie."""
    return max(frame.places, key=lambda p: (RANK.get(p.kind, 0), -frame.places.index(p)))


@dataclass
class Resolver:
    places: Gazetteer
    _near_cache: dict[str, tuple[str, ...]] = field(default_factory=dict)

    def _related(self, a: Place, b: Place) -> bool:
        if a.id == b.id or near(a, b):
            return True
        return any(x.id == a.id for x in self.places.ancestors(b)) or any(x.id == b.id for x in self.places.ancestors(a))

    def _index_ids(self, frame: Frame) -> list[str]:
        specific = frame.specific() or [primary_place(frame)]
        ids = {p.id for p in specific}
        for p in specific:
            ids.update(a.id for a in self.places.ancestors(p) if RANK.get(a.kind, 0) >= 3)
            ids.update(self._neighbours(p.id))
        return sorted(ids)

    def _neighbours(self, place_id: str) -> tuple[str, ...]:
        """Specific places within NEAR_KM: an air base and the town beside it are one event's places."""
        if place_id not in self._near_cache:
            p = self.places.get(place_id)
            self._near_cache[place_id] = tuple(
                q.id for q in self.places if p is not None and q.id != p.id and RANK.get(q.kind, 0) >= 3 and near(p, q)
            ) if p is not None and RANK.get(p.kind, 0) >= 3 else ()
        return self._near_cache[place_id]

    def candidates(self, s: Session, frame: Frame) -> list[Incident]:
        q = select(IncidentPlace.incident_id).where(IncidentPlace.place_id.in_(self._index_ids(frame)))
        if frame.start is not None and frame.end is not None:
            lo, hi = frame.start - timedelta(days=WINDOW_DAYS), frame.end + timedelta(days=WINDOW_DAYS)
            q = q.where(
                or_(
                    IncidentPlace.start_date.is_(None),
                    (IncidentPlace.start_date <= hi) & (IncidentPlace.end_date >= lo),
                )
            )
        ids = list(dict.fromkeys(s.scalars(q.limit(50))))
        if not ids:
            return []
        return list(s.scalars(select(Incident).where(Incident.id.in_(ids)).options(selectinload(Incident.places))))

    def _compatible(self, inc: Incident, frame: Frame) -> bool:
        theirs = [self.places.get(p.place_id) for p in inc.places]
        mine = frame.specific() or [primary_place(frame)]
        theirs_specific = [p for p in theirs if p is not None and RANK.get(p.kind, 0) >= 3] or [
            p for p in theirs if p is not None
        ]
        if frame.start is None and inc.start_date is not None:
            return False  # an undated report never joins a dated incident
        if frame.start is not None and inc.start_date is None:
            return False
        return any(self._related(a, b) for a in mine for b in theirs_specific)

    def _lock(self, s: Session, frame: Frame) -> None:
        """PostgreSQL: serialise resolution per place across processes (SQLite: BEGIN IMMEDIATE already does)."""
        if s.get_bind().dialect.name != "postgresql":
            return
        for key in sorted({zlib.crc32(pid.encode()) for pid in self._index_ids(frame)}):
            s.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": key})

    def resolve(self, s: Session, frame: Frame, reported_at: datetime) -> Incident:
        self._lock(s, frame)
        best: Incident | None = None
        best_key: tuple[int, int] | None = None
        primary = primary_place(frame)
        for inc in self.candidates(s, frame):
            if not self._compatible(inc, frame):
                continue
            gap = _gap(inc, frame)
            key = (0 if inc.place_id == primary.id else 1, gap)
            if best_key is None or key < best_key:
                best, best_key = inc, key
        if best is None:
            return self._create(s, frame, primary, reported_at)
        self._merge(s, best, frame, reported_at)
        return best

    def _create(self, s: Session, frame: Frame, primary: Place, reported_at: datetime) -> Incident:
        now = datetime.now().astimezone()
        inc = Incident(
            slug=self._unique_slug(s, primary, frame.start, frame.precision),
            title=_title(frame, primary, self.places),
            place_id=primary.id,
            place_name=primary.name,
            admin1=primary.admin1,
            country=primary.country,
            lat=primary.lat,
            lon=primary.lon,
            start_date=frame.start,
            end_date=frame.end,
            date_precision=frame.precision or "none",
            event_types=",".join(dict.fromkeys(frame.types)),
            status="single-source",
            first_report_at=reported_at,
            last_report_at=reported_at,
            created_at=now,
            updated_at=now,
        )
        s.add(inc)
        s.flush()
        self._add_places(s, inc, frame)
        return inc

    def _merge(self, s: Session, inc: Incident, frame: Frame, reported_at: datetime) -> None:
        finer = _PRECISION_ORDER.get(frame.precision or "none", 3) < _PRECISION_ORDER.get(inc.date_precision, 3)
        if frame.start is not None and frame.end is not None:
            if finer or inc.start_date is None:
                inc.start_date, inc.end_date, inc.date_precision = frame.start, frame.end, frame.precision or "day"
                primary = self.places.get(inc.place_id)
                if primary is not None:
                    inc.slug = self._unique_slug(s, primary, inc.start_date, inc.date_precision, keep=inc)
            elif frame.precision == inc.date_precision:
                inc.start_date = min(inc.start_date, frame.start) if inc.start_date else frame.start
                inc.end_date = max(inc.end_date, frame.end) if inc.end_date else frame.end
        types = [t for t in inc.event_types.split(",") if t] + frame.types
        inc.event_types = ",".join(dict.fromkeys(types))
        inc.first_report_at = min(_aware(inc.first_report_at) or reported_at, reported_at)
        inc.last_report_at = max(_aware(inc.last_report_at) or reported_at, reported_at)
        inc.updated_at = datetime.now().astimezone()
        self._add_places(s, inc, frame)

    def _add_places(self, s: Session, inc: Incident, frame: Frame) -> None:
        have = {p.place_id: p for p in inc.places}
        wanted: list[Place] = []
        for p in frame.places:
            wanted.append(p)
            wanted.extend(self.places.ancestors(p))
        for p in wanted:
            if p.id not in have:
                row = IncidentPlace(incident_id=inc.id, place_id=p.id, place_name=p.name)
                inc.places.append(row)
                have[p.id] = row
        for row in have.values():
            if (row.start_date, row.end_date) != (inc.start_date, inc.end_date):
                row.start_date, row.end_date = inc.start_date, inc.end_date
        s.flush()

    def _unique_slug(
        self, s: Session, place: Place, start: date | None, precision: str | None, keep: Incident | None = None
    ) -> str:
        if start is None:
            stamp = "undated"
        elif precision == "month":
            stamp = start.strftime("%Y-%m")
        elif precision == "year":
            stamp = start.strftime("%Y")
        else:
            stamp = start.isoformat()
        base = f"{slugify(place.name)}-{stamp}"
        slug, n = base, 1
        while True:
            other = s.scalar(select(Incident).where(Incident.slug == slug))
            if other is None or other is keep:
                return slug
            n += 1
            slug = f"{base}-{n}"


def _aware(dt: datetime | None) -> datetime | None:
    if dt is not None and dt.tzinfo is None:
        from datetime import timezone

        return dt.replace(tzinfo=timezone.utc)
    return dt


def _gap(inc: Incident, frame: Frame) -> int:
    if inc.start_date is None or frame.start is None or inc.end_date is None or frame.end is None:
        return 0
    if frame.end < inc.start_date:
        return (inc.start_date - frame.end).days
    if frame.start > inc.end_date:
        return (frame.start - inc.end_date).days
    return 0


def _title(frame: Frame, primary: Place, places: Gazetteer) -> str:
    kind = headline_type(frame.types)
    where = primary.name
    others = [
        p.name for p in frame.specific()
        if p.id != primary.id and p.kind == primary.kind and not any(a.id == p.id for a in places.ancestors(primary))
    ]
    if others:
        where += " and " + ", ".join(others[:2])
    region = [x for x in (primary.admin1, primary.country) if x and x != primary.name]
    return f"{kind} at {where}" + (f" ({', '.join(region)})" if region else "")
