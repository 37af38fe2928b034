"""Scheduled digests, exactly once: the right UTC instant, two schedulers on one database, a crash between
claim and send, a bot down for days, failed posts retried. SQLite by default; PostgreSQL when
BRIEFBOT_TEST_DATABASE_URL is set (the `db_url` fixture). The clock is frozen and stepped by hand.

FrozenClock and RecordingDeliverer are also used by the other scheduler, subscription and feed tests.
"""
from __future__ import annotations

import asyncio
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import func, select

from briefings.briefing import Briefing
from briefings.db.models import DigestDelivery
from briefings.digest import DigestFilter
from briefings.engine import Engine
from bot.scheduling.delivery import Target
from bot.scheduling.deliveries import MAX_ATTEMPTS
from bot.scheduling.schedules import Schedule
from bot.scheduling.scheduler import Dispatcher
from bot.commands.subscriptions import Scope, subscribe

UTC = timezone.utc
LEASE = timedelta(minutes=10)


class FrozenClock:
    """A clock that only moves when told to."""

    def __init__(self, start: datetime) -> None:
        self.current = start

    def now(self) -> datetime:
        return self.current

    def set(self, when: datetime) -> None:
        self.current = when

    def advance(self, **kwargs: float) -> datetime:
        self.current += timedelta(**kwargs)
        return self.current


@dataclass
class RecordingDeliverer:
    """A Deliverer that keeps what it was asked to post."""

    posts: list[tuple[Target, Briefing]] = field(default_factory=list)

    async def deliver(self, target: Target, briefing: Briefing) -> str | None:
        self.posts.append((target, briefing))
        return f"msg-{len(self.posts)}"


@pytest.fixture()
def engine(db_url: str) -> Iterator[Engine]:
    eng = Engine(db_url)
    yield eng
    eng.close()


def add_sub(engine: Engine, when: str, tz: str, created: datetime, *, platform: str = "slack", channel: str = "C1",
            flt: DigestFilter | None = None) -> int:
    schedule = Schedule.daily(when, tz) if ":" in when and " " not in when else Schedule.cron(when, tz)
    view, created_now = subscribe(engine.sessions, Scope(platform, "T1", channel), schedule, flt or DigestFilter(),
                                  "U-admin", created)
    assert created_now
    return view.id


def dispatcher(engine: Engine, clock: FrozenClock, deliverer: Any, platform: str = "slack", **kw: Any) -> Dispatcher:
    return Dispatcher(engine, {platform: deliverer}, clock, lease=LEASE, **kw)


def rows(engine: Engine) -> list[DigestDelivery]:
    with engine.sessions() as s:
        return list(s.scalars(select(DigestDelivery).order_by(DigestDelivery.scheduled_for)))


def run(coro: Any) -> Any:
    return asyncio.run(coro)


def test_baghdad_0730_fires_at_0430_utc_and_posts_one_digest(engine: Engine) -> None:
    clock = FrozenClock(datetime(2024, 4, 21, 12, 0, tzinfo=UTC))
    add_sub(engine, "07:30", "Asia/Baghdad", clock.now())
    out = RecordingDeliverer()
    d = dispatcher(engine, clock, out)
    clock.set(datetime(2024, 4, 22, 4, 29, 59, tzinfo=UTC))
    assert run(d.tick()) == [] and out.posts == []
    clock.set(datetime(2024, 4, 22, 4, 30, tzinfo=UTC))
    sent = run(d.tick())
    assert len(sent) == 1 and sent[0].due.scheduled_for == datetime(2024, 4, 22, 4, 30, tzinfo=UTC)
    target, briefing = out.posts[0]
    assert target == Target("slack", channel="C1", workspace="T1", user=None)
    assert briefing.kind == "digest" and briefing.title == "Daily digest — 2024-04-22"
    assert briefing.summary == "Nothing new." and "/unsubscribe" in (briefing.footer or "")
    for _ in range(3):  # the same period never goes out again
        clock.advance(minutes=1)
        assert run(d.tick()) == []
    (row,) = rows(engine)
    assert (row.period_key, row.status, row.platform_message_id, row.late) == ("2024-04-22", "sent", "msg-1", False)
    clock.set(datetime(2024, 4, 23, 4, 30, 5, tzinfo=UTC))
    assert len(run(d.tick())) == 1 and len(out.posts) == 2


