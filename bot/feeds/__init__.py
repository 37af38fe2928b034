"""Feed polling: conditional GET, the same ingest as files, backoff, health, and one alert per failure episode.

The scheduler calls `FeedPoller.tick` every dispatcher interval. A due feed is taken with a conditional UPDATE
(so two bot processes never poll it at once), fetched in a worker thread, and its entries go through the
engine's ingest pipeline, which stores each new article once (exact duplicates are recognised). Errors, 429s
and malformed XML back off exponentially (longer still if the server sends Retry-After). A feed failing for
`feed_alert_after` turns `failing` and the subscribed channels hear about it once (the log, in console mode);
the next success ends the episode.
"""
from __future__ import annotations

import asyncio
import logging
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import TYPE_CHECKING

from sqlalchemy import select, update

from briefings.briefing import Briefing
from briefings.db.models import Feed, Subscription
from briefings.ingest.fetch import content_kind
from briefings.ingest.readers import Document, parse_bytes
from bot.scheduling.delivery import Deliverer, Target
from bot.scheduling.deliveries import rowcount
from bot.feeds.store import FeedError, FeedView, Response, conditional_get, utc
from bot.feeds.store import add_feed, list_feeds, parse_every, remove_feed  # noqa: F401 - the CLI's entry points

if TYPE_CHECKING:
    from briefings.engine import Engine
    from bot.scheduling.clock import Clock
    from bot.settings import Settings

log = logging.getLogger(__name__)

MAX_BACKOFF = timedelta(hours=6)
POLL_LEASE = timedelta(minutes=5)  # a poll in progress holds the feed this long (a crashed poller frees it)
MAX_BYTES = 10 * 1024 * 1024


@dataclass(frozen=True)
class PollResult:
    url: str
    status: str  # new | not-modified | error
    new: int = 0  # articles stored for the first time (new, revision or carrier)
    duplicates: int = 0
    error: str | None = None
    rejected: int = 0  # entries that could not be stored (metrics: briefbot_reports{outcome="rejected"})
    next_poll_at: datetime | None = None


