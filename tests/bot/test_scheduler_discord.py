"""Acceptance 2 on Discord: `/subscribe` as an interaction (the real discord.py adapter against the loopback
fake gateway + REST in tests/adapters/discord), then the scheduler posts the digest as embeds in the
subscribed channel, once, with mentions disabled."""
from __future__ import annotations

import asyncio
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from briefings.engine import Engine
from bot.scheduling.scheduler import Dispatcher
from tests.adapters.discord.conftest import fake  # noqa: F401 - the loopback Discord fixture
from tests.adapters.discord.fake_discord import CHANNEL_ID, FakeDiscord
from tests.adapters.discord.harness import running
from tests.bot.test_scheduler import FrozenClock
from tests.bot.test_scheduler_slack import two_days_ago
from tests.briefings.test_history import FIRST, LATER, write

UTC = timezone.utc
MANAGE_CHANNELS = 1 << 4


def _said(fake: FakeDiscord, it: Any) -> str:
    calls = fake.wait_for(lambda r: fake.for_interaction(it)(r) and r.method in ("PATCH", "POST") and
                          "/callback" not in r.path)
    return json.dumps([c.body for c in calls], ensure_ascii=False)


def test_a_subscribed_discord_channel_gets_the_digest_as_embeds_once(fake: FakeDiscord, db_url: str,  # noqa: F811
                                                                     tmp_path: Path) -> None:
    engine = Engine(db_url)
    engine.ingest([write(tmp_path, "hilla-1", "Northern Gazette", "2025-03-03", FIRST)])
    two_days_ago(engine)
    engine.ingest([write(tmp_path, "hilla-2", "River Post", "2025-03-04", LATER)])
    due = (datetime.now(UTC) + timedelta(minutes=5)).replace(second=0, microsecond=0)
    options = {"schedule": f"daily {due:%H:%M}", "timezone": "UTC"}
    try:
        with running(fake, engine) as bot:
            refused = _said(fake, fake.interaction("subscribe", options, permissions=0))
            accepted = _said(fake, fake.interaction("subscribe", options, permissions=MANAGE_CHANNELS))
            clock = FrozenClock(due)
            dispatcher = Dispatcher(engine, bot.runtime.deliverers, clock)
            assert bot.loop is not None
            before = len(fake.recorded())

            def tick() -> list[Any]:
                return asyncio.run_coroutine_threadsafe(dispatcher.tick(), bot.loop).result(10)  # type: ignore[arg-type]

            (sent,) = tick()
            clock.advance(minutes=1)
            assert tick() == []
            posts = [r for r in fake.recorded()[before:] if r.method == "POST" and r.path.endswith("/messages")]
    finally:
        engine.close()
    assert "Only channel managers can change this channel's digests" in refused
    assert "Subscribed this channel (#1)" in accepted
    assert sent.error is None and sent.message_id
    assert posts and {p.path for p in posts} == {f"/channels/{CHANNEL_ID}/messages"}
    assert all(p.body["allowed_mentions"] == {"parse": []} for p in posts)
    embeds = [e for p in posts for e in p.body["embeds"]]
    assert embeds[0]["title"].startswith(f"Daily digest — {due.date().isoformat()}")
    text = json.dumps(embeds, ensure_ascii=False)
    assert "Hilla: killed 1 → 3" in text and "hospital sources" in text and "/unsubscribe 1" in text
