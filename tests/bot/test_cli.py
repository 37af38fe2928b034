"""The `briefbot` CLI: typer's CliRunner with the bot layer's FakeEngine, then a real Engine on a temp SQLite
database, then the installed console script as a subprocess."""
from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from typer.testing import CliRunner

from bot.cli import app, make_app
from tests.bot.test_commands import FakeEngine

REPO = Path(__file__).resolve().parents[2]
COMMANDS = ("ingest", "incident", "incidents", "disputes", "digest", "sources", "run", "bench")


class Outcome:
    def __init__(self, source: str, status: str, reason: str | None = None) -> None:
        self.source, self.status, self.reason = source, status, reason


class Report:
    """An IngestReport look-alike (the CLI only reads outcomes, count and ok)."""

    def __init__(self, *outcomes: Outcome) -> None:
        self.outcomes = outcomes

    def count(self, status: str) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return self.count("rejected") == 0


class IngestingEngine(FakeEngine):
    def __init__(self, report: Report) -> None:
        super().__init__()
        self.report = report
        self.progress_calls = 0

    def ingest(self, sources: Any, progress: Any = None) -> Any:
        self.calls.append(("ingest", tuple(sources), {}))
        for n, outcome in enumerate(self.report.outcomes, 1):
            progress(outcome, n, len(self.report.outcomes))
            self.progress_calls += 1
        return self.report


