"""Discord as a service: the command prefix in the synced tree and in answers, readiness, unreachable start-up."""
from __future__ import annotations

from typing import Any

import pytest
from typer.testing import CliRunner

from bot.app import registry_for
from bot.cli import make_app
from bot.settings import Settings
from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.harness import running


def test_sync_registers_the_prefixed_command_tree(fake: FakeDiscord, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("DISCORD_TOKEN", "test-token")
    monkeypatch.setenv("BRIEFBOT_COMMAND_PREFIX", "bb-")
    for name in ("BRIEFBOT_CONFIG", "BRIEFBOT_DISCORD_API_BASE", "BRIEFBOT_DISCORD_APPLICATION_ID"):
        monkeypatch.delenv(name, raising=False)
    result = CliRunner().invoke(make_app(), ["discord", "sync"])
    assert result.exit_code == 0, result.output
    body = fake.recorded(lambda r: r.method == "PUT")[0].body
    names = [c["name"] for c in body]
    assert names == [spec.name for spec in registry_for(Settings(command_prefix="bb-"))]
    assert all(name.startswith("bb-") for name in names) and "bb-help" in names
    incident = next(c for c in body if c["name"] == "bb-incident")
    assert [o["name"] for o in incident["options"]] == ["query", "date"]  # options keep their names
    assert "/bb-incident" in result.output


def test_a_prefixed_interaction_is_answered(fake: FakeDiscord, seeded_engine: Any) -> None:
    registry = registry_for(Settings(command_prefix="bb-"))
    with running(fake, seeded_engine, registry, command_prefix="bb-"):
        it = fake.interaction("bb-incident", {"query": "kalsu"})
        edit = fake.wait_for(lambda r: fake.for_interaction(it)(r) and r.method == "PATCH", timeout=20)[0]
    assert "Kalsu" in edit.body["embeds"][0]["title"]


def test_readiness_follows_the_discord_connection(fake: FakeDiscord, seeded_engine: Any) -> None:
    """/readyz asks the adapter's probe: connected after READY, gone once the bot stopped."""
    import asyncio

    from bot.health import check_platforms
    from tests.adapters.discord.harness import fake_wait

    with running(fake, seeded_engine) as bot:
        fake_wait(lambda: "discord" in bot.runtime.telemetry.probes
                  and bot.runtime.telemetry.probes["discord"](), timeout=10)
        assert bot.loop is not None
        connected = asyncio.run_coroutine_threadsafe(asyncio.to_thread(check_platforms, bot.runtime), bot.loop).result(10)
    assert connected == {"discord": {"ok": True, "detail": "connected"}}
    assert "discord" not in bot.runtime.telemetry.probes


def test_unreachable_discord_at_start_up_is_one_line_per_try_then_a_clean_exit(tmp_path: Any) -> None:
    import os
    import socket
    import subprocess

    from tests.adapters.test_console import briefbot_command

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRIEFBOT_", "DISCORD_")) or k == "BRIEFBOT_CACHE_DIR"}
    env |= {"DISCORD_TOKEN": "test-token", "BRIEFBOT_DISCORD_API_BASE": f"http://127.0.0.1:{closed}/api/v10",
            "BRIEFBOT_DATABASE_URL": f"sqlite:///{tmp_path / 'run.sqlite3'}", "BRIEFBOT_LOAD_SAMPLES_WHEN_EMPTY": "false",
            "BRIEFBOT_STARTUP_RETRIES": "1", "BRIEFBOT_STARTUP_BACKOFF": "0.2"}
    done = subprocess.run([*briefbot_command(), "run"], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                          capture_output=True, text=True, timeout=60)
    assert done.returncode == 1
    assert [line for line in done.stdout.splitlines() if line.startswith("Cannot reach Discord")][0].endswith("(1/1).")
    assert "gave up after 2 tries" in done.stderr and len(done.stderr.strip().splitlines()) == 1
    assert "Traceback" not in done.stdout + done.stderr