def test_two_schedulers_on_one_database_post_each_period_exactly_once(db_url: str) -> None:
    """Two 'processes' (separate engines and instance ids) race on every tick over 100 periods."""
    first, second = Engine(db_url), Engine(db_url)
    try:
        clock = FrozenClock(datetime(2025, 1, 1, 12, 0, tzinfo=UTC))
        subs = [add_sub(first, "07:30", "Asia/Baghdad", clock.now()),  # 04:30 UTC
                add_sub(first, "30 4 * * *", "UTC", clock.now(), channel="C2")]  # a cron schedule, same instant
        a, b = RecordingDeliverer(), RecordingDeliverer()
        da, db = dispatcher(first, clock, a), dispatcher(second, clock, b)
        assert da.instance != db.instance

        async def race() -> None:
            for day in range(100):
                clock.set(datetime(2025, 1, 2, 4, 30, tzinfo=UTC) + timedelta(days=day, seconds=day % 7))
                pair = (da, db) if day % 2 else (db, da)
                await asyncio.gather(*(d.tick() for d in pair))
                clock.advance(seconds=20)
                await asyncio.gather(*(d.tick() for d in reversed(pair)))

        run(race())
        posts = a.posts + b.posts
        delivered = rows(first)
        assert len(posts) == len(delivered) == 200
        for sid in subs:
            keys = [r.period_key for r in delivered if r.subscription_id == sid]
            assert len(keys) == len(set(keys)) == 100, sid
        assert {r.status for r in delivered} == {"sent"}
        per_channel = [t.channel for t, _b in posts]
        assert per_channel.count("C1") == per_channel.count("C2") == 100
    finally:
        first.close()
        second.close()


def test_a_crash_between_claim_and_send_posts_once_after_the_lease(db_url: str) -> None:
    clock = FrozenClock(datetime(2024, 6, 1, tzinfo=UTC))
    crashed, restarted = Engine(db_url), Engine(db_url)
    try:
        add_sub(crashed, "07:30", "UTC", clock.now())
        clock.set(datetime(2024, 6, 2, 7, 30, tzinfo=UTC))

        class Hangs:
            async def deliver(self, target: Target, briefing: Briefing) -> str | None:
                await asyncio.sleep(3600)  # the process is killed while posting
                raise AssertionError("unreachable")

        async def kill_mid_send() -> None:
            task = asyncio.create_task(dispatcher(crashed, clock, Hangs()).tick())
            for _ in range(200):
                await asyncio.sleep(0.01)
                if rows(crashed):
                    break
            await asyncio.sleep(0.05)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task

        run(kill_mid_send())
        (row,) = rows(restarted)
        assert row.status == "claimed"
        out = RecordingDeliverer()
        d = dispatcher(restarted, clock, out)
        for minutes in (0, 5, 9):  # the lease still holds: nobody else may send
            clock.set(datetime(2024, 6, 2, 7, 30, tzinfo=UTC) + timedelta(minutes=minutes))
            assert run(d.tick()) == []
        clock.set(datetime(2024, 6, 2, 7, 41, tzinfo=UTC))
        assert len(run(d.tick())) == 1
        for _ in range(3):
            clock.advance(minutes=11)
            assert run(d.tick()) == []
        assert len(out.posts) == 1
        assert "Re-sent after an interrupted delivery" in out.posts[0][1].summary
        (row,) = rows(restarted)
        assert (row.status, row.attempts) == ("sent", 2)
    finally:
        crashed.close()
        restarted.close()


def test_three_days_down_is_caught_up_once_and_marked_late(engine: Engine) -> None:
    clock = FrozenClock(datetime(2024, 5, 1, 6, 0, tzinfo=UTC))
    add_sub(engine, "07:30", "UTC", clock.now())
    out = RecordingDeliverer()
    d = dispatcher(engine, clock, out)
    clock.set(datetime(2024, 5, 1, 7, 30, 10, tzinfo=UTC))
    assert len(run(d.tick())) == 1
    clock.set(datetime(2024, 5, 4, 9, 0, tzinfo=UTC))  # down from 1 May 07:31 until 4 May 09:00
    (late,) = run(d.tick())
    assert late.due.period_key == "2024-05-04" and late.due.late
    assert late.due.since == datetime(2024, 5, 1, 7, 30, tzinfo=UTC)  # covers the whole gap
    for _ in range(5):
        clock.advance(minutes=30)
        assert run(d.tick()) == []
    assert len(out.posts) == 2
    assert out.posts[1][1].summary.startswith("Late: this digest was due at 2024-05-04 07:30")
    assert [r.period_key for r in rows(engine)] == ["2024-05-01", "2024-05-04"]
    assert [r.late for r in rows(engine)] == [False, True]