@pytest.fixture()
def clean_env(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    for name in list(os.environ):
        if name.startswith(("BRIEFBOT_", "SLACK_", "DISCORD_")) and name != "BRIEFBOT_CACHE_DIR":  # the index built once
            monkeypatch.delenv(name)
    monkeypatch.setenv("BRIEFBOT_HOME", str(tmp_path / "home"))


def invoke(engine: Any, *args: str, seen: list[Any] | None = None) -> Any:
    def factory(settings: Any) -> Any:
        if seen is not None:
            seen.append(settings)
        return engine

    return CliRunner().invoke(make_app(engine_factory=factory), list(args))


@pytest.mark.usefixtures("clean_env")
class TestWithAFakeEngine:
    def test_incident_prints_the_text_briefing(self) -> None:
        engine = FakeEngine()
        result = invoke(engine, "incident", "kalsu")
        assert result.exit_code == 0
        assert result.stdout.startswith("Incident kalsu-2024-04-19\nStatus: contested")
        assert engine.closed

    def test_incident_takes_several_words_and_a_date(self) -> None:
        engine = FakeEngine()
        assert invoke(engine, "incident", "al", "qaim", "--on", "2019-12-29").exit_code == 0
        assert engine.calls == [("incident", ("al qaim",), {"on": (date(2019, 12, 29), date(2019, 12, 29))})]

    def test_incident_json_is_the_engine_document(self) -> None:
        result = invoke(FakeEngine(), "incident", "kalsu", "--format", "json")
        assert json.loads(result.stdout) == {"query": "kalsu", "incident": {"slug": "kalsu-2024-04-19"}}

    def test_incident_markdown(self) -> None:
        result = invoke(FakeEngine(), "incident", "kalsu", "-f", "markdown")
        assert result.stdout.startswith("# Incident kalsu-2024-04-19\n\n**Status: contested")

    def test_no_match_goes_to_stderr_with_the_closest_names_and_exit_1(self) -> None:
        result = invoke(FakeEngine(), "incident", "kalso")
        assert result.exit_code == 1
        assert result.stdout == ""
        assert "No incident matches 'kalso'." in result.stderr
        assert "Closest matches: kalsu-2024-04-19." in result.stderr
        assert "briefbot incidents" in result.stderr

    def test_bad_date_is_a_usage_error_naming_the_option(self) -> None:
        result = invoke(FakeEngine(), "incident", "kalsu", "--on", "someday")
        assert result.exit_code == 2 and "--on" in result.stderr and "2019-12-29" in result.stderr

    @pytest.mark.parametrize("command", ["incidents", "disputes", "digest"])
    def test_since_options(self, command: str) -> None:
        engine = FakeEngine()
        assert invoke(engine, command, "--since", "7d").exit_code == 0
        assert engine.calls == [(command, (), {"since": timedelta(days=7)})]
        bad = invoke(FakeEngine(), command, "--since", "soonish")
        assert bad.exit_code == 2 and "--since" in bad.stderr and "24h" in bad.stderr

    def test_sources(self) -> None:
        engine = FakeEngine()
        result = invoke(engine, "sources", "jurf")
        assert result.exit_code == 0 and "Sources jurf" in result.stdout

    def test_db_option_overrides_the_environment(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("BRIEFBOT_DATABASE_URL", "sqlite:///from-env.sqlite3")
        seen: list[Any] = []
        invoke(FakeEngine(), "incidents", seen=seen)
        invoke(FakeEngine(), "incidents", "--db", "sqlite:///from-flag.sqlite3", seen=seen)
        assert [s.database_url for s in seen] == ["sqlite:///from-env.sqlite3", "sqlite:///from-flag.sqlite3"]

    def test_an_unopenable_database_says_what_to_do(self) -> None:
        def broken(settings: Any) -> Any:
            raise ValueError("Could not parse SQLAlchemy URL from string 'nonsense'")

        result = CliRunner().invoke(make_app(engine_factory=broken), ["incidents", "--db", "nonsense"])
        assert result.exit_code == 2
        assert "Cannot open the database nonsense" in result.stderr and "BRIEFBOT_DATABASE_URL" in result.stderr

    def test_ingest_reports_each_rejection_and_a_summary(self) -> None:
        engine = IngestingEngine(Report(
            Outcome("a.txt", "new"), Outcome("b.txt", "duplicate"), Outcome("c.txt", "carrier"),
            Outcome("d.pdf", "rejected", "unsupported file type .pdf"), Outcome("e.txt", "new")))
        result = invoke(engine, "ingest", "a.txt", "b.txt", "c.txt", "d.pdf", "e.txt")
        assert result.exit_code == 1
        assert result.stderr.splitlines() == ["rejected d.pdf: unsupported file type .pdf"]
        assert result.stdout == "new 2, duplicate 1, carriers 1, rejected 1\n"
        assert engine.progress_calls == 5 and engine.closed

    def test_ingest_without_rejections_exits_0(self) -> None:
        result = invoke(IngestingEngine(Report(Outcome("a.txt", "new"))), "ingest", "a.txt")
        assert result.exit_code == 0 and result.stderr == ""

    def test_run_serves_the_console_on_stdin(self) -> None:
        result = CliRunner().invoke(make_app(engine_factory=lambda s: FakeEngine()), ["run"], input="/incident kalsu\n")
        assert result.exit_code == 0
        assert "briefbot console — type /help; Ctrl-D to quit" in result.stdout
        assert "Incident kalsu-2024-04-19" in result.stdout

    def test_bad_settings_are_explained(self, monkeypatch: pytest.MonkeyPatch) -> None:
        monkeypatch.setenv("BRIEFBOT_TIMEZONE", "Mars/Olympus")
        result = invoke(FakeEngine(), "incidents")
        assert result.exit_code == 2 and "unknown time zone 'Mars/Olympus'" in result.stderr

    def test_a_missing_config_file_is_named(self, monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
        monkeypatch.setenv("BRIEFBOT_CONFIG", str(tmp_path / "nope.toml"))
        result = invoke(FakeEngine(), "incidents")
        assert result.exit_code == 2 and "nope.toml" in result.stderr


def test_every_command_help_explains_itself_with_an_example() -> None:
    runner = CliRunner()
    top = runner.invoke(app, ["--help"])
    assert top.exit_code == 0
    for command in COMMANDS:
        assert command in top.stdout
        result = runner.invoke(app, [command, "--help"])
        assert result.exit_code == 0, command
        assert "Example: briefbot " + command in " ".join(result.stdout.split()), command


def test_bench_calls_the_benchmark_module(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    import types

    calls: list[tuple[Any, ...]] = []
    fake = types.ModuleType("briefings.bench")
    fake.main = lambda articles, db, json_path, **kw: calls.append((articles, db, json_path, kw)) or {}  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "briefings.bench", fake)
    import briefings

    monkeypatch.setattr(briefings, "bench", fake, raising=False)
    out = tmp_path / "b.json"
    result = CliRunner().invoke(app, ["bench", "--articles", "50", "--db", "sqlite:///x.db", "--json", str(out),
                                      "--grow-to", "5000", "--workers", "2", "--no-bot-process"])
    assert result.exit_code == 0, result.output
    (articles, db, json_path, kw) = calls[0]
    assert (articles, db, json_path) == (50, "sqlite:///x.db", str(out))
    assert kw["grow_to"] == 5000 and kw["workers"] == 2 and kw["bot_process"] is False and kw["sample"] == 2000


def test_the_console_script_answers_help() -> None:
    script = Path(sys.executable).with_name("briefbot")
    command = [str(script)] if script.exists() else [sys.executable, "-m", "bot"]
    result = subprocess.run([*command, "--help"], capture_output=True, text=True, timeout=60,
                            env={**os.environ, "PYTHONPATH": str(REPO)})
    assert result.returncode == 0, result.stderr
    for name in COMMANDS:
        assert name in result.stdout


# -- against a real Engine on a temporary SQLite database (needs the engine and ../shared/seeds) ---------


def test_ingest_then_incident_json_on_the_seeds(db_url: str, seeds_dir: Path, tmp_path: Path, clean_env: None) -> None:
    runner = CliRunner()
    seeds = sorted(str(p) for p in seeds_dir.glob("*.txt"))
    bad = tmp_path / "notes.pdf"
    bad.write_bytes(b"%PDF-1.4 not a report")
    ingested = runner.invoke(app, ["ingest", "--db", db_url, *seeds, str(bad)])
    assert ingested.exit_code == 1  # one input was rejected
    assert f"rejected {bad}" in ingested.stderr
    assert ingested.stdout.strip().startswith(f"new {len(seeds)}, duplicate 0")
    assert ingested.stdout.strip().endswith("rejected 1")

    result = runner.invoke(app, ["incident", "kalsu", "--format", "json", "--db", db_url])
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc["query"] == "kalsu" and "incident" in doc and "others" in doc
    assert doc["incident"]["status"] == "contested"

    missing = runner.invoke(app, ["incident", "xanadoor", "--db", db_url])
    assert missing.exit_code == 1 and "No incident matches 'xanadoor'." in missing.stderr


# -- settings (what `briefbot` reads from the environment and BRIEFBOT_CONFIG) --------------------------


@pytest.mark.usefixtures("clean_env")
def test_settings_defaults_and_platform_token_names(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.settings import load_settings

    s = load_settings()
    assert (s.database_url, s.timezone, s.load_samples_when_empty, s.has_slack, s.has_discord) == (None, "UTC", True, False, False)
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-secret")
    monkeypatch.setenv("DISCORD_TOKEN", "")
    s = load_settings()
    assert s.has_slack and not s.has_discord  # a blank token is no token
    assert s.slack_bot_token.get_secret_value() == "xoxb-secret"  # type: ignore[union-attr]
    assert "xoxb-secret" not in repr(s)


@pytest.mark.usefixtures("clean_env")
def test_settings_toml_file_is_overridden_by_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from bot.settings import load_settings

    toml = tmp_path / "briefbot.toml"
    toml.write_text('database_url = "sqlite:///from-toml.sqlite3"\ntimezone = "Asia/Baghdad"\n'
                    'load_samples_when_empty = false\nplaces_file = "/etc/briefbot/places.yaml"\n')
    monkeypatch.setenv("BRIEFBOT_CONFIG", str(toml))
    s = load_settings()
    assert (s.database_url, s.timezone, s.load_samples_when_empty) == ("sqlite:///from-toml.sqlite3", "Asia/Baghdad", False)
    assert s.places_file == Path("/etc/briefbot/places.yaml")
    monkeypatch.setenv("BRIEFBOT_TIMEZONE", "Europe/Berlin")
    assert load_settings().timezone == "Europe/Berlin"


@pytest.mark.usefixtures("clean_env")
def test_the_shipped_config_file_loads(monkeypatch: pytest.MonkeyPatch) -> None:
    from bot.settings import load_settings

    s = load_settings(REPO / "config" / "briefbot.toml")
    assert (s.timezone, s.load_samples_when_empty, s.database_url) == ("UTC", True, None)
