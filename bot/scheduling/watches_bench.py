"""Alert benchmark: `python -m bot.scheduling.watches_bench [--watches 1000] [--incidents 100000] [--reports 200] [--db URL]`.

It lives in bot/ because it drives the bot's alert dispatcher (briefings/ may not import bot/).

1. Matching (the budgeted part, ≤ 0.1 ms per ingested report): `--watches` watches — area watches on gazetteer
   places of every kind and radius watches of 10–200 km, some with filters — in a WatchIndex; then 20,000 changed
   incidents at random places (with their ancestors and coordinates) are matched, index plus filters, and the same
   incidents against a plain loop over all watches for comparison.
2. End to end: a scratch database with `--incidents` stored incidents (bulk rows: incidents and their places) and
   the watches, then `--reports` generated reports ingested one at a time; after each, the alert pass a bot tick
   runs (scan, claim, compose, hand to a deliverer) is timed from the end of the ingest. In `briefbot run` the
   pass starts on the next alert tick (every second), so the latency is this plus up to one second.
Figures go to docs/benchmarks.md.
"""
from __future__ import annotations

import argparse
import asyncio
import random
import statistics
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from sqlalchemy import insert

from briefings.alerts import Facts, WatchFilter
from briefings.alerts_index import WatchIndex, WatchSpec
from briefings.extract.types import Place
from briefings.knowledge.places import Gazetteer
from briefings.knowledge.world import haversine

UTC = timezone.utc


COUNTRIES = ("UA", "RU", "SD", "SS", "ML", "NG", "BF", "NE", "SO", "ET", "CD", "LY", "YE", "SY", "IQ", "IL", "LB",
             "AF", "PK", "IN", "MM", "CO", "MX", "HT", "VE", "BR", "US", "GB", "FR", "DE", "PL", "TR", "IR", "EG",
             "KE", "MZ", "CM", "CF", "TD", "PH", "ID", "TH", "BD", "GE", "AM", "AZ", "KZ", "JO", "SA", "DZ")


def _places(gaz: Gazetteer, per_capital: int = 40) -> list[tuple[Place, list[str]]]:
    """Places with coordinates and their ancestor ids (the incident_places rows an incident there gets): the regional
    file's places, and towns within 300 km of 50 capitals around the world (the world index, when present)."""
    pool = [p for p in gaz if p.lat is not None]
    if gaz.world is not None:
        for cc in COUNTRIES:
            cap = gaz.world.capital(cc)
            if cap is not None and cap.lat is not None and cap.lon is not None:
                pool += [cap, *gaz.world.near(cap.lat, cap.lon, 300, per_capital)]
    seen: dict[str, tuple[Place, list[str]]] = {}
    for p in pool:
        if p.id not in seen and p.lat is not None and p.lon is not None:
            seen[p.id] = (p, [p.id, *(a.id for a in gaz.ancestors(p))])
    return list(seen.values())


def make_watches(n: int, places: list[tuple[Place, list[str]]], rng: random.Random) -> list[WatchSpec]:
    at = datetime(2026, 1, 1, tzinfo=UTC)
    out = []
    for i in range(1, n + 1):
        place, chain = rng.choice(places)
        roll = rng.random()
        flt = WatchFilter(min_killed=rng.choice((None, None, 3, 10)), contested=roll < 0.15,
                          keyword="drone" if 0.15 <= roll < 0.25 else None)
        if rng.random() < 0.4:
            spec = WatchSpec(i, "slack", "T1", f"C{i % 50}", None, "r", None, place.lat, place.lon,
                             float(rng.choice((10, 25, 50, 100, 200))), flt, frozenset({"new", "figure"}), at)
        else:
            spec = WatchSpec(i, "slack", "T1", f"C{i % 50}", None, "a", rng.choice(chain), place.lat, place.lon, None,
                             flt, frozenset({"new", "figure"}), at)
        out.append(spec)
    return out


