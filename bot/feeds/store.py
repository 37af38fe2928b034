"""Feeds the bot polls: the table rows (add / list / remove for `briefbot feeds`) and the conditional GET.

A conditional GET sends the validators the server gave last time (ETag → If-None-Match, Last-Modified →
If-Modified-Since); a 304 means nothing new and costs the server almost nothing. Errors are returned as
values (status, Retry-After) so that the poller can back off; only network failures raise FeedError.
"""
from __future__ import annotations

import re
import socket
import urllib.error
import urllib.request
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime
from urllib.parse import urlparse

from sqlalchemy import or_, select
from sqlalchemy.orm import Session, sessionmaker

from briefings.db.models import Feed
from briefings.ingest.fetch import USER_AGENT
from bot.timeparse import BadArgument

ACCEPT = "application/rss+xml, application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, */*;q=0.1"
MIN_INTERVAL = timedelta(minutes=1)
MAX_RETRY_AFTER = timedelta(days=1)
_EVERY = re.compile(r"^\s*(\d+(?:\.\d+)?)\s*(s|sec|secs|m|min|mins|h|hr|hrs|hours?|d|days?)?\s*$", re.I)
_UNIT = {"s": 1, "m": 60, "h": 3600, "d": 86400}


class FeedError(Exception):
    """A feed could not be fetched at all (network, timeout, size); one line for the user."""


