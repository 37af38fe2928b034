"""The bench's yardstick: words per second of ingest beside spaCy's blank English tokenizer on the same texts.

DESIGN.md §7 asks for a pipeline faster than a bare tokenizer. Both rates are measured in the same run, on the same
texts and machine, so that the ratio means something on a shared machine where absolute rates wander. spaCy is
only the yardstick (`pip install -e ".[bench]"`); without it the bench says so and measures the rest.
"""
from __future__ import annotations

import json
import time
from collections.abc import Iterable, Sequence
from pathlib import Path
from typing import Any

REPEATS = 3  # the tokenizer runs are short: the best of three is less at the mercy of other processes
ABSENT = "spaCy is not installed: no tokenizer yardstick (pip install -e \".[bench]\" to measure it)"


def texts_of(paths: Iterable[Path]) -> list[str]:
    """The article texts of the bench's .jsonl files, as ingested."""
    return [json.loads(line)["text"] for path in paths
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def word_count(texts: Iterable[str]) -> int:
    """Whitespace-separated words, the unit of both rates."""
    return sum(len(t.split()) for t in texts)


def spacy_rate(texts: Sequence[str], repeats: int = REPEATS) -> dict[str, Any] | None:
    """Words per second (wall and CPU) of `spacy.blank("en")`'s tokenizer over `texts`, best of `repeats`, or None
    without spaCy."""
    try:
        import spacy
    except ImportError:
        return None
    words = word_count(texts)
    best = best_cpu = float("inf")
    for _ in range(repeats):  # a fresh tokenizer each time: one cold pass over the texts, like the ingest's
        tokenizer = spacy.blank("en").tokenizer
        started, cpu = time.perf_counter(), time.process_time()
        for _doc in tokenizer.pipe(texts, batch_size=256):
            pass
        best = min(best, time.perf_counter() - started)
        best_cpu = min(best_cpu, time.process_time() - cpu)
    return {"version": spacy.__version__, "seconds": round(best, 4), "words_per_s": round(words / max(best, 1e-9)),
            "cpu_seconds": round(best_cpu, 4), "words_per_cpu_s": round(words / max(best_cpu, 1e-9))}


def yardstick(paths: Sequence[Path], ingest_seconds: float, ingest_cpu: float | None = None) -> dict[str, Any]:
    """Ingest words/s, spaCy's tokenizer words/s on the same texts, and their ratio (None where spaCy is absent);
    with `ingest_cpu`, the same per CPU-second (steadier than wall time on a shared machine)."""
    texts = texts_of(paths)
    words = word_count(texts)
    ours = round(words / max(ingest_seconds, 1e-9))
    tok = spacy_rate(texts)
    out = {"words": words, "distinct_words": len({w for t in texts for w in t.split()}),
           "ingest_words_per_s": ours, "spacy": tok,
           "ratio": ours / tok["words_per_s"] if tok else None}
    if ingest_cpu is not None:
        ours_cpu = round(words / max(ingest_cpu, 1e-9))
        out |= {"ingest_words_per_cpu_s": ours_cpu, "cpu_ratio": ours_cpu / tok["words_per_cpu_s"] if tok else None}
    return out


def describe(found: dict[str, Any] | None) -> str:
    """One line for the summary table."""
    if not found:
        return "not measured"
    distinct = found.get("distinct_words")
    line = f"ingest {found['ingest_words_per_s']:,} words/s ({found['words']:,} words" + (
        f", {distinct:,} distinct)" if distinct else ")")
    tok = found.get("spacy")
    if not tok:
        return f"{line}; {ABSENT}"
    line = (f"{line}; spaCy {tok['version']} blank('en') tokenizer {tok['words_per_s']:,} words/s on the same "
            f"texts; ratio {found['ratio'] * 100:.1f} %")
    if found.get("cpu_ratio") is not None:
        line += (f" (per CPU-second: ingest {found['ingest_words_per_cpu_s']:,}, tokenizer "
                 f"{tok['words_per_cpu_s']:,}, ratio {found['cpu_ratio'] * 100:.1f} %)")
    return line