def bench_matching(watches: list[WatchSpec], places: list[tuple[Place, list[str]]], rng: random.Random,
                   n: int = 20_000) -> dict[str, float]:
    idx = WatchIndex(watches)
    facts = Facts(1, frozenset({"A"}), {"killed": frozenset({4.0})}, {"killed": 4.0}, frozenset(), "single-source")
    sample = [rng.choice(places) for _ in range(n)]
    times, hits = [], 0
    for place, chain in sample:
        t0 = time.perf_counter()
        found = [w for w in idx.candidates(chain, place.lat, place.lon) if w.filters.accepts(facts, "Drone strike", "")]
        times.append(time.perf_counter() - t0)
        hits += len(found)
    t0 = time.perf_counter()
    for place, chain in sample:  # the plain loop the index avoids
        ids = set(chain)
        [w for w in watches if (w.place_id in ids if w.place_id else
                                haversine(place.lat, place.lon, w.lat, w.lon) <= w.radius_km)  # type: ignore[arg-type, operator]
         and w.filters.accepts(facts, "Drone strike", "")]
    loop = (time.perf_counter() - t0) / n
    times.sort()
    return {"reports": n, "mean_ms": statistics.fmean(times) * 1e3, "p50_ms": times[n // 2] * 1e3,
            "p99_ms": times[int(n * 0.99)] * 1e3, "max_ms": times[-1] * 1e3,
            "watches_matched_per_report": hits / n, "plain_loop_mean_ms": loop * 1e3}


def _fill(engine: Any, incidents: int, watches: list[WatchSpec], places: list[tuple[Place, list[str]]],
          rng: random.Random) -> None:
    from briefings.db.models import Incident, IncidentPlace, Watch

    old = datetime.now(UTC) - timedelta(days=30)
    with engine.sessions.begin() as s:
        for start in range(0, incidents, 5000):
            rows, links = [], []
            for i in range(start, min(incidents, start + 5000)):
                place, chain = rng.choice(places)
                day = date(2020, 1, 1) + timedelta(days=i % 2000)
                rows.append({"id": 10_000_000 + i, "slug": f"bench-{i}", "title": f"Attack at {place.name}",
                             "place_id": place.id, "place_name": place.name, "admin1": place.admin1,
                             "country": place.country, "lat": place.lat, "lon": place.lon, "start_date": day,
                             "end_date": day, "date_precision": "day", "event_types": "attack",
                             "status": "single-source", "created_at": old, "updated_at": old})
                links += [{"incident_id": 10_000_000 + i, "place_id": pid, "place_name": place.name,
                           "start_date": day, "end_date": day} for pid in chain]
            s.execute(insert(Incident.__table__), rows)  # type: ignore[arg-type]
            s.execute(insert(IncidentPlace.__table__), links)  # type: ignore[arg-type]
        now = datetime.now(UTC) - timedelta(minutes=1)
        s.execute(insert(Watch.__table__), [{  # type: ignore[arg-type]
            "platform": "bench", "workspace": w.workspace, "channel": w.channel, "dm_user": None,
            "place_id": w.place_id, "label": w.label, "lat": w.lat, "lon": w.lon, "radius_km": w.radius_km,
            "filters": w.filters.to_json(), "triggers": "new,figure,dispute,corroborated", "created_by": None,
            "created_at": now, "updated_at": now, "active": True} for w in watches])


class _Recorder:
    def __init__(self) -> None:
        self.at: list[float] = []

    async def deliver(self, target: Any, briefing: Any) -> str | None:
        self.at.append(time.perf_counter())
        return None


def bench_end_to_end(db: str | None, incidents: int, watches: list[WatchSpec], places: list[tuple[Place, list[str]]],
                     reports: int, rng: random.Random) -> dict[str, Any]:
    from briefings.bench.gen import generate
    from briefings.bench import load_places, write_jsonl
    from briefings.engine import Engine
    from bot.scheduling.scheduler import SystemClock
    from bot.scheduling.watches_delivery import AlertDispatcher

    tmp = Path(tempfile.mkdtemp(prefix="briefbot-alerts-"))
    engine = Engine(db or f"sqlite:///{tmp / 'alerts.sqlite3'}")
    t0 = time.perf_counter()
    _fill(engine, incidents, watches, places, rng)
    filled = time.perf_counter() - t0
    recorder = _Recorder()
    dispatcher = AlertDispatcher(engine, {"bench": recorder}, SystemClock(), coalesce=timedelta(0))
    asyncio.run(dispatcher.tick())  # builds the index
    paths = write_jsonl(generate(reports, load_places()), tmp / "reports", chunk=1)
    latencies, scans = [], []
    for path in paths:
        engine.ingest([path])
        ended = time.perf_counter()
        before = len(recorder.at)
        stats = asyncio.run(_tick(dispatcher))
        scans.append(stats)
        latencies += [at - ended for at in recorder.at[before:]]
    engine.close()
    latencies.sort()
    pct = (lambda q: latencies[min(len(latencies) - 1, int(len(latencies) * q))] * 1e3) if latencies else (lambda q: 0.0)
    return {"incidents": incidents, "fill_seconds": round(filled, 1), "reports": len(paths),
            "messages": len(latencies), "handover_p50_ms": pct(0.5), "handover_p99_ms": pct(0.99)}


async def _tick(dispatcher: Any) -> Any:
    return await dispatcher.tick()


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m bot.scheduling.watches_bench", description=__doc__.split("\n\n")[0])
    ap.add_argument("--watches", type=int, default=1000)
    ap.add_argument("--incidents", type=int, default=100_000)
    ap.add_argument("--reports", type=int, default=200)
    ap.add_argument("--db", default=None, help="an EMPTY scratch database (default: a temporary SQLite file)")
    ap.add_argument("--seed", type=int, default=19)
    args = ap.parse_args(argv)
    rng = random.Random(args.seed)
    gaz = Gazetteer.default()
    places = _places(gaz)
    watches = make_watches(args.watches, places, rng)
    m = bench_matching(watches, places, rng)
    print(f"matching, {args.watches} watches, {len(places)} places, {m['reports']} changed incidents: per report "
          f"p50 {m['p50_ms']:.4f} ms, p99 {m['p99_ms']:.4f} ms, mean {m['mean_ms']:.4f} ms, max {m['max_ms']:.2f} ms ({m['watches_matched_per_report']:.1f} watches matched per report); "
          f"a plain loop over all watches: {m['plain_loop_mean_ms']:.3f} ms")
    e = bench_end_to_end(args.db, args.incidents, watches, places, args.reports, rng)
    print(f"end to end, {e['incidents']} incidents (filled in {e['fill_seconds']} s), {e['reports']} reports "
          f"ingested one at a time: {e['messages']} alert messages; end of ingest → handed to the adapter: "
          f"p50 {e['handover_p50_ms']:.1f} ms, p99 {e['handover_p99_ms']:.1f} ms (+ up to 1 s until the next alert tick)")


if __name__ == "__main__":
    main()
