"""Watches through the real adapters: `/watch add` over the Slack (Socket Mode) and Discord loopback fakes, then an
ingest, then the alert dispatcher posts once through the platform's Deliverer — with untrusted text unable to ping."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from briefings.engine import Engine
from bot.watches_delivery import AlertDispatcher
from tests.adapters.discord.conftest import fake  # noqa: F401 - the loopback Discord fixture
from tests.adapters.discord.fake_discord import CHANNEL_ID, FakeDiscord
from tests.adapters.discord.harness import running as discord_running
from tests.adapters.slack.harness import page_texts, run
from tests.adapters.slack.harness import running as slack_running
from tests.bot.test_scheduler import FrozenClock
from tests.bot.watch_reports import CHUHUIV, ODESA, VILLAGE_FIRST, VILLAGE_LATER, now, report

MANAGE_CHANNELS = 1 << 4
PINGING_OUTLET = "Wire <!channel> @everyone"  # an outlet name from a feed is untrusted text


def test_slack_a_watched_channel_gets_each_alert_once_as_blocks(db_url: str, tmp_path: Path) -> None:
    engine = Engine(db_url)

    async def scenario() -> tuple[list[Any], list[Any], str, str]:
        async with slack_running(engine) as (fake, service):
            fake.admins.add("UADMIN")
            refused = fake.slash_envelope("/watch", "add Kharkiv oblast", user="UMEMBER", channel="CNEWS")
            ok = fake.slash_envelope("/watch", "add Kharkiv oblast", user="UADMIN", channel="CNEWS")
            for env in (refused, ok):
                await fake.push(env)
                url = env["payload"]["response_url"]
                await fake.wait_for(lambda u=url: bool(fake.hooks_to(u)), what="the /watch reply")
            clock = FrozenClock(now())
            alerts = AlertDispatcher(engine, service.runtime.deliverers, clock)
            assert await alerts.tick() == []
            await asyncio.to_thread(engine.ingest, [report(tmp_path, "a", PINGING_OUTLET, "2026-12-02", VILLAGE_FIRST,
                                                           "Missile hits Verbolozivka")])
            (sent,) = await alerts.tick()
            assert sent.error is None and sent.message_id
            assert await alerts.tick() == []
            first = list(fake.posted())
            await asyncio.to_thread(engine.ingest, [report(tmp_path, "b", "Eastern Monitor", "2026-12-03",
                                                           VILLAGE_LATER, "Verbolozivka toll rises")])
            assert await alerts.tick() == []  # inside the channel's window: held, not dropped
            clock.advance(minutes=4)
            (changed,) = await alerts.tick()
            assert changed.error is None
            return (first, fake.posted()[len(first):], page_texts(fake.hooks_to(refused["payload"]["response_url"])),
                    page_texts(fake.hooks_to(ok["payload"]["response_url"])))

    try:
        first, later, refusal, confirmation = run(scenario())
    finally:
        engine.close()
    assert "Only channel managers can change this channel's watches" in refusal
    assert "Watching Kharkiv oblast, Ukraine for this channel (#1)" in confirmation
    assert first and {p.body["channel"] for p in first + later} == {"CNEWS"}
    text = page_texts([p.body for p in first])
    assert "Alert: " in text and "Verbolozivka" in text and "/incident verbolozivka-" in text
    raw = json.dumps([p.body for p in first + later])
    assert "<!channel>" not in raw and "&lt;!channel&gt;" in raw
    assert "Killed: 2 → 7" in page_texts([p.body for p in later])


def test_discord_a_watched_channel_gets_each_alert_once_as_embeds(fake: FakeDiscord, db_url: str,  # noqa: F811
                                                                 tmp_path: Path) -> None:
    engine = Engine(db_url)
    options = {"action": "add", "details": "within 50 km of Kharkiv city"}
    try:
        with discord_running(fake, engine) as bot:
            fake.interaction("watch", options, permissions=MANAGE_CHANNELS)
            fake.wait_for(lambda r: r.method in ("PATCH", "POST") and "Watching within 50 km" in json.dumps(r.body))
            alerts = AlertDispatcher(engine, bot.runtime.deliverers, FrozenClock(now()))
            assert bot.loop is not None

            def tick() -> list[Any]:
                return asyncio.run_coroutine_threadsafe(alerts.tick(), bot.loop).result(20)  # type: ignore[arg-type]

            before = len(fake.recorded())
            engine.ingest([report(tmp_path, "far", "Black Sea Post", "2026-12-02", ODESA, "Drone hits Odesa warehouse")])
            assert tick() == []  # Odesa is 550 km away
            engine.ingest([report(tmp_path, "near", PINGING_OUTLET, "2026-12-03", CHUHUIV, "Glide bomb hits Chuhuiv")])
            sent = tick()
            assert tick() == []
            posts = [r for r in fake.recorded()[before:] if r.method == "POST" and r.path.endswith("/messages")]
    finally:
        engine.close()
    # Chuhuiv (the gazetteer spells it Chuhuyiv) is about 40 km from Kharkiv
    assert len(sent) == 1 and sent[0].error is None
    assert posts and {p.path for p in posts} == {f"/channels/{CHANNEL_ID}/messages"}
    assert all(p.body["allowed_mentions"] == {"parse": []} for p in posts)
    text = json.dumps([p.body["embeds"] for p in posts], ensure_ascii=False)
    assert "Chuhuyiv, Kharkiv, Ukraine" in text and "/incident chuhuyiv-" in text and "wounded 4" in text
