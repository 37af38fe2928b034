"""DST never skips or doubles a local day: one digest per local date across the spring and autumn changes in
Europe/Berlin and America/New_York, including the pathological 01:30/02:30 schedules inside the gap or the
overlap. The clock steps every 30 minutes through four days around each change."""
from __future__ import annotations

import asyncio
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from briefings.engine import Engine
from tests.bot.test_scheduler import FrozenClock, RecordingDeliverer, add_sub, dispatcher, engine, rows  # noqa: F401

UTC = timezone.utc
CHANGES = {  # the local date of the change, and the schedules to try
    "berlin-spring": ("Europe/Berlin", date(2024, 3, 31), ("07:30", "02:30")),  # 02:00 → 03:00: 02:30 does not exist
    "berlin-autumn": ("Europe/Berlin", date(2024, 10, 27), ("07:30", "02:30")),  # 03:00 → 02:00: 02:30 happens twice
    "new-york-spring": ("America/New_York", date(2024, 3, 10), ("07:30", "02:30")),
    "new-york-autumn": ("America/New_York", date(2024, 11, 3), ("07:30", "01:30")),  # 01:30 happens twice
}


@pytest.mark.parametrize("case", list(CHANGES))
def test_one_digest_per_local_day_across_a_dst_change(engine: Engine, case: str) -> None:
    tz_name, change, times = CHANGES[case]
    tz = ZoneInfo(tz_name)
    start = datetime.combine(change - timedelta(days=2), datetime.min.time(), tz).astimezone(UTC)
    clock = FrozenClock(start)
    subs = {when: add_sub(engine, when, tz_name, start, channel=f"C-{when}") for when in times}
    out = RecordingDeliverer()
    d = dispatcher(engine, clock, out)

    async def walk() -> None:
        while clock.now() < start + timedelta(days=4):
            await d.tick()
            clock.advance(minutes=30)

    asyncio.run(walk())
    expected = [(change + timedelta(days=n)).isoformat() for n in range(-2, 2)]
    for when, sid in subs.items():
        delivered = [r for r in rows(engine) if r.subscription_id == sid]
        assert [r.period_key for r in delivered] == expected, (case, when)
        assert not any(r.late for r in delivered)
        hour, minute = map(int, when.split(":"))
        for r in delivered:
            local = r.scheduled_for.replace(tzinfo=UTC).astimezone(tz) if r.scheduled_for.tzinfo is None \
                else r.scheduled_for.astimezone(tz)
            assert local.date().isoformat() == r.period_key
            # on the day the wall-clock time does not exist, the digest comes an hour later that same day
            assert (local.hour, local.minute) in ((hour, minute), (hour + 1, minute)), (case, local)
    assert len(out.posts) == 4 * len(times)


def test_the_berlin_digest_moves_in_utc_but_not_in_local_time(engine: Engine) -> None:
    tz = ZoneInfo("Europe/Berlin")
    start = datetime(2024, 3, 29, 12, 0, tzinfo=UTC)
    add_sub(engine, "07:30", "Europe/Berlin", start)
    clock = FrozenClock(start)
    d = dispatcher(engine, clock, RecordingDeliverer())
    for day, utc_hour in ((30, 6), (31, 5), (1, 5)):  # CET (UTC+1) until 31 March, then CEST (UTC+2)
        month = 3 if day > 1 else 4
        clock.set(datetime(2024, month, day, utc_hour, 29, tzinfo=UTC))
        assert asyncio.run(d.tick()) == []
        clock.set(datetime(2024, month, day, utc_hour, 30, tzinfo=UTC))
        (sent,) = asyncio.run(d.tick())
        assert sent.due.scheduled_for.astimezone(tz).strftime("%H:%M") == "07:30"
