"""The `briefbot` command line (DESIGN.md §4). Thin: parse options, call the engine, render, set the exit code."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from bot.app import EngineFactory, database_label, open_engine, run as run_app, summary_line
from bot.clifeeds import feeds_app
from bot.cliparts import (
    DbOption, Format, FormatOption, OnOption, QueryArgument, SinceOption, fail as _fail, now as _now,
    settings_or_exit as _settings,
)
from bot.settings import Settings
from bot.timeparse import BadArgument, parse_on, parse_since

if TYPE_CHECKING:
    from briefings.engine import Engine, IngestOutcome

DB_DRIVERS = ("psycopg", "psycopg2", "asyncpg", "pymysql", "MySQLdb")
FEW_INPUTS = 3  # more inputs than this get a progress bar (on a terminal)


def _since(text: str | None, settings: Settings) -> dict[str, Any]:
    if text is None:
        return {}
    try:
        since = parse_since(text, _now(settings))
    except BadArgument as exc:
        raise typer.BadParameter(str(exc), param_hint="--since") from None
    return {} if since is None else {"since": since}


def _on(text: str | None, settings: Settings) -> Any:
    if text is None:
        return None
    span = parse_on(text, _now(settings).date())
    if span is None:
        raise typer.BadParameter(f"{text!r} is not a date; try 2019-12-29, 29 December 2019, 2019-12 or yesterday.",
                                 param_hint="--on")
    return span


def _emit(briefing: Any, fmt: Format) -> None:
    from briefings.render import render

    typer.echo(render(briefing, fmt.value), nl=False)


class _Bar:
    """A progress bar on stderr, shown only on a terminal and only for more than a few inputs."""

    def __init__(self) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.progress: Any = None
        self.task: Any = None

    def __call__(self, outcome: IngestOutcome, done: int, total: int) -> None:
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


def make_app(engine_factory: EngineFactory = open_engine) -> typer.Typer:
    """The CLI, with the engine constructor injected (tests pass a fake one)."""
    app = typer.Typer(name="briefbot", no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                      pretty_exceptions_show_locals=False, help=(
        "briefbot turns news reports into incident briefings: every casualty figure, weapon, blame and denial "
        "attributed to whoever made it, with the quote, and disagreements shown.\n\n"
        "Start with: briefbot run (a console chat on the bundled sample corpus), or briefbot ingest PATH."))

    @contextmanager
    def engine_for(db: str | None, settings: Settings) -> Iterator[Engine]:
        if db:
            settings = settings.model_copy(update={"database_url": db})
        url = settings.database_url
        try:
            engine = engine_factory(settings)
        except ModuleNotFoundError as exc:
            if exc.name and exc.name.split(".")[0] in DB_DRIVERS:
                raise _fail(f"Cannot open {database_label(url)}: the database driver {exc.name} is not installed. "
                            "For PostgreSQL: pip install 'briefbot[postgres]'.", 2) from None
            raise
        except Exception as exc:
            raise _fail(f"Cannot open the database {url or '(default)'}: {exc}\n"
                        "Check --db or BRIEFBOT_DATABASE_URL (e.g. postgresql+psycopg://user:pass@host/briefbot).", 2) from None
        try:
            yield engine
        finally:
            engine.close()

    def answer(db: str | None, fmt: Format, call: Any) -> None:
        from briefings.errors import BriefingError, NoMatch

        from bot.commands import closest_matches

        settings = _settings()
        with engine_for(db, settings) as engine:
            try:
                briefing = call(engine, settings)
            except NoMatch as exc:
                lines = [f"No incident matches '{exc.query}'."]
                if suggestions := closest_matches(exc, engine):
                    lines.append(f"Closest matches: {', '.join(suggestions)}.")
                lines.append("List incidents with: briefbot incidents")
                raise _fail("\n".join(lines)) from None
            except BriefingError as exc:
                raise _fail(str(exc)) from None
            _emit(briefing, fmt)

    @app.command(short_help="Read news reports into the database.")
    def ingest(
        inputs: Annotated[list[str], typer.Argument(metavar="PATH|URL...", help="Files, folders, feeds or URLs.")],
        db: DbOption = None,
        workers: Annotated[Optional[int], typer.Option("--workers", min=1, max=64, help=(
            "Extract in this many worker processes while this one writes (default: BRIEFBOT_INGEST_WORKERS or 1). "
            "Worth it for thousands of articles on a machine with spare cores."))] = None,
    ) -> None:
        """Read news reports into the database.

        Accepts .txt (optional header block of key: value lines ended by ---), .md with front matter, .html,
        .json/.jsonl, RSS/Atom feeds and URLs. Duplicates and wire copies are recognised. Exit code 1 if any
        input was rejected.

        Example: briefbot ingest reports/*.txt https://example.org/feed.xml
        """
        settings = _settings()
        if workers is not None:
            settings = settings.model_copy(update={"ingest_workers": workers})
        with engine_for(db, settings) as engine:
            bar = _Bar()
            try:
                report = engine.ingest(inputs, progress=bar)
            finally:
                bar.close()
        for outcome in report.outcomes:
            if outcome.status in ("rejected", "skipped"):
                typer.echo(f"{outcome.status} {outcome.source}: {outcome.reason or 'no reason given'}", err=True)
        typer.echo(summary_line(report))
        if not report.ok:
            raise typer.Exit(1)

    @app.command(short_help="Briefing of one incident: who says what.")
    def incident(query: QueryArgument, on: OnOption = None, fmt: FormatOption = Format.text, db: DbOption = None) -> None:
        """Briefing of one incident: who says what, and where the sources disagree.

        When several incidents match, the most recent is shown and the others are listed. No match: exit
        code 1 and the closest names on stderr.

        Example: briefbot incident kalsu --format markdown
        """
        answer(db, fmt, lambda e, s: e.incident(" ".join(query), on=_on(on, s)))

    @app.command(short_help="List incidents, most recent first.")
    def incidents(since: SinceOption = None, fmt: FormatOption = Format.text, db: DbOption = None) -> None:
        """List incidents, most recent first.

        Example: briefbot incidents --since 7d
        """
        answer(db, fmt, lambda e, s: e.incidents(**_since(since, s)))

    @app.command(short_help="Incidents whose sources disagree.")
    def disputes(since: SinceOption = None, fmt: FormatOption = Format.text, db: DbOption = None) -> None:
        """List incidents whose sources disagree (on tolls, weapons, blame, ...).

        Example: briefbot disputes --since 30d
        """
        answer(db, fmt, lambda e, s: e.disputes(**_since(since, s)))

    @app.command(short_help="What was reported recently.")
    def digest(since: SinceOption = None, fmt: FormatOption = Format.text, db: DbOption = None) -> None:
        """What was reported recently (default: the last 24 hours).

        Example: briefbot digest --since 24h --format markdown
        """
        answer(db, fmt, lambda e, s: e.digest(**_since(since, s)))

    @app.command(short_help="The reports behind an incident.")
    def sources(query: QueryArgument, on: OnOption = None, fmt: FormatOption = Format.text, db: DbOption = None) -> None:
        """The reports behind an incident: outlets, dates, links.

        Example: briefbot sources jurf
        """
        answer(db, fmt, lambda e, s: e.sources(" ".join(query), on=_on(on, s)))

    @app.command(short_help="Start the bot (a console chat by default).")
    def run(db: DbOption = None) -> None:
        """Start the bot: Slack/Discord when their tokens are set, otherwise a console chat in this terminal.

        An empty database is first filled with the bundled sample corpus (turn off with
        BRIEFBOT_LOAD_SAMPLES_WHEN_EMPTY=false). Type /help, /incident kalsu, or a question.

        Example: briefbot run --db sqlite:///briefs.sqlite3
        """
        settings = _settings()
        if db:
            settings = settings.model_copy(update={"database_url": db})
        try:
            code = run_app(settings, engine_factory=engine_factory)
        except Exception as exc:
            raise _fail(f"briefbot run stopped: {exc}\nCheck --db / BRIEFBOT_DATABASE_URL and the settings "
                        "(BRIEFBOT_CONFIG).", 1) from exc
        raise typer.Exit(code)

    @app.command(short_help="Benchmark ingest and /incident speed.")
    def bench(
        articles: Annotated[int, typer.Option("--articles", min=1, help="Synthetic articles to ingest.")] = 1000,
        db: DbOption = None,
        json_path: Annotated[Optional[Path], typer.Option("--json", metavar="PATH", help="Also write results as JSON.")] = None,
        grow_to: Annotated[Optional[int], typer.Option("--grow-to", min=1, metavar="N", help=(
            "Then grow the database to N articles by copies of what was ingested (moved back in time), ingesting "
            "fresh articles and timing /incident at 10k, 100k, 1M (up to N)."))] = None,
        sample: Annotated[int, typer.Option("--sample", min=10, help="Fresh articles ingested at each --grow-to checkpoint.")] = 2000,
        workers: Annotated[int, typer.Option("--workers", min=1, max=64, help="Extraction worker processes (1: inline, one core).")] = 1,
        subscriptions: Annotated[int, typer.Option("--subscriptions", min=0, help="Digests composed for the digest timing.")] = 1000,
        queries: Annotated[int, typer.Option("--queries", min=1, help="/incident queries timed at each size.")] = 500,
        bot_process: Annotated[bool, typer.Option("--bot-process/--no-bot-process", help=(
            "Start a real `briefbot run` on the result and read its peak memory."))] = True,
    ) -> None:
        """Measure ingest throughput, /incident latency, digest composition and bot memory on synthetic news.

        Use a scratch database: the benchmark writes to it. --grow-to reaches 1M articles in minutes by copying
        what was ingested (docs/benchmarks.md explains what that measures).

        Example: briefbot bench --articles 10000 --grow-to 1000000 --json bench.json
        """
        try:
            from briefings import bench as bench_module
        except ImportError as exc:
            raise _fail(f"The benchmark is not available in this installation ({exc}).") from None
        bench_module.main(articles, db, str(json_path) if json_path else None, queries=queries,
                          subscriptions=subscriptions, bot_process=bot_process, grow_to=grow_to, sample=sample,
                          workers=workers)

    # --- Discord: `briefbot discord sync` (adapters.discord.sync, found by name: bot/ never imports adapters/) ---
    discord_app = typer.Typer(name="discord", no_args_is_help=True, help="Discord: register the slash commands.")

    @discord_app.command("sync", short_help="Register the slash commands with Discord.")
    def discord_sync(
        guild: Annotated[Optional[int], typer.Option("--guild", metavar="ID", help=(
            "Register in this server only (at once) instead of globally."))] = None,
    ) -> None:
        """Register (bulk-overwrite) the bot's slash commands with Discord, with DISCORD_TOKEN.

        Run it once after installing or upgrading, not on every start. Example: briefbot discord sync --guild 123456789012345678
        """
        import importlib

        from bot.commands import default_registry

        try:
            module = importlib.import_module("adapters.discord.sync")
        except ModuleNotFoundError as exc:
            raise _fail(f"The Discord adapter is not installed in this version ({exc}).") from None
        raise typer.Exit(module.run_sync(_settings(), default_registry(), guild, typer.echo))

    app.add_typer(discord_app, name="discord")
    # --- end Discord ---

    # --- feeds (issue 5): `briefbot feeds add|list|remove` (bot/clifeeds.py) ---
    app.add_typer(feeds_app(engine_for), name="feeds")

    # --- Slack: `briefbot slack manifest` (adapters.slack.manifest, found by name: bot/ never imports adapters/) ---
    slack_app = typer.Typer(name="slack", no_args_is_help=True, help="Slack: the app manifest for these commands.")

    @slack_app.command("manifest", short_help="Print the Slack app manifest (YAML).")
    def slack_manifest(
        url: Annotated[Optional[str], typer.Option("--url", metavar="URL", help=(
            "HTTP mode: the public Request URL, e.g. https://bot.example.org/slack/events. "
            "Default: Socket Mode (no public endpoint)."))] = None,
    ) -> None:
        """Print the Slack app manifest for this version's commands, scopes and events.

        Paste it at api.slack.com/apps → Create New App → From a manifest. config/slack-manifest.yml is this
        output. Example: briefbot slack manifest > config/slack-manifest.yml
        """
        import importlib

        from bot.commands import default_registry

        try:
            module = importlib.import_module("adapters.slack.manifest")
        except ModuleNotFoundError as exc:
            raise _fail(f"The Slack adapter is not installed in this version ({exc}).") from None
        typer.echo(module.manifest_yaml(default_registry(), request_url=url), nl=False)

    app.add_typer(slack_app, name="slack")
    # --- end Slack ---

    return app


app = make_app()


def main() -> None:
    import logging

    logging.basicConfig(level=logging.WARNING, format="%(levelname)s %(name)s: %(message)s")
    app(prog_name="briefbot")


if __name__ == "__main__":
    main()
