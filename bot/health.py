"""The health service of `briefbot run`: /healthz, /readyz and /metrics on `health_host:health_port`.

/healthz says the process answers (liveness: restart me if not). /readyz says it can do its work
(readiness: send me traffic): the database answers, every platform adapter is connected, the scheduler
has ticked recently; failing feeds are reported there but do not make the bot unready, since one dead
news site is no reason to stop answering. /metrics is Prometheus' text format (bot/telemetry.py).
Started by bot.app as a service, like the scheduler; not started when no port is configured.
"""
from __future__ import annotations

import asyncio
import json
import logging
import sys
import time
from typing import TYPE_CHECKING, Any

from aiohttp import web
from prometheus_client import CONTENT_TYPE_LATEST, generate_latest

if TYPE_CHECKING:
    from bot.runtime import Runtime

log = logging.getLogger(__name__)

DB_TIMEOUT = 3.0  # seconds /readyz waits for the database
SCHEDULER_GRACE = 3.0  # the scheduler is stale after this many dispatcher intervals without a tick


def _json(status: int, body: dict[str, Any]) -> web.Response:
    return web.Response(status=status, text=json.dumps(body, indent=1, default=str), content_type="application/json")


def _ping(runtime: Runtime) -> dict[str, Any]:
    from sqlalchemy import text

    sessions = getattr(runtime.engine, "sessions", None)
    if sessions is None:
        return {"ok": True, "detail": "no database (a stand-in engine)"}
    with sessions() as s:
        s.execute(text("SELECT 1"))
    return {"ok": True, "detail": runtime.database_label()}


async def check_database(runtime: Runtime) -> dict[str, Any]:
    try:
        return await asyncio.wait_for(asyncio.to_thread(_ping, runtime), DB_TIMEOUT)
    except asyncio.TimeoutError:
        return {"ok": False, "detail": f"no answer within {DB_TIMEOUT:g} s"}
    except Exception as exc:
        return {"ok": False, "detail": f"{type(exc).__name__}: {str(exc).splitlines()[0] if str(exc) else ''}"}


def check_scheduler(runtime: Runtime) -> dict[str, Any]:
    telemetry = runtime.telemetry
    interval = runtime.settings.dispatcher_interval.total_seconds()
    last = telemetry.beats.get("scheduler")
    if last is None:
        waited = time.monotonic() - telemetry.started
        ok = waited < interval * SCHEDULER_GRACE
        return {"ok": ok, "detail": "starting" if ok else f"no tick in {waited:.0f} s"}
    age = time.monotonic() - last
    return {"ok": age < interval * SCHEDULER_GRACE, "detail": f"last tick {age:.0f} s ago"}


def check_platforms(runtime: Runtime) -> dict[str, dict[str, Any]]:
    out = {}
    for name, probe in sorted(runtime.telemetry.probes.items()):
        try:
            connected = bool(probe())
        except Exception as exc:
            connected = False
            log.warning("health: asking %s whether it is connected failed: %s", name, exc)
        out[name] = {"ok": connected, "detail": "connected" if connected else "not connected"}
    return out


def _feeds(runtime: Runtime) -> dict[str, Any]:
    counts = runtime.telemetry.db_counts.counts()
    failing = int(counts.get("feeds_failing", 0))
    return {"ok": True, "detail": f"{failing} feed(s) failing" if failing else "all feeds answering"}


async def readiness(runtime: Runtime) -> tuple[bool, dict[str, Any]]:
    checks: dict[str, Any] = {"database": await check_database(runtime)}
    checks.update(check_platforms(runtime))
    if runtime.telemetry.scheduling:
        checks["scheduler"] = check_scheduler(runtime)
    if checks["database"]["ok"]:
        checks["feeds"] = await asyncio.to_thread(_feeds, runtime)
    return all(c["ok"] for c in checks.values()), checks


def make_app(runtime: Runtime) -> web.Application:
    async def healthz(_request: web.Request) -> web.Response:
        return _json(200, {"status": "ok", "uptime_seconds": round(time.monotonic() - runtime.telemetry.started)})

    async def readyz(_request: web.Request) -> web.Response:
        ready, checks = await readiness(runtime)
        return _json(200 if ready else 503, {"ready": ready, "checks": checks})

    async def metrics(_request: web.Request) -> web.Response:
        body = await asyncio.to_thread(generate_latest, runtime.telemetry.registry)
        return web.Response(body=body, headers={"Content-Type": CONTENT_TYPE_LATEST})

    app = web.Application()
    app.router.add_get("/healthz", healthz)
    app.router.add_get("/readyz", readyz)
    app.router.add_get("/metrics", metrics)
    return app


async def serve(runtime: Runtime, stop: asyncio.Event, **io: Any) -> None:
    """Serve the endpoints until `stop`; a port that cannot be bound is one error line, and the bot goes on."""
    settings = runtime.settings
    if settings.health_port is None:
        return
    runtime.telemetry.engine = runtime.engine
    runner = web.AppRunner(make_app(runtime), access_log=None)
    await runner.setup()
    try:
        site = web.TCPSite(runner, settings.health_host, settings.health_port)
        try:
            await site.start()
        except OSError as exc:
            log.error("health endpoints not served: cannot listen on %s:%s (%s)", settings.health_host,
                      settings.health_port, exc.strerror or exc)
            return
        host, port = runner.addresses[0][:2]
        runtime.telemetry.health_url = f"http://{host}:{port}"
        print(f"Health and metrics: {runtime.telemetry.health_url}/healthz, /readyz, /metrics",
              file=io.get("stdout") or sys.stdout, flush=True)
        await stop.wait()
    finally:
        await runner.cleanup()
