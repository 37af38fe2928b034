"""Exactly-once digests across processes: the claim on (subscription, period) is a row, inserted before sending.

`INSERT … ON CONFLICT DO NOTHING RETURNING id` (PostgreSQL and SQLite dialects): a row back means this process
owns the send, no row means another process (or an earlier run) does. A claim whose process died keeps status
`claimed` until its lease runs out; then one process re-claims it with a conditional UPDATE (rowcount 1 wins)
and sends it, with a note: neither Slack nor Discord has an idempotency key, so a crash between the post and
the `sent` update can repeat a digest (at-least-once), but never silently drop one. Periods missed while no
bot ran collapse to the latest one, sent once and marked late. All methods are sync: call them in a thread.
"""
from __future__ import annotations

import logging
import os
import socket
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import Any, cast

from sqlalchemy import Executable, func, insert, select, update
from sqlalchemy.engine import CursorResult
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from briefings.db.models import DigestDelivery, Subscription
from bot.commands.subscriptions import SubscriptionView

log = logging.getLogger(__name__)

CATCH_UP = timedelta(days=8)  # how far back a restarted bot looks for a missed period
MAX_ATTEMPTS = 5


def instance_name() -> str:
    """Who holds a claim: host, process and a random suffix (two schedulers in one process differ too)."""
    return f"{socket.gethostname()}:{os.getpid()}:{uuid.uuid4().hex[:6]}"


def rowcount(s: Session, stmt: Executable) -> int:
    """Rows an UPDATE matched: how a conditional update tells the one process that won."""
    return cast("CursorResult[Any]", s.execute(stmt)).rowcount


