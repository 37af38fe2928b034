"""The yardstick again, on real reports the user names (`briefbot bench --texts DIR`).

The synthetic bench corpus is written from a few hundred words, and spaCy's tokenizer remembers every
whitespace-separated chunk it has split: on those texts it runs at millions of words per second, a rate no
real feed shows (news has a third of its words new to any small sample). So the ratio is also measured on real
reports: each pass ingests them into a fresh temporary database (after one warm-up pass, so that language data
and date locales loaded once per process are not counted), beside spaCy's tokenizer on the same document texts.
"""
from __future__ import annotations

import tempfile
import time
from typing import Any

from briefings.heap import long_lived
from briefings.bench.words import spacy_rate, word_count

REPEATS = 3


def measure(source: str, repeats: int = REPEATS) -> dict[str, Any]:
    """Words per CPU-second of ingest on the reports at `source` (file, directory or glob), the best of `repeats`
    passes, and spaCy's tokenizer on the same texts (None without spaCy)."""
    from briefings.engine import Engine
    from briefings.ingest.formats import Document
    from briefings.ingest.readers import read

    texts = [d.text for d in read(source) if isinstance(d, Document)]
    if not texts:
        raise ValueError(f"no readable reports at {source}")
    words = word_count(texts)
    best = float("inf")
    for attempt in range(repeats + 1):
        with tempfile.TemporaryDirectory(prefix="briefbot-texts-") as tmp:
            engine = Engine(f"sqlite:///{tmp}/texts.sqlite3")
            try:
                with long_lived():  # as `briefbot ingest` runs it; its one collection (≈ 20 ms) is not timed
                    cpu = time.process_time()
                    engine.ingest([source])
                    cpu = time.process_time() - cpu
            finally:
                engine.close()
        if attempt:  # the first pass is the warm-up
            best = min(best, cpu)
    ours = round(words / max(best, 1e-9))
    tok = spacy_rate(texts)
    return {"source": source, "reports": len(texts), "words": words, "distinct_words": len({w for t in texts for w in t.split()}),
            "cpu_seconds": round(best, 4), "reports_per_cpu_s": round(len(texts) / max(best, 1e-9), 1),
            "ingest_words_per_cpu_s": ours, "spacy": tok,
            "cpu_ratio": ours / tok["words_per_cpu_s"] if tok else None}


def describe(found: dict[str, Any] | None) -> str:
    if not found:
        return "not measured (--texts DIR measures ingest beside spaCy's tokenizer on real reports)"
    line = (f"{found['reports']} reports, {found['words']:,} words ({found['distinct_words']:,} distinct): ingest "
            f"{found['ingest_words_per_cpu_s']:,} words per CPU-second ({found['reports_per_cpu_s']} reports)")
    tok = found.get("spacy")
    if not tok:
        return line + "; spaCy is not installed (pip install -e \".[bench]\")"
    return (line + f"; spaCy tokenizer {tok['words_per_cpu_s']:,}; ratio {found['cpu_ratio'] * 100:.1f} %")
