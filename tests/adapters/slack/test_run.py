"""`briefbot run` with Slack tokens (a real subprocess against the fake), start-up checks, settings, the manifest."""
from __future__ import annotations

import asyncio
import os
import re
import signal
from pathlib import Path
from typing import Any

import pytest
import yaml
from slack_sdk.errors import SlackApiError
from typer.testing import CliRunner

from adapters.slack import SlackConfigError, SlackService
from adapters.slack.manifest import BOT_EVENTS, BOT_SCOPES, manifest, manifest_yaml
from bot.app import Runtime, choose_adapters
from bot.cli import make_app
from bot.commands import default_registry
from bot.settings import Settings
from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.harness import BOT_TOKEN, page_texts, run, slack_settings
from tests.adapters.test_console import briefbot_command

REPO = Path(__file__).resolve().parents[3]
MANIFEST = REPO / "config" / "slack-manifest.yml"
ADAPTER = REPO / "adapters" / "slack"
# Web API methods the adapter calls → the bot scope each one needs.
METHOD_SCOPES = {"chat_postMessage": {"chat:write"}, "chat_postEphemeral": {"chat:write"},
                 "conversations_open": {"im:write"}, "users_info": {"users:read"},
                 "conversations_info": {"channels:read", "groups:read"}, "files_upload_v2": {"files:write"}}


