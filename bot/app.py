"""`briefbot run`: open the engine, load the sample corpus into an empty database, serve the adapters.

bot/ never imports adapters/ (the one-way rule): adapters are plugins registered under the entry-point
group `briefbot.adapters` (bot/plugins.py). Each `serve(runtime, stop, **io)` runs until `stop` is set (or,
for the console, until its input ends), and may register a Deliverer in `runtime.deliverers` for scheduled
digests. The services (the scheduler, the health endpoints) run beside them. All adapters and services
share one event loop; every engine call runs in a worker thread so that acks, heartbeats and autocomplete
are never blocked by the database.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import sys
from collections.abc import Mapping
from importlib.resources import files
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from bot.plugins import Adapter, discover
from briefings.heap import long_lived
from bot.runtime import EngineFactory, Runtime, database_label, open_engine, registry_for
from bot.settings import Settings
from bot.startup import StartupFailed, supervise, with_retries

if TYPE_CHECKING:
    from briefings.engine import Engine, IngestReport

log = logging.getLogger(__name__)

# Platforms whose credentials bot/settings.py reads: a token set without its adapter installed is said so.
CREDENTIALS = (("slack", "Slack", "has_slack"), ("discord", "Discord", "has_discord"))
NOT_SAMPLES = ("readme", "license", "notice", "sources")  # documentation files beside the sample reports


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


def choose_adapters(settings: Settings, out: TextIO, adapters: Mapping[str, Adapter] | None = None) -> list[str]:
    """The installed adapters this deployment configures (tokens set); the fallback (the console) when none is."""
    adapters = discover() if adapters is None else adapters
    for name, label, flag in CREDENTIALS:
        if getattr(settings, flag) and name not in adapters:
            print(f"{label} credentials are set, but the {label} adapter is not installed in this version; "
                  "using the console instead.", file=out)
    chosen = [name for name, adapter in adapters.items() if adapter.configured(settings)]
    return chosen or [name for name, adapter in adapters.items() if adapter.fallback]


def run(
    settings: Settings,
    *,
    engine_factory: EngineFactory = open_engine,
    stdin: TextIO | None = None,
    stdout: TextIO | None = None,
    console: bool = True,
    adapters: Mapping[str, Adapter] | None = None,
) -> int:
    """Serve until the adapter stops (or SIGTERM); returns the process exit code. `console=False` (a container,
    a systemd service): no terminal chat when no platform is configured, only the scheduler and health."""
    out = stdout or sys.stdout
    adapters = discover() if adapters is None else adapters
    if not adapters:
        print("No chat adapter is registered (entry points 'briefbot.adapters'): reinstall briefbot, "
              'e.g. pip install -e ".[test]" in a checkout (python3 dev.py does it).', file=sys.stderr, flush=True)
        return 1
    engine = with_retries(f"Opening {database_label(settings.database_target)}", lambda: engine_factory(settings),
                          settings.startup_retries, settings.startup_backoff, out)
    try:
        if settings.load_samples_when_empty and engine.is_empty():
            load_samples(engine, out)
        runtime = Runtime(engine, registry_for(settings), settings)
        names = choose_adapters(settings, out, adapters)
        if not console and all(adapters[name].fallback for name in names):
            names = []
            print("No chat platform is configured; serving the scheduler (and health, when a port is set) "
                  "until stopped.", file=out, flush=True)
        io = {"console": {"stdin": stdin or sys.stdin, "stdout": out}, "bot.health": {"stdout": out}}
        with long_lived():  # the started engine's objects out of the collector's full passes (briefings/heap.py)
            return asyncio.run(serve(runtime, names, io, adapters))
    except KeyboardInterrupt:  # Ctrl-C while starting (e.g. loading samples) is a normal way out
        print(file=out)
        return 0
    finally:
        engine.close()


async def serve(runtime: Runtime, names: list[str], io: dict[str, dict[str, object]] | None = None,
                adapters: Mapping[str, Adapter] | None = None) -> int:
    """Run the named adapters, the scheduler and the health endpoints until SIGINT/SIGTERM, or until the
    console's input ends. `io` holds each one's options by name ("console", "bot.scheduler", "bot.health")."""
    from bot import health
    from bot.scheduling import scheduler

    adapters = discover() if adapters is None else adapters
    services = {"bot.scheduler": scheduler.serve, "bot.health": health.serve}
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError, ValueError):  # not the main thread, or Windows
            pass
    tasks = []
    out = (io or {}).get("console", {}).get("stdout") or sys.stdout
    for name in names:
        adapter = adapters[name]
        options = (io or {}).get(name, {})
        run = (lambda a=adapter, o=options: a.serve(runtime, stop, **o))
        tasks.append(asyncio.create_task(
            supervise(adapter.label, run, stop, runtime.settings.startup_retries,
                      runtime.settings.startup_backoff, out), name=name))
    for svc, start in services.items():
        options = (io or {}).get(svc, {})  # issue 5: tests pass the scheduler a fake clock this way
        tasks.append(asyncio.create_task(start(runtime, stop, **options), name=svc))
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
