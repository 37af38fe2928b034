"""Feed polling against a real HTTP server on 127.0.0.1: conditional GET (ETag → 304), a changed feed, 500,
429 with Retry-After and malformed XML; new articles ingested once, backoff applied, one health alert per
failure episode. The clock is frozen and stepped; the server answers at once."""
from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import pytest
from sqlalchemy import func, select
from typer.testing import CliRunner

from briefings.db.models import Article
from briefings.engine import Engine
from bot.cli import make_app
from bot.feeds import FeedPoller, add_feed, list_feeds, parse_every
from bot.feeds.store import retry_after
from bot.timeparse import BadArgument
from tests.bot.test_scheduler import FrozenClock, RecordingDeliverer, add_sub, engine  # noqa: F401

UTC = timezone.utc
T0 = datetime(2025, 3, 3, 6, 0, tzinfo=UTC)
EVERY = timedelta(minutes=15)
ITEMS = [
    ("hilla-1", "One person was killed and four were wounded when rockets hit a market in Hilla on Monday, a police "
                "spokesman said."),
    ("hilla-2", "Three people were killed and nine wounded in Monday's rocket attack on a market in Hilla, hospital "
                "sources told River Post."),
    ("ramadi-1", "Two soldiers were wounded by a roadside bomb near Ramadi on Tuesday, an army officer said."),
]


def rss(items: list[tuple[str, str]]) -> bytes:
    entries = "".join(
        f"<item><title>{slug}</title><link>https://news.example/{slug}</link>"
        f"<pubDate>Mon, 03 Mar 2025 08:00:00 GMT</pubDate><description>{text}</description></item>"
        for slug, text in items)
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Test Wire</title>'
            f"<link>https://news.example/</link>{entries}</channel></rss>").encode()