def utc(dt: datetime) -> datetime:
    """Aware UTC. SQLite keeps no offset, so every stored time is UTC and naive values read back are UTC."""
    return (dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


@dataclass(frozen=True)
class Due:
    """A digest this process has claimed and must now build and send."""

    delivery_id: int
    subscription: SubscriptionView
    period_key: str
    scheduled_for: datetime
    since: datetime  # the last sent digest's scheduled time (or one period back): the digest's window start
    late: bool  # sent well after its time (the bot was down): the digest says so
    resent: bool  # re-claimed after an interrupted attempt: it may have gone out already


class Deliveries:
    def __init__(self, sessions: sessionmaker[Session], instance: str | None = None,
                 lease: timedelta = timedelta(minutes=10), late_after: timedelta = timedelta(minutes=15)) -> None:
        self.sessions = sessions
        self.instance = instance or instance_name()
        self.lease = lease
        self.late_after = late_after

    # -- claiming ---------------------------------------------------------------------------------------------
    def claim_due(self, now: datetime, platforms: set[str] | frozenset[str]) -> list[Due]:
        """Claim every digest due at `now` for subscriptions on `platforms` (those this process can deliver)."""
        now = utc(now)
        if not platforms:
            return []
        with self.sessions() as s:
            subs = []
            for row in s.scalars(select(Subscription).where(
                    Subscription.active.is_(True), Subscription.platform.in_(sorted(platforms))).order_by(Subscription.id)):
                try:
                    subs.append(SubscriptionView.of(row))
                except (ValueError, KeyError) as exc:  # a row edited by hand: skip it, keep the others going
                    log.error("subscription %s cannot be read (%s); skipping it", row.id, exc)
            latest = self._latest(s, [v.id for v in subs])
        out: list[Due] = []
        for sub in subs:
            try:
                due = self._claim_one(sub, latest.get(sub.id), now)
            except Exception:  # one bad subscription (or a transient lock) must not stop the others
                log.exception("claiming the digest of subscription %s failed", sub.id)
                continue
            if due is not None:
                out.append(due)
        return out

    def _latest(self, s: Session, ids: list[int]) -> dict[int, DigestDelivery]:
        if not ids:
            return {}
        newest = (select(DigestDelivery.subscription_id, func.max(DigestDelivery.scheduled_for).label("at"))
                  .where(DigestDelivery.subscription_id.in_(ids)).group_by(DigestDelivery.subscription_id).subquery())
        rows = s.scalars(select(DigestDelivery).join(newest, (DigestDelivery.subscription_id == newest.c.subscription_id)
                                                     & (DigestDelivery.scheduled_for == newest.c.at)))
        return {r.subscription_id: r for r in rows}

    def _claim_one(self, sub: SubscriptionView, last: DigestDelivery | None, now: datetime) -> Due | None:
        anchor = max(sub.created_at, now - CATCH_UP, utc(last.scheduled_for) if last else sub.created_at)
        fire = sub.schedule.latest_fire(anchor, now)
        key = sub.schedule.period_key(fire) if fire else None
        stale = last is not None and last.status == "claimed" and utc(last.lease_until) <= now
        if last is not None and (fire is None or key == last.period_key):
            return self._reclaim(sub, last, now) if stale else None
        if fire is None or key is None:
            return None
        if stale and last is not None:  # a newer period is due: it covers everything since the last sent digest
            self._supersede(last.id, key)
        late = now - fire > self.late_after
        new_id = self._insert(sub.id, key, fire, now, late)
        if new_id is None:
            return None  # another process claimed it first
        return Due(new_id, sub, key, fire, self._since(sub, fire), late, resent=False)

    def _insert(self, sub_id: int, key: str, fire: datetime, now: datetime, late: bool) -> int | None:
        """INSERT … ON CONFLICT (subscription_id, period_key) DO NOTHING RETURNING id: the claim."""
        values = dict(subscription_id=sub_id, period_key=key, scheduled_for=utc(fire), status="claimed",
                      claimed_by=self.instance, lease_until=now + self.lease, attempts=1, late=late, claimed_at=now)
        unique = ["subscription_id", "period_key"]
        with self.sessions.begin() as s:
            dialect = s.get_bind().dialect.name
            if dialect == "postgresql":
                from sqlalchemy.dialects.postgresql import insert as pg_insert

                pg = pg_insert(DigestDelivery).values(**values).on_conflict_do_nothing(index_elements=unique)
                return s.execute(pg.returning(DigestDelivery.id)).scalar_one_or_none()
            if dialect == "sqlite":
                from sqlalchemy.dialects.sqlite import insert as sqlite_insert

                lite = sqlite_insert(DigestDelivery).values(**values).on_conflict_do_nothing(index_elements=unique)
                return s.execute(lite.returning(DigestDelivery.id)).scalar_one_or_none()
        try:  # other databases: the unique constraint still decides
            with self.sessions.begin() as s:
                return s.execute(insert(DigestDelivery).values(**values).returning(DigestDelivery.id)).scalar_one()
        except IntegrityError:
            return None

    def _reclaim(self, sub: SubscriptionView, row: DigestDelivery, now: datetime) -> Due | None:
        """Take over a claim whose lease ran out; only one process's conditional UPDATE matches."""
        if row.attempts >= MAX_ATTEMPTS:
            self._finish(row.id, None, "failed", now, f"gave up after {row.attempts} attempts: {row.error or 'interrupted'}")
            log.error("digest %s of subscription %s failed %s times; giving up", row.period_key, sub.id, row.attempts)
            return None
        with self.sessions.begin() as s:
            won = rowcount(s, update(DigestDelivery).where(
                DigestDelivery.id == row.id, DigestDelivery.status == "claimed", DigestDelivery.lease_until <= now,
            ).values(claimed_by=self.instance, lease_until=now + self.lease, claimed_at=now,
                     attempts=DigestDelivery.attempts + 1)) == 1
        if not won:
            return None
        fire = utc(row.scheduled_for)
        late = row.late or now - fire > self.late_after
        log.warning("re-claimed digest %s of subscription %s (previous attempt: %s)", row.period_key, sub.id,
                    row.error or "interrupted")
        return Due(row.id, sub, row.period_key, fire, self._since(sub, fire), late, resent=row.error is None)

    def _supersede(self, delivery_id: int, newer: str) -> None:
        with self.sessions.begin() as s:
            s.execute(update(DigestDelivery).where(DigestDelivery.id == delivery_id, DigestDelivery.status == "claimed")
                      .values(status="failed", error=f"superseded by period {newer}"))

    def _since(self, sub: SubscriptionView, fire: datetime) -> datetime:
        with self.sessions() as s:
            last_sent = s.scalar(select(func.max(DigestDelivery.scheduled_for)).where(
                DigestDelivery.subscription_id == sub.id, DigestDelivery.status == "sent",
                DigestDelivery.scheduled_for < utc(fire)))
        return utc(last_sent) if last_sent else utc(fire) - sub.schedule.period_before(fire)

    # -- outcomes ---------------------------------------------------------------------------------------------
    def mark_sent(self, due: Due, message_id: str | None, now: datetime) -> bool:
        """Record the send; False when this process no longer held the claim (its lease ran out meanwhile)."""
        ok = self._finish(due.delivery_id, message_id, "sent", utc(now), None, mine=True)
        if not ok:
            log.warning("digest %s of subscription %s was sent after its claim passed to another process; "
                        "it may appear twice", due.period_key, due.subscription.id)
        return ok

    def mark_failed(self, due: Due, error: str, now: datetime, retry_in: timedelta) -> None:
        """A failed send stays claimed until `now + retry_in`, then any process retries it (up to MAX_ATTEMPTS)."""
        with self.sessions.begin() as s:
            s.execute(update(DigestDelivery).where(
                DigestDelivery.id == due.delivery_id, DigestDelivery.claimed_by == self.instance,
                DigestDelivery.status == "claimed").values(lease_until=utc(now) + retry_in, error=error[:2000]))

    def _finish(self, delivery_id: int, message_id: str | None, status: str, now: datetime, error: str | None,
                mine: bool = False) -> bool:
        conds = [DigestDelivery.id == delivery_id, DigestDelivery.status == "claimed"]
        if mine:
            conds.append(DigestDelivery.claimed_by == self.instance)
        values: dict[str, object] = {"status": status, "error": error}
        if status == "sent":
            values.update(sent_at=now, platform_message_id=message_id)
        with self.sessions.begin() as s:
            return rowcount(s, update(DigestDelivery).where(*conds).values(**values)) == 1
