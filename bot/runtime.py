"""The Runtime every adapter and service is handed: the engine, the commands, the settings, the deliverers.

Apart from bot/app.py (which starts adapters and services) so that services such as the scheduler and the
health endpoints can name it without importing the module that starts them.
"""
from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from typing import TYPE_CHECKING

from bot.commands import Caller, Registry, Reply, default_registry, dispatch
from bot.dm.ask import Questions
from bot.dm.route import parse_dm
from bot.scheduling.delivery import Deliverer
from bot.settings import Settings
from bot.telemetry import Telemetry

if TYPE_CHECKING:
    from briefings.engine import Engine

log = logging.getLogger(__name__)

EngineFactory = Callable[[Settings], "Engine"]


def registry_for(settings: Settings) -> Registry:
    """The commands this deployment offers: the default set, named with the configured prefix."""
    return default_registry().with_prefix(settings.command_prefix)


def open_engine(settings: Settings) -> Engine:
    """The real engine for these settings (database, user gazetteer and actor files)."""
    from briefings.engine import Engine  # imported on use: `briefbot --help` stays fast

    return Engine(settings.database_target,
                  places_files=tuple(p for p in (settings.places_file,) if p),
                  actors_files=tuple(p for p in (settings.actors_file,) if p), workers=settings.ingest_workers)


@dataclass(frozen=True)
class Runtime:
    """What an adapter needs: the engine, the commands, the settings. Adapters hold no other state."""

    engine: Engine
    registry: Registry
    settings: Settings
    deliverers: dict[str, Deliverer] = field(default_factory=dict, compare=False)
    questions: Questions = field(default_factory=Questions, compare=False)  # free text, with each conversation's topic
    telemetry: Telemetry = field(default_factory=Telemetry, compare=False)  # metrics and health (issue 21)

    def now(self) -> datetime:
        return datetime.now(self.settings.tz)

    def answer(self, message: str, user: str | None = None, channel: str | None = None,
               caller: Caller | None = None) -> Reply | None:
        """A `/command args` line or free text (a question: bot/dm/ask.py) → the reply; None for a blank message."""
        caller = caller or Caller(user=user, channel=channel)
        return self.questions.answer(message, self.engine, self.registry, now=self.now(), caller=caller)

    async def ask(self, message: str, caller: Caller | None = None) -> Reply | None:
        """`answer` in a worker thread: for adapters running on the event loop."""
        started = time.perf_counter()
        reply = await asyncio.to_thread(self.answer, message, None, None, caller)
        if reply is not None:
            command = parse_dm(message)
            self._took(command.name if command else "ask", caller, time.perf_counter() - started, reply)
        return reply

    async def choose(self, args: str, caller: Caller | None = None) -> Reply:
        """A button of an ask-back pressed (bot/dm/choose.py): the question answered for that incident."""
        caller = caller or Caller()
        started = time.perf_counter()
        reply = await asyncio.to_thread(self.questions.choose, args, self.engine, caller=caller)
        self._took("incident", caller, time.perf_counter() - started, reply)
        return reply

    async def command(self, name: str, args: str, caller: Caller | None = None) -> Reply:
        """A slash command in a worker thread (dispatch never raises)."""
        started = time.perf_counter()
        reply = await asyncio.to_thread(
            dispatch, self.registry, self.engine, name, args, now=self.now(), caller=caller
        )
        self._took(name, caller, time.perf_counter() - started, reply)
        return reply

    def _took(self, name: str, caller: Caller | None, seconds: float, reply: Reply) -> None:
        spec = self.registry.get(name)
        command = self.registry.base_name(spec.name) if spec else "unknown"  # bounded label values
        platform = caller.platform if caller else "console"
        self.telemetry.command_took(command, platform, seconds)
        incident = (reply.briefing.data.get("incident") or {}) if reply.briefing is not None else {}
        log.info("/%s answered in %.0f ms", command, seconds * 1000, extra={
            "command": command, "platform": platform, "channel": caller.channel if caller else None,
            "incident": incident.get("slug") if isinstance(incident, dict) else None,
            "took_ms": round(seconds * 1000, 1)})

    def database_label(self) -> str:
        return database_label(self.settings.database_url)

    def incident_count(self) -> int | None:
        """Incidents in the database, counted from the engine's incident list (None if it cannot say)."""
        try:
            listing = self.engine.incidents()
        except Exception:
            log.exception("could not count incidents")
            return None
        return sum(len(s.items) for s in listing.sections if s.kind == "incidents")


def database_label(url: str | None) -> str:
    """Where the data lives, for people: the SQLite path or the server URL without its password."""
    from briefings.db.session import default_url
    from sqlalchemy.engine import make_url

    url = url or default_url()
    try:
        parsed = make_url(url)
    except Exception:
        return url
    if parsed.get_backend_name() == "sqlite":
        return f"SQLite file {parsed.database}" if parsed.database not in (None, "", ":memory:") else "in-memory SQLite"
    return parsed.render_as_string(hide_password=True)