class FeedServer:
    """A feed on 127.0.0.1 that honours If-None-Match, or fails the way it is told to."""

    def __init__(self) -> None:
        self.mode = "ok"  # ok | 500 | 429 | malformed
        self.body, self.etag = rss(ITEMS[:2]), '"v1"'
        self.requests: list[dict[str, str]] = []
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_GET(self) -> None:  # noqa: N802 - http.server's name
                server.requests.append(dict(self.headers))
                if server.mode == "500":
                    return self._send(500, b"oops")
                if server.mode == "429":
                    return self._send(429, b"slow down", {"Retry-After": "7200"})
                if server.mode == "malformed":
                    return self._send(200, b"<?xml version='1.0'?><rss version='2.0'><channel><title>Wire</chan", {
                        "Content-Type": "application/rss+xml"})  # cut off mid-tag
                if self.headers.get("If-None-Match") == server.etag:
                    return self._send(304, b"", {"ETag": server.etag})
                self._send(200, server.body, {"ETag": server.etag, "Content-Type": "application/rss+xml",
                                              "Last-Modified": "Mon, 03 Mar 2025 08:00:00 GMT"})

            def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
                self.send_response(code)
                for key, value in (headers or {}).items():
                    self.send_header(key, value)
                self.send_header("Content-Length", str(len(body)))
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args: Any) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/feed.xml"
        threading.Thread(target=self.httpd.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True).start()

    def close(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture()
def server() -> Iterator[FeedServer]:
    srv = FeedServer()
    yield srv
    srv.close()


def articles(engine: Engine) -> int:
    with engine.sessions() as s:
        return s.scalar(select(func.count(Article.id))) or 0


def test_a_feed_through_changes_304_errors_backoff_and_one_alert(engine: Engine, server: FeedServer) -> None:
    clock = FrozenClock(T0)
    add_sub(engine, "07:30", "UTC", T0, platform="slack", channel="C-ops")
    add_sub(engine, "07:30", "UTC", T0, platform="console", channel="console")
    slack, console = RecordingDeliverer(), RecordingDeliverer()
    poller = FeedPoller(engine, {"slack": slack, "console": console}, clock, alert_after=timedelta(hours=6), timeout=5)
    add_feed(engine.sessions, server.url, EVERY, "test", T0)

    def tick(at: timedelta) -> list[Any]:
        clock.set(T0 + at)
        return asyncio.run(poller.tick())

    (first,) = tick(timedelta(0))
    assert (first.status, first.new, articles(engine)) == ("new", 2, 2)
    assert "If-None-Match" not in server.requests[0]
    (same,) = tick(EVERY)  # unchanged: the server answers 304 to our ETag
    assert same.status == "not-modified" and articles(engine) == 2
    assert server.requests[1]["If-None-Match"] == '"v1"'
    assert server.requests[1]["If-Modified-Since"] == "Mon, 03 Mar 2025 08:00:00 GMT"
    server.body, server.etag = rss(ITEMS), '"v2"'  # one new article, two old ones
    (changed,) = tick(2 * EVERY)
    assert (changed.new, changed.duplicates, articles(engine)) == (1, 2, 3)

    server.mode = "500"
    (error,) = tick(3 * EVERY)
    assert error.status == "error" and error.error == "HTTP 500"
    assert error.next_poll_at == T0 + 3 * EVERY + 2 * EVERY  # backoff: twice the interval
    assert tick(4 * EVERY) == [] and len(server.requests) == 4  # not polled during the backoff
    server.mode = "429"
    (limited,) = tick(5 * EVERY)
    assert limited.error == "HTTP 429 Too Many Requests"
    assert limited.next_poll_at == T0 + 5 * EVERY + timedelta(hours=2)  # Retry-After beats 4 x 15 min
    server.mode = "malformed"
    assert tick(5 * EVERY + timedelta(hours=1)) == []
    (bad,) = tick(5 * EVERY + timedelta(hours=2))
    assert bad.error is not None and bad.error.startswith("malformed feed XML")
    (feed,) = list_feeds(engine.sessions)
    assert (feed.health, feed.consecutive_failures) == ("degraded", 3)
    assert feed.failing_since == T0 + 3 * EVERY and slack.posts == []

    for hours in (7, 12, 24, 36):  # failing for 6 h and more: the channels hear of it once
        tick(timedelta(hours=hours))
    assert len(slack.posts) == 1 and console.posts == []  # the console gets the log line, not a message
    target, alert = slack.posts[0]
    assert target.channel == "C-ops" and alert.title == f"Feed failing: {server.url}"
    assert "malformed feed XML" in alert.summary and "briefbot feeds remove" in alert.summary
    (feed,) = list_feeds(engine.sessions)
    assert feed.health == "failing" and articles(engine) == 3

    server.mode = "ok"  # recovery ends the episode …
    tick(timedelta(hours=48))
    (feed,) = list_feeds(engine.sessions)
    assert (feed.health, feed.consecutive_failures, feed.alert_sent_at) == ("ok", 0, None)
    server.mode = "500"  # … and a new one is reported again, once
    for hours in range(49, 80, 3):
        tick(timedelta(hours=hours))
    assert len(slack.posts) == 2 and articles(engine) == 3


def test_a_server_that_ignores_validators_still_gives_each_article_once(engine: Engine, server: FeedServer) -> None:
    clock = FrozenClock(T0)
    poller = FeedPoller(engine, {}, clock, timeout=5)
    add_feed(engine.sessions, server.url, EVERY, None, T0)
    server.etag = "changes-every-time"
    for n in range(4):
        server.etag = f'"{n}"'
        clock.set(T0 + n * EVERY)
        asyncio.run(poller.tick())
    assert articles(engine) == 2 and len(server.requests) == 4


def test_two_bot_processes_poll_a_due_feed_once(db_url: str, server: FeedServer) -> None:
    first, second = Engine(db_url), Engine(db_url)
    try:
        clock = FrozenClock(T0)
        add_feed(first.sessions, server.url, EVERY, None, T0)
        a, b = FeedPoller(first, {}, clock, timeout=5), FeedPoller(second, {}, clock, timeout=5)

        async def both() -> list[Any]:
            return list(await asyncio.gather(a.tick(), b.tick()))

        results = asyncio.run(both())
        assert sorted(len(r) for r in results) == [0, 1] and len(server.requests) == 1
    finally:
        first.close()
        second.close()


@pytest.mark.parametrize("text, minutes", [("15m", 15), ("1h", 60), ("90s", 1.5), ("2 hours", 120), ("30", 30),
                                           ("1d", 1440), ("45 min", 45)])
def test_intervals(text: str, minutes: float) -> None:
    assert parse_every(text) == timedelta(minutes=minutes)


@pytest.mark.parametrize("text", ["5s", "often", "", "-5m", "1 fortnight"])
def test_bad_intervals(text: str) -> None:
    with pytest.raises(BadArgument):
        parse_every(text)


def test_retry_after_in_seconds_or_as_a_date() -> None:
    now = datetime(2025, 3, 3, 8, 0, tzinfo=UTC)
    assert retry_after("120") == timedelta(seconds=120)
    assert retry_after("Mon, 03 Mar 2025 09:30:00 GMT", now) == timedelta(minutes=90)
    assert retry_after("Mon, 03 Mar 2025 07:00:00 GMT", now) == timedelta(0)
    assert retry_after("999999999") == timedelta(days=1)
    assert retry_after("soon") is None and retry_after(None) is None


def test_the_feeds_cli_adds_lists_and_removes(db_url: str) -> None:
    from bot.app import open_engine

    app, runner = make_app(open_engine), CliRunner()
    added = runner.invoke(app, ["feeds", "add", "https://news.example/feed.xml", "--every", "30m", "--db", db_url])
    assert added.exit_code == 0 and added.stdout.startswith("Added #1 https://news.example/feed.xml · every 30m · ok")
    again = runner.invoke(app, ["feeds", "add", "https://news.example/feed.xml", "--db", db_url])
    assert again.stdout.startswith("Already polled: #1")
    assert runner.invoke(app, ["feeds", "add", "https://b.example/rss", "--every", "5s", "--db", db_url]).exit_code == 2
    listed = runner.invoke(app, ["feeds", "list", "--db", db_url])
    assert "#1 https://news.example/feed.xml · every 30m · ok · not polled yet" in listed.stdout
    assert runner.invoke(app, ["feeds", "remove", "1", "--db", db_url]).stdout == "Removed #1 https://news.example/feed.xml\n"
    missing = runner.invoke(app, ["feeds", "remove", "https://nope.example/", "--db", db_url])
    assert missing.exit_code == 1 and "No feed https://nope.example/" in missing.stderr
    assert "No feeds." in runner.invoke(app, ["feeds", "list", "--db", db_url]).stdout
