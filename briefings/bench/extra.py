"""Benchmark parts beyond ingest and /incident: digest composition for many subscriptions, the peak memory of a
running bot process answering queries on the benchmark database, and what extraction workers cost."""
from __future__ import annotations

import os
import subprocess
import sys
import time
from collections.abc import Sequence
from datetime import date, datetime, timezone
from typing import Any


def time_digests(engine: Any, since: datetime, places: Sequence[str], subscriptions: int = 1000,
                 baseline: int = 20) -> dict[str, Any]:
    """Compose one digest per subscription as the scheduler does for digests due at the same instant: the
    window's news loaded once (`Engine.digest_window`), then each subscription's filter applied to it. Filters
    vary the way subscribers set them. The first `baseline` subscriptions are also composed one by one
    (`Engine.digest`, the path of a lone digest or a /digest command) for comparison; both must agree."""
    from briefings.digest import DigestFilter

    kinds = [lambda i: None, lambda i: DigestFilter(country="Iraq"), lambda i: DigestFilter(min_status="contested"),
             lambda i: DigestFilter(place=places[i % len(places)]) if places else None]
    until = now()
    started = time.perf_counter()
    window = engine.digest_window(since, until)
    load_ms = (time.perf_counter() - started) * 1000
    timings: list[float] = []
    for i in range(subscriptions):
        flt = kinds[i % len(kinds)](i)
        started = time.perf_counter()
        window.digest(flt)
        timings.append((time.perf_counter() - started) * 1000)
    alone: list[float] = []
    same = True
    for i in range(min(baseline, subscriptions)):
        flt = kinds[i % len(kinds)](i)
        started = time.perf_counter()
        single = engine.digest(since=since, filters=flt, until=until)
        alone.append((time.perf_counter() - started) * 1000)
        same = same and single == window.digest(flt)
    total = (load_ms + sum(timings)) / 1000
    return {"subscriptions": subscriptions, "seconds": round(total, 2), "window_ms": round(load_ms, 2),
            **_spread(timings), "since": since.isoformat(), "until": until.isoformat(),
            "one_by_one": {"subscriptions": len(alone), **_spread(alone), "same_digests": same} if alone else None}


def _spread(timings: list[float]) -> dict[str, float]:
    """p50, p99 and max of millisecond timings."""
    ordered = sorted(timings) or [0.0]

    def pct(p: float) -> float:
        return round(ordered[min(len(ordered) - 1, int(len(ordered) * p / 100))], 2)

    return {"p50_ms": pct(50), "p99_ms": pct(99), "max_ms": round(ordered[-1], 2)}


def bot_rss(db_url: str, queries: Sequence[tuple[str, date | None]], timeout: float = 300) -> dict[str, Any]:
    """Start `python -m bot run` (console) on the database, ask the queries, read its peak RSS (VmHWM)."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SLACK_", "DISCORD_"))}
    env.update(BRIEFBOT_DATABASE_URL=db_url, BRIEFBOT_LOAD_SAMPLES_WHEN_EMPTY="false")
    proc = subprocess.Popen([sys.executable, "-m", "bot", "run"], stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                            stderr=subprocess.DEVNULL, text=True, env=env)
    assert proc.stdin is not None and proc.stdout is not None
    lines = [f"/incident {q} {on.isoformat()}" if on else f"/incident {q}" for q, on in queries]
    started = time.perf_counter()
    try:
        proc.stdin.write("\n".join(lines) + "\n/help\n")
        proc.stdin.flush()
        for line in proc.stdout:  # the help text comes last: every query has been answered
            if "/subscriptions" in line or time.perf_counter() - started > timeout:
                break
        rss = _vm(proc.pid, "VmHWM")
    finally:
        proc.stdin.close()
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()
        proc.stdout.close()
    return {"peak_rss_mb": rss, "queries": len(lines), "seconds": round(time.perf_counter() - started, 2)}


def _vm(pid: int, key: str) -> float | None:
    try:
        with open(f"/proc/{pid}/status", encoding="ascii") as f:
            for line in f:
                if line.startswith(key + ":"):
                    return round(int(line.split()[1]) / 1024, 1)
    except OSError:
        return None
    return None


def now() -> datetime:
    return datetime.now(timezone.utc)


def workers_cpu(engine: Any) -> float:
    """CPU seconds the extraction workers' jobs took so far (0 without workers)."""
    return float(getattr(engine.pipeline.extractor, "cpu_seconds", 0.0))


def pool(articles: int, cpu: float, workers_seconds: float | None) -> dict[str, Any]:
    """With workers: their CPU, and the writer-bound ceiling (articles per second this process alone could store,
    given a core to itself and enough worker cores: `workers_cores_at_ceiling`)."""
    if workers_seconds is None:
        return {}
    return {"workers_cpu_seconds": round(workers_seconds, 3),
            "workers_ms_per_article": round(workers_seconds / max(articles, 1) * 1000, 3),
            "writer_ms_per_article": round(cpu / max(articles, 1) * 1000, 3),
            "writer_ceiling_articles_per_s": round(articles / max(cpu, 1e-9), 1),
            "workers_cores_at_ceiling": round(workers_seconds / max(cpu, 1e-9), 2)}