def test_down_until_just_before_the_hour_catches_up_yesterday_then_sends_today(engine: Engine) -> None:
    clock = FrozenClock(datetime(2024, 5, 1, 6, 0, tzinfo=UTC))
    add_sub(engine, "07:30", "UTC", clock.now())
    out = RecordingDeliverer()
    d = dispatcher(engine, clock, out)
    clock.set(datetime(2024, 5, 4, 7, 0, tzinfo=UTC))  # never ran on 1–3 May
    assert [s.due.period_key for s in run(d.tick())] == ["2024-05-03"]
    clock.set(datetime(2024, 5, 4, 7, 30, tzinfo=UTC))
    (today,) = run(d.tick())
    assert (today.due.period_key, today.due.late, today.due.since) == (
        "2024-05-04", False, datetime(2024, 5, 3, 7, 30, tzinfo=UTC))


def test_a_refused_post_is_retried_without_the_duplicate_note(engine: Engine) -> None:
    clock = FrozenClock(datetime(2024, 5, 1, 6, 0, tzinfo=UTC))
    add_sub(engine, "07:30", "UTC", clock.now())

    class Flaky(RecordingDeliverer):
        failures = 1

        async def deliver(self, target: Target, briefing: Briefing) -> str | None:
            if self.failures:
                self.failures -= 1
                raise ConnectionError("platform unavailable")
            return await super().deliver(target, briefing)

    out = Flaky()
    d = dispatcher(engine, clock, out, retry_in=timedelta(minutes=2))
    clock.set(datetime(2024, 5, 1, 7, 30, tzinfo=UTC))
    (failed,) = run(d.tick())
    assert failed.error == "platform unavailable" and out.posts == []
    clock.advance(minutes=1)
    assert run(d.tick()) == []
    clock.advance(minutes=2)
    (sent,) = run(d.tick())
    assert sent.error is None and len(out.posts) == 1
    assert "Re-sent" not in out.posts[0][1].summary


def test_a_post_that_keeps_failing_is_given_up_after_the_last_attempt(engine: Engine) -> None:
    clock = FrozenClock(datetime(2024, 5, 1, 6, 0, tzinfo=UTC))
    add_sub(engine, "07:30", "UTC", clock.now())

    class Broken:
        async def deliver(self, target: Target, briefing: Briefing) -> str | None:
            raise PermissionError("not_in_channel")

    d = dispatcher(engine, clock, Broken(), retry_in=timedelta(minutes=1))
    clock.set(datetime(2024, 5, 1, 7, 30, tzinfo=UTC))
    for _ in range(MAX_ATTEMPTS + 3):
        run(d.tick())
        clock.advance(minutes=2)
    (row,) = rows(engine)
    assert row.status == "failed" and row.attempts == MAX_ATTEMPTS and "not_in_channel" in (row.error or "")


def test_only_platforms_this_process_can_post_to_are_claimed(engine: Engine) -> None:
    clock = FrozenClock(datetime(2024, 5, 1, 6, 0, tzinfo=UTC))
    add_sub(engine, "07:30", "UTC", clock.now(), platform="discord")
    clock.set(datetime(2024, 5, 1, 7, 30, tzinfo=UTC))
    slack_only = dispatcher(engine, clock, RecordingDeliverer(), platform="slack")
    assert run(slack_only.tick()) == []
    with engine.sessions() as s:
        assert s.scalar(select(func.count(DigestDelivery.id))) == 0  # left for the process that has Discord
    discord = RecordingDeliverer()
    assert len(run(dispatcher(engine, clock, discord, platform="discord").tick())) == 1


def test_an_unsubscribed_channel_gets_nothing(engine: Engine) -> None:
    from bot.commands.subscriptions import unsubscribe

    clock = FrozenClock(datetime(2024, 5, 1, 6, 0, tzinfo=UTC))
    add_sub(engine, "07:30", "UTC", clock.now())
    assert unsubscribe(engine.sessions, Scope("slack", "T1", "C1"), None)
    clock.set(datetime(2024, 5, 1, 7, 30, tzinfo=UTC))
    assert run(dispatcher(engine, clock, RecordingDeliverer()).tick()) == []


# --- issue 6: digests due at the same instant share one window ----------------------------------------------

class CountingWindows:
    """Wraps engine.digest_window: how often a tick loaded a window, and for which (since, until)."""

    def __init__(self, engine: Engine, fail: int = 0) -> None:
        self.real, self.calls, self.fail = engine.digest_window, [], fail
        engine.digest_window = self  # type: ignore[method-assign]

    def __call__(self, since: datetime, until: datetime) -> Any:
        self.calls.append((since, until))
        if self.fail:
            self.fail -= 1
            raise OSError("database went away")
        return self.real(since, until)


