"""The deployment files: the image's entry point and health check run as the Dockerfile says, compose.yaml and
the systemd unit are well-formed (and pass `docker-compose config` / `systemd-analyze verify` where installed).
No container runtime is assumed: building the image needs base images from a registry."""
from __future__ import annotations

import json
import os
import re
import shlex
import shutil
import signal
import subprocess
import time
from pathlib import Path

import pytest
import yaml

from tests.adapters.test_console import briefbot_command

REPO = Path(__file__).resolve().parents[1]
DOCKERFILE = (REPO / "Dockerfile").read_text(encoding="utf-8")


def instructions(name: str) -> list[str]:
    """The arguments of every `NAME` instruction (continuation lines joined)."""
    joined = re.sub(r"\\\n\s*", " ", DOCKERFILE)
    return [line.split(None, 1)[1] for line in joined.splitlines() if line.upper().startswith(name + " ")]


def image_env() -> dict[str, str]:
    env: dict[str, str] = {}
    for args in instructions("ENV"):
        for pair in shlex.split(args):
            key, _, value = pair.partition("=")
            env[key] = value
    return env


def test_the_dockerfile_is_multi_stage_slim_non_root_with_the_cli_as_entry_point() -> None:
    froms = instructions("FROM")
    assert len(froms) == 2 and all("-slim" in f for f in froms) and froms[0].endswith("AS build")
    assert instructions("USER") == ["briefbot:briefbot"]
    assert json.loads(instructions("ENTRYPOINT")[0]) == ["briefbot"]
    assert json.loads(instructions("CMD")[0]) == ["run", "--no-console"]
    assert "8080" in instructions("EXPOSE")[0] and image_env()["BRIEFBOT_HEALTH_PORT"] == "8080"
    ignored = (REPO / ".dockerignore").read_text(encoding="utf-8").split()
    assert ignored[ignored.index("*") + 1:].count("!briefings/") == 1  # the context is only what the image needs


def test_the_image_command_serves_health_and_the_healthcheck_passes_then_sigterm_exits_0(tmp_path: Path) -> None:
    """The image's ENTRYPOINT + CMD with its ENV (health on a free port here), then its HEALTHCHECK command."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "SLACK_", "DISCORD_")) or k == "BRIEFBOT_CACHE_DIR"}
    env |= {k: v for k, v in image_env().items() if k.startswith("BRIEFBOT_")}
    env |= {"BRIEFBOT_HOME": str(tmp_path), "BRIEFBOT_HEALTH_HOST": "127.0.0.1", "BRIEFBOT_HEALTH_PORT": "0",
            "BRIEFBOT_LOAD_SAMPLES_WHEN_EMPTY": "false", "PYTHONUNBUFFERED": "1"}
    cmd = json.loads(instructions("CMD")[0])
    proc = subprocess.Popen([*briefbot_command(), *cmd], cwd=tmp_path, env=env, stdin=subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        assert proc.stdout is not None
        port = None
        deadline = time.monotonic() + 60
        while port is None and time.monotonic() < deadline:
            line = proc.stdout.readline()
            assert line, proc.stderr.read() if proc.stderr else "no output"
            if found := re.search(r"http://[\d.]+:(\d+)/healthz", line):
                port = found.group(1)
        check = json.loads(instructions("HEALTHCHECK")[0].split("CMD", 1)[1])
        result = subprocess.run(check, env={**env, "BRIEFBOT_HEALTH_PORT": str(port)}, capture_output=True,
                                text=True, timeout=30)
        assert result.returncode == 0, result.stderr
        proc.send_signal(signal.SIGTERM)
        _, err = proc.communicate(timeout=30)
    finally:
        if proc.poll() is None:
            proc.kill()
            proc.communicate()
    assert proc.returncode == 0
    logs = [json.loads(line) for line in err.splitlines() if line.startswith("{")]
    assert logs and all({"time", "level", "logger", "message"} <= set(entry) for entry in logs)  # JSON logs


def test_compose_runs_postgres_with_a_health_check_a_volume_and_migrations_before_the_bot() -> None:
    compose = yaml.safe_load((REPO / "compose.yaml").read_text(encoding="utf-8"))
    db, migrate, bot = (compose["services"][name] for name in ("db", "migrate", "bot"))
    assert db["image"].startswith("postgres:") and "pg_isready" in " ".join(db["healthcheck"]["test"])
    assert any(v.startswith("pgdata:") for v in db["volumes"]) and "pgdata" in compose["volumes"]
    assert migrate["command"] == ["migrate"] and migrate["depends_on"]["db"]["condition"] == "service_healthy"
    assert bot["depends_on"]["migrate"]["condition"] == "service_completed_successfully"
    assert bot["command"] == ["run", "--no-console"] and "healthz" in " ".join(bot["healthcheck"]["test"])
    assert bot["environment"]["BRIEFBOT_DATABASE_URL"].startswith("postgresql+psycopg://briefbot:")
    tool = shutil.which("docker-compose")
    if tool:
        checked = subprocess.run([tool, "-f", str(REPO / "compose.yaml"), "config", "-q"], capture_output=True,
                                 text=True, cwd=REPO)
        assert checked.returncode == 0, checked.stderr


def test_the_systemd_unit_runs_migrate_then_the_bot_and_verifies(tmp_path: Path) -> None:
    unit = (REPO / "deploy" / "briefbot.service").read_text(encoding="utf-8")
    assert "ExecStartPre=/opt/briefbot/bin/briefbot migrate" in unit
    assert "ExecStart=/opt/briefbot/bin/briefbot run --no-console" in unit and "User=briefbot" in unit
    assert "TimeoutStartSec=30min" in unit  # a schema upgrade at 1M reports outlasts systemd's default 90 s
    tool = shutil.which("systemd-analyze")
    if tool is None:
        pytest.skip("systemd-analyze is not installed")
    local = Path(briefbot_command()[0])
    if not local.name == "briefbot":
        pytest.skip("no installed briefbot script to point the unit at")
    copy = tmp_path / "briefbot.service"  # the same unit, pointed at this checkout's script
    copy.write_text(unit.replace("/opt/briefbot/bin/briefbot", str(local)), encoding="utf-8")
    checked = subprocess.run([tool, "verify", str(copy)], capture_output=True, text=True)
    assert checked.returncode == 0 and "briefbot.service" not in checked.stderr, checked.stderr
