"""Watches through the real adapters: `/watch add` over the Slack (Socket Mode) and Discord loopback fakes, then an
ingest, then the alert dispatcher posts once through the platform's Deliverer — with untrusted text unable to ping."""
from __future__ import annotations

import asyncio
import json
from pathlib import Path
from typing import Any

from briefings.engine import Engine
from bot.scheduling.watches_delivery import AlertDispatcher
from tests.adapters.discord.conftest import fake  # noqa: F401 - the loopback Discord fixture
from tests.adapters.discord.fake_discord import APP_ID, CHANNEL_ID, GUILD_ID, USER_ID, FakeDiscord, user
from tests.adapters.discord.harness import running as discord_running
from tests.adapters.slack.fake_slack import TEAM
from tests.adapters.slack.harness import page_texts, run
from tests.adapters.slack.harness import running as slack_running
from tests.bot.test_scheduler import FrozenClock
from tests.bot.watch_reports import CHUHUIV, ODESA, VILLAGE_FIRST, VILLAGE_LATER, now, report

MANAGE_CHANNELS = 1 << 4
PINGING_OUTLET = "Wire <!channel> @everyone"  # an outlet name from a feed is untrusted text


def click(message: dict[str, Any], user: str) -> dict[str, Any]:
    """The Socket Mode envelope Slack sends when someone clicks the first button of a posted message."""
    blocks = message["blocks"] if isinstance(message["blocks"], list) else json.loads(message["blocks"])
    button = next(e for b in blocks if b["type"] == "actions" for e in b["elements"])
    return {"envelope_id": f"env-click-{user}", "type": "interactive", "accepts_response_payload": False, "payload": {
        "type": "block_actions", "team": {"id": TEAM, "domain": "fake"}, "user": {"id": user, "team_id": TEAM},
        "api_app_id": "AFAKE", "token": "verification", "trigger_id": "trig.click",
        "container": {"type": "message", "channel_id": message["channel"], "message_ts": "1.0"},
        "channel": {"id": message["channel"], "name": "news"}, "response_url": "https://hooks.invalid/none",
        "actions": [{"action_id": button["action_id"], "block_id": "b", "text": button["text"], "type": "button",
                     "value": button["value"], "action_ts": "2.0"}]}}


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
            await fake.push(click(first[-1].body, user="UMEMBER"))  # anyone in the channel may open the briefing
            await fake.wait_for(lambda: bool(fake.posted("chat.postEphemeral")), what="the briefing for the click")
            await asyncio.to_thread(engine.ingest, [report(tmp_path, "b", "Eastern Monitor", "2026-12-03",
                                                           VILLAGE_LATER, "Verbolozivka toll rises")])
            assert await alerts.tick() == []  # inside the channel's window: held, not dropped
            clock.advance(minutes=4)
            (changed,) = await alerts.tick()
            assert changed.error is None
            opened = fake.posted("chat.postEphemeral")
            assert opened[0].body["user"] == "UMEMBER" and "Missile attack at Verbolozivka" in page_texts([opened[0].body])
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


def button_click(fake: FakeDiscord, message: dict[str, Any]) -> dict[str, Any]:
    """INTERACTION_CREATE for a click on the first button of a posted message (shaped like fake.interaction)."""
    button = message["components"][0]["components"][0]
    base = {"id": str(fake.snowflake()), "application_id": str(APP_ID), "type": 3, "token": f"tok-{fake.snowflake()}",
            "version": 1, "channel_id": str(CHANNEL_ID), "locale": "en-US", "entitlements": [],
            "app_permissions": str((1 << 11) | (1 << 14)), "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "attachment_size_limit": 8388608, "context": 0, "guild_id": str(GUILD_ID), "guild_locale": "en-US",
            "data": {"component_type": 2, "custom_id": button["custom_id"]},
            "message": fake._message(CHANNEL_ID, message),
            "channel": {"id": str(CHANNEL_ID), "type": 0, "name": "news", "guild_id": str(GUILD_ID), "position": 0,
                        "permission_overwrites": [], "nsfw": False, "parent_id": None},
            "member": {"user": user(USER_ID), "roles": [], "permissions": "0", "nick": None,
                       "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0}}
    return base


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
            clicked = len(fake.recorded())
            fake.dispatch("INTERACTION_CREATE", button_click(fake, posts[-1].body))
            answer = fake.wait_for(lambda r: r.method == "PATCH" and "/messages/@original" in r.path, count=2)
            assert any(r.body.get("type") == 5 and r.body["data"]["flags"] == 64 for r in fake.recorded()[clicked:]
                       if isinstance(r.body, dict) and "/callback" in r.path)  # deferred for the clicker only
    finally:
        engine.close()
    # Chuhuiv (the gazetteer spells it Chuhuyiv) is about 40 km from Kharkiv
    assert len(sent) == 1 and sent[0].error is None
    assert posts and {p.path for p in posts} == {f"/channels/{CHANNEL_ID}/messages"}
    assert all(p.body["allowed_mentions"] == {"parse": []} for p in posts)
    text = json.dumps([p.body["embeds"] for p in posts], ensure_ascii=False)
    assert "Chuhuyiv" in json.dumps(answer[-1].body) and answer[-1].body["embeds"]  # the full briefing, as embeds
    assert "Chuhuyiv, Kharkiv, Ukraine" in text and "/incident chuhuyiv-" in text and "wounded 4" in text


def test_slack_two_bot_processes_and_a_restart_post_each_alert_once_and_a_burst_as_one(db_url: str,
                                                                                       tmp_path: Path) -> None:
    engine, other = Engine(db_url), Engine(db_url)  # two bot processes on one database

    async def scenario() -> list[Any]:
        async with slack_running(engine) as (fake, service):
            fake.admins.add("UADMIN")
            ok = fake.slash_envelope("/watch", "add Ukraine", user="UADMIN", channel="CNEWS")
            await fake.push(ok)
            await fake.wait_for(lambda: bool(fake.hooks_to(ok["payload"]["response_url"])), what="the reply")
            clock = FrozenClock(now())
            first, second = (AlertDispatcher(e, service.runtime.deliverers, clock) for e in (engine, other))
            await asyncio.to_thread(engine.ingest, [
                report(tmp_path, "a", "Kyiv Daily Wire", "2026-12-02", VILLAGE_FIRST, "Missile hits Verbolozivka"),
                report(tmp_path, "o", "Black Sea Post", "2026-12-02", ODESA, "Drone hits Odesa warehouse"),
                report(tmp_path, "c", "Eastern Monitor", "2026-12-03", CHUHUIV, "Glide bomb hits Chuhuiv")])
            for _ in range(3):
                await asyncio.gather(first.tick(), second.tick())
            restarted = AlertDispatcher(engine, service.runtime.deliverers, clock)
            clock.advance(minutes=10)
            assert await restarted.tick() == []  # nothing repeated after a restart
            return fake.posted()

    try:
        posts = run(scenario())
    finally:
        engine.close()
        other.close()
    assert len(posts) == 1  # three new incidents in one burst: one message, posted by one process
    text = page_texts([p.body for p in posts])
    assert "Alerts: 3 incidents in your watched areas" in text
    assert all(name in text for name in ("Verbolozivka", "Odesa", "Chuhuyiv"))
