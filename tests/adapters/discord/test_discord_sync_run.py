"""`briefbot discord sync` registers exactly the registry's commands; `briefbot run` with DISCORD_TOKEN
serves Discord and stops cleanly on SIGTERM; scheduled digests reach channels and DMs."""
from __future__ import annotations

import asyncio
import os
import signal
import subprocess
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from adapters.discord.deliver import DiscordDeliverer
from bot.cli import make_app
from bot.commands import default_registry
from bot.scheduling.delivery import Target
from tests.adapters.discord.fake_discord import APP_ID, CHANNEL_ID, GUILD_ID, USER_ID, FakeDiscord
from tests.adapters.discord.harness import fake_wait, running
from tests.adapters.test_console import briefbot_command
from tests.bot.test_commands import briefing

STRING = 3


def expected_commands() -> list[dict[str, Any]]:
    """The registry, as Discord should store it: names, descriptions, typed string options."""
    out = []
    for spec in default_registry():
        options = sorted(spec.options, key=lambda o: not o.required)  # Discord wants required ones first
        out.append({"name": spec.name, "description": spec.description[:100], "options": [
            {"name": o.name, "description": o.description[:100], "type": STRING, "required": o.required,
             "autocomplete": o.name == "query"} for o in options]})
    return out


def stored(body: list[dict[str, Any]]) -> list[dict[str, Any]]:
    keep = ("name", "description", "type", "required", "autocomplete")
    return [{"name": c["name"], "description": c["description"],
             "options": [{k: o.get(k, False) for k in keep} for o in c.get("options", [])]} for c in body]


@pytest.mark.parametrize("guild", [None, GUILD_ID])
def test_sync_overwrites_the_commands_with_the_registry(fake: FakeDiscord, guild: int | None,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "test-token")
    for name in ("BRIEFBOT_CONFIG", "BRIEFBOT_DISCORD_API_BASE", "BRIEFBOT_DISCORD_APPLICATION_ID"):
        monkeypatch.delenv(name, raising=False)
    args = ["discord", "sync"] + (["--guild", str(guild)] if guild else [])
    result = CliRunner().invoke(make_app(), args)
    assert result.exit_code == 0, result.output
    puts = fake.recorded(lambda r: r.method == "PUT")
    assert len(puts) == 1
    where = f"/applications/{APP_ID}" + (f"/guilds/{guild}" if guild else "") + "/commands"
    assert puts[0].path == where
    assert stored(puts[0].body) == expected_commands()
    assert all(c["type"] == 1 for c in puts[0].body)  # slash commands
    assert "Registered" in result.output and "/incident" in result.output
    assert not fake.identifies  # REST only: no gateway session for a sync


def test_sync_without_a_token_says_what_to_set(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("DISCORD_TOKEN", raising=False)
    monkeypatch.delenv("BRIEFBOT_CONFIG", raising=False)
    result = CliRunner().invoke(make_app(), ["discord", "sync"])
    assert result.exit_code == 2
    assert "DISCORD_TOKEN is not set" in result.output


def test_digests_are_delivered_to_a_channel_and_to_dms(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine) as bot:
        deliverer = bot.runtime.deliverers["discord"]
        assert isinstance(deliverer, DiscordDeliverer)

        def deliver(target: Target) -> str | None:
            assert bot.loop is not None
            return asyncio.run_coroutine_threadsafe(deliverer.deliver(target, briefing("Digest", kind="digest")),
                                                    bot.loop).result(10)

        in_channel = deliver(Target("discord", channel=str(CHANNEL_ID), workspace=str(GUILD_ID)))
        in_dm = deliver(Target("discord", user=str(USER_ID)))
    posts = fake.recorded(lambda r: r.method == "POST" and r.path.endswith("/messages"))
    opened = fake.recorded(lambda r: r.path == "/users/@me/channels")
    assert [p.path for p in posts][0] == f"/channels/{CHANNEL_ID}/messages"
    assert opened[0].body == {"recipient_id": USER_ID} or opened[0].body == {"recipient_id": str(USER_ID)}
    assert posts[1].path != posts[0].path
    assert all(p.body["embeds"][0]["title"] == "Digest" and p.body["allowed_mentions"] == {"parse": []} for p in posts)
    assert in_channel and in_dm and in_channel != in_dm


def test_briefbot_run_serves_discord_and_exits_0_on_sigterm(fake: FakeDiscord, tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRIEFBOT_", "DISCORD_")) or k == "BRIEFBOT_CACHE_DIR"}
    env.update({"DISCORD_TOKEN": "test-token", "BRIEFBOT_DISCORD_API_BASE": fake.api_base,
                "BRIEFBOT_DISCORD_GATEWAY_URL": fake.gateway_url,
                "BRIEFBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}", "PYTHONUNBUFFERED": "1"})
    repo = Path(__file__).resolve().parents[3]
    proc = subprocess.Popen([*briefbot_command(), "run"], cwd=repo, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        fake_wait(lambda: bool(fake.identifies) or proc.poll() is not None, timeout=60)  # samples load first
        assert proc.poll() is None, proc.communicate()[0]
        it = fake.interaction("incident", {"query": "balad"})
        edit = fake.wait_for(lambda r: fake.for_interaction(it)(r) and r.method == "PATCH", timeout=20)[0]
        assert "Balad" in edit.body["embeds"][0]["title"]
        channel = fake.direct_message("what happened at erbil?")
        dm = fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages", timeout=20)[0]
        assert "Erbil" in dm.body["embeds"][0]["title"]
        proc.send_signal(signal.SIGTERM)
        out, _ = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0, out
    assert "Sample corpus loaded" in out
    assert fake.connected == 0  # the gateway connection was closed, not dropped with the process


def test_sharding_when_configured_identifies_as_shard_0_and_still_answers_dms(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine, discord_sharded=True):  # no count: Discord recommends one (GET /gateway/bot)
        assert fake.identifies[0]["shard"] == [0, 1]
        assert fake.recorded(lambda r: r.path == "/gateway/bot")
        channel = fake.direct_message("what happened at jurf?")
        dm = fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages")[0]
        it = fake.interaction("incident", {"query": "kalso"}, focused="query")
        choices = fake.wait_for(fake.for_interaction(it))[0].body["data"]["choices"]
    assert dm.body["embeds"][0]["title"].startswith("Strike at Jurf al-Sakhar")
    assert [c["value"] for c in choices] == ["kalsu-2024-04-19"]


def test_explicit_shards_need_the_total_count(fake: FakeDiscord, seeded_engine: Any) -> None:
    with pytest.raises(ValueError, match="SHARD_COUNT"):
        with running(fake, seeded_engine, discord_shard_ids=[1]):
            pass
    with running(fake, seeded_engine, discord_shard_ids=[1], discord_shard_count=2):
        assert fake.identifies[0]["shard"] == [1, 2]
