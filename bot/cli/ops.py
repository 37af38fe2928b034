"""Operator options of the `briefbot` CLI: `--version` and `briefbot config` (the effective settings, and where
each value came from, secrets masked), so that a deployment can check what it actually read."""
from __future__ import annotations

import sys
from importlib import metadata
from typing import Annotated, Any, Optional

import typer
from pydantic import SecretStr

from bot.cli.parts import DbOption, settings_or_exit
from bot.settings import Settings, SettingsError, load_with_origins


def version() -> str:
    try:
        return metadata.version("briefbot")
    except metadata.PackageNotFoundError:  # running from a source tree that was never installed
        return "unknown (not installed)"


def _version_option(value: bool) -> None:
    if value:
        typer.echo(f"briefbot {version()}")
        raise typer.Exit(0)


VersionOption = Annotated[Optional[bool], typer.Option(
    "--version", callback=_version_option, is_eager=True, help="Print the version and exit.")]


def shown(name: str, value: Any) -> str:
    """A setting's value for people: secrets masked, the database password hidden."""
    if value is None:
        return "(not set)"
    if isinstance(value, SecretStr):
        return "******** (set)" if value.get_secret_value() else "(empty)"
    if name == "database_url":
        from bot.app import database_label

        return database_label(str(value))
    if hasattr(value, "total_seconds"):
        return f"{value.total_seconds():g}s"
    return str(value)


def config_lines(settings: Settings, origins: dict[str, str]) -> list[str]:
    rows = [(name, shown(name, getattr(settings, name)), origins.get(name, "default"))
            for name in type(settings).model_fields]
    width = max(len(name) for name, _, _ in rows)
    value_width = min(48, max(len(value) for _, value, _ in rows))
    return [f"{name.ljust(width)}  {value.ljust(value_width)}  [{where}]" for name, value, where in rows]


def add_ops(app: typer.Typer, engine_factory: Any) -> None:
    """Register `--version` (on the top-level callback) and the `config` and `migrate` commands."""

    @app.callback()
    def _top(version_flag: VersionOption = None) -> None:
        """briefbot: news reports → incident briefings."""

    @app.command("config", short_help="Show the effective settings and where each came from.")
    def config() -> None:
        """Print every setting's effective value (secrets masked) and its source: command line, environment,
        the .env file, the TOML file (BRIEFBOT_CONFIG) or the default. Exit code 2 if the settings are invalid.

        Example: BRIEFBOT_CONFIG=config/briefbot.toml briefbot config
        """
        try:
            settings, origins = load_with_origins()
        except SettingsError as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(2) from None
        for line in config_lines(settings, origins):
            typer.echo(line)

    @app.command("migrate", short_help="Create or upgrade the database schema, then exit.")
    def migrate(db: DbOption = None) -> None:
        """Bring the database schema up to this version (every command does it on open; this does only that, so
        that a deployment runs it once before starting several replicas). Retries an unreachable database.

        Example: briefbot migrate --db postgresql+psycopg://briefbot:secret@db/briefbot
        """
        from bot.app import database_label
        from bot.startup import StartupFailed, with_retries

        settings = settings_or_exit()
        if db:
            settings = settings.model_copy(update={"database_url": db})
        where = database_label(settings.database_target)
        try:
            engine = with_retries(f"Opening {where}", lambda: engine_factory(settings), settings.startup_retries,
                                  settings.startup_backoff, sys.stdout)
        except StartupFailed as exc:
            typer.echo(str(exc), err=True)
            raise typer.Exit(1) from None
        engine.close()
        typer.echo(f"The schema of {where} is up to date.")
