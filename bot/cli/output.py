"""`briefbot export` and `briefbot chart`: data and pictures out for analysts' tools (issue 20)."""
from __future__ import annotations

import sys
from datetime import timezone
from collections.abc import Callable
from contextlib import AbstractContextManager
from enum import Enum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from bot.cli.parts import DbOption, OnOption, QueryArgument, SinceOption, fail, now, settings_or_exit
from bot.settings import Settings
from bot.timeparse import BadArgument, parse_on, parse_since

if TYPE_CHECKING:
    from briefings.engine import Engine

EngineFor = Callable[[Optional[str], Settings], AbstractContextManager["Engine"]]
PROGRESS_FROM = 20_000  # rows: smaller exports finish before a bar would be drawn


class ExportFormat(str, Enum):
    csv = "csv"
    jsonl = "jsonl"
    geojson = "geojson"


def add_output_commands(app: typer.Typer, engine_for: EngineFor) -> None:
    """Register `export` and `chart` on the main CLI; `engine_for(db, settings)` opens the engine."""

    @app.command(short_help="Export claims (CSV, JSON Lines) or incidents (GeoJSON).")
    def export(fmt: Annotated[ExportFormat, typer.Option("--format", "-f", help="csv or jsonl: one row per claim; "
                                                          "geojson: one point per incident.")] = ExportFormat.csv,
               since: SinceOption = None,
               place: Annotated[Optional[str], typer.Option("--place", metavar="NAME", help=(
                   "Only incidents at this place, in this area or country (e.g. Babil, Iraq)."))] = None,
               output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help=(
                   "Write to this file (with a progress bar on a terminal) instead of standard output."))] = None,
               db: DbOption = None) -> None:
        """Export the data for a spreadsheet, pandas, QGIS or kepler.gl, streamed (constant memory).

        csv/jsonl columns: incident, place, area, country, latitude, longitude, field, value, qualifier, stance,
        holder, outlet, url, published, quote. CSV cells starting with = + - @ get a leading apostrophe so a
        spreadsheet never runs them. geojson: a FeatureCollection of incident points with status and figure ranges.

        Example: briefbot export --format geojson --since 30d --place Iraq -o incidents.geojson
        """
        from briefings.export import ExportFilter, count_claims, export as run_export

        settings = settings_or_exit()
        try:
            start = parse_since(since, now(settings)) if since else None
        except BadArgument as exc:
            raise typer.BadParameter(str(exc), param_hint="--since") from None
        if start is not None and not hasattr(start, "tzinfo"):  # a timedelta: that long before now
            start = now(settings) - start
        if start is not None:
            start = start.astimezone(timezone.utc)  # stored times are UTC
        flt = ExportFilter(since=start, place=place)
        with engine_for(db, settings) as engine:
            sessions, gaz = engine.sessions, engine.knowledge.places
            if output is None:
                written = run_export(sessions, gaz, fmt.value, sys.stdout, flt)
            else:
                try:
                    handle = output.open("w", encoding="utf-8", newline="")
                except OSError as exc:
                    raise fail(f"Cannot write {output}: {exc.strerror or exc}") from None
                with handle, _bar(fmt.value, lambda: count_claims(sessions, gaz, flt)) as progress:
                    written = run_export(sessions, gaz, fmt.value, handle, flt, progress)
        what = "incident point(s)" if fmt is ExportFormat.geojson else "claim row(s)"
        typer.echo(f"{written} {what} written" + (f" to {output}" if output else ""), err=True)

    @app.command(short_help="Chart of each source's killed/wounded figures (PNG).")
    def chart(query: QueryArgument, on: OnOption = None,
              output: Annotated[Optional[Path], typer.Option("--output", "-o", metavar="FILE", help=(
                  "Where to write the PNG (default: SLUG-figures.png in the current folder)."))] = None,
              db: DbOption = None) -> None:
        """Draw the incident's casualty figures: one marker per claim, coloured by who holds it; the band from
        the lowest to the highest figure; each source's latest figure filled. Prints the file's path and the
        chart's description (alt text).

        Example: briefbot chart kalsu -o kalsu.png
        """
        from briefings.chart import incident_chart
        from briefings.errors import BriefingError

        settings = settings_or_exit()
        day = parse_on(on, now(settings).date()) if on else None
        if on and day is None:
            raise typer.BadParameter(f"{on!r} is not a date; try 2019-12-29 or yesterday.", param_hint="--on")
        with engine_for(db, settings) as engine:
            try:
                drawn = incident_chart(engine.incident(" ".join(query), on=day).data)
            except BriefingError as exc:
                raise fail(str(exc)) from None
        path = output or Path(drawn.filename)
        try:
            path.write_bytes(drawn.png)
        except OSError as exc:
            raise fail(f"Cannot write {path}: {exc.strerror or exc}") from None
        typer.echo(str(path))
        typer.echo(drawn.alt_text, err=True)


class _bar:
    """A rich progress bar on stderr for big exports written to a file (a terminal only)."""

    def __init__(self, fmt: str, total: Callable[[], int]) -> None:
        from rich.console import Console

        self.console = Console(stderr=True)
        self.fmt = fmt
        self.total = total
        self.progress: Any = None
        self.task: Any = None

    def __enter__(self) -> Callable[[int], None] | None:
        if not self.console.is_terminal or self.fmt == "geojson":
            return None
        total = self.total()
        if total < PROGRESS_FROM:
            return None
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeRemainingColumn

        self.progress = Progress(TextColumn("Exporting"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                                 console=self.console, transient=True)
        self.progress.start()
        self.task = self.progress.add_task("export", total=total)
        return lambda done: self.progress.update(self.task, completed=done)

    def __exit__(self, *exc: object) -> None:
        if self.progress is not None:
            self.progress.stop()
