"""Adapters are plugins (issue 16): briefbot's own are entry points, and a third-party one plugs in by being installed.

The third-party adapter here is a real distribution on disk (a module plus its .dist-info with
entry_points.txt), put on PYTHONPATH of a real `briefbot` process: nothing in bot/ names it.
"""
from __future__ import annotations

import os
import subprocess
from pathlib import Path

from bot.plugins import GROUP, Adapter, discover
from tests.adapters.test_console import briefbot_command

REPO = Path(__file__).resolve().parents[2]

TEAMS = '''
"""A made-up chat platform: answers each line of TEAMS_SCRIPT through the runtime, as a real adapter would."""
import os

import typer

from bot.plugins import Adapter


async def serve(runtime, stop, **io):
    for line in os.environ["TEAMS_SCRIPT"].split(";"):
        reply = await runtime.ask(line)
        print("teams>", (reply.text or reply.briefing.title).splitlines()[0], flush=True)


def cli():
    app = typer.Typer(name="teams", no_args_is_help=True, help="Teams: the made-up platform's own commands.")

    @app.command("hello")
    def hello() -> None:
        """Say hello."""
        typer.echo("hello from the teams adapter")

    return app


ADAPTER = Adapter("Teams", serve, lambda settings: bool(os.environ.get("TEAMS_TOKEN")), cli=cli)
'''


def install_plugin(root: Path, entry_points: str, module: str = "") -> Path:
    """A minimal installed distribution: what `pip install briefbot-teams` would leave in site-packages."""
    info = root / "briefbot_teams-0.1.dist-info"
    info.mkdir(parents=True)
    (info / "METADATA").write_text("Metadata-Version: 2.1\nName: briefbot-teams\nVersion: 0.1\n")
    (info / "entry_points.txt").write_text(f"[{GROUP}]\n{entry_points}\n")
    if module:
        (root / "briefbot_teams.py").write_text(module)
    return root


def briefbot(args: list[str], site: Path, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items()
               if not k.startswith(("BRIEFBOT_", "SLACK_", "DISCORD_", "TEAMS_")) or k == "BRIEFBOT_CACHE_DIR"}
    environ.update(BRIEFBOT_HOME=str(tmp_path / "home"), BRIEFBOT_LOAD_SAMPLES_WHEN_EMPTY="false",
                   PYTHONPATH=os.pathsep.join([str(site), str(REPO)]), **env)
    return subprocess.run([*briefbot_command(), *args], input="", capture_output=True, text=True, cwd=tmp_path,
                          env=environ, timeout=120)


def test_briefbots_own_adapters_are_registered_entry_points() -> None:
    adapters = discover()
    assert {"console", "slack", "discord"} <= set(adapters)
    assert all(isinstance(a, Adapter) for a in adapters.values())
    assert [name for name, a in adapters.items() if a.fallback] == ["console"]
    assert {name for name, a in adapters.items() if a.cli is not None} >= {"slack", "discord"}


def test_a_third_party_adapter_is_served_when_configured_and_adds_its_commands(tmp_path: Path) -> None:
    site = install_plugin(tmp_path / "site", "teams = briefbot_teams:ADAPTER", TEAMS)
    db = f"sqlite:///{tmp_path / 'bb.sqlite3'}"

    served = briefbot(["run", "--db", db], site, tmp_path, TEAMS_TOKEN="t", TEAMS_SCRIPT="/help;/incident nowhere")
    assert served.returncode == 0, served.stderr
    lines = [line for line in served.stdout.splitlines() if line.startswith("teams> ")]
    assert lines[0].startswith("teams> briefbot answers with briefings")  # /help through the shared commands
    assert "nowhere" in lines[1].lower()  # the engine's own "no such incident" answer
    assert "briefbot console" not in served.stdout  # a configured platform replaces the console

    hello = briefbot(["teams", "hello"], site, tmp_path)
    assert hello.returncode == 0, hello.stderr
    assert hello.stdout.strip() == "hello from the teams adapter"

    unconfigured = briefbot(["run", "--db", db], site, tmp_path)  # no TEAMS_TOKEN: the console, as before
    assert unconfigured.returncode == 0, unconfigured.stderr
    assert "briefbot console" in unconfigured.stdout and "teams>" not in unconfigured.stdout


def test_a_broken_plugin_is_named_and_the_others_still_work(tmp_path: Path) -> None:
    site = install_plugin(tmp_path / "site", "teams = briefbot_teams_missing:ADAPTER")
    result = briefbot(["run", "--db", f"sqlite:///{tmp_path / 'bb.sqlite3'}"], site, tmp_path)
    assert result.returncode == 0, result.stderr
    assert "briefbot console" in result.stdout
    assert "adapter 'teams' (briefbot_teams_missing:ADAPTER) could not be loaded" in result.stderr


def test_an_install_without_adapters_says_how_to_fix_it(capsys) -> None:  # type: ignore[no-untyped-def]
    from bot.app import run
    from bot.settings import Settings

    opened: list[Settings] = []
    code = run(Settings(), engine_factory=lambda s: opened.append(s), adapters={})  # type: ignore[arg-type,func-returns-value]
    assert code == 1 and opened == []  # nothing opened: the message comes first
    assert "No chat adapter is registered" in capsys.readouterr().err
