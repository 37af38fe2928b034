"""Benchmark of the outputs (issue 20): chart render time and size, export throughput and memory.

Run on a scratch database that `briefbot bench` filled (it writes to it when --claims asks for more rows):

    python -m briefings.bench.out --db sqlite:///bench.sqlite3 --claims 1000000 --json out.json

Charts: the incidents with the most figures are drawn (after one warm-up that pays for importing matplotlib
and loading the font); p50/p95/max milliseconds and PNG sizes. Exports: every format written to /dev/null,
rows per second, and the resident memory sampled as the rows stream (flat memory: the peak after 10 % of the
rows is the peak at the end). `--claims N` first copies existing claims (same incidents and reports) until
the table holds N rows, as `bench --grow-to` copies articles.
"""
from __future__ import annotations

import argparse
import json
import os
import time
from typing import Any

from sqlalchemy import func, insert, select

from briefings.bench import percentile
from briefings.db.models import Claim
from briefings.engine import Engine
from briefings.export import FORMATS, ExportFilter, export

COPY_COLUMNS = ("incident_id", "article_id", "field", "value", "value_num", "qualifier", "victims", "reference",
                "attributed_to", "stance", "quote", "span_start", "span_end", "created_at")


def rss_mb() -> float:
    try:
        with open("/proc/self/status", encoding="ascii") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return 0.0


def time_charts(engine: Engine, count: int = 30) -> dict[str, Any]:
    """Draw the charts of the `count` incidents with the most killed/wounded claims."""
    from briefings.chart import NothingToChart, incident_chart
    from briefings.db.models import Incident

    with engine.sessions() as s:
        slugs = list(s.scalars(
            select(Incident.slug).join(Claim, Claim.incident_id == Incident.id)
            .where(Claim.field.in_(("killed", "wounded"))).group_by(Incident.id)
            .order_by(func.count(Claim.id).desc()).limit(count)))
    docs = [engine.incident(slug).data for slug in slugs]
    if not docs:
        return {"charts": 0}
    started = time.perf_counter()
    incident_chart(docs[0])
    first = time.perf_counter() - started
    timings, cpu, sizes, points = [], [], [], []
    for doc in docs:
        started, cpu_started = time.perf_counter(), time.process_time()
        try:
            chart = incident_chart(doc)
        except NothingToChart:
            continue
        timings.append(time.perf_counter() - started)
        cpu.append(time.process_time() - cpu_started)  # on a busy shared machine, wall time mostly measures waiting
        sizes.append(len(chart.png))
        points.append(sum(len(s.points) for s in chart.data.series))
    timings.sort()
    cpu.sort()
    return {"charts": len(timings), "first_ms": first * 1000, "p50_ms": percentile(timings, 50) * 1000,
            "p95_ms": percentile(timings, 95) * 1000, "max_ms": max(timings) * 1000,
            "cpu_p50_ms": percentile(cpu, 50) * 1000, "cpu_p95_ms": percentile(cpu, 95) * 1000,
            "cpu_max_ms": max(cpu) * 1000,
            "max_kb": max(sizes) / 1024, "mean_kb": sum(sizes) / len(sizes) / 1024, "max_points": max(points)}


def grow_claims(engine: Engine, target: int) -> int:
    """Copy claims (doubling at most) until the table holds `target` rows; returns the count."""
    table = Claim.__table__
    with engine.sessions() as s:
        count = int(s.scalar(select(func.count(Claim.id))) or 0)
        while 0 < count < target:
            take = min(count, target - count)
            src = select(*[table.c[c] for c in COPY_COLUMNS]).order_by(table.c.id).limit(take)
            s.execute(insert(table).from_select(list(COPY_COLUMNS), src))
            s.commit()
            count += take
    return count


def time_export(engine: Engine, fmt: str) -> dict[str, Any]:
    samples: list[tuple[int, float]] = []
    before = rss_mb()
    with open(os.devnull, "w", encoding="utf-8") as out:
        started, cpu_started = time.perf_counter(), time.process_time()
        rows = export(engine.sessions, engine.knowledge.places, fmt, out, ExportFilter(),  # type: ignore[arg-type]
                      progress=lambda n: samples.append((n, rss_mb())))
        seconds = time.perf_counter() - started
        cpu = time.process_time() - cpu_started
    early = [mb for n, mb in samples if n <= max(rows // 10, 1)] or [before]
    return {"rows": rows, "seconds": seconds, "rows_per_s": rows / seconds if seconds else 0.0,
            "cpu_seconds": cpu, "rows_per_cpu_s": rows / cpu if cpu else 0.0,
            "rss_before_mb": before, "rss_peak_first_10pct_mb": max(early),
            "rss_peak_mb": max([mb for _, mb in samples] or [before])}


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--db", required=True, help="a scratch database filled by `briefbot bench`")
    parser.add_argument("--claims", type=int, default=0, help="copy claims until the table holds this many")
    parser.add_argument("--charts", type=int, default=30, help="incidents to chart")
    parser.add_argument("--json", dest="json_path", help="also write the results here")
    args = parser.parse_args(argv)
    engine = Engine(args.db)
    try:
        result: dict[str, Any] = {"charts": time_charts(engine, args.charts)}
        print("charts:", json.dumps(result["charts"], indent=None, default=float))
        if args.claims:
            result["claims"] = grow_claims(engine, args.claims)
        for fmt in FORMATS:
            result[fmt] = time_export(engine, fmt)
            print(f"{fmt}:", json.dumps(result[fmt], default=float))
    finally:
        engine.close()
    if args.json_path:
        with open(args.json_path, "w", encoding="utf-8") as f:
            json.dump(result, f, indent=2, default=float)


if __name__ == "__main__":
    main()
