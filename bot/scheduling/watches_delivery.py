"""Alert delivery: claimed alerts, coalesced per channel, posted through the platforms' Deliverers.

Each tick first runs the alert scan (briefings.alerts_scan: changed incidents → pending rows, unique per watch,
incident and change), then, per channel with pending alerts, takes the channel's window — a conditional UPDATE on
`alert_channels.next_at`, so two processes never both post to a channel in one window — and claims that channel's
pending rows into one batch. The first alert of a quiet channel goes out at once; what arrives during the next
`coalesce` window waits and goes out as one message listing every incident (none is dropped). A batch whose process
died is re-claimed after its lease and sent with a note (neither Slack nor Discord has an idempotency key).
"""
from __future__ import annotations

import asyncio
import logging
import uuid
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any

from sqlalchemy import or_, select, update

from briefings.alerts_scan import AlertScanner, ScanStats, insert_ignore, utc
from briefings.briefing import Briefing, Item, Section
from briefings.db.models import AlertChannel, AlertDelivery, Incident, Watch
from briefings.db.session import session_factory, writer
from bot.scheduling.deliveries import instance_name, rowcount
from bot.scheduling.delivery import Deliverer, Target

if TYPE_CHECKING:
    from briefings.engine import Engine
    from bot.scheduling.clock import Clock

log = logging.getLogger(__name__)

DETAILED = 5  # incidents shown in full in one coalesced message; the rest one line each
MAX_ATTEMPTS = 5
EPOCH = datetime(2000, 1, 1, tzinfo=timezone.utc)


@dataclass(frozen=True)
class AlertRow:
    id: int
    watch_id: int
    watch_label: str
    incident_id: int
    kind: str
    detail: str
    attempts: int
    error: str | None


@dataclass(frozen=True)
class AlertBatch:
    """The alerts one message carries: one channel, one or more incidents."""

    key: str
    target: Target
    batch: str
    rows: tuple[AlertRow, ...]
    incidents: Mapping[int, tuple[str, str, str]]  # id -> (slug, title, "Hroza, Kharkiv, Ukraine")

    @property
    def resent(self) -> bool:
        return any(r.attempts > 1 and r.error is None for r in self.rows)


def target_of(key: str) -> Target:
    platform, workspace, channel, user = key.split("|")
    return Target(platform, channel=None if user else (channel or None), workspace=workspace or None, user=user or None)


