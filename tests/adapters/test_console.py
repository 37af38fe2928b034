"""The console adapter: piped stdin in, plain-text briefings out, exit code 0 at end of input.

The first tests drive it in-process with the bot layer's FakeEngine; the subprocess tests run
`briefbot run` against a real Engine on a temporary SQLite database.
"""
from __future__ import annotations

import io
import os
import re
import subprocess
import sys
from pathlib import Path
from typing import Any

from adapters.console import start
from bot.app import Runtime, run
from bot.commands import default_registry
from bot.settings import Settings
from tests.bot.test_commands import FakeEngine

REPO = Path(__file__).resolve().parents[2]


def briefbot_command() -> list[str]:
    """The installed console script when there is one (dev.py's .venv), else the same CLI via python -m."""
    script = Path(sys.executable).with_name("briefbot")
    return [str(script)] if script.exists() else [sys.executable, "-m", "bot"]


def console(lines: str, engine: Any = None, **settings: Any) -> tuple[int, str]:
    runtime = Runtime(engine or FakeEngine(), default_registry(), Settings(**settings))
    out = io.StringIO()
    code = start(runtime, stdin=io.StringIO(lines), stdout=out)
    return code, out.getvalue()


def test_banner_then_answers_in_order_then_exit_0() -> None:
    code, out = console("/incident kalsu\nwhat happened at qaim?\n\n/help\n")
    assert code == 0
    lines = out.splitlines()
    assert lines[0] == "briefbot console — type /help; Ctrl-D to quit"
    assert lines[1].startswith("Database: ")
    assert lines[2] == "Incidents: 3"
    first, second = out.index("Incident kalsu-2024-04-19"), out.index("Incident al-qaim-2019-12-29")
    assert first < second < out.index("/incident <query> [date]")
    assert "— a military statement (The Jerusalem Post, 2024-04-20): “One was killed.”" in out
    assert not any(line.startswith(">") for line in lines)  # no prompt when input is piped


def test_no_match_and_unknown_commands_are_answered_not_fatal() -> None:
    code, out = console("/incident xanadoor\n/frobnicate\n/incident kalsu\n")
    assert code == 0
    assert "No incident matches “xanadoor”" in out
    assert "Unknown command /frobnicate." in out
    assert "Incident kalsu-2024-04-19" in out  # still answering after both


def test_an_engine_error_is_reported_and_the_console_goes_on() -> None:
    code, out = console("/digest\n/digest\n", engine=FakeEngine(fail=RuntimeError("boom")))
    assert code == 0
    assert out.count("Something went wrong answering /digest; the error was logged.") == 2


def test_ctrl_c_ends_the_console_with_code_0() -> None:
    class Interrupted(io.StringIO):
        def readline(self, *args: Any) -> str:
            raise KeyboardInterrupt

    runtime = Runtime(FakeEngine(), default_registry(), Settings())
    assert start(runtime, stdin=Interrupted(), stdout=io.StringIO()) == 0


class EmptyEngine(FakeEngine):
    def __init__(self) -> None:
        super().__init__()
        self.ingested: list[Path] = []

    def is_empty(self) -> bool:
        return not self.ingested

    def ingest(self, sources: Any, progress: Any = None) -> Any:
        self.ingested = list(sources)
        return NewOnly(len(self.ingested))


class NewOnly:
    """An IngestReport look-alike: every input was new."""

    def __init__(self, n: int) -> None:
        self.n = n

    def count(self, status: str) -> int:
        return self.n if status == "new" else 0


def test_run_loads_the_bundled_samples_into_an_empty_database() -> None:
    engine = EmptyEngine()
    out = io.StringIO()
    code = run(Settings(), engine_factory=lambda s: engine, stdin=io.StringIO(""), stdout=out)
    assert code == 0 and engine.closed
    assert engine.ingested and all(p.suffix != ".md" or not p.stem.lower().startswith("readme") for p in engine.ingested)
    assert not any(p.name.lower().startswith("readme") for p in engine.ingested)
    text = out.getvalue()
    assert "The database is empty: loading the bundled sample corpus" in text
    assert f"Sample corpus loaded: new {len(engine.ingested)}, duplicate 0, carriers 0, rejected 0." in text
    assert text.index("Sample corpus loaded") < text.index("briefbot console")


def test_run_leaves_an_empty_database_alone_when_told_to() -> None:
    engine = EmptyEngine()
    run(Settings(load_samples_when_empty=False), engine_factory=lambda s: engine, stdin=io.StringIO(""), stdout=io.StringIO())
    assert engine.ingested == []