def child_env(fake: FakeSlack, db_url: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRIEFBOT_", "DISCORD_")) or k == "BRIEFBOT_CACHE_DIR"}
    env.update({"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": "xapp-1-test", "BRIEFBOT_SLACK_API_URL": fake.api_url,
                "BRIEFBOT_DATABASE_URL": db_url, "PYTHONUNBUFFERED": "1"})
    return env


@pytest.mark.parametrize("stop_with", [signal.SIGTERM, signal.SIGINT])
def test_briefbot_run_answers_incident_kalsu_over_the_socket_and_exits_0_on_a_signal(
        seeded_engine: Any, stop_with: signal.Signals) -> None:
    async def scenario() -> tuple[int | None, str, str, dict[str, Any]]:
        fake = await FakeSlack().start()
        child = await asyncio.create_subprocess_exec(
            *briefbot_command(), "run", cwd=REPO, env=child_env(fake, seeded_engine.url),
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        try:
            await fake.wait_for(lambda: bool(fake.sockets), timeout=30, what="briefbot run to connect")
            envelope = fake.slash_envelope("/incident", "kalsu")
            latency = await fake.ack_latency(await fake.push(envelope))
            url = envelope["payload"]["response_url"]
            await fake.wait_for(lambda: bool(fake.hooks_to(url)), what="the answer")
            await asyncio.sleep(0.2)
            child.send_signal(stop_with)
            out, err = await asyncio.wait_for(child.communicate(), 15)
            await fake.wait_for(lambda: not fake.sockets, timeout=5, what="the socket to close")
            return child.returncode, out.decode(), err.decode(), {"latency": latency, "hooks": fake.hooks_to(url)}
        finally:
            if child.returncode is None:
                child.kill()
                await child.wait()
            await fake.close()

    code, out, err, seen = run(scenario(), timeout=60)
    assert code == 0, err
    assert "briefbot is connected to Slack (Socket Mode) as @briefbot in Fake Newsroom" in out
    assert seen["latency"] < 3.0
    text = page_texts(seen["hooks"])
    assert "Explosion at Kalsu" in text and "Killed (disputed):" in text and "Two PMF sources" in text
    assert "Traceback" not in err and "Unclosed" not in err and "Task was destroyed" not in err


def test_wrong_tokens_stop_start_up_with_slacks_error_and_missing_ones_say_what_to_set(sample_engine: Any) -> None:
    async def start(**overrides: Any) -> BaseException:
        fake = await FakeSlack().start()
        service = SlackService(Runtime(sample_engine, default_registry(), slack_settings(fake, **overrides)))
        try:
            await service.start()
        except BaseException as exc:
            return exc
        finally:
            await service.close()
            await fake.close()
        raise AssertionError("start-up should have failed")

    bad_bot = run(start(slack_bot_token="xoxb-invalid-token"))
    assert isinstance(bad_bot, SlackApiError) and bad_bot.response["error"] == "invalid_auth"
    bad_app = run(start(slack_app_token="xapp-invalid"))
    assert isinstance(bad_app, SlackApiError) and bad_app.response["error"] == "invalid_auth"
    missing = run(start(slack_app_token=None))
    assert isinstance(missing, SlackConfigError) and "SLACK_APP_TOKEN" in str(missing)
    no_secret = run(start(slack_mode="http"))
    assert isinstance(no_secret, SlackConfigError) and "SLACK_SIGNING_SECRET" in str(no_secret)


def test_slack_settings_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in ("SLACK_BOT_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET", "SLACK_CLIENT_ID", "SLACK_CLIENT_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("BRIEFBOT_SLACK_API_URL", "http://127.0.0.1:9/api")
    monkeypatch.setenv("BRIEFBOT_SLACK_MODE", " HTTP ")
    monkeypatch.setenv("SLACK_CLIENT_ID", "1.2")
    monkeypatch.setenv("SLACK_CLIENT_SECRET", "s")
    s = Settings()
    assert s.slack_api_url == "http://127.0.0.1:9/api/" and s.slack_mode == "http"
    assert s.slack_multi_workspace and s.has_slack  # OAuth installs need no bot token
    assert Settings(slack_api_url="https://slack.com/api/").slack_api_url == "https://slack.com/api/"
    with pytest.raises(ValueError, match="socket"):
        Settings(slack_mode="websocket")
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-1")
    assert choose_adapters(Settings(slack_mode="socket"), open(os.devnull, "w")) == ["slack"]


def test_the_committed_manifest_matches_the_command_registry() -> None:
    expected = manifest_yaml(default_registry())
    assert MANIFEST.read_text(encoding="utf-8") == expected, (
        "config/slack-manifest.yml drifted from the commands: run `briefbot slack manifest > config/slack-manifest.yml`")
    result = CliRunner().invoke(make_app(), ["slack", "manifest"])
    assert result.exit_code == 0 and result.output == expected


def test_the_manifest_lists_every_command_and_only_the_scopes_the_adapter_uses() -> None:
    data = yaml.safe_load(MANIFEST.read_text(encoding="utf-8"))
    commands = {c["command"]: c for c in data["features"]["slash_commands"]}
    assert list(commands) == [f"/{spec.name}" for spec in default_registry()]
    assert commands["/incident"]["usage_hint"] == "<query> [date]" and not commands["/incident"]["should_escape"]
    assert data["settings"]["socket_mode_enabled"] is True and "url" not in commands["/incident"]
    assert data["settings"]["event_subscriptions"]["bot_events"] == list(BOT_EVENTS)
    assert data["features"]["app_home"]["messages_tab_enabled"] is True  # DMs to the bot
    assert data["settings"]["interactivity"] == {"is_enabled": True}  # the evidence button under a table
    scopes = set(data["oauth_config"]["scopes"]["bot"])
    assert scopes == set(BOT_SCOPES)
    source = "\n".join(p.read_text(encoding="utf-8") for p in ADAPTER.glob("*.py"))
    called = set(re.findall(r"\.(chat_\w+|conversations_\w+|users_\w+|files_\w+)\(", source))
    assert called == set(METHOD_SCOPES)
    events_and_commands = {"commands", "app_mentions:read", "im:history", "chat:write.public"}
    assert set().union(*METHOD_SCOPES.values()) | events_and_commands == scopes
    http = manifest(default_registry(), request_url="https://bot.example.org/slack/events")
    assert {c["url"] for c in http["features"]["slash_commands"]} == {"https://bot.example.org/slack/events"}
    assert http["settings"]["socket_mode_enabled"] is False
    assert http["settings"]["interactivity"] == {"is_enabled": True, "request_url": "https://bot.example.org/slack/events"}
    assert http["oauth_config"]["redirect_urls"] == ["https://bot.example.org/slack/oauth_redirect"]
