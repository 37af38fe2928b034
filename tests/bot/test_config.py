"""Configuration as an operator meets it: .env read, unknown keys refused by name, `briefbot config`, logs."""
from __future__ import annotations

import io
import json
import logging
import os
import shutil
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import make_app
from bot.logs import configure_logging
from bot.settings import SettingsError, load_settings

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def workdir(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> Path:
    """A clean environment in an empty folder (where a .env would be looked for)."""
    for name in list(os.environ):
        if name.startswith(("BRIEFBOT_", "SLACK_", "DISCORD_")) and name != "BRIEFBOT_CACHE_DIR":  # the index built once
            monkeypatch.delenv(name)
    monkeypatch.chdir(tmp_path)
    return tmp_path


def test_dot_env_in_the_working_folder_is_read_and_the_environment_wins(workdir: Path,
                                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / ".env").write_text("# copied from config/example.env\nBRIEFBOT_TIMEZONE=Asia/Baghdad\n"
                                  "export SLACK_BOT_TOKEN='xoxb-from-dotenv'\nPOSTGRES_PASSWORD=for-compose-only\n")
    s = load_settings()
    assert s.timezone == "Asia/Baghdad" and s.slack_bot_token.get_secret_value() == "xoxb-from-dotenv"  # type: ignore[union-attr]
    monkeypatch.setenv("BRIEFBOT_TIMEZONE", "Europe/Berlin")
    assert load_settings().timezone == "Europe/Berlin"


def test_dot_env_beats_the_toml_file_and_may_name_it(workdir: Path) -> None:
    (workdir / "bot.toml").write_text('timezone = "UTC"\nlog_level = "info"\ncommand_prefix = "bb-"\n')
    (workdir / ".env").write_text("BRIEFBOT_CONFIG=bot.toml\nBRIEFBOT_TIMEZONE=Africa/Lagos\n")
    s = load_settings()
    assert (s.timezone, s.log_level, s.command_prefix) == ("Africa/Lagos", "INFO", "bb-")


def test_a_misspelled_toml_key_is_an_error_that_names_it_and_the_closest_key(workdir: Path) -> None:
    (workdir / "bot.toml").write_text('timezone = "UTC"\ndatabse_url = "sqlite:///x.sqlite3"\n')
    with pytest.raises(SettingsError) as error:
        load_settings(workdir / "bot.toml")
    message = str(error.value)
    assert "databse_url" in message and "did you mean 'database_url'" in message and "bot.toml" in message


def test_an_unknown_briefbot_name_in_dot_env_is_refused_too(workdir: Path) -> None:
    (workdir / ".env").write_text("BRIEFBOT_LOGLEVEL=debug\n")
    with pytest.raises(SettingsError, match="BRIEFBOT_LOGLEVEL.*did you mean 'BRIEFBOT_LOG_LEVEL'"):
        load_settings()


def test_a_missing_env_file_named_by_briefbot_env_file_is_an_error(workdir: Path,
                                                                 monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFBOT_ENV_FILE", str(workdir / "nope.env"))
    with pytest.raises(SettingsError, match="nope.env"):
        load_settings()


def test_the_shipped_example_files_are_valid_settings(workdir: Path) -> None:
    shutil.copy(REPO / "config" / "example.env", workdir / ".env")
    s = load_settings(REPO / "config" / "briefbot.toml")
    assert s.timezone == "UTC" and s.feed_timeout == 20.0


def test_bad_values_are_refused_with_what_is_allowed(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFBOT_LOG_LEVEL", "chatty")
    with pytest.raises(SettingsError, match="DEBUG, INFO, WARNING"):
        load_settings()
    monkeypatch.setenv("BRIEFBOT_LOG_LEVEL", "info")
    monkeypatch.setenv("BRIEFBOT_COMMAND_PREFIX", "BB incident")
    with pytest.raises(SettingsError, match="command_prefix"):
        load_settings()


def test_briefbot_config_shows_values_their_sources_and_masks_secrets(workdir: Path,
                                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    (workdir / "bot.toml").write_text('feed_timeout = 7.5\n')
    (workdir / ".env").write_text("BRIEFBOT_CONFIG=bot.toml\nDISCORD_TOKEN=discord-secret-value\n")
    monkeypatch.setenv("BRIEFBOT_DATABASE_URL", "postgresql+psycopg://briefbot:hunter2@db/briefbot")
    result = CliRunner().invoke(make_app(), ["config"])
    assert result.exit_code == 0, result.output
    lines = {line.split()[0]: line for line in result.stdout.splitlines()}
    assert "[environment BRIEFBOT_DATABASE_URL]" in lines["database_url"] and "hunter2" not in result.stdout
    assert "[.env DISCORD_TOKEN]" in lines["discord_token"] and "discord-secret-value" not in result.stdout
    assert "7.5" in lines["feed_timeout"] and "[bot.toml]" in lines["feed_timeout"]
    assert "[default]" in lines["timezone"]


def test_briefbot_config_exits_2_on_invalid_settings(workdir: Path) -> None:
    (workdir / ".env").write_text("BRIEFBOT_TIMEZON=UTC\n")
    result = CliRunner().invoke(make_app(), ["config"])
    assert result.exit_code == 2 and "did you mean 'BRIEFBOT_TIMEZONE'" in result.stderr


def test_version() -> None:
    result = CliRunner().invoke(make_app(), ["--version"])
    assert result.exit_code == 0 and result.stdout.startswith("briefbot ") and result.stdout.strip() != "briefbot"


def test_json_logs_carry_context_fields_and_never_a_secret(workdir: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", "xoxb-111-222-configuredsecret")
    monkeypatch.setenv("BRIEFBOT_LOG_FORMAT", "json")
    monkeypatch.setenv("BRIEFBOT_LOG_LEVEL", "info")
    monkeypatch.setenv("BRIEFBOT_DATABASE_URL", "postgresql+psycopg://briefbot:pg-password@db/briefbot")
    stream = io.StringIO()
    root = logging.getLogger()
    level = root.level
    handler = configure_logging(load_settings(), stream)
    try:
        log = logging.getLogger("briefbot.test")
        log.info("answered with token %s", "xoxb-111-222-configuredsecret", extra={"command": "incident",
                                                                                    "channel": "C1"})
        log.debug("not at INFO")
        try:
            raise RuntimeError("connect to postgresql+psycopg://briefbot:pg-password@db/briefbot failed")
        except RuntimeError:
            log.exception("feed poll failed", extra={"feed": "https://example.org/rss"})
    finally:
        root.removeHandler(handler)
        root.setLevel(level)
    lines = [json.loads(line) for line in stream.getvalue().splitlines()]
    assert [entry["level"] for entry in lines] == ["INFO", "ERROR"]
    assert lines[0]["command"] == "incident" and lines[0]["channel"] == "C1" and lines[1]["feed"].endswith("/rss")
    assert "RuntimeError" in lines[1]["error"]
    text = stream.getvalue()
    assert "configuredsecret" not in text and "pg-password" not in text
