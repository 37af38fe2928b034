"""Chat adapters as plugins: found through the entry-point group `briefbot.adapters`, never by module name.

bot/ never imports adapters/ (the one-way rule). Each installed distribution names its adapters in its
metadata, as briefbot does for its own in pyproject.toml:

    [project.entry-points."briefbot.adapters"]
    slack = "adapters.plugins.slack:ADAPTER"

The object named is an `Adapter`. A third-party package (Teams, Matrix, Telegram) registers its own the
same way; once it is installed, `briefbot run` serves it when it is configured and `briefbot <name> …` offers
its commands, with no edit to bot/. docs/architecture.md shows a complete one.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    import typer

    from bot.settings import Settings

log = logging.getLogger(__name__)

GROUP = "briefbot.adapters"
Serve = Callable[..., Awaitable[None]]  # serve(runtime, stop, **io): runs until `stop` is set


def _never(_settings: Settings) -> bool:
    return False


@dataclass(frozen=True)
class Adapter:
    """One chat platform as `briefbot run` and the CLI see it. Its name is the entry point's name.

    `serve(runtime, stop, **io)` answers until `stop` is set (the console: or until its input ends) and may
    register a Deliverer in `runtime.deliverers` for digests and alerts; import the platform's SDK inside it,
    so that discovering adapters stays cheap. `configured(settings)` says whether this deployment asks for the
    platform (its token is set). A `fallback` adapter (the console) is served when no other is configured.
    `cli()`, when given, returns the `briefbot <name> …` sub-commands (a typer.Typer)."""

    label: str
    serve: Serve
    configured: Callable[[Settings], bool] = _never
    fallback: bool = False
    cli: Callable[[], typer.Typer] | None = None


def discover(group: str = GROUP) -> dict[str, Adapter]:
    """The installed adapters by name, in name order. One that fails to load is logged and left out:
    a broken plugin must not stop the others (or `briefbot --help`)."""
    found: dict[str, Adapter] = {}
    for point in sorted(entry_points(group=group), key=lambda p: p.name):
        if point.name in found:
            log.warning("adapter %r is registered twice; keeping %s, ignoring %s", point.name,
                        found[point.name].label, point.value)
            continue
        try:
            adapter = point.load()
        except Exception as exc:
            log.warning("adapter %r (%s) could not be loaded: %s", point.name, point.value, exc)
            continue
        if not isinstance(adapter, Adapter):
            log.warning("adapter %r (%s) is a %s, not a bot.plugins.Adapter; ignored", point.name, point.value,
                        type(adapter).__name__)
            continue
        found[point.name] = adapter
    return found