class AlertStore:
    """The claims, in worker threads (sync)."""

    def __init__(self, engine: Engine, instance: str | None = None, *, coalesce: timedelta = timedelta(minutes=3),
                 lease: timedelta = timedelta(minutes=5)) -> None:
        self.sessions = engine.sessions
        self.writer = session_factory(writer(engine.db))
        self.scanner = AlertScanner(self.sessions, self.writer)
        self.instance = instance or instance_name()
        self.coalesce = coalesce
        self.lease = lease

    def scan(self, now: datetime) -> ScanStats:
        return self.scanner.scan(now)

    def _open(self, now: datetime) -> Any:
        return or_(AlertDelivery.status == "pending",
                   (AlertDelivery.status == "claimed") & (AlertDelivery.lease_until <= now))

    def claim(self, now: datetime, platforms: frozenset[str]) -> list[AlertBatch]:
        """Per channel whose window is open: take the window, claim its open alerts as one batch."""
        now = utc(now)
        with self.sessions() as s:
            keys = list(s.scalars(select(AlertDelivery.channel_key).distinct().where(
                self._open(now), AlertDelivery.platform.in_(sorted(platforms)))))
            if not keys:
                return []
            waiting = set(s.scalars(select(AlertChannel.key).where(AlertChannel.key.in_(keys), AlertChannel.next_at > now)))
        keys = [k for k in keys if k not in waiting]  # inside their window: no write transaction for them
        out = []
        for key in keys:
            try:
                batch = self._claim_channel(key, now)
            except Exception:  # one channel's trouble (a lock timeout) must not hold up the others
                log.exception("claiming alerts for %s failed", key)
                continue
            if batch is not None:
                out.append(batch)
        return out

    def _claim_channel(self, key: str, now: datetime) -> AlertBatch | None:
        batch = uuid.uuid4().hex
        with self.writer.begin() as s:
            insert_ignore(s, AlertChannel, {"key": key, "next_at": EPOCH, "holder": None}, ["key"], AlertChannel.key)
            if rowcount(s, update(AlertChannel).where(AlertChannel.key == key, AlertChannel.next_at <= now)
                        .values(next_at=now + self.coalesce, holder=self.instance)) != 1:
                return None  # this channel had a message within the window: its alerts wait for the next one
            taken = rowcount(s, update(AlertDelivery).where(AlertDelivery.channel_key == key, self._open(now))
                             .values(status="claimed", batch=batch, claimed_by=self.instance,
                                     lease_until=now + self.lease, attempts=AlertDelivery.attempts + 1))
            if not taken:
                s.execute(update(AlertChannel).where(AlertChannel.key == key).values(next_at=now))
                return None
        with self.sessions() as s:
            rows = s.execute(select(AlertDelivery, Watch.label).join(Watch, Watch.id == AlertDelivery.watch_id)
                             .where(AlertDelivery.batch == batch).order_by(AlertDelivery.id)).all()
            alerts = tuple(AlertRow(a.id, a.watch_id, label, a.incident_id, a.kind, a.detail, a.attempts, a.error)
                           for a, label in rows)
            ids = sorted({a.incident_id for a in alerts})
            incidents = {i.id: (i.slug, i.title, ", ".join(p for p in dict.fromkeys(
                (i.place_name, i.admin1, i.country)) if p)) for i in s.scalars(select(Incident).where(Incident.id.in_(ids)))}
        return AlertBatch(key, target_of(key), batch, alerts, incidents)

    def mark_sent(self, batch: AlertBatch, message_id: str | None, now: datetime) -> None:
        with self.writer.begin() as s:
            s.execute(update(AlertDelivery).where(AlertDelivery.batch == batch.batch, AlertDelivery.status == "claimed",
                                                  AlertDelivery.claimed_by == self.instance)
                      .values(status="sent", sent_at=utc(now), platform_message_id=message_id, error=None))

    def mark_failed(self, batch: AlertBatch, error: str, now: datetime, retry_in: timedelta) -> None:
        """The batch is retried after `retry_in` (its channel's window reopens then); given up after MAX_ATTEMPTS."""
        now = utc(now)
        with self.writer.begin() as s:
            mine = (AlertDelivery.batch == batch.batch, AlertDelivery.status == "claimed")
            s.execute(update(AlertDelivery).where(*mine, AlertDelivery.attempts >= MAX_ATTEMPTS)
                      .values(status="failed", error=error[:2000]))
            s.execute(update(AlertDelivery).where(*mine).values(lease_until=now + retry_in, error=error[:2000]))
            s.execute(update(AlertChannel).where(AlertChannel.key == batch.key).values(next_at=now + retry_in))


