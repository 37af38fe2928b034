"""Acceptance 2 on Slack: `/subscribe` over Socket Mode (the real bolt adapter against the loopback fake in
tests/adapters/slack), then the scheduler posts the digest as Block Kit in the subscribed channel, once."""
from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import update

from briefings.db.models import Article, Incident
from briefings.engine import Engine
from bot.scheduling.scheduler import Dispatcher
from tests.adapters.slack.harness import page_texts, run, running
from tests.bot.test_scheduler import FrozenClock
from tests.briefings.test_history import FIRST, LATER, write

UTC = timezone.utc


def two_days_ago(engine: Engine) -> None:
    """Back-date everything stored so far: the digest then sees only what comes next as new."""
    then = datetime.now(UTC) - timedelta(days=2)
    with engine.sessions.begin() as s:
        s.execute(update(Article).values(fetched_at=then))
        s.execute(update(Incident).values(created_at=then, updated_at=then))


def test_a_subscribed_slack_channel_gets_the_digest_as_blocks_once(db_url: str, tmp_path: Path) -> None:
    engine = Engine(db_url)
    engine.ingest([write(tmp_path, "hilla-1", "Northern Gazette", "2025-03-03", FIRST)])
    two_days_ago(engine)  # the first report is old news by the time of the digest
    engine.ingest([write(tmp_path, "hilla-2", "River Post", "2025-03-04", LATER)])
    due = (datetime.now(UTC) + timedelta(minutes=5)).replace(second=0, microsecond=0)

    async def scenario() -> tuple[list[Any], str, str]:
        async with running(engine) as (fake, service):
            fake.admins.add("UADMIN")
            refused = fake.slash_envelope("/subscribe", f"daily {due:%H:%M} UTC", user="UMEMBER", channel="CNEWS")
            await fake.push(refused)
            ok = fake.slash_envelope("/subscribe", f"daily {due:%H:%M} UTC", user="UADMIN", channel="CNEWS")
            await fake.push(ok)
            for env in (refused, ok):
                url = env["payload"]["response_url"]
                await fake.wait_for(lambda u=url: bool(fake.hooks_to(u)), what="the /subscribe reply")
            clock = FrozenClock(due - timedelta(seconds=30))
            dispatcher = Dispatcher(engine, service.runtime.deliverers, clock)
            assert await dispatcher.tick() == []
            clock.set(due)
            (sent,) = await dispatcher.tick()
            assert sent.error is None and sent.message_id
            clock.advance(minutes=1)
            assert await dispatcher.tick() == []
            return (fake.posted(), page_texts(fake.hooks_to(refused["payload"]["response_url"])),
                    page_texts(fake.hooks_to(ok["payload"]["response_url"])))

    try:
        posts, refusal, confirmation = run(scenario())
    finally:
        engine.close()
    assert "Only channel managers can change this channel's digests" in refusal
    assert "Subscribed this channel (#1)" in confirmation
    assert posts and {p.body["channel"] for p in posts} == {"CNEWS"}
    blocks = [b for p in posts for b in (json.loads(p.body["blocks"]) if isinstance(p.body["blocks"], str)
                                          else p.body["blocks"])]
    assert blocks[0]["type"] == "header" and f"Daily digest — {due.date().isoformat()}" in blocks[0]["text"]["text"]
    text = page_texts([p.body for p in posts])
    assert "Hilla: killed 1 → 3" in text and "hospital sources" in text and "/unsubscribe 1" in text
