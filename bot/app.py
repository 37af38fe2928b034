"""`briefbot run`: open the engine, load the sample corpus into an empty database, serve the adapters.

bot/ never imports adapters/ (the one-way rule): adapters are found by module name at run time. Each
exposes `async def serve(runtime, stop, **io) -> None`, runs until `stop` is set (or, for the console,
until its input ends), and may register a Deliverer in `runtime.deliverers` for scheduled digests. All
adapters and services share one event loop; every engine call runs in a worker thread so that acks,
heartbeats and autocomplete are never blocked by the database.
"""
from __future__ import annotations

import asyncio
import importlib
import importlib.util
import logging
import signal
import sys
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.commands import Caller, Registry, Reply, default_registry, dispatch
from bot.delivery import Deliverer
from bot.dm.ask import Questions
from bot.dm.route import parse_dm
from bot.settings import Settings
from bot.startup import StartupFailed, supervise, with_retries
from bot.telemetry import Telemetry

if TYPE_CHECKING:
    from briefings.engine import Engine, IngestReport

log = logging.getLogger(__name__)

EngineFactory = Callable[[Settings], "Engine"]
CHAT_ADAPTERS = (("slack", "Slack", "has_slack"), ("discord", "Discord", "has_discord"))
NOT_SAMPLES = ("readme", "license", "notice", "sources")  # documentation files beside the sample reports


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


def sample_files() -> list[Path]:
    """The bundled sample reports (briefings/data/sample), in name order."""
    root = Path(str(files("briefings") / "data" / "sample"))
    if not root.is_dir():
        return []
    return sorted(p for p in root.iterdir()
                  if p.is_file() and not p.name.startswith(".") and not p.stem.lower().startswith(NOT_SAMPLES))


def summary_line(report: IngestReport) -> str:
    counts = [("new", "new"), ("duplicate", "duplicate"), ("carriers", "carrier"), ("rejected", "rejected")]
    if report.count("revision"):
        counts.insert(2, ("revisions", "revision"))
    if report.count("skipped"):  # files a folder walk left out (README.md, EXPECTED.md...): not records read
        counts.append(("skipped", "skipped"))
    return ", ".join(f"{label} {report.count(status)}" for label, status in counts)


def load_samples(engine: Engine, out: TextIO) -> None:
    paths = sample_files()
    if not paths:
        print("The database is empty and no sample corpus is bundled; ingest reports with `briefbot ingest PATH`.", file=out)
        return
    print(f"The database is empty: loading the bundled sample corpus ({len(paths)} reports) …", file=out, flush=True)
    report = engine.ingest(paths)
    print(f"Sample corpus loaded: {summary_line(report)}.", file=out, flush=True)


def choose_adapters(settings: Settings, out: TextIO) -> list[str]:
    """Chat adapters whose tokens are set and which are installed; the console when there are none."""
    chosen = []
    for name, label, flag in CHAT_ADAPTERS:
        if not getattr(settings, flag):
            continue
        if importlib.util.find_spec(f"adapters.{name}") is None:
            print(f"{label} credentials are set, but the {label} adapter is not installed in this version; "
                  "using the console instead.", file=out)
        else:
            chosen.append(name)
    return chosen or ["console"]


def run(
    settings: Settings,
    *,
    engine_factory: EngineFactory = open_engine,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    console: bool = True,
) -> int:
    """Serve until the adapter stops (or SIGTERM); returns the process exit code. `console=False` (a container,
    a systemd service): no terminal chat when no platform is configured, only the scheduler and health."""
    out = stdout or sys.stdout
    engine = with_retries(f"Opening {database_label(settings.database_target)}", lambda: engine_factory(settings),
                          settings.startup_retries, settings.startup_backoff, out)
    try:
        if settings.load_samples_when_empty and engine.is_empty():
            load_samples(engine, out)
        runtime = Runtime(engine, registry_for(settings), settings)
        names = choose_adapters(settings, out)
        if not console and names == ["console"]:
            names = []
            print("No chat platform is configured; serving the scheduler (and health, when a port is set) "
                  "until stopped.", file=out, flush=True)
        io = {"console": {"stdin": stdin or sys.stdin, "stdout": out}, "bot.health": {"stdout": out}}
        return asyncio.run(serve(runtime, names, io))
    except KeyboardInterrupt:  # Ctrl-C while starting (e.g. loading samples) is a normal way out
        print(file=out)
        return 0
    finally:
        engine.close()


SERVICES = ("bot.scheduler", "bot.health")  # optional services started beside the adapters when present


async def serve(runtime: Runtime, names: list[str], io: dict[str, dict[str, object]] | None = None) -> int:
    """Run the adapters (and services) until SIGINT/SIGTERM, or until the console's input ends."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
            pass
    tasks = []
    out = (io or {}).get("console", {}).get("stdout") or sys.stdout
    labels = {name: label for name, label, _ in CHAT_ADAPTERS}
    for name in names:
        module = importlib.import_module(f"adapters.{name}")
        options = (io or {}).get(name, {})
        run = (lambda m=module, o=options: m.serve(runtime, stop, **o))
        tasks.append(asyncio.create_task(
            supervise(labels.get(name, name), run, stop, runtime.settings.startup_retries,
                      runtime.settings.startup_backoff, out), name=name))
    for svc in SERVICES:
        if importlib.util.find_spec(svc) is not None:
            module = importlib.import_module(svc)
            options = (io or {}).get(svc, {})  # issue 5: tests pass the scheduler a fake clock this way
            tasks.append(asyncio.create_task(module.serve(runtime, stop, **options), name=svc))
    adapters = [t for t in tasks if t.get_name() in names]
    stopper = asyncio.create_task(stop.wait())
    await asyncio.wait([*adapters, stopper], return_when=asyncio.FIRST_COMPLETED)
    stop.set()  # one adapter ending (console EOF) or a signal ends them all
    results = await asyncio.gather(*tasks, return_exceptions=True)
    stopper.cancel()
    code = 0
    for task, result in zip(tasks, results):
        if isinstance(result, StartupFailed):
            print(str(result), file=sys.stderr, flush=True)
            code = 1
        elif isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
            log.error("%s stopped with an error: %s", task.get_name(), result)  # the traceback: DEBUG log
            log.debug("%s failed", task.get_name(), exc_info=result)
            code = 1
    return code