def test_chat_tokens_without_their_adapters_fall_back_to_the_console() -> None:
    """A trimmed deployment without the Slack/Discord packages: tokens set, adapters missing → console."""
    from bot.plugins import discover

    only_console = {"console": discover()["console"]}  # what an install without the chat adapters registers
    out = io.StringIO()
    settings = Settings(slack_bot_token="xoxb-test", discord_token="discord-test")
    code = run(settings, engine_factory=lambda s: FakeEngine(), stdin=io.StringIO("/incident kalsu\n"), stdout=out,
               adapters=only_console)
    text = out.getvalue()
    assert code == 0
    assert "the Slack adapter is not installed in this version; using the console instead" in text
    assert "the Discord adapter is not installed in this version" in text
    assert "Incident kalsu-2024-04-19" in text
    assert "xoxb-test" not in text and "discord-test" not in text


# -- the real thing: `briefbot run` as a subprocess on a real Engine (temporary SQLite) ------------


def run_briefbot(args: list[str], stdin: str, tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environ = {k: v for k, v in os.environ.items() if not k.startswith(("BRIEFBOT_", "SLACK_", "DISCORD_")) or k == "BRIEFBOT_CACHE_DIR"}
    environ.update(BRIEFBOT_HOME=str(tmp_path / "home"), PYTHONPATH=str(REPO), **env)
    return subprocess.run([*briefbot_command(), *args], input=stdin, capture_output=True, text=True,
                          cwd=tmp_path, env=environ, timeout=120)


def test_briefbot_run_on_an_empty_database_loads_samples_and_answers(tmp_path: Path) -> None:
    db = f"sqlite:///{tmp_path / 'bb.sqlite3'}"
    result = run_briefbot(["run", "--db", db], "/incidents\n/incident balad\n", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "loading the bundled sample corpus" in out
    assert "briefbot console — type /help; Ctrl-D to quit" in out
    assert f"Database: SQLite file {tmp_path / 'bb.sqlite3'}" in out
    count = int(next(line for line in out.splitlines() if line.startswith("Incidents: ")).split()[1])
    assert count >= 3  # the sample corpus holds several incidents
    assert "Balad" in out and "Killed (disputed):" in out and "/evidence balad-air-base-2025-03-14" in out  # the table


def test_briefbot_run_answers_piped_incident_query_on_the_seeds(tmp_path: Path, seeds_dir: Path) -> None:
    db = f"sqlite:///{tmp_path / 'bb.sqlite3'}"
    from typer.testing import CliRunner

    from bot.cli import app

    ingest = CliRunner().invoke(app, ["ingest", "--db", db, *sorted(str(p) for p in seeds_dir.glob("*.txt"))])
    assert ingest.exit_code == 0, ingest.stderr
    result = run_briefbot(["run", "--db", db], "/incident kalsu\nwhat happened at kalso?\n/evidence kalsu\n", tmp_path)
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "loading the bundled sample corpus" not in out  # the database was not empty
    answers = out.split("Kalsu")
    assert len(answers) >= 3  # both the command and the question were answered about Kalsu
    assert "contested: sources disagree" in out
    assert re.search(r"— two sources at a hospital in (the nearby city of )?Hilla \(The Jerusalem Post, 2024-04-20\): “", out)


def test_briefbot_run_stops_cleanly_on_sigterm(tmp_path: Path) -> None:
    """`briefbot run` on the console: SIGTERM while it waits for input ends it with code 0, promptly."""
    import signal
    import time

    env = {**os.environ, "BRIEFBOT_HOME": str(tmp_path), "BRIEFBOT_LOAD_SAMPLES_WHEN_EMPTY": "false"}
    proc = subprocess.Popen([*briefbot_command(), "run"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env=env)
    try:
        assert proc.stdout is not None
        assert "briefbot console" in proc.stdout.readline()
        time.sleep(0.5)
        proc.send_signal(signal.SIGTERM)
        assert proc.wait(timeout=10) == 0
    finally:
        proc.kill()


def test_questions_and_a_follow_up_on_the_console(tmp_path: Path) -> None:
    from bot.app import sample_files
    from briefings.engine import Engine
    from tests.conftest import new_db_url

    engine = Engine(new_db_url(tmp_path))
    try:
        engine.ingest(sample_files())
        code, out = console("how many were hurt at balad?\nand the dead?\nwhat happened in mosul?\n", engine=engine)
    finally:
        engine.close()
    assert code == 0
    wounded, killed = out.index("Wounded — "), out.index("Killed — ")
    assert wounded < killed < out.index("Nothing is known at Mosul")
    assert out.count("Full briefing: /incident balad-air-base-2025-03-14") == 2


def test_an_ask_back_on_the_console_is_answered_by_its_number(tmp_path: Path) -> None:
    from bot.app import sample_files
    from briefings.engine import Engine
    from tests.conftest import new_db_url

    engine = Engine(new_db_url(tmp_path))
    try:
        engine.ingest(sample_files())
        code, out = console("how many were wounded?\n2\n", engine=engine)
    finally:
        engine.close()
    assert code == 0
    asked = out.index("Which incident do you mean?")
    second = out.index("2. erbil-air-base-2025-06-10")  # the choices are numbered, newest first
    assert asked < second < out.index("Wounded — ") < out.index("Full briefing: /incident erbil-air-base-2025-06-10")
