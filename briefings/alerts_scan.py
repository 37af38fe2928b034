"""The alert scan: incidents changed since the last look, matched against the watch index, claimed once per change.

Any process may scan (a bot replica, or one that just ingested). It reads the incidents whose `updated_at` is newer
than their `alert_marks` row (or that have none), looks each up in the WatchIndex, and for the matched ones compares
the facts before and after (before = the claims of reports fetched by the time of the previous mark). Then, in one
write transaction, it moves each mark forward with a conditional UPDATE (or an INSERT … ON CONFLICT DO NOTHING for
a first mark): only the process whose statement matched inserts that incident's alerts, themselves unique on
(watch, incident, change). A crash before that commit leaves the marks where they were, so the next scan redoes
the work: nothing is lost and nothing is sent twice. The window looks back `margin` before the newest mark, so a
PostgreSQL transaction that commits late (with an older timestamp) is still seen.
"""
from __future__ import annotations

import logging
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import func, insert, or_, select, update
from sqlalchemy.orm import Session, sessionmaker

from briefings.alerts import EMPTY, Facts, changes
from briefings.alerts_index import WatchIndex, WatchSpec
from briefings.db.models import (AlertDelivery, AlertMark, Article, Claim, Incident, IncidentArticle, IncidentPlace,
                                 Outlet, Watch)
from briefings.reconcile import ClaimView

log = logging.getLogger(__name__)

_CLAIMS = (Claim.incident_id, Claim.id, Claim.field, Claim.value, Claim.value_num, Claim.qualifier, Claim.attributed_to,
           Claim.stance, Claim.quote, Claim.victims, Claim.reference, Claim.article_id, Outlet.name, Article.url,
           Article.published_at, Article.fetched_at)


