"""Where ingest time goes, per stage, measured on fresh bench articles in the same run.

The hot path holds no timing code. For one extra ingest of `sample` fresh articles, this pass wraps each stage's
entry points (the functions the pipeline and the extractor call: `split_sentences`, `find_dates`, `Segmenter.feed`,
`Resolver.resolve`, ...) with a CPU clock. Each call is charged to its stage minus the time of the stages nested in
it (claims minus the attribution they ask for, writes minus resolution and extraction), so the stages add up to
the pass's CPU time; what no entry point covers (reading and parsing the files, batching) is "other". The shares
are then applied to the CPU time the main ingest measured. A wrapped call costs about 1-2 µs (a few % of the pass):
that cost, measured at the start, is taken out of the stage that made the call and out of the pass's total.
"""
from __future__ import annotations

import functools
import gc
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from importlib import import_module
from typing import Any

# (stage, module, "function" or "Class.method"): an entry point that no longer exists is skipped (and listed).
ENTRY_POINTS: tuple[tuple[str, str, str], ...] = (
    ("writes", "briefings.ingest.pipeline", "Pipeline.commit"),  # inserts and the commit, minus what it calls below
    ("writes", "briefings.ingest.pipeline", "Pipeline.refresh"),  # incident statuses refreshed after batches
    ("language", "briefings.extract.lang.detect", "LanguageDetector.language_of"),
    ("duplicate detection", "briefings.ingest.lookup", "classify"),
    ("duplicate detection", "briefings.ingest.lookup", "look"),  # the batch's reads before the write lock
    ("duplicate detection", "briefings.ingest.lookup", "caught_up"),  # under the lock: what others stored since
    ("duplicate detection", "briefings.ingest.lookup", "decide"),
    ("duplicate detection", "briefings.ingest.dedup", "content_hash"),
    ("duplicate detection", "briefings.ingest.dedup", "signature"),
    ("duplicate detection", "briefings.ingest.dedup", "bands"),
    ("resolution", "briefings.resolve", "Resolver.lock"),
    ("resolution", "briefings.resolve", "Resolver.resolve"),
    ("extraction, rest", "briefings.ingest.extractor", "frames_of"),  # the per-article orchestration
    ("sentence split", "briefings.extract.sentences", "split_sentences"),
    ("sentence split", "briefings.extract.dateline", "dateline_end"),
    ("places", "briefings.knowledge.places", "Gazetteer.scan"),
    ("places", "briefings.knowledge.places", "Gazetteer.context"),
    ("places", "briefings.knowledge.places", "Gazetteer.resolve"),
    ("places", "briefings.knowledge.places", "Gazetteer.find"),
    ("places", "briefings.knowledge.places", "Gazetteer.learn"),
    ("places", "briefings.knowledge.learned", "LearnedPlaces.find"),
    ("places", "briefings.knowledge.learned", "LearnedPlaces.with_mentions"),  # the extractor's call (find inside)
    ("places", "briefings.knowledge.learned", "mention_of"),
    ("places", "briefings.extract.lang.places", "place_roles"),
    ("dates", "briefings.extract.dates", "find_dates"),
    ("dates", "briefings.extract.dates", "find_dates_in"),  # an article's sentences at once
    ("dates", "briefings.extract.datetext", "infer_published"),
    ("dates", "briefings.extract.lang.dates", "find_foreign_dates"),
    ("dates", "briefings.ingest.urldate", "date_in_url"),
    ("attribution", "briefings.extract.holders", "find_attributions"),
    ("claims", "briefings.extract.cues", "CueFilter.may_claim"),
    ("claims", "briefings.extract.claims", "extract_claims"),
    ("claims", "briefings.extract.across", "revise"),
    ("claims", "briefings.extract.article", "_normalise"),
    ("claims", "briefings.extract.lang.foreign", "extract_foreign_claims"),
    ("frames (segmenting)", "briefings.extract.frames", "Segmenter.feed"),
    ("frames (segmenting)", "briefings.extract.frames", "Segmenter.headline"),
    ("frames (segmenting)", "briefings.extract.frames", "Segmenter.result"),
)
ORDER = ("sentence split", "places", "dates", "attribution", "claims", "frames (segmenting)", "extraction, rest",
         "language", "duplicate detection", "resolution", "writes", "other")


class Meter:
    """CPU seconds and calls per stage, each call charged exclusive of the stages nested in it."""

    def __init__(self, clock: Callable[[], float] = time.thread_time, overhead: float | None = None) -> None:
        self.clock = clock
        self.seconds: dict[str, float] = {}
        self.calls: dict[str, int] = {}
        self._stack: list[list[float]] = []  # [started, time of nested stages]
        # what a wrapped call costs outside its own clock readings: taken out of its caller's time and of the total
        self.overhead = self._overhead() if overhead is None else overhead

    def _overhead(self, calls: int = 20000) -> float:
        probe = Meter(self.clock, 0.0)
        plain = lambda a, b, c, d: None  # noqa: E731 - entry points take three to five arguments
        timed = probe.wrap("probe", plain)
        best = float("inf")
        for _ in range(3):  # the whole call minus the span its own clock readings saw
            probe.seconds.clear()
            started = self.clock()
            for _ in range(calls):
                timed(1, 2, 3, 4)
            best = min(best, (self.clock() - started - probe.seconds["probe"]) / calls)
        return max(best, 0.0)

    def wrap(self, stage: str, fn: Callable[..., Any]) -> Callable[..., Any]:
        @functools.wraps(fn)
        def timed(*args: Any, **kwargs: Any) -> Any:
            frame = [self.clock(), 0.0]
            self._stack.append(frame)
            try:
                return fn(*args, **kwargs)
            finally:
                spent = self.clock() - frame[0]
                self._stack.pop()
                if self._stack:
                    self._stack[-1][1] += spent + self.overhead
                self.seconds[stage] = self.seconds.get(stage, 0.0) + spent - frame[1]
                self.calls[stage] = self.calls.get(stage, 0) + 1
        return timed


