"""The scheduler service: scheduled digests and feed polling, in the bot's event loop (APScheduler 3.11).

Each process runs an AsyncIOScheduler with a MemoryJobStore only — APScheduler cannot share a job store between
processes (../shared/docs/platforms.md §3.2). Two short interval jobs do the work: the digest dispatcher asks
the database (the source of truth) which subscriptions are due and claims each (subscription, period) before
sending (bot.scheduling.deliveries) — digests due with the same window share one load of its news (Engine.digest_window)
— and the feed poller fetches the feeds that are due (bot.feeds). Database work runs in
worker threads; posting goes through `runtime.deliverers[platform]`, so this module imports no platform.
"""
from __future__ import annotations

import asyncio
import dataclasses
import logging
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from typing import TYPE_CHECKING, Any
from zoneinfo import ZoneInfo

from briefings.briefing import Briefing
from bot.scheduling.clock import Clock, SystemClock
from bot.scheduling.deliveries import Deliveries, Due, utc
from bot.scheduling.delivery import Deliverer
from bot.scheduling.schedules import local_text

if TYPE_CHECKING:
    from briefings.digestwindow import DigestWindow
    from briefings.engine import Engine
    from bot.runtime import Runtime
    from bot.settings import Settings

log = logging.getLogger(__name__)

SHUTDOWN_GRACE = 5.0  # seconds in-flight sends get to finish when the bot stops
ALERT_INTERVAL = 1.0  # seconds between alert scans (issue 19: an alert within ~2 s of the ingest that caused it)


@dataclass(frozen=True)
class Sent:
    """What one tick did with one claimed digest (for logs and tests)."""

    due: Due
    message_id: str | None
    error: str | None = None


class Dispatcher:
    """One tick: claim the due digests, build each in a worker thread, post it, record the outcome."""

    def __init__(self, engine: Engine, deliverers: Mapping[str, Deliverer], clock: Clock, *,
                 lease: timedelta = timedelta(minutes=10), late_after: timedelta = timedelta(minutes=15),
                 retry_in: timedelta = timedelta(minutes=2), instance: str | None = None) -> None:
        self.engine = engine
        self.deliverers = deliverers  # live: adapters register theirs after start-up
        self.clock = clock
        self.store = Deliveries(engine.sessions, instance, lease, late_after)
        self.retry_in = retry_in

    @classmethod
    def from_settings(cls, engine: Engine, deliverers: Mapping[str, Deliverer], clock: Clock, settings: Settings,
                      instance: str | None = None) -> Dispatcher:
        return cls(engine, deliverers, clock, lease=settings.digest_lease, late_after=settings.digest_late_after,
                   instance=instance)

    @property
    def instance(self) -> str:
        return self.store.instance

    async def tick(self) -> list[Sent]:
        """Claim what is due; digests that share a window (same since and until) read the database once."""
        platforms = frozenset(self.deliverers)
        if not platforms:
            return []
        dues = await asyncio.to_thread(self.store.claim_due, self.clock.now(), platforms)
        groups = Counter(_window_key(d) for d in dues)
        windows = {key: asyncio.ensure_future(asyncio.to_thread(self.engine.digest_window, *key))
                   for key, count in groups.items() if count > 1}
        try:
            return list(await asyncio.gather(*(self._send(d, windows.get(_window_key(d))) for d in dues)))
        finally:
            for window in windows.values():  # cancelled mid-tick: nobody waits for these any more
                if not window.done():
                    window.cancel()
                elif not window.cancelled():
                    window.exception()  # retrieved (each send already reported it)

    async def _send(self, due: Due, window: asyncio.Future[DigestWindow] | None = None) -> Sent:
        try:
            shared = await asyncio.shield(window) if window is not None else None
            briefing = await asyncio.to_thread(self.briefing, due, shared)
            message_id = await self.deliverers[due.subscription.scope.platform].deliver(due.subscription.target, briefing)
        except asyncio.CancelledError:
            raise  # the claim stays; its lease runs out and a process retries it
        except Exception as exc:  # the platform refused or the digest could not be built: retry later
            log.exception("digest %s for subscription %s could not be delivered", due.period_key, due.subscription.id)
            await asyncio.to_thread(self.store.mark_failed, due, f"{type(exc).__name__}: {exc}", self.clock.now(),
                                    self.retry_in)
            return Sent(due, None, str(exc))
        await asyncio.to_thread(self.store.mark_sent, due, message_id, self.clock.now())
        return Sent(due, message_id)

    def briefing(self, due: Due, window: DigestWindow | None = None) -> Briefing:
        """The digest for one claimed period, titled for the subscription, with the late/resent notes.

        `window`: the period's news already loaded (engine.digest_window(due.since, due.scheduled_for))."""
        sub = due.subscription
        if window is not None:
            digest = window.digest(sub.filters)
        else:
            digest = self.engine.digest(since=due.since, filters=sub.filters, until=due.scheduled_for)
        when = local_text(due.scheduled_for, sub.schedule.tz)
        notes = []
        if due.late:
            notes.append(f"Late: this digest was due at {when} ({sub.schedule.timezone}); the bot was not running "
                         "then. It covers everything since the previous digest.")
        if due.resent:
            notes.append("Re-sent after an interrupted delivery: if this digest already reached you, ignore this copy.")
        summary = "\n\n".join([*notes, digest.summary])
        title = ("Daily digest" if sub.schedule.kind == "daily" else "Digest") + f" — {due.period_key.replace('T', ' ')}"
        footer = " · ".join(p for p in (f"Subscription #{sub.id}: {sub.schedule.describe()}", digest.footer,
                                         f"/unsubscribe {sub.id} to stop") if p)
        data = {**digest.data, "subscription": sub.id, "period": due.period_key, "late": due.late,
                "scheduled_for": due.scheduled_for.astimezone(timezone.utc).isoformat()}
        return dataclasses.replace(digest, title=title, summary=summary, footer=footer, data=data)


