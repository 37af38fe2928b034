"""The `briefbot` command line (DESIGN.md §4). Thin: parse options, call the engine, render, set the exit code."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from bot.app import EngineFactory, database_label, open_engine, run as run_app, summary_line
from bot.cli.feeds import feeds_app
from bot.cli.ops import add_ops
from bot.cli.output import add_output_commands
from bot.cli.parts import (
    DbOption, Format, FormatOption, OnOption, ProgressBar, QueryArgument, SinceOption, fail as _fail, now as _now,
    on_option as _on, query_and_day as _query_and_day, settings_or_exit as _settings, since_option as _since,
)
from bot.plugins import discover
from bot.settings import Settings

if TYPE_CHECKING:
    from briefings.engine import Engine, IngestOutcome

DB_DRIVERS = ("psycopg", "psycopg2", "asyncpg", "pymysql", "MySQLdb")


def _emit(briefing: Any, fmt: Format, full: bool = False) -> None:
    from briefings.render import render

    more = f"briefbot incident {briefing.ref} --full" if getattr(briefing, "ref", None) else "--full"
    typer.echo(render(briefing, fmt.value, full=full, more=more), nl=False)


def make_app(engine_factory: EngineFactory = open_engine) -> typer.Typer:
    """The CLI, with the engine constructor injected (tests pass a fake one)."""
    adapters = discover()  # the installed chat adapters (bot/plugins.py): `run` serves them, some add commands
    app = typer.Typer(name="briefbot", no_args_is_help=True, add_completion=False, rich_markup_mode=None,
                      pretty_exceptions_show_locals=False, help=(
        "briefbot turns news reports into incident briefings: every casualty figure, weapon, blame and denial "
        "attributed to whoever made it, with the quote, and disagreements shown.\n\n"
        "Start with: briefbot run (a console chat on the bundled sample corpus), or briefbot ingest PATH."))
    add_ops(app, engine_factory)  # --version, `briefbot config`, `briefbot migrate`

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

    def answer(db: str | None, fmt: Format, call: Any, full: bool = False, why: bool = False) -> None:
        from briefings.errors import BriefingError, NoMatch

        from bot.commands import no_match_lines

        settings = _settings()
        with engine_for(db, settings) as engine:
            try:
                briefing = call(engine, settings)
            except NoMatch as exc:
                lines = [*no_match_lines(exc, engine), "List incidents with: briefbot incidents"]
                raise _fail("\n".join(lines)) from None
            except BriefingError as exc:
                raise _fail(str(exc)) from None
            _emit(briefing, fmt, full)
            if why and fmt != Format.json:  # JSON carries `why` per report already
                from briefings.why import why_only

                typer.echo("")
                _emit(why_only(briefing), fmt)

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
        from bot.startup import Interrupted, stop_between_items
        from briefings.heap import long_lived

        with engine_for(db, settings) as engine, stop_between_items() as check:
            bar = ProgressBar()

            def progress(outcome: IngestOutcome, done: int, total: int) -> None:
                bar(outcome, done, total)
                check()  # SIGTERM: stop after the reports already stored (issue 21)

            try:
                with long_lived():  # the loaded gazetteer out of the collector's passes (briefings/heap.py)
                    report = engine.ingest(inputs, progress=progress)
            except Interrupted as stopped:
                bar.close()
                raise _fail(f"Stopped by {stopped}: the reports read so far are stored, the rest are not. "
                            "Run the same command again to finish (stored reports count as duplicates).",
                            128 + stopped.signum) from None
            finally:
                bar.close()
        for outcome in report.outcomes:
            if outcome.status in ("rejected", "skipped"):
                typer.echo(f"{outcome.status} {outcome.source}: {outcome.reason or 'no reason given'}", err=True)
        typer.echo(summary_line(report))
        if not report.ok:
            raise typer.Exit(1)

    @app.command(short_help="Briefing of one incident: who says what.")
    def incident(query: QueryArgument, on: OnOption = None, fmt: FormatOption = Format.text, db: DbOption = None,
                 full: Annotated[bool, typer.Option("--full", help=(
                     "Also print the evidence: every quote (numbered as in the table), the figure history and "
                     "the sources."))] = False,
                 why: Annotated[bool, typer.Option("--why", help=(
                     "Also print why each report is in the incident (the evidence resolution found, or an "
                     "analyst's merge or split)."))] = False) -> None:
        """Briefing of one incident: a table of who says what, and where the sources disagree.

        One line per field (killed, wounded, weapon, perpetrator, target, distance, denials), each value with
        its holders and the numbers of its quotes; --full adds the quotes, history and sources. A trailing
        date picks between same-named incidents, as in chat. When several incidents match, the most recent is
        shown and the others are named. A clear misspelling answers the closest incident and says so. No
        match: exit code 1 and the closest names on stderr.

        Example: briefbot incident balad 2025-03-15 --full
        """
        def call(e: Any, s: Settings) -> Any:
            text, day = _query_and_day(query, on, s)
            return e.incident(text, on=day)

        answer(db, fmt, call, full, why=why)

    @app.command(short_help="List incidents, most recent first.")
    def incidents(
        action: Annotated[Optional[str], typer.Argument(metavar="[merge|split]", help=(
            "merge KEEP OTHER: OTHER becomes part of KEEP. split INCIDENT --report URL: that report leaves for an "
            "incident of its own. Both are recorded (who, when) and kept by later ingests."))] = None,
        names: Annotated[Optional[list[str]], typer.Argument(metavar="[SLUG...]", help="Incident slugs.")] = None,
        since: SinceOption = None, fmt: FormatOption = Format.text, db: DbOption = None,
        report: Annotated[Optional[str], typer.Option("--report", metavar="URL", help="split: the report's url.")] = None,
        by: Annotated[Optional[str], typer.Option("--by", metavar="NAME", help=(
            "merge/split: who is recorded (default: your login name)."))] = None,
    ) -> None:
        """List incidents by event date, most recent event first; or fix a grouping (merge, split).

        --since counts the events' own dates: --since 2024-04-01 lists incidents that happened on or after
        1 April 2024, whenever they were reported. For what arrived recently, use digest.

        Example: briefbot incidents --since 7d
        Example: briefbot incidents merge kalsu-2024-04-19 kalsu-undated
        Example: briefbot incidents split kalsu-2024-04-19 --report https://example.org/report
        """
        if action is not None:
            from bot.cli.manual import ACTIONS, USAGE, run_manual

            if action not in ACTIONS:
                raise _fail(f"Unknown action {action!r}: incidents lists, or merges and splits. Usage: {USAGE}", 2)
            run_manual(engine_for, _settings(), db, action, list(names or []), report, by, fmt)
            return
        answer(db, fmt, lambda e, s: e.incidents(**_since(since, s)))

    @app.command(short_help="Incidents whose sources disagree.")
    def disputes(since: SinceOption = None, fmt: FormatOption = Format.text, db: DbOption = None) -> None:
        """List incidents whose sources disagree (on tolls, weapons, blame, ...), by event date like incidents.

        Example: briefbot disputes --since 30d
        """
        answer(db, fmt, lambda e, s: e.disputes(**_since(since, s)))

    @app.command(short_help="What was reported recently.")
    def digest(since: SinceOption = None, fmt: FormatOption = Format.text, db: DbOption = None) -> None:
        """What was reported recently, by report time (default: the last 24 hours).

        --since counts when briefbot received the reports, not when the events happened; each incident shows
        its event dates. The output says which clock it used.

        Example: briefbot digest --since 24h --format markdown
        """
        answer(db, fmt, lambda e, s: e.digest(**_since(since, s)))

    @app.command(short_help="The reports behind an incident.")
    def sources(query: QueryArgument, on: OnOption = None, fmt: FormatOption = Format.text, db: DbOption = None) -> None:
        """The reports behind an incident: outlets, dates, links.

        Example: briefbot sources jurf
        """
        def call(e: Any, s: Settings) -> Any:
            text, day = _query_and_day(query, on, s)
            return e.sources(text, on=day)

        answer(db, fmt, call)

    @app.command(short_help="Start the bot (a console chat by default).")
    def run(db: DbOption = None, console: Annotated[bool, typer.Option(
            "--console/--no-console", help="Without Slack/Discord: chat in this terminal (default), or only run "
            "the scheduler and health endpoints until SIGTERM (containers, systemd).")] = True) -> None:
        """Start the bot: Slack/Discord when their tokens are set, otherwise a console chat in this terminal.

        An empty database is first filled with the bundled sample corpus (turn off with
        BRIEFBOT_LOAD_SAMPLES_WHEN_EMPTY=false). Type /help, /incident kalsu, or a question; /watch add Kharkiv
        oblast prints an alert as soon as a report about that area is ingested (also by briefbot ingest elsewhere).

        Example: briefbot run --db sqlite:///briefs.sqlite3
        """
        settings = _settings()
        if db:
            settings = settings.model_copy(update={"database_url": db})
        from bot.startup import StartupFailed

        try:
            code = run_app(settings, engine_factory=engine_factory, console=console, adapters=adapters)
        except StartupFailed as exc:
            raise _fail(str(exc), 1) from None
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
        texts: Annotated[Optional[str], typer.Option("--texts", metavar="PATH", help=(
            "Also measure ingest words/s beside spaCy's tokenizer on these real reports (a file, directory or "
            "glob): the synthetic texts have a tiny vocabulary that the tokenizer's cache makes unusually fast."))] = None,
        stage_sample: Annotated[int, typer.Option("--stage-sample", min=0, help=(
            "Fresh articles ingested once more, metered, for the per-stage CPU table (0: skip)."))] = 200,
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
                          workers=workers, texts=texts, stage_sample=stage_sample)

    # --- feeds (issue 5): `briefbot feeds add|list|remove` (bot/cli/feeds.py) ---
    app.add_typer(feeds_app(engine_for), name="feeds")
    add_output_commands(app, engine_for)  # export, chart (issue 20)

    # --- each installed adapter's own commands: `briefbot discord sync`, `briefbot slack manifest` (bot/plugins.py) ---
    for name, adapter in adapters.items():
        if adapter.cli is not None:
            app.add_typer(adapter.cli(), name=name)

    return app


app = make_app()


def main() -> None:
    from bot.logs import configure_logging
    from bot.settings import SettingsError, load_settings

    try:
        settings = load_settings()
    except SettingsError:  # the command itself reports invalid settings; log with the defaults meanwhile
        settings = None
    configure_logging(settings)
    app(prog_name="briefbot")


if __name__ == "__main__":
    main()
