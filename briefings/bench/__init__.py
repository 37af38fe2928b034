"""`briefbot bench`: ingest throughput and `/incident` latency of the real engine on seeded synthetic news.

Budgets (DESIGN.md §7) are measured here, not in timed tests: ingest articles/s overall and per tenth of the run
(it should stay flat as the database grows), warm in-process `Engine.incident` latency percentiles, peak RSS.
Point `--db` only at an empty database: the run ingests into it.
"""
from __future__ import annotations

import json
import os
import platform
import resource
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import replace
from datetime import date, datetime, timezone
from pathlib import Path
from typing import Any

from briefings.bench import extra as benchextra, gen as benchgen, realtexts as benchreal, stages as benchstages, \
    words as benchwords
from briefings.bench.queries import make_queries, misspell  # noqa: F401 (misspell: part of the bench API)
from briefings.bench.gen import DEFAULT_SEED, REFERENCE_CITIES, BenchPlace, Plan, SyntheticArticle
from briefings.heap import long_lived

PLACES_JSON = Path(__file__).parents[1] / "data" / "places.json"
CHUNK = 1000  # records per .jsonl file
QUERIES = 500
WARMUP = 20
BLOCKS = 10

# name|variants|admin1|country; real places, used when briefings/data/places.json is missing or unusable.
_FALLBACK = """Balad|Balad Air Base|Salahuddin|Iraq;Taji|Camp Taji,Al-Taji|Baghdad|Iraq;Erbil|Arbil,Hawler|Erbil|Iraq
Kirkuk|Karkuk,Kerkuk|Kirkuk|Iraq;Mosul|Al-Mawsil|Nineveh|Iraq;Tikrit|Tekrit|Salahuddin|Iraq
Samarra|Samara|Salahuddin|Iraq;Baiji|Bayji|Salahuddin|Iraq;Tuz Khurmatu|Tuz Khurmato|Salahuddin|Iraq
Ramadi|Al-Ramadi|Anbar|Iraq;Fallujah|Falluja|Anbar|Iraq;Al-Qaim|Al Qaim,Qaim|Anbar|Iraq;Haditha|Hadithah|Anbar|Iraq
Rutba|Al-Rutbah|Anbar|Iraq;Ain al-Asad|Ain Al-Assad,Ayn al-Asad|Anbar|Iraq;Hilla|Al-Hillah,Hillah|Babil|Iraq
Iskandariya|Iskandariyah|Babil|Iraq;Jurf al-Sakhar|Jurf al-Nasr|Babil|Iraq;Karbala|Kerbala|Karbala|Iraq
Najaf|Al-Najaf|Najaf|Iraq;Kut|Al-Kut|Wasit|Iraq;Basra|Basrah|Basra|Iraq;Harir|Herir|Erbil|Iraq
Nasiriyah|Nasiriya|Dhi Qar|Iraq;Baqubah|Baquba|Diyala|Iraq;Muqdadiyah|Muqdadiya|Diyala|Iraq
Khanaqin|Khaneqin|Diyala|Iraq;Sulaymaniyah|Sulaimani,Slemani|Sulaymaniyah|Iraq;Duhok|Dohuk|Duhok|Iraq
Sinjar|Shingal|Nineveh|Iraq;Makhmour|Makhmur|Erbil|Iraq;Deir ez-Zor|Deir al-Zour,Dayr az-Zawr|Deir ez-Zor|Syria
Albu Kamal|Abu Kamal,Al-Bukamal|Deir ez-Zor|Syria;Mayadin|Al-Mayadeen|Deir ez-Zor|Syria;Raqqa|Al-Raqqah|Raqqa|Syria
Hasakah|Al-Hasakah,Hasaka|Hasakah|Syria;Qamishli|Qamishlo|Hasakah|Syria;Palmyra|Tadmur|Homs|Syria
Sweida|Suwayda,As-Suwayda|Sweida|Syria;Daraa|Deraa|Daraa|Syria;Al-Tanf|Tanf|Homs|Syria;Azraq|Al-Azraq|Zarqa|Jordan
Mafraq|Al-Mafraq|Mafraq|Jordan;Ruwaished|Al-Ruwayshid|Mafraq|Jordan;Rukban|Al-Rukban|Mafraq|Jordan"""
_COUNTRY_CODES = {"IQ": "Iraq", "SY": "Syria", "JO": "Jordan"}
_USABLE_KINDS = {"site", "base", "airport", "city", "town", "village", "district", "camp", ""}