@pytest.fixture()
def news(engine: Engine, tmp_path: Any) -> tuple[Engine, FrozenClock, str]:
    """Reports ingested now; a clock two minutes ahead, the next whole minute being every digest's time."""
    from tests.briefings.test_digest import RAMADI, TIKRIT
    from tests.briefings.test_history import FIRST, LATER, write

    engine.ingest([write(tmp_path, "hilla-1", "Northern Gazette", "2025-03-03", FIRST),
                   write(tmp_path, "hilla-2", "River Post", "2025-03-04", LATER),
                   write(tmp_path, "ramadi-1", "Desert Daily", "2025-03-05", RAMADI, "Roadside bomb near Ramadi"),
                   write(tmp_path, "tikrit-1", "Tigris Times", "2025-03-02", TIKRIT, "Drone strike near Tikrit")])
    start = datetime.now(UTC)
    fire = start.replace(second=0, microsecond=0) + timedelta(minutes=2)
    return engine, FrozenClock(start), fire.strftime("%H:%M")


FILTERS = [DigestFilter(), DigestFilter(place="hila"), DigestFilter(min_status="contested"),
           DigestFilter(country="Syria"), DigestFilter(actor="PMF"), DigestFilter(keyword="roadside")]


def test_digests_due_together_read_their_window_once_and_each_keeps_its_filter(news: tuple[Engine, FrozenClock, str]) -> None:
    engine, clock, hhmm = news
    subs = [add_sub(engine, hhmm, "UTC", clock.now(), channel=f"C{i}", flt=f) for i, f in enumerate(FILTERS)]
    hour, minute = map(int, hhmm.split(":"))  # the same instant, but a 12-hour period: another window
    twice = add_sub(engine, f"{minute} {hour},{(hour + 12) % 24} * * *", "UTC", clock.now(), channel="C-twice")
    windows = CountingWindows(engine)
    out = RecordingDeliverer()
    d = dispatcher(engine, clock, out)
    assert run(d.tick()) == [] and windows.calls == []
    fire = clock.advance(minutes=2).replace(second=0, microsecond=0)
    clock.set(fire + timedelta(seconds=3))
    sent = run(d.tick())
    assert sorted(s.due.subscription.id for s in sent) == sorted([*subs, twice])
    assert windows.calls == [(fire - timedelta(days=1), fire)]  # one load for the six daily digests
    posted = {t.channel: b for t, b in out.posts}
    for s in sent:  # each post is exactly the digest the subscription would get on its own
        assert posted[s.due.subscription.target.channel] == d.briefing(s.due), s.due.subscription.filters
    places = {c: {row["place"] for row in b.data["new"]} for c, b in posted.items()}
    assert places == {"C0": {"Hilla", "Ramadi", "Tikrit"}, "C1": {"Hilla"}, "C2": {"Hilla"}, "C3": set(),
                      "C4": {"Tikrit"}, "C5": {"Ramadi"}, "C-twice": {"Hilla", "Ramadi", "Tikrit"}}
    assert posted["C3"].summary == "Nothing new." and "Filter: country Syria" in (posted["C3"].footer or "")
    assert {r.status for r in rows(engine)} == {"sent"} and len(rows(engine)) == 7
    clock.advance(minutes=1)
    assert run(d.tick()) == [] and len(windows.calls) == 1  # nothing due: nothing loaded


def test_a_window_that_cannot_be_loaded_fails_its_digests_which_are_retried_once_each(
        news: tuple[Engine, FrozenClock, str]) -> None:
    engine, clock, hhmm = news
    for i, f in enumerate(FILTERS[:3]):
        add_sub(engine, hhmm, "UTC", clock.now(), channel=f"C{i}", flt=f)
    windows = CountingWindows(engine, fail=1)
    out = RecordingDeliverer()
    d = dispatcher(engine, clock, out, retry_in=timedelta(minutes=2))
    clock.set(clock.now().replace(second=0, microsecond=0) + timedelta(minutes=2))
    failed = run(d.tick())
    assert [s.error for s in failed] == ["database went away"] * 3 and out.posts == []
    assert {r.status for r in rows(engine)} == {"claimed"}
    clock.advance(minutes=1)
    assert run(d.tick()) == []  # still within retry_in
    clock.advance(minutes=2)
    retried = run(d.tick())
    assert [s.error for s in retried] == [None] * 3 and len(windows.calls) == 2
    assert sorted(t.channel or "" for t, _b in out.posts) == ["C0", "C1", "C2"]
    assert [(r.status, r.attempts) for r in rows(engine)] == [("sent", 2)] * 3
    clock.advance(minutes=30)
    assert run(d.tick()) == [] and len(out.posts) == 3
