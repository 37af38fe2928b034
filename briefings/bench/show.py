"""`briefbot bench` output: the result JSON as tables."""
from __future__ import annotations

from typing import Any

from briefings.bench.realtexts import describe as describe_real
from briefings.bench.stages import table as stages_table
from briefings.bench.words import describe


def show(result: dict[str, Any]) -> None:
    """The result as rich tables on stdout."""
    from rich.console import Console
    from rich.table import Table

    ingest, incident = result["ingest"], result["incident"]
    summary = Table(title=f"briefbot bench: {result['articles']} articles", show_header=False)
    summary.add_column(style="bold")
    summary.add_column()
    outcomes = ", ".join(f"{k} {v}" for k, v in sorted(ingest["outcomes"].items())) or "none reported"
    rows = [("database", result["db"]),
            ("ingest", f"{ingest['seconds']:.2f} s, {ingest['articles_per_s']:.1f} articles/s"
                       + (f"; CPU of this process {ingest['cpu_seconds']:.2f} s, {ingest['articles_per_cpu_s']:.1f} "
                          "articles per CPU-second" if "cpu_seconds" in ingest else "")),
            *([("workers", f"their jobs' CPU {ingest['workers_cpu_seconds']:.2f} s "
                           f"({ingest['workers_ms_per_article']:.2f} ms per article); this process "
                           f"{ingest['writer_ms_per_article']:.2f} ms per article: writer-bound ceiling "
                           f"{ingest['writer_ceiling_articles_per_s']:.0f} articles/s (with "
                           f"{ingest['workers_cores_at_ceiling']:.1f} cores for the workers)")]
              if "workers_cpu_seconds" in ingest else []),
            ("outcomes", outcomes),
            ("words/s", describe(result.get("words"))),
            ("words/s, real reports", describe_real(result.get("real_texts"))),
            ("incident()", f"p50 {incident['p50_ms']:.2f} ms, p95 {incident['p95_ms']:.2f} ms, "
                           f"p99 {incident['p99_ms']:.2f} ms, max {incident['max_ms']:.2f} ms"),
            ("queries", f"{incident['queries']} timed after {incident['warmup']} warm-up, {incident['misses']} without a match"),
            ("digests", "{subscriptions} composed in {seconds} s (p50 {p50_ms} ms, p99 {p99_ms} ms)".format(
                **result["digests"]) if result.get("digests") else "not measured"),
            ("bot process RSS", f"{result['bot_process']['peak_rss_mb']} MB peak after "
                                f"{result['bot_process']['queries']} /incident queries"
                                if result.get("bot_process") else "not measured"),
            ("bench RSS", f"{result['peak_rss_mb']:.1f} MB (this process: generator + engine)"),
            ("python / machine", f"{result['python']} / {result['machine']['system']} {result['machine']['arch']}, "
                                 f"{result['machine']['cpus']} CPUs")]
    for key, value in rows:
        summary.add_row(key, value)
    per_block = Table(title="ingest throughput per tenth of the run")
    for column in ("block", "articles", "seconds", "articles/s"):
        per_block.add_column(column, justify="right")
    for block in ingest["blocks"]:
        per_block.add_row(str(block["block"]), str(block["articles"]), f"{block['seconds']:.3f}",
                          f"{block['articles_per_s']:.1f}")
    console = Console()
    console.print(summary)
    console.print(per_block)
    if result.get("stages"):
        console.print(stages_table(result["stages"]))
    if len(result.get("scale") or ()) > 1:
        console.print(scale_table(result["scale"]))


def scale_table(stages: list[dict[str, Any]]) -> Any:
    """Ingest rate and /incident latency at each database size (the first row: the articles really ingested)."""
    from rich.table import Table

    table = Table(title="by database size (first row: the initial ingest; then grown by copies, fresh articles ingested)")
    for column in ("articles in db", "ingest articles/s", "vs first checkpoint", "/incident p50 ms", "p99 ms", "grow s"):
        table.add_column(column, justify="right")
    first = stages[1 if len(stages) > 1 else 0]["ingest_articles_per_s"] or 1e-9  # like with like: fresh samples
    for number, st in enumerate(stages):
        change = (st["ingest_articles_per_s"] - first) / first * 100
        table.add_row(f"{st['articles_in_db']:,}", f"{st['ingest_articles_per_s']:.1f}",
                      "" if number == 0 and len(stages) > 1 else f"{change:+.0f} %",
                      f"{st['incident']['p50_ms']:.2f}", f"{st['incident']['p99_ms']:.2f}",
                      "" if st["grow_seconds"] is None else f"{st['grow_seconds']:.0f}")
    return table