def fallback_places() -> tuple[BenchPlace, ...]:
    rows = (entry.split("|") for line in _FALLBACK.splitlines() for entry in line.split(";"))
    return tuple(BenchPlace(n, tuple(v.split(",")), a, c) for n, v, a, c in rows)


def load_places(path: Path = PLACES_JSON) -> tuple[BenchPlace, ...]:
    """Towns and sites from the gazetteer file when it has 20+ of them in Iraq/Syria/Jordan; else the built-in list.

    Accepts a list of objects, {"places": [...]} or {id: object}; an object needs `name` and `country` (name or ISO
    code) and may have `aliases`, `admin1` and `kind` (countries, provinces and regions are skipped)."""
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        raw = None
    rows = raw.get("places", list(raw.values())) if isinstance(raw, dict) else raw
    found: list[BenchPlace] = []
    for row in rows if isinstance(rows, list) else []:
        if not isinstance(row, dict) or not isinstance(row.get("name"), str):
            continue
        country = _COUNTRY_CODES.get(str(row.get("country")), row.get("country"))
        if str(row.get("kind") or "").lower() not in _USABLE_KINDS or country not in REFERENCE_CITIES:
            continue
        aliases = [a for a in row.get("aliases") or () if isinstance(a, str) and a.isascii() and a != row["name"]]
        admin1 = row.get("admin1") if isinstance(row.get("admin1"), str) else None
        found.append(BenchPlace(row["name"], tuple(aliases[:4]), admin1, str(country)))
    return tuple(found) if len(found) >= 20 else fallback_places()


def write_jsonl(items: Iterable[SyntheticArticle], directory: Path, chunk: int = CHUNK) -> list[Path]:
    """Records as `.jsonl` files of `chunk` lines each, in order; returns the paths written."""
    directory.mkdir(parents=True, exist_ok=True)
    paths: list[Path] = []
    lines: list[str] = []
    for item in items:
        lines.append(json.dumps(item.record(), ensure_ascii=False))
        if len(lines) == chunk:
            paths.append(_flush(directory, len(paths), lines))
            lines = []
    if lines:
        paths.append(_flush(directory, len(paths), lines))
    return paths


def _flush(directory: Path, number: int, lines: list[str]) -> Path:
    path = directory / f"bench-{number:05d}.jsonl"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


class _Clock:
    """Progress callback: the time and status of each outcome, for per-block throughput."""

    def __init__(self, expected: int = 0, every: int = 1000) -> None:
        self.marks: list[float] = []
        self.statuses: Counter[str] = Counter()
        self.expected, self.every = expected, every
        self.started = time.perf_counter()

    def __call__(self, outcome: Any, done: int, total: int) -> None:
        self.marks.append(time.perf_counter())
        self.statuses[str(getattr(outcome, "status", "unknown"))] += 1
        if self.expected and len(self.marks) % self.every == 0:  # long runs say how far they are, on stderr
            rate = len(self.marks) / max(self.marks[-1] - self.started, 1e-9)
            print(f"ingested {len(self.marks):,} of {self.expected:,} ({rate:.0f} articles/s)", file=sys.stderr,
                  flush=True)


SAME_BATCH = 0.0005  # seconds: outcomes closer than this were reported together, at the end of one batch


def blocks(start: float, marks: list[float], parts: int = BLOCKS) -> list[dict[str, Any]]:
    """Throughput of each tenth of the outcomes (by count), to see whether ingest slows as the DB grows."""
    out: list[dict[str, Any]] = []
    previous, done = start, 0
    for part in range(1, parts + 1):
        end = len(marks) * part // parts
        while 0 < end < len(marks) and marks[end] - marks[end - 1] < SAME_BATCH:
            end += 1  # outcomes arrive per batch, microseconds apart: a block ends where a batch ends
        if end <= done:
            continue
        seconds = max(marks[end - 1] - previous, 1e-9)
        out.append({"block": part, "articles": end - done, "seconds": round(seconds, 4),
                    "articles_per_s": round((end - done) / seconds, 1)})
        previous, done = marks[end - 1], end
    return out