def compose(batch: AlertBatch) -> Briefing:
    """One message: what changed per incident, with the place and the command that opens the full briefing."""
    by_incident: dict[int, list[AlertRow]] = {}
    for r in batch.rows:
        by_incident.setdefault(r.incident_id, []).append(r)
    order = list(by_incident)
    sections = []
    for incident_id in order[:DETAILED]:
        slug, title, place = batch.incidents.get(incident_id, ("", "an incident", ""))
        rows = by_incident[incident_id]
        details = list(dict.fromkeys(r.detail for r in rows))
        watches = ", ".join(dict.fromkeys(f"#{r.watch_id} {r.watch_label}" for r in rows))
        items = [Item(text=d) for d in details]
        if len(order) > 1:
            items.append(Item(text=f"{place} · watch {watches}", label="Where"))
        items.append(Item(text=f"/incident {slug}", label="Full briefing"))
        sections.append(Section("What changed" if len(order) == 1 else title, "alert", tuple(items)))
    rest = order[DETAILED:]
    if rest:
        sections.append(Section(f"Also in your watched areas ({len(rest)} more)", "alert", tuple(
            Item(label=batch.incidents.get(i, ("?",))[0],
                 text=f"{batch.incidents.get(i, ('', 'an incident', ''))[1]}: {by_incident[i][0].detail}"
                      + (f" (+{len(by_incident[i]) - 1} more change(s))" if len(by_incident[i]) > 1 else ""))
            for i in rest)))
    if len(order) == 1:
        slug, title, place = batch.incidents.get(order[0], ("", "an incident", ""))
        watches = ", ".join(dict.fromkeys(f"#{r.watch_id} {r.watch_label}" for r in batch.rows))
        head, summary = f"Alert: {title}", f"{place} · watch {watches}"
    else:
        head = f"Alerts: {len(order)} incidents in your watched areas"
        summary = f"{len(batch.rows)} change(s) since the last alert. Full briefings: /incident <name>."
    if batch.resent:
        summary = "Re-sent after an interrupted delivery: if this alert already reached you, ignore this copy.\n\n" + summary
    stop = ", ".join(dict.fromkeys(f"/watch remove {r.watch_id}" for r in batch.rows))
    return Briefing(head, summary, tuple(sections), footer=f"Stop: {stop}", kind="alert",
                    data={"alerts": [{"watch": r.watch_id, "incident": batch.incidents.get(r.incident_id, ("",))[0],
                                      "kind": r.kind, "detail": r.detail} for r in batch.rows],
                          # for adapters that render buttons: each opens the incident's full briefing
                          "actions": [{"label": "Full briefing" if len(order) == 1 else
                                       f"Full briefing: {batch.incidents.get(i, ('',))[0]}", "command": "incident",
                                       "args": batch.incidents.get(i, ("",))[0]} for i in order[:DETAILED]]})


@dataclass(frozen=True)
class AlertSent:
    batch: AlertBatch
    message_id: str | None
    error: str | None = None


class AlertDispatcher:
    """One tick: scan for changes, claim per channel, post, record. Database work runs in worker threads."""

    def __init__(self, engine: Engine, deliverers: Mapping[str, Deliverer], clock: Clock, *,
                 coalesce: timedelta = timedelta(minutes=3), lease: timedelta = timedelta(minutes=5),
                 retry_in: timedelta = timedelta(minutes=1), instance: str | None = None) -> None:
        self.deliverers = deliverers  # live: adapters register theirs after start-up
        self.clock = clock
        self.store = AlertStore(engine, instance, coalesce=coalesce, lease=lease)
        self.retry_in = retry_in

    async def tick(self) -> list[AlertSent]:
        await asyncio.to_thread(self.store.scan, self.clock.now())
        platforms = frozenset(self.deliverers)
        if not platforms:
            return []  # the alerts wait in the database for a process that can post them
        batches = await asyncio.to_thread(self.store.claim, self.clock.now(), platforms)
        return list(await asyncio.gather(*(self._send(b) for b in batches)))

    async def _send(self, batch: AlertBatch) -> AlertSent:
        try:
            message_id = await self.deliverers[batch.target.platform].deliver(batch.target, compose(batch))
        except asyncio.CancelledError:
            raise  # the claim stays; its lease runs out and a process sends it again
        except Exception as exc:
            log.exception("alerts for %s could not be delivered", batch.key)
            await asyncio.to_thread(self.store.mark_failed, batch, f"{type(exc).__name__}: {exc}", self.clock.now(),
                                    self.retry_in)
            return AlertSent(batch, None, str(exc))
        await asyncio.to_thread(self.store.mark_sent, batch, message_id, self.clock.now())
        return AlertSent(batch, message_id)
