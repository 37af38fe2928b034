"""`briefbot run` as a service (a real subprocess): health and metrics over loopback HTTP, start-up retries
against closed ports, the command prefix end to end."""
from __future__ import annotations

import asyncio
import json
import re
import signal
import socket
from typing import Any

import aiohttp
from typer.testing import CliRunner

from bot.app import Runtime, registry_for, sample_files
from bot.cli import make_app
from bot.settings import Settings
from tests.adapters.slack.fake_slack import FakeSlack
from tests.adapters.slack.harness import page_texts, run, running
from tests.adapters.slack.test_run import REPO, child_env
from tests.adapters.test_console import briefbot_command

HEALTH_LINE = re.compile(r"Health and metrics: (http://\S+)/healthz")


def closed_port() -> int:
    """A loopback port nobody listens on (bound, then released)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


async def get(url: str) -> tuple[int, str]:
    async with aiohttp.ClientSession() as http, http.get(url) as response:
        return response.status, await response.text()


async def health_url(child: asyncio.subprocess.Process) -> tuple[str, list[str]]:
    seen: list[str] = []
    assert child.stdout is not None
    while True:
        line = (await asyncio.wait_for(child.stdout.readline(), 30)).decode()
        assert line, f"briefbot run ended before serving health: {seen}"
        seen.append(line)
        if found := HEALTH_LINE.search(line):
            return found.group(1), seen


def test_health_readiness_and_metrics_of_a_running_bot_over_loopback(sample_engine: Any) -> None:
    async def scenario() -> dict[str, Any]:
        fake = await FakeSlack().start()
        env = child_env(fake, sample_engine.url) | {"BRIEFBOT_HEALTH_HOST": "127.0.0.1", "BRIEFBOT_HEALTH_PORT": "0",
                                                    "BRIEFBOT_DISPATCHER_INTERVAL": "1s"}
        child = await asyncio.create_subprocess_exec(*briefbot_command(), "run", cwd=REPO, env=env,
                                                     stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        seen: dict[str, Any] = {}
        try:
            base, _ = await health_url(child)
            await fake.wait_for(lambda: bool(fake.sockets), timeout=30, what="briefbot run to connect")
            await asyncio.sleep(1.5)  # one scheduler tick
            seen["healthz"] = await get(f"{base}/healthz")
            seen["ready"] = await get(f"{base}/readyz")
            envelope = fake.slash_envelope("/incident", "balad")
            await fake.push(envelope)
            url = envelope["payload"]["response_url"]
            await fake.wait_for(lambda: bool(fake.hooks_to(url)), what="the answer")
            seen["answer"] = page_texts(fake.hooks_to(url))
            seen["metrics"] = await get(f"{base}/metrics")
            for ws in list(fake.sockets):  # Slack drops the connection: the bot is not ready until it reconnects
                await ws.close()
            await fake.runner.cleanup()  # type: ignore[union-attr]
            await asyncio.sleep(0.5)
            seen["unready"] = await get(f"{base}/readyz")
            child.send_signal(signal.SIGTERM)
            _, err = await asyncio.wait_for(child.communicate(), 20)
            seen["code"], seen["err"] = child.returncode, err.decode()
            return seen
        finally:
            if child.returncode is None:
                child.kill()
                await child.wait()

    seen = run(scenario(), timeout=90)
    assert seen["healthz"][0] == 200 and json.loads(seen["healthz"][1])["status"] == "ok"
    status, body = seen["ready"]
    checks = json.loads(body)["checks"]
    assert status == 200, body
    assert {name: c["ok"] for name, c in checks.items()} == {"database": True, "slack": True, "scheduler": True,
                                                             "feeds": True}
    assert "Balad" in seen["answer"] or "balad" in seen["answer"].lower()
    status, metrics = seen["metrics"]
    assert status == 200
    assert re.search(r'briefbot_command_seconds_count\{command="incident",platform="slack"\} 1\.0', metrics), metrics
    articles = re.search(r"^briefbot_articles ([\d.]+)$", metrics, re.M)
    assert articles and float(articles.group(1)) == len(sample_files())  # every bundled sample report is stored
    assert "briefbot_claims " in metrics and "briefbot_digest_lag_seconds_bucket" in metrics
    assert seen["unready"][0] == 503 and json.loads(seen["unready"][1])["checks"]["slack"]["ok"] is False
    assert seen["code"] == 0 and "Traceback" not in seen["err"]


def test_unreachable_slack_at_start_up_is_one_line_per_try_then_a_clean_exit(sample_engine: Any,
                                                                             tmp_path: Any) -> None:
    async def scenario() -> tuple[int | None, str, str]:
        fake = await FakeSlack().start()
        env = child_env(fake, sample_engine.url) | {
            "BRIEFBOT_SLACK_API_URL": f"http://127.0.0.1:{closed_port()}/api/",
            "BRIEFBOT_STARTUP_RETRIES": "2", "BRIEFBOT_STARTUP_BACKOFF": "0.2"}
        await fake.close()
        child = await asyncio.create_subprocess_exec(*briefbot_command(), "run", cwd=tmp_path, env=env,
                                                     stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(child.communicate(), 60)
        return child.returncode, out.decode(), err.decode()

    code, out, err = run(scenario(), timeout=90)
    assert code == 1
    tries = [line for line in out.splitlines() if line.startswith("Cannot reach Slack")]
    assert len(tries) == 2 and "trying again in 0.2 s (1/2)" in tries[0] and "in 0.4 s (2/2)" in tries[1]
    assert err.strip().splitlines() == [next(line for line in err.splitlines() if "gave up after 3 tries" in line)]
    assert "Traceback" not in out + err


def test_unreachable_database_is_retried_then_named_without_its_password(tmp_path: Any) -> None:
    url = f"postgresql+psycopg://briefbot:s3cret-pw@127.0.0.1:{closed_port()}/briefbot"
    env = {"BRIEFBOT_STARTUP_RETRIES": "1", "BRIEFBOT_STARTUP_BACKOFF": "0.1", "BRIEFBOT_HOME": str(tmp_path)}

    async def scenario() -> tuple[int | None, str, str]:
        import os

        child_environ = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "BRIEFBOT_", "DISCORD_")) or k == "BRIEFBOT_CACHE_DIR"}
        child = await asyncio.create_subprocess_exec(
            *briefbot_command(), "run", "--db", url, cwd=tmp_path, env=child_environ | env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE)
        out, err = await asyncio.wait_for(child.communicate(), 60)
        return child.returncode, out.decode(), err.decode()

    code, out, err = run(scenario(), timeout=90)
    assert code == 1
    assert [line for line in out.splitlines() if "trying again" in line][0].startswith(
        "Opening postgresql+psycopg://briefbot:***@127.0.0.1")
    assert len(err.strip().splitlines()) == 1 and "gave up after 2 tries" in err
    assert "s3cret-pw" not in out + err and "Traceback" not in out + err


def test_a_command_prefix_names_the_slack_commands_and_answers_them(sample_engine: Any) -> None:
    settings = Settings(command_prefix="bb-")
    registry = registry_for(settings)

    async def scenario() -> str:
        async with running(sample_engine, registry, command_prefix="bb-") as (fake, _service):
            envelope = fake.slash_envelope("/bb-incident", "balad")
            await fake.push(envelope)
            url = envelope["payload"]["response_url"]
            await fake.wait_for(lambda: bool(fake.hooks_to(url)), what="the answer")
            help_envelope = fake.slash_envelope("/bb-help")
            await fake.push(help_envelope)
            help_url = help_envelope["payload"]["response_url"]
            await fake.wait_for(lambda: bool(fake.hooks_to(help_url)), what="the help")
            return page_texts(fake.hooks_to(url)) + "\n----\n" + page_texts(fake.hooks_to(help_url))

    answer, help_text = run(scenario()).split("\n----\n")
    assert "balad" in answer.lower() and "Unknown command" not in answer
    assert "/bb-incident &lt;query&gt; [date]" in help_text and "/bb-subscribe" in help_text
    assert not re.search(r"(?<!bb-)/incident\b", help_text.replace("/incidents", ""))


def test_the_manifest_follows_the_configured_prefix(monkeypatch: Any) -> None:
    import yaml

    monkeypatch.setenv("BRIEFBOT_COMMAND_PREFIX", "bb-")
    result = CliRunner().invoke(make_app(), ["slack", "manifest"])
    assert result.exit_code == 0
    names = [c["command"] for c in yaml.safe_load(result.stdout)["features"]["slash_commands"]]
    assert names[0] == "/bb-incident" and all(n.startswith("/bb-") for n in names) and "/bb-help" in names
    assert Runtime  # the runtime's registry is the same object the manifest is built from (bot.app.registry_for)