def _window_key(due: Due) -> tuple[datetime, datetime]:
    """Digests with equal keys cover the same news (their filters differ): one window serves them all."""
    return (utc(due.since), utc(due.scheduled_for))


def _guarded(job: Callable[[], Awaitable[Any]], running: set[asyncio.Task[Any]], name: str) -> Callable[[], Awaitable[None]]:
    """A job that logs instead of raising, that shutdown can wait for, and that skips a turn (quietly) while
    its previous run is still busy — a slow feed must not fill the terminal with APScheduler's warnings."""
    busy = asyncio.Lock()

    async def run() -> None:
        if busy.locked():
            log.debug("scheduler job %s still running; skipping this turn", name)
            return
        task = asyncio.current_task()
        if task is not None:
            running.add(task)
        try:
            async with busy:
                await job()
        except asyncio.CancelledError:
            raise
        except Exception:
            log.exception("scheduler job %s failed; it runs again at its next interval", name)
        finally:
            if task is not None:
                running.discard(task)

    return run


async def serve(runtime: Runtime, stop: asyncio.Event, *, clock: Clock | None = None) -> None:
    """Run the digest dispatcher and the feed poller until `stop` is set (bot.app starts this as a service)."""
    from apscheduler.jobstores.memory import MemoryJobStore
    from apscheduler.schedulers.asyncio import AsyncIOScheduler
    from apscheduler.triggers.interval import IntervalTrigger

    from bot.feeds import FeedPoller
    from bot.scheduling.watches_delivery import AlertDispatcher

    engine = runtime.engine
    if getattr(engine, "sessions", None) is None:  # a stand-in engine without a database: nothing to schedule
        log.info("scheduler idle: the engine has no database")
        await stop.wait()
        return
    settings = runtime.settings
    clock = clock or SystemClock()
    dispatcher = Dispatcher.from_settings(engine, runtime.deliverers, clock, settings)
    poller = FeedPoller.from_settings(engine, runtime.deliverers, clock, settings)
    alerts = AlertDispatcher(engine, runtime.deliverers, clock, instance=dispatcher.instance)
    seconds = settings.dispatcher_interval.total_seconds()
    scheduler = AsyncIOScheduler(jobstores={"default": MemoryJobStore()}, timezone=ZoneInfo("UTC"), job_defaults={
        "coalesce": True, "max_instances": 2, "misfire_grace_time": max(1, int(seconds * 2))})
    running: set[asyncio.Task[Any]] = set()
    start = datetime.now(timezone.utc)
    telemetry = runtime.telemetry  # issue 21: digests and feed polls counted, a beat per tick for /readyz
    telemetry.scheduling = True
    jobs = (("digests", telemetry.watch_digests(dispatcher.tick, clock.now), seconds),
            ("feeds", telemetry.watch_feeds(poller.tick), seconds), ("alerts", alerts.tick, min(seconds, ALERT_INTERVAL)))
    for name, job, every in jobs:
        scheduler.add_job(_guarded(job, running, name), IntervalTrigger(seconds=every, timezone=ZoneInfo("UTC")),
                          id=name, name=name, next_run_time=start, replace_existing=True)
    scheduler.start()
    log.info("scheduler %s started: digests and feeds every %g s, alerts every %g s", dispatcher.instance, seconds,
             min(seconds, ALERT_INTERVAL))
    try:
        await stop.wait()
    finally:
        scheduler.shutdown(wait=False)
        if running:
            _done, pending = await asyncio.wait(set(running), timeout=SHUTDOWN_GRACE)
            for task in pending:
                task.cancel()
