"""Metrics and log fields from a real running loop: the console, the scheduler and a due digest on a frozen clock."""
from __future__ import annotations

import asyncio
import io
import json
import logging
import os
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from prometheus_client import generate_latest

from bot.app import Runtime, serve
from bot.commands import default_registry
from bot.logs import configure_logging
from bot.settings import Settings
from briefings.engine import Engine
from tests.bot.test_scheduler import FrozenClock
from tests.bot.test_scheduler_console import _wait_for

UTC = timezone.utc


def sample(metrics: str, name: str) -> float:
    line = next(line for line in metrics.splitlines() if line.startswith(name + " ") or line.startswith(name + "{"))
    return float(line.rsplit(" ", 1)[1])


async def _until(done: Callable[[], bool], timeout: float = 10.0) -> None:
    loop = asyncio.get_running_loop()
    end = loop.time() + timeout
    while not done():
        if loop.time() > end:
            raise AssertionError(f"not true within {timeout} s")
        await asyncio.sleep(0.02)


def test_a_sent_digest_and_the_commands_show_in_the_metrics_and_the_json_log(db_url: str) -> None:
    engine = Engine(db_url)
    due = (datetime.now(UTC) + timedelta(hours=2)).replace(second=0, microsecond=0)
    clock = FrozenClock(due - timedelta(minutes=1))
    settings = Settings(dispatcher_interval=0.05, load_samples_when_empty=False, log_format="json", log_level="INFO")
    runtime = Runtime(engine, default_registry(), settings)
    runtime.telemetry.engine = engine
    read_fd, write_fd = os.pipe()
    stdin, feed = os.fdopen(read_fd, "r"), os.fdopen(write_fd, "w")
    out, log_lines = io.StringIO(), io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = configure_logging(settings, log_lines)

    async def session() -> int:
        task = asyncio.create_task(serve(runtime, ["console"], {
            "console": {"stdin": stdin, "stdout": out}, "bot.scheduler": {"clock": clock}}))
        feed.write(f"/subscribe daily {due:%H:%M} UTC\n")
        feed.flush()
        await _wait_for(out, "Subscribed this channel (#1)")
        clock.advance(minutes=3)  # the digest goes out two minutes late
        await _wait_for(out, "Daily digest")
        # the digest is counted when the dispatcher's tick ends (after the send is recorded), not when it prints
        await _until(lambda: 'briefbot_digests_total{result="sent"}' in generate_latest(runtime.telemetry.registry).decode())
        feed.close()
        return await asyncio.wait_for(task, 10)

    try:
        assert asyncio.run(session()) == 0
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        feed.close()
        stdin.close()
        engine.close()
    metrics = generate_latest(runtime.telemetry.registry).decode()
    assert sample(metrics, 'briefbot_digests_total{result="sent"}') == 1.0
    assert sample(metrics, "briefbot_digest_lag_seconds_count") == 1.0
    assert 100 <= sample(metrics, "briefbot_digest_lag_seconds_sum") <= 200  # about two minutes
    assert sample(metrics, 'briefbot_command_seconds_count{command="subscribe",platform="console"}') == 1.0
    entries = [json.loads(line) for line in log_lines.getvalue().splitlines()]
    answered = [e for e in entries if e.get("command") == "subscribe"]
    assert answered and answered[0]["platform"] == "console" and answered[0]["took_ms"] >= 0


def test_the_log_line_of_an_incident_names_the_incident(db_url: str) -> None:
    from bot.app import sample_files
    from bot.commands import Caller

    engine = Engine(db_url)
    engine.ingest(sample_files())
    runtime = Runtime(engine, default_registry(), Settings(log_format="json", log_level="INFO"))
    lines = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = configure_logging(runtime.settings, lines)
    try:
        reply = asyncio.run(runtime.command("incident", "balad", Caller(platform="slack", channel="C0NEWS")))
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
        engine.close()
    assert reply.briefing is not None
    entry = next(json.loads(line) for line in lines.getvalue().splitlines() if '"command": "incident"' in line)
    assert entry["incident"] == reply.briefing.data["incident"]["slug"] and entry["channel"] == "C0NEWS"
