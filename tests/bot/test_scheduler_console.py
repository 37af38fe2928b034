"""`briefbot run` on the console shows the whole loop: /subscribe typed in the console, the scheduler service
(started by bot.app.serve through SERVICES, APScheduler in the same event loop) finds the digest due on a
frozen clock, and the console adapter's Deliverer prints it."""
from __future__ import annotations

import asyncio
import io
import os
from datetime import datetime, timedelta, timezone

from briefings.engine import Engine
from bot.app import Runtime, serve
from bot.commands import default_registry
from bot.settings import Settings
from tests.bot.test_commands import FakeEngine
from tests.bot.test_scheduler import FrozenClock

UTC = timezone.utc


async def _wait_for(out: io.StringIO, text: str, timeout: float = 10.0) -> None:
    for _ in range(int(timeout / 0.02)):
        if text in out.getvalue():
            return
        await asyncio.sleep(0.02)
    raise AssertionError(f"{text!r} never appeared in:\n{out.getvalue()}")


def test_the_console_prints_a_due_digest(db_url: str) -> None:
    engine = Engine(db_url)
    due = (datetime.now(UTC) + timedelta(hours=2)).replace(second=0, microsecond=0)  # the subscription is made now
    clock = FrozenClock(due - timedelta(minutes=1))
    runtime = Runtime(engine, default_registry(), Settings(dispatcher_interval=0.05, load_samples_when_empty=False))
    read_fd, write_fd = os.pipe()
    stdin, feed = os.fdopen(read_fd, "r"), os.fdopen(write_fd, "w")
    out = io.StringIO()

    async def session() -> int:
        task = asyncio.create_task(serve(runtime, ["console"], {
            "console": {"stdin": stdin, "stdout": out}, "bot.scheduler": {"clock": clock}}))
        feed.write(f"/subscribe daily {due:%H:%M} UTC\n")
        feed.flush()
        await _wait_for(out, f"Subscribed this channel (#1): daily at {due:%H:%M} UTC.")
        await asyncio.sleep(0.2)  # the scheduler runs, but nothing is due before 07:30
        assert "Daily digest" not in out.getvalue()
        clock.advance(minutes=1)
        await _wait_for(out, f"Daily digest — {due.date().isoformat()}")
        feed.close()  # end of input: the console stops, and with it the scheduler
        return await asyncio.wait_for(task, 10)

    try:
        assert asyncio.run(session()) == 0
    finally:
        feed.close()  # EOF first, so the console's reader thread lets go of stdin
        stdin.close()
        engine.close()
    text = out.getvalue()
    assert text.count("Daily digest") == 1
    assert "Nothing new." in text and "/unsubscribe 1 to stop" in text and "Late" not in text


def test_the_scheduler_idles_beside_an_engine_without_a_database() -> None:
    runtime = Runtime(FakeEngine(), default_registry(), Settings(dispatcher_interval=0.05))  # type: ignore[arg-type]
    out = io.StringIO()
    code = asyncio.run(serve(runtime, ["console"], {"console": {"stdin": io.StringIO("/help\n"), "stdout": out}}))
    assert code == 0 and "/subscribe <schedule> [timezone] [filter]" in out.getvalue()
