"""`briefbot feeds add|list|remove`: the RSS/Atom feeds the running bot polls (bot/feeds/ does the work)."""
from __future__ import annotations

from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import TYPE_CHECKING, Annotated, Optional

import typer

from bot.cli.parts import DbOption, fail, now, settings_or_exit
from bot.settings import Settings
from bot.timeparse import BadArgument

if TYPE_CHECKING:
    from briefings.engine import Engine

EngineFor = Callable[[Optional[str], Settings], AbstractContextManager["Engine"]]


def feeds_app(engine_for: EngineFor) -> typer.Typer:
    """The `feeds` command group; `engine_for(db, settings)` opens the engine as the other commands do."""
    app = typer.Typer(name="feeds", no_args_is_help=True, help=(
        "RSS/Atom feeds the running bot polls (conditional GET, backoff, health alerts)."))

    @app.command("add", short_help="Poll a feed while the bot runs.")
    def feeds_add(url: Annotated[str, typer.Argument(metavar="URL", help="The feed's address.")],
                  every: Annotated[Optional[str], typer.Option("--every", metavar="INTERVAL", help=(
                      "How often: 15m, 1h, 2h (default: BRIEFBOT_FEED_INTERVAL, 15m)."))] = None,
                  db: DbOption = None) -> None:
        """Poll a feed while `briefbot run` runs; new articles go through the same ingest as files.

        Example: briefbot feeds add https://example.org/feed.xml --every 30m
        """
        from bot.feeds import add_feed, parse_every

        settings = settings_or_exit()
        try:
            interval = parse_every(every) if every else settings.feed_interval
        except BadArgument as exc:
            raise typer.BadParameter(str(exc), param_hint="--every") from None
        with engine_for(db, settings) as engine:
            try:
                view, created = add_feed(engine.sessions, url, interval, "cli", now(settings))
            except BadArgument as exc:
                raise fail(str(exc)) from None
        typer.echo(("Added " if created else "Already polled: ") + view.line())

    @app.command("list", short_help="The feeds and their health.")
    def feeds_list(db: DbOption = None) -> None:
        """The polled feeds: interval, health (ok, degraded, failing), last poll and last error.

        Example: briefbot feeds list
        """
        from bot.feeds import list_feeds

        with engine_for(db, settings_or_exit()) as engine:
            found = list_feeds(engine.sessions)
        typer.echo("\n".join(f.line() for f in found) if found else "No feeds. Add one: briefbot feeds add URL")

    @app.command("remove", short_help="Stop polling a feed.")
    def feeds_remove(which: Annotated[str, typer.Argument(metavar="URL|ID", help="The feed's URL or number.")],
                     db: DbOption = None) -> None:
        """Stop polling a feed (articles already ingested stay). Exit code 1 if no feed matches.

        Example: briefbot feeds remove 2
        """
        from bot.feeds import remove_feed

        with engine_for(db, settings_or_exit()) as engine:
            gone = remove_feed(engine.sessions, which)
        if gone is None:
            raise fail(f"No feed {which}; see briefbot feeds list.")
        typer.echo(f"Removed #{gone.id} {gone.url}")

    return app