def utc(dt: datetime) -> datetime:
    """Aware UTC (SQLite keeps no offset: stored times are UTC, and naive values read back are UTC)."""
    return (dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def utc_or_none(dt: datetime | None) -> datetime | None:
    return None if dt is None else utc(dt)


def parse_every(text: str) -> timedelta:
    """'15m', '1h', '90s', '2 hours', '30' (minutes) → a polling interval of at least one minute."""
    m = _EVERY.match(text or "")
    if not m:
        raise BadArgument(f"{text!r} is not an interval; use e.g. 15m, 1h or 2h.")
    unit = (m.group(2) or "m").lower()[0]
    every = timedelta(seconds=float(m.group(1)) * _UNIT[unit])
    if every < MIN_INTERVAL:
        raise BadArgument(f"{text!r} is too often; poll a feed at most once a minute (e.g. 15m).")
    return every


def every_text(seconds: int) -> str:
    for unit, size in (("d", 86400), ("h", 3600), ("m", 60)):
        if seconds % size == 0:
            return f"{seconds // size}{unit}"
    return f"{seconds}s"


@dataclass(frozen=True)
class FeedView:
    id: int
    url: str
    interval: timedelta
    health: str
    consecutive_failures: int
    last_polled_at: datetime | None
    next_poll_at: datetime | None
    failing_since: datetime | None
    last_error: str | None
    etag: str | None
    last_modified: str | None
    alert_sent_at: datetime | None

    @classmethod
    def of(cls, f: Feed) -> FeedView:
        return cls(f.id, f.url, timedelta(seconds=f.interval_seconds), f.health, f.consecutive_failures,
                   utc_or_none(f.last_polled_at), utc_or_none(f.next_poll_at), utc_or_none(f.failing_since),
                   f.last_error, f.etag, f.last_modified, utc_or_none(f.alert_sent_at))

    def line(self) -> str:
        """'#2 https://… every 15m · ok · last polled 2024-04-22 04:30 UTC'."""
        parts = [f"#{self.id} {self.url}", f"every {every_text(int(self.interval.total_seconds()))}", self.health]
        if self.last_polled_at:
            parts.append(f"last polled {self.last_polled_at:%Y-%m-%d %H:%M} UTC")
        else:
            parts.append("not polled yet (polled while `briefbot run` is running)")
        if self.consecutive_failures:
            parts.append(f"{self.consecutive_failures} failure(s) in a row: {self.last_error or 'unknown error'}")
        return " · ".join(parts)


def add_feed(sessions: sessionmaker[Session], url: str, every: timedelta, created_by: str | None,
             now: datetime) -> tuple[FeedView, bool]:
    """Register a feed (polled at the scheduler's next look); (existing, False) when already registered."""
    url = url.strip()
    parsed = urlparse(url)
    if parsed.scheme not in ("http", "https") or not parsed.netloc:
        raise BadArgument(f"{url!r} is not an http(s) URL; give the feed's address, e.g. https://example.org/feed.xml")
    with sessions.begin() as s:
        found = s.scalar(select(Feed).where(Feed.url == url))
        if found is not None:
            return FeedView.of(found), False
        now = utc(now)
        feed = Feed(url=url, interval_seconds=int(every.total_seconds()), next_poll_at=now, consecutive_failures=0,
                    health="ok", created_by=created_by, created_at=now)
        s.add(feed)
        s.flush()
        return FeedView.of(feed), True


def list_feeds(sessions: sessionmaker[Session]) -> list[FeedView]:
    with sessions() as s:
        return [FeedView.of(f) for f in s.scalars(select(Feed).order_by(Feed.id))]


def remove_feed(sessions: sessionmaker[Session], which: str) -> FeedView | None:
    """Remove by URL or by number; None when nothing matched. Articles already ingested stay."""
    which = which.strip().lstrip("#")
    with sessions.begin() as s:
        cond = or_(Feed.url == which, Feed.id == int(which)) if which.isdigit() else Feed.url == which
        feed = s.scalar(select(Feed).where(cond))
        if feed is None:
            return None
        view = FeedView.of(feed)
        s.delete(feed)
        return view


@dataclass(frozen=True)
class Response:
    status: int
    data: bytes = b""
    etag: str | None = None
    last_modified: str | None = None
    retry_after: timedelta | None = None
    content_type: str = ""
    charset: str | None = None


def retry_after(value: str | None, now: datetime | None = None) -> timedelta | None:
    """Retry-After as seconds ('120') or an HTTP date; capped at a day."""
    if not value or not value.strip():
        return None
    value = value.strip()
    if value.isdigit():
        delay = timedelta(seconds=int(value))
    else:
        try:
            when = parsedate_to_datetime(value)
        except (TypeError, ValueError):
            return None
        delay = utc(when) - (now or datetime.now(timezone.utc))
    return max(timedelta(0), min(delay, MAX_RETRY_AFTER))


def conditional_get(url: str, etag: str | None, last_modified: str | None, *, timeout: float,
                    max_bytes: int) -> Response:
    """GET with If-None-Match / If-Modified-Since. HTTP errors come back as a Response; network ones raise."""
    headers = {"User-Agent": USER_AGENT, "Accept": ACCEPT}
    if etag:
        headers["If-None-Match"] = etag
    if last_modified:
        headers["If-Modified-Since"] = last_modified
    request = urllib.request.Request(url, headers=headers)
    try:
        with urllib.request.urlopen(request, timeout=timeout) as r:
            data = r.read(max_bytes + 1)
            if len(data) > max_bytes:
                raise FeedError(f"response larger than {max_bytes // 1048576} MB from {url}")
            return Response(r.status, data, r.headers.get("ETag"), r.headers.get("Last-Modified"), None,
                            r.headers.get_content_type() if r.headers.get("Content-Type") else "",
                            r.headers.get_content_charset())
    except urllib.error.HTTPError as exc:
        if exc.code == 304:
            return Response(304, etag=exc.headers.get("ETag") or etag,
                            last_modified=exc.headers.get("Last-Modified") or last_modified)
        return Response(exc.code, retry_after=retry_after(exc.headers.get("Retry-After")))
    except urllib.error.URLError as exc:
        raise FeedError(f"cannot fetch {url}: {exc.reason}") from None
    except (TimeoutError, socket.timeout):
        raise FeedError(f"timed out after {timeout:g} s fetching {url}") from None
    except (OSError, ValueError) as exc:
        raise FeedError(f"cannot fetch {url}: {exc}") from None
