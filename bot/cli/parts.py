"""What every `briefbot` command shares: option types, settings loading, the error exit, the local clock."""
from __future__ import annotations

from datetime import datetime
from enum import Enum
from typing import Annotated, Any, Optional

import typer

from bot.settings import Settings, SettingsError, load_settings
from bot.timeparse import BadArgument, parse_on, parse_since

FEW_INPUTS = 3  # more inputs than this get a progress bar (on a terminal)


class Format(str, Enum):
    text = "text"
    markdown = "markdown"
    json = "json"


DbOption = Annotated[Optional[str], typer.Option(
    "--db", metavar="URL", help="Database URL (overrides BRIEFBOT_DATABASE_URL), e.g. sqlite:///briefs.sqlite3 "
    "or postgresql+psycopg://user:pass@host/briefbot. Default: an embedded SQLite file.")]
FormatOption = Annotated[Format, typer.Option("--format", "-f", help="Output format.")]
SinceOption = Annotated[Optional[str], typer.Option(
    "--since", metavar="WHEN", help="How far back: 24h, 7d, 2w, yesterday, this week or a date (2024-04-19).")]
OnOption = Annotated[Optional[str], typer.Option(
    "--on", metavar="DATE", help="Day of the incident, to pick between same-named ones: 2019-12-29, yesterday, friday.")]
QueryArgument = Annotated[list[str], typer.Argument(metavar="QUERY", help="Incident name, place or slug, e.g. kalsu.")]


def fail(message: str, code: int = 1) -> typer.Exit:
    typer.echo(message, err=True)
    return typer.Exit(code)


def settings_or_exit() -> Settings:
    try:
        return load_settings()
    except SettingsError as exc:
        raise fail(str(exc), 2) from None


def now(settings: Settings) -> datetime:
    return datetime.now(settings.tz)


class ProgressBar:
    """A progress bar on stderr, shown only on a terminal and only for more than a few inputs."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.progress: Any = None
        self.task: Any = None

    def __call__(self, outcome: Any, done: int, total: int) -> None:
        if self.progress is None and total > FEW_INPUTS and self.console.is_terminal:
            from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

            self.progress = Progress(TextColumn("Ingesting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                     console=self.console, transient=True)
            self.progress.start()
            self.task = self.progress.add_task("ingest", total=total)
        if self.progress is not None:
            self.progress.update(self.task, completed=done, total=total)

    def close(self) -> None:
        if self.progress is not None:
            self.progress.stop()


def since_option(text: str | None, settings: Settings) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        since = parse_since(text, now(settings))
    except BadArgument as exc:
        raise typer.BadParameter(str(exc), param_hint="--since") from None
    return {} if since is None else {"since": since}


def on_option(text: str | None, settings: Settings) -> Any:
    if text is None:
        return None
    span = parse_on(text, now(settings).date())
    if span is None:
        raise typer.BadParameter(f"{text!r} is not a date; try 2019-12-29, 29 December 2019, 2019-12 or yesterday.",
                                 param_hint="--on")
    return span


def query_and_day(words: list[str], on: str | None, settings: Settings) -> tuple[str, Any]:
    """The chat form too: `incident balad 2025-03-15` is `incident balad --on 2025-03-15`."""
    from bot.commands import split_trailing_date

    query, day = split_trailing_date(" ".join(words), now(settings))
    if day and on:
        raise typer.BadParameter(f"two dates given: {day!r} and --on {on!r}; keep one.", param_hint="--on")
    return query, on_option(on or day or None, settings)