def utc(dt: datetime) -> datetime:
    """Aware UTC (SQLite keeps no offset: stored times are UTC)."""
    return (dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


@dataclass(frozen=True)
class ScanStats:
    incidents: int  # changed incidents looked at
    matched: int  # of which some watch's area holds them
    alerts: int  # (watch, incident, change) rows this scan claimed
    match_seconds: float  # time spent in the index and the filters (the budgeted part)


@dataclass
class _Sources:
    """One incident's claims and reports, each with the time it was fetched."""

    claims: list[tuple[ClaimView, datetime]]
    reports: list[tuple[str, datetime]]  # (outlet, fetched) of the independent reports
    published: dict[int, datetime | None]

    def facts(self, cutoff: datetime | None) -> Facts:
        """The facts as of `cutoff` (None: everything stored)."""
        claims = [c for c, at in self.claims if cutoff is None or at <= cutoff]
        reports = [o for o, at in self.reports if cutoff is None or at <= cutoff]
        return Facts.of(claims, set(reports), len(reports)) if reports or claims else EMPTY


def insert_ignore(s: Session, table: Any, values: dict[str, Any], unique: Sequence[str], returning: Any) -> Any:
    """INSERT … ON CONFLICT DO NOTHING RETURNING: a value back means this statement made the row (the claim)."""
    dialect = s.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(table).values(**values).on_conflict_do_nothing(index_elements=list(unique))
    elif dialect == "sqlite":
        from sqlalchemy.dialects.sqlite import insert as lite_insert

        stmt = lite_insert(table).values(**values).on_conflict_do_nothing(index_elements=list(unique))
    else:  # other databases: the unique constraint still decides, in a savepoint
        from sqlalchemy.exc import IntegrityError

        try:
            with s.begin_nested():
                return s.execute(insert(table).values(**values).returning(returning)).scalar_one()
        except IntegrityError:
            return None
    return s.execute(stmt.returning(returning)).scalar_one_or_none()


class AlertScanner:
    def __init__(self, sessions: sessionmaker[Session], writer: sessionmaker[Session], *,
                 margin: timedelta = timedelta(seconds=60), batch: int = 500) -> None:
        self.sessions = sessions
        self.writer = writer  # BEGIN IMMEDIATE on SQLite: marks and claims are written under the write lock
        self.margin = margin
        self.batch = batch
        self._index = WatchIndex()
        self._version: tuple[Any, ...] | None = None

    def index(self, s: Session | None = None) -> WatchIndex:
        """The active watches; rebuilt only when a watch was added, changed or removed (one cheap query)."""
        if s is None:
            with self.sessions() as own:
                return self.index(own)
        version = tuple(s.execute(select(func.count(Watch.id), func.max(Watch.updated_at))).one())
        if version != self._version:
            rows = s.scalars(select(Watch).where(Watch.active.is_(True)).order_by(Watch.id))
            self._index, self._version = WatchIndex([WatchSpec.of(r) for r in rows]), version
        return self._index

    def scan(self, now: datetime | None = None) -> ScanStats:
        """One pass over the incidents changed since their marks (at most `batch` of them, oldest first)."""
        now = utc(now or datetime.now(timezone.utc))
        with self.sessions() as s:
            idx = self.index(s)
            if not len(idx) or idx.earliest is None:
                return ScanStats(0, 0, 0, 0.0)
            newest = s.scalar(select(func.max(AlertMark.updated_at)))
            since = max(utc(newest), idx.earliest) if newest is not None else idx.earliest
            since -= self.margin
            rows: Sequence[Any] = s.execute(
                select(Incident.id, Incident.updated_at, Incident.created_at, Incident.lat, Incident.lon,
                       Incident.title, Incident.event_types, AlertMark.updated_at.label("seen"))
                .outerjoin(AlertMark, AlertMark.incident_id == Incident.id)
                .where(Incident.updated_at >= since,
                       or_(AlertMark.incident_id.is_(None), Incident.updated_at > AlertMark.updated_at))
                .order_by(Incident.updated_at, Incident.id).limit(self.batch)).all()
            if not rows:
                return ScanStats(0, 0, 0, 0.0)
            places: dict[int, list[str]] = {r.id: [] for r in rows}
            for incident_id, place_id in s.execute(select(IncidentPlace.incident_id, IncidentPlace.place_id)
                                                   .where(IncidentPlace.incident_id.in_(list(places)))):
                places[incident_id].append(place_id)
            started = time.perf_counter()
            matched = {r.id: idx.candidates(places[r.id], r.lat, r.lon) for r in rows}
            spent = time.perf_counter() - started
            wanted = [i for i, ws in matched.items() if ws]
            sources = self._sources(s, wanted)
        alerts: dict[int, list[dict[str, Any]]] = {}
        for r in rows:
            if matched[r.id]:
                t0 = time.perf_counter()
                alerts[r.id] = self._alerts(r, matched[r.id], sources[r.id], since, now)
                spent += time.perf_counter() - t0
        made = self._write(rows, alerts)
        return ScanStats(len(rows), len(wanted), made, spent)

    def _sources(self, s: Session, ids: list[int]) -> dict[int, _Sources]:
        out = {i: _Sources([], [], {}) for i in ids}
        for chunk in (ids[i:i + 200] for i in range(0, len(ids), 200)):
            for incident_id, *head, pub, fetched in s.execute(
                    select(*_CLAIMS).join(Article, Claim.article_id == Article.id)
                    .join(Outlet, Article.outlet_id == Outlet.id).where(Claim.incident_id.in_(chunk))
                    .order_by(Claim.incident_id, Article.published_at, Claim.article_id, Claim.span_start, Claim.id)):
                view = ClaimView(*head, pub.date().isoformat() if pub is not None else None)  # type: ignore[call-arg]
                out[incident_id].claims.append((view, utc(fetched)))
            for incident_id, article_id, outlet, carrier_of, pub, fetched in s.execute(
                    select(IncidentArticle.incident_id, Article.id, Outlet.name, Article.carrier_of,
                           Article.published_at, Article.fetched_at)
                    .join(Article, IncidentArticle.article_id == Article.id)
                    .join(Outlet, Article.outlet_id == Outlet.id).where(IncidentArticle.incident_id.in_(chunk))):
                src = out[incident_id]
                src.published[article_id] = utc(pub) if pub is not None else None
                if carrier_of is None:  # republications are not independent sources
                    src.reports.append((outlet, utc(fetched)))
        return out

    def _alerts(self, r: Any, watches: list[WatchSpec], src: _Sources, since: datetime,
                now: datetime) -> list[dict[str, Any]]:
        created, updated = utc(r.created_at), utc(r.updated_at)
        before = EMPTY if r.seen is None and created >= since else src.facts(utc(r.seen) if r.seen is not None else since)
        after = src.facts(None)
        found = changes(before, after, src.published)
        out = []
        for w in watches:
            if updated < w.created_at or not w.filters.accepts(after, r.title or "", r.event_types or ""):
                continue
            for c in found:
                if c.kind not in w.triggers or (c.kind == "new" and created < w.created_at):
                    continue
                out.append({"watch_id": w.id, "incident_id": r.id, "change_key": c.key, "kind": c.kind,
                            "detail": c.detail, "platform": w.platform, "channel_key": w.channel_key,
                            "status": "pending", "attempts": 0, "created_at": now})
        return out

    def _write(self, rows: Sequence[Any], alerts: dict[int, list[dict[str, Any]]]) -> int:
        """Move every mark forward; the process whose statement did it inserts that incident's alerts."""
        made = 0
        with self.writer.begin() as s:
            for r in rows:
                if r.seen is None:
                    won = insert_ignore(s, AlertMark, {"incident_id": r.id, "updated_at": r.updated_at},
                                        ["incident_id"], AlertMark.incident_id) is not None
                else:
                    res: Any = s.execute(update(AlertMark).where(AlertMark.incident_id == r.id,
                                                                 AlertMark.updated_at == r.seen)
                                         .values(updated_at=r.updated_at))
                    won = res.rowcount == 1
                if not won:
                    continue  # another process looked at this change first
                for values in alerts.get(r.id, ()):
                    if insert_ignore(s, AlertDelivery, values, ["watch_id", "incident_id", "change_key"],
                                     AlertDelivery.id) is not None:
                        made += 1
        return made
