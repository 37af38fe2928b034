"""What a running bot knows about itself: Prometheus metrics and the state of its parts, for /readyz and /metrics.

One `Telemetry` per Runtime, with its own CollectorRegistry (no process-global metrics: two runtimes in one
test process do not share counters). Adapters register a probe ("am I connected?"); the scheduler beats at
each tick; the database counts (articles, incidents, claims, failing feeds) are read at scrape time, at most
once a minute, so that every replica reports the same totals without each one counting what it ingested.
"""
from __future__ import annotations

import logging
import threading
import time
from collections.abc import Awaitable, Callable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from prometheus_client import CollectorRegistry, Counter, Histogram
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.registry import Collector

if TYPE_CHECKING:
    from briefings.engine import Engine

log = logging.getLogger(__name__)

COUNTS_TTL = 60.0  # seconds a scrape's database counts are reused
LATENCY_BUCKETS = (0.005, 0.01, 0.02, 0.05, 0.1, 0.25, 0.5, 1.0, 2.0, 3.0, 5.0, 10.0)
LAG_BUCKETS = (1, 5, 15, 30, 60, 300, 900, 3600, 6 * 3600, 24 * 3600)
Probe = Callable[[], bool]


class DatabaseCounts(Collector):
    """Gauges read from the database at scrape time (cached COUNTS_TTL seconds)."""

    def __init__(self, engine_of: Callable[[], Engine | None]) -> None:
        self.engine_of = engine_of
        self.cached: tuple[float, dict[str, float]] | None = None
        self.lock = threading.Lock()

    def read(self) -> dict[str, float]:
        from sqlalchemy import func, select

        from briefings.db.models import Article, Claim, Feed, Incident

        engine = self.engine_of()
        if engine is None or getattr(engine, "sessions", None) is None:
            return {}
        with engine.sessions() as s:
            return {
                "articles": s.scalar(select(func.count()).select_from(Article)) or 0,
                "incidents": s.scalar(select(func.count()).select_from(Incident)) or 0,
                "claims": s.scalar(select(func.count()).select_from(Claim)) or 0,
                "feeds_failing": s.scalar(select(func.count()).select_from(Feed)
                                          .where(Feed.consecutive_failures > 0)) or 0,
            }

    def describe(self) -> Iterable[GaugeMetricFamily]:
        return []  # names are known only at scrape time; registering must not query the database

    def counts(self) -> dict[str, float]:
        if self.engine_of() is None:
            return {}
        with self.lock:
            if self.cached is None or time.monotonic() - self.cached[0] > COUNTS_TTL:
                try:
                    self.cached = (time.monotonic(), self.read())
                except Exception as exc:  # /metrics stays up when the database is not; /readyz says why
                    log.warning("metrics: reading the database counts failed: %s", exc)
                    return {}
            return self.cached[1]

    def collect(self) -> Iterable[GaugeMetricFamily]:
        helps = {"articles": "reports stored", "incidents": "incidents", "claims": "claims extracted from reports",
                 "feeds_failing": "feeds whose last poll failed"}
        for name, value in self.counts().items():
            yield GaugeMetricFamily(f"briefbot_{name}", helps[name], value=value)


class Telemetry:
    """Metrics and health of one running bot."""

    def __init__(self) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        r = self.registry
        self.command_seconds = Histogram("briefbot_command_seconds", "time to answer a command (engine and render)",
                                         ["command", "platform"], buckets=LATENCY_BUCKETS, registry=r)
        self.reports = Counter("briefbot_reports", "reports read from feeds by this process",
                               ["outcome"], registry=r)  # new | duplicate | rejected
        self.digests = Counter("briefbot_digests", "scheduled digests handled", ["result"], registry=r)  # sent | failed
        self.digest_lag = Histogram("briefbot_digest_lag_seconds", "how late a digest went out after its time",
                                    buckets=LAG_BUCKETS, registry=r)
        self.feed_failures = Counter("briefbot_feed_failures", "feed polls that failed", registry=r)
        self.probes: dict[str, Probe] = {}
        self.beats: dict[str, float] = {}
        self.started = time.monotonic()
        self.scheduling = False  # the scheduler service runs (it then beats at every tick)
        self.health_url: str | None = None  # where /healthz is served, once it is
        self.engine: Engine | None = None
        self.db_counts = DatabaseCounts(lambda: self.engine)
        r.register(self.db_counts)

    # -- parts report here ------------------------------------------------------------------------------
    def probe(self, name: str, connected: Probe) -> None:
        """An adapter says how to ask whether it is connected (read at every /readyz)."""
        self.probes[name] = connected

    def forget(self, name: str) -> None:
        self.probes.pop(name, None)

    def beat(self, name: str) -> None:
        self.beats[name] = time.monotonic()

    def command_took(self, command: str, platform: str, seconds: float) -> None:
        self.command_seconds.labels(command=command, platform=platform).observe(seconds)

    def watch_digests(self, tick: Callable[[], Awaitable[Sequence[Any]]], now: Callable[[], Any]
                      ) -> Callable[[], Awaitable[Sequence[Any]]]:
        """The dispatcher's tick, counted: digests sent or failed, and how late each went out."""

        async def counted() -> Sequence[Any]:
            sent = await tick()
            self.beat("scheduler")
            for item in sent:
                self.digests.labels(result="failed" if item.error else "sent").inc()
                if not item.error:
                    self.digest_lag.observe(max(0.0, (now() - item.due.scheduled_for).total_seconds()))
            return sent

        return counted

    def watch_feeds(self, tick: Callable[[], Awaitable[Sequence[Any]]]) -> Callable[[], Awaitable[Sequence[Any]]]:
        """The feed poller's tick, counted: reports new, duplicate and rejected, and failed polls."""

        async def counted() -> Sequence[Any]:
            results = await tick()
            self.beat("scheduler")
            for result in results:
                if result.status == "error":
                    self.feed_failures.inc()
                self.reports.labels(outcome="new").inc(result.new)
                self.reports.labels(outcome="duplicate").inc(result.duplicates)
                self.reports.labels(outcome="rejected").inc(getattr(result, "rejected", 0))
            return results

        return counted