@contextmanager
def metered(meter: Meter, entry_points: tuple[tuple[str, str, str], ...] = ENTRY_POINTS) -> Iterator[list[str]]:
    """Entry points wrapped (in their module, in every briefings module that imported them by name, and on their
    class) for the length of the block; yields the entry points that were not found."""
    undo: list[tuple[Any, str, Any]] = []
    missing: list[str] = []
    try:
        for stage, module_name, attribute in entry_points:
            try:
                owner: Any = import_module(module_name)
                *path, name = attribute.split(".")
                for part in path:
                    owner = getattr(owner, part)
                original = owner.__dict__[name]
            except (ImportError, AttributeError, KeyError):
                missing.append(f"{module_name}.{attribute}")
                continue
            if not callable(original):
                missing.append(f"{module_name}.{attribute}")
                continue
            timed = meter.wrap(stage, original)
            holders = [owner] if path else [m for m in list(sys.modules.values())
                                            if getattr(m, "__name__", "").startswith("briefings")
                                            and getattr(m, "__dict__", {}).get(name) is original]
            for holder in holders:
                undo.append((holder, name, original))
                setattr(holder, name, timed)
        yield missing
    finally:
        for holder, name, original in reversed(undo):
            setattr(holder, name, original)


def breakdown(meter: Meter, pass_cpu: float, articles: int, ingest_cpu: float | None, ingested: int) -> dict[str, Any]:
    """The stages' shares of the pass, and what they come to per article and for the main ingest's CPU time."""
    seconds = dict(meter.seconds)
    metering = meter.overhead * sum(meter.calls.values())
    seconds["other"] = max(0.0, pass_cpu - metering - sum(seconds.values()))
    total = sum(seconds.values()) or 1e-9
    per_article = (ingest_cpu / max(ingested, 1)) if ingest_cpu else total / max(articles, 1)
    rows = [{"stage": stage, "share": round(seconds[stage] / total, 4), "calls": meter.calls.get(stage, 0),
             "pass_cpu_s": round(seconds[stage], 4),
             "ms_per_article": round(seconds[stage] / total * per_article * 1000, 3),
             "ingest_cpu_s": round(seconds[stage] / total * (ingest_cpu or total), 3)}
            for stage in sorted(seconds, key=lambda s: ORDER.index(s) if s in ORDER else len(ORDER))]
    return {"sample_articles": articles, "pass_cpu_s": round(pass_cpu, 3), "metering_cpu_s": round(metering, 4),
            "ingest_cpu_s": ingest_cpu,
            "ms_per_article": round(per_article * 1000, 3), "stages": rows}


def measure(engine: Any, paths: list[Any], articles: int, ingest_cpu: float | None, ingested: int) -> dict[str, Any]:
    """One metered ingest of `paths` (fresh articles) through `engine`, extraction in this process."""
    from briefings.heap import long_lived
    from briefings.ingest.extractor import InlineExtractor

    pipeline = engine.pipeline
    extractor = pipeline.extractor
    pipeline.extractor = InlineExtractor(engine.knowledge)  # workers would take the extraction out of sight
    meter = Meter()
    gc.collect()  # a full collection left pending by the main run would land in whichever stage runs then
    try:
        with long_lived(), metered(meter) as missing:  # frozen as `briefbot ingest` runs it; not in the pass's time
            started = time.thread_time()
            engine.ingest(paths)
            pass_cpu = time.thread_time() - started
    finally:
        pipeline.extractor = extractor
    return breakdown(meter, pass_cpu, articles, ingest_cpu, ingested) | {"missing_entry_points": missing}


def table(found: dict[str, Any]) -> Any:
    """The breakdown as a rich table."""
    from rich.table import Table

    scale = (f"scaled to the run's {found['ms_per_article']:.2f} ms per article" if found.get("ingest_cpu_s")
             else f"{found['ms_per_article']:.2f} ms per article in the pass, extraction in this process")
    t = Table(title=f"where ingest CPU goes (metered pass over {found['sample_articles']} fresh articles, {scale})")
    for column in ("stage", "share", "ms/article", "calls in pass"):
        t.add_column(column, justify="left" if column == "stage" else "right")
    for row in found["stages"]:
        t.add_row(row["stage"], f"{row['share'] * 100:.1f} %", f"{row['ms_per_article']:.3f}", f"{row['calls']:,}")
    return t