class FeedPoller:
    def __init__(self, engine: Engine, deliverers: Mapping[str, Deliverer], clock: Clock, *,
                 alert_after: timedelta = timedelta(hours=6), timeout: float = 20.0) -> None:
        self.engine = engine
        self.deliverers = deliverers
        self.clock = clock
        self.alert_after = alert_after
        self.timeout = timeout

    @classmethod
    def from_settings(cls, engine: Engine, deliverers: Mapping[str, Deliverer], clock: Clock,
                      settings: Settings) -> FeedPoller:
        return cls(engine, deliverers, clock, alert_after=settings.feed_alert_after, timeout=settings.feed_timeout)

    async def tick(self) -> list[PollResult]:
        """Poll every due feed (one at a time: the ingest pipeline is not shared between threads), then alert."""
        results = []
        for feed in await asyncio.to_thread(self.take_due, self.clock.now()):
            results.append(await asyncio.to_thread(self.poll, feed))
        for feed in await asyncio.to_thread(self.take_alerts, self.clock.now()):
            await self.alert(feed)
        return results

    # -- database side (worker threads) -----------------------------------------------------------------------
    def take_due(self, now: datetime) -> list[FeedView]:
        now = utc(now)
        with self.engine.sessions() as s:
            due = [FeedView.of(f) for f in s.scalars(select(Feed).where(Feed.next_poll_at <= now).order_by(Feed.next_poll_at))]
        taken = []
        for feed in due:
            with self.engine.sessions.begin() as s:
                won = rowcount(s, update(Feed).where(Feed.id == feed.id, Feed.next_poll_at <= now)
                               .values(next_poll_at=now + POLL_LEASE)) == 1
            if won:
                taken.append(feed)
        return taken

    def poll(self, feed: FeedView) -> PollResult:
        """Fetch one feed, ingest what is new, and record the outcome (validators, backoff, health)."""
        try:
            got = conditional_get(feed.url, feed.etag, feed.last_modified, timeout=self.timeout, max_bytes=MAX_BYTES)
        except FeedError as exc:
            return self._failed(feed, str(exc), None)
        if got.status == 304:
            return self._succeeded(feed, got, PollResult(feed.url, "not-modified"))
        if got.status == 429:
            return self._failed(feed, "HTTP 429 Too Many Requests", got.retry_after)
        if got.status >= 400:
            return self._failed(feed, f"HTTP {got.status}", got.retry_after)
        docs, problems = self._parse(feed.url, got)
        if not docs and problems:
            return self._failed(feed, problems[0], None)
        new = duplicates = rejected = 0
        try:
            for doc in docs:
                status = self._store(doc)
                new += status in ("new", "revision", "carrier")
                duplicates += status == "duplicate"
                rejected += status == "rejected"
        finally:
            self.engine.pipeline.refresh()
        log.info("feed %s: %d new article(s), %d already known", feed.url, new, duplicates, extra={"feed": feed.url})
        return self._succeeded(feed, got, PollResult(feed.url, "new", new, duplicates, rejected=rejected + len(problems)))

    def _parse(self, url: str, got: Response) -> tuple[list[Document], list[str]]:
        docs, problems = [], []
        for item in parse_bytes(got.data, content_kind(got.content_type, got.data), url, noun="response",
                                charset=got.charset, defaults={"url": url}):
            if isinstance(item, Document):
                docs.append(item)
            else:
                problems.append(item.reason)
        return docs, problems

    def _store(self, doc: Document) -> str:
        try:
            return self.engine.pipeline.store(doc).status
        except Exception:  # one bad entry must not lose the others (the same rule as `briefbot ingest`)
            log.exception("storing feed entry %s failed", doc.source)
            return "rejected"

    def _succeeded(self, feed: FeedView, got: Response, result: PollResult) -> PollResult:
        now = utc(self.clock.now())
        nxt = now + feed.interval
        if feed.consecutive_failures:
            log.warning("feed %s recovered after %d failure(s)", feed.url, feed.consecutive_failures,
                        extra={"feed": feed.url})
        with self.engine.sessions.begin() as s:
            s.execute(update(Feed).where(Feed.id == feed.id).values(
                etag=got.etag or feed.etag, last_modified=got.last_modified or feed.last_modified, last_polled_at=now,
                next_poll_at=nxt, consecutive_failures=0, failing_since=None, health="ok", last_error=None,
                alert_sent_at=None))
        return PollResult(result.url, result.status, result.new, result.duplicates, None, nxt, result.rejected)

    def _failed(self, feed: FeedView, error: str, retry_after: timedelta | None) -> PollResult:
        now = utc(self.clock.now())
        failures = feed.consecutive_failures + 1
        delay = min(feed.interval * 2 ** failures, max(MAX_BACKOFF, feed.interval))
        if retry_after is not None:
            delay = max(delay, retry_after)
        since = feed.failing_since or now
        health = "failing" if now - since >= self.alert_after else "degraded"
        log.warning("feed %s failed (%d in a row): %s; next try in %s", feed.url, failures, error, delay,
                    extra={"feed": feed.url})
        with self.engine.sessions.begin() as s:
            s.execute(update(Feed).where(Feed.id == feed.id).values(
                last_polled_at=now, next_poll_at=now + delay, consecutive_failures=failures,
                failing_since=since, health=health, last_error=error[:1000]))
        return PollResult(feed.url, "error", error=error, next_poll_at=now + delay)

    def take_alerts(self, now: datetime) -> list[FeedView]:
        """Feeds failing for `alert_after` whose channels have not heard of it in this episode (claimed once)."""
        now = utc(now)
        limit = now - self.alert_after
        with self.engine.sessions() as s:
            ids = list(s.scalars(select(Feed.id).where(Feed.failing_since <= limit, Feed.alert_sent_at.is_(None))))
        won = []
        for feed_id in ids:
            with self.engine.sessions.begin() as s:
                if rowcount(s, update(Feed).where(Feed.id == feed_id, Feed.alert_sent_at.is_(None))
                            .values(alert_sent_at=now, health="failing")) == 1:
                    won.append(FeedView.of(s.get(Feed, feed_id)))  # type: ignore[arg-type]
        return won

    def alert_targets(self) -> list[Target]:
        """Every channel (or DM) with an active subscription on a platform this process can post to."""
        with self.engine.sessions() as s:
            rows = s.execute(select(Subscription.platform, Subscription.channel, Subscription.workspace,
                                    Subscription.dm_user).where(Subscription.active.is_(True)).distinct()).all()
        return [Target(p, c, w, u) for p, c, w, u in rows if p in self.deliverers and p != "console"]

    # -- telling people -----------------------------------------------------------------------------------------
    async def alert(self, feed: FeedView) -> int:
        """Post the failure to the subscribed channels (log only when there are none, e.g. the console)."""
        since = f"{feed.failing_since:%Y-%m-%d %H:%M} UTC" if feed.failing_since else "a while"
        message = Briefing(
            f"Feed failing: {feed.url}",
            f"briefbot has not been able to read {feed.url} since {since} ({feed.consecutive_failures} attempt(s); "
            f"last error: {feed.last_error or 'unknown'}). Reports from it are missing from digests until it "
            f"recovers. Check the address, or remove it with: briefbot feeds remove {feed.url}",
            kind="message", data={"feed": feed.url, "failing_since": feed.failing_since.isoformat()
                                  if feed.failing_since else None, "error": feed.last_error})
        log.error("%s — %s", message.title, message.summary)
        sent = 0
        for target in await asyncio.to_thread(self.alert_targets):
            try:
                await self.deliverers[target.platform].deliver(target, message)
                sent += 1
            except Exception:
                log.exception("could not tell %s about the failing feed %s", target, feed.url)
        return sent