def percentile(values: list[float], pct: float) -> float:
    """Nearest-rank percentile of sorted values."""
    if not values:
        return 0.0
    rank = max(1, -(-len(values) * pct // 100))
    return values[int(rank) - 1]


def time_queries(engine: Any, queries: Sequence[tuple[str, date | None]], warmup: int = WARMUP) -> dict[str, Any]:
    """Warm, in-process latency of `engine.incident`; the first `warmup` queries are not timed. The heap is
    frozen as the bot freezes it while serving (briefings/heap.py)."""
    from briefings.errors import NoMatch

    timings: list[float] = []
    misses = 0
    with long_lived():
        for number, (query, on) in enumerate(queries):
            started = time.perf_counter()
            try:
                engine.incident(query, on=on)
                hit = True
            except NoMatch:
                hit = False
            elapsed = time.perf_counter() - started
            if number >= warmup:
                timings.append(elapsed)
                misses += not hit
    timings.sort()
    ms = [t * 1000 for t in timings]
    return {"p50_ms": round(percentile(ms, 50), 3), "p95_ms": round(percentile(ms, 95), 3),
            "p99_ms": round(percentile(ms, 99), 3), "max_ms": round(ms[-1], 3) if ms else 0.0,
            "queries": len(ms), "misses": misses, "warmup": warmup}


def peak_rss_mb() -> float:
    """Peak resident set size of this process: ru_maxrss is KB on Linux, bytes on macOS."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return round(peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024, 1)


def machine() -> dict[str, Any]:
    return {"system": platform.system(), "release": platform.release(), "arch": platform.machine(),
            "cpus": os.cpu_count(), "processor": platform.processor() or None}


def _shown(url: str) -> str:
    if "@" not in url:
        return url
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


CHECKPOINTS = (10_000, 100_000, 1_000_000)
SAMPLE = 2000  # fresh articles ingested at each checkpoint of a --grow-to run
STAGE_SAMPLE = 200  # fresh articles ingested once more, metered, for the per-stage breakdown


def main(articles: int = 2000, db: str | None = None, json_path: str | None = None, *,
         queries: int = QUERIES, seed: int = DEFAULT_SEED, subscriptions: int = 1000,
         bot_process: bool = True, grow_to: int | None = None, sample: int = SAMPLE, workers: int = 1,
         checkpoints: Sequence[int] = CHECKPOINTS, texts: str | None = None,
         stage_sample: int = STAGE_SAMPLE) -> dict[str, Any]:
    """Generate `articles` records, ingest them through `Engine`, time `incident()`; print a table, return JSON.

    With `grow_to`, the database is then grown by copies (briefings.bench.grow) to each checkpoint up to `grow_to`,
    and at each one `sample` fresh articles are ingested and `incident()` is timed again. Last, `stage_sample` fresh
    articles are ingested once more with the stages' entry points metered (briefings.bench.stages; 0: not done)."""
    from briefings.engine import Engine

    with tempfile.TemporaryDirectory(prefix="briefbot-bench-") as tmp:
        plan = benchgen.make_plan(articles, load_places(), seed)
        started = time.perf_counter()
        paths = write_jsonl(benchgen.articles(plan), Path(tmp) / "articles")
        generated = time.perf_counter() - started
        url = db or f"sqlite:///{tmp}/bench.sqlite3"
        engine = Engine(url, workers=workers)
        try:
            if db and not engine.is_empty():
                _warn(f"{_shown(db)} already holds articles: the figures include their effect, and the run adds to it")
            cpu, workers_cpu = time.process_time(), benchextra.workers_cpu(engine)
            clock, seconds, started, wall = _ingest(engine, paths, articles)
            cpu = time.process_time() - cpu  # this process only: on a shared machine, wall time includes waiting
            workers_cpu = benchextra.workers_cpu(engine) - workers_cpu if workers > 1 else None
            statuses = dict(clock.statuses)
            words = benchwords.yardstick(paths, seconds, cpu)  # spaCy's tokenizer on the same texts, right after
            real = benchreal.measure(texts) if texts else None
            query_set = make_queries(plan, queries + WARMUP, seed)
            latency = time_queries(engine, query_set)
            stages = [_stage(articles, articles / max(seconds, 1e-9), latency, None)]
            if grow_to:
                stages += _grow(engine, plan, Path(tmp), grow_to, sample, seed, query_set, checkpoints)
            recent = datetime.fromtimestamp(clock.marks[int(len(clock.marks) * 0.9)] - started + wall, timezone.utc) \
                if clock.marks else benchextra.now()
            digests = benchextra.time_digests(engine, recent, [q for q, _ in make_queries(plan, 50, seed + 1)],
                                              subscriptions)
            bot = benchextra.bot_rss(url, make_queries(plan, 200, seed + 2)) if bot_process else None
            # with workers, this process's CPU leaves out their extraction: the pass's own per-article CPU is used
            per_stage = _stages(engine, Path(tmp), stage_sample, seed, cpu if workers == 1 else None,
                                articles) if stage_sample else None
        finally:
            engine.close()
    result = {
        "articles": articles, "db": _shown(db) if db else "sqlite (temporary file)", "seed": seed, "workers": workers,
        "generate": {"seconds": round(generated, 3), "files": len(paths)},
        "ingest": {"seconds": round(seconds, 3), "articles_per_s": round(articles / max(seconds, 1e-9), 1),
                   "blocks": blocks(started, clock.marks), "outcomes": statuses, "cpu_seconds": round(cpu, 3),
                   "articles_per_cpu_s": round(articles / max(cpu, 1e-9), 1)} | benchextra.pool(articles, cpu, workers_cpu),
        "words": words, "real_texts": real,
        "stages": per_stage,
        "incident": latency, "scale": stages, "digests": digests, "bot_process": bot, "peak_rss_mb": peak_rss_mb(),
        "python": platform.python_version(), "machine": machine(),
    }
    if json_path:
        Path(json_path).write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    from briefings.bench.show import show

    show(result)
    return result


def _ingest(engine: Any, paths: list[Path], expected: int) -> tuple[_Clock, float, float, float]:
    clock = _Clock(expected)
    wall = time.time()
    started = time.perf_counter()
    with long_lived():  # as `briefbot ingest` runs it (briefings/heap.py)
        engine.ingest(paths, progress=clock)
    return clock, time.perf_counter() - started, started, wall


def _stage(size: int, rate: float, latency: dict[str, Any], grow_seconds: float | None) -> dict[str, Any]:
    return {"articles_in_db": size, "ingest_articles_per_s": round(rate, 1), "incident": latency,
            "grow_seconds": None if grow_seconds is None else round(grow_seconds, 1)}


def _stages(engine: Any, tmp: Path, count: int, seed: int, ingest_cpu: float | None, ingested: int) -> dict[str, Any]:
    """Per-stage CPU on `count` fresh articles (their own seed and URLs), scaled to the main ingest's CPU time."""
    fresh = [replace(a, url=a.url.replace("/story-", "/stages-story-"))
             for a in benchgen.articles(benchgen.make_plan(count, load_places(), seed + 7919))]
    return benchstages.measure(engine, write_jsonl(fresh, tmp / "stages"), count, ingest_cpu, ingested)


def _grow(engine: Any, plan: Plan, tmp: Path, grow_to: int, sample: int, seed: int,
          query_set: list[tuple[str, date | None]], checkpoints: Sequence[int]) -> list[dict[str, Any]]:
    """Checkpoints above the ingested size: grow by copies to `point - sample`, then ingest `sample` fresh
    articles (their own seed and URLs) and time `incident()` there."""
    from rich.console import Console

    from briefings.bench import grow as benchgrow

    console = Console(stderr=True)
    base = benchgrow.base_of(engine.db)
    points = sorted({p for p in checkpoints if base.articles < p <= grow_to} | {grow_to})
    stages, copy = [], 1
    for number, point in enumerate(points, 1):
        def tell(now: int, target: int, point: int = point) -> None:
            console.print(f"growing to {point:,}: {now:,} articles", highlight=False)

        copy, grown = benchgrow.grow(engine.db, base, point - sample, copy, progress=tell)
        fresh = [replace(a, url=a.url.replace("/story-", f"/fresh{number}-story-"))
                 for a in benchgen.articles(benchgen.make_plan(sample, load_places(), seed + 1000 * number))]
        paths = write_jsonl(fresh, tmp / f"fresh-{number}")
        clock, seconds, _started, _wall = _ingest(engine, paths, sample)
        latency = time_queries(engine, query_set)
        size = benchgrow.count_articles(engine.db)
        stages.append(_stage(size, sample / max(seconds, 1e-9), latency, grown))
        console.print(f"at {size:,} articles: ingest {sample / max(seconds, 1e-9):.1f} articles/s, /incident p99 "
                      f"{latency['p99_ms']:.1f} ms", highlight=False)
    return stages


def _warn(message: str) -> None:
    from rich.console import Console

    Console(stderr=True).print(f"[yellow]warning:[/] {message}", highlight=False)


def _statuses(report: Any) -> dict[str, int]:
    outcomes = getattr(report, "outcomes", ()) or ()
    return dict(Counter(str(getattr(o, "status", "unknown")) for o in outcomes))
