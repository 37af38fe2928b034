"""The long-lived heap of a serving process, kept out of the cyclic garbage collector's full passes.

A started bot holds ~110,000 tracked objects for its whole life (the gazetteer, the actor lists, compiled
patterns, the ORM's mappings). Python's full (oldest-generation) collection walks all of them every few
hundred answers: 25-40 ms of CPU on one answer, measured as the whole `/incident` p99 at 1M articles
(gen-2 passes were 70 % of all GC time). Frozen, they are never walked; what answers allocate is collected
as before. Nothing is kept that would not be kept anyway: these objects live as long as the process.
A batch ingest gains the same way (≈ 3-4 % of its CPU: the collector's passes over the gazetteer between reports).
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived() -> Iterator[None]:
    """While serving or ingesting: what is alive now is frozen (after one collection, so no garbage is frozen
    with it). Inside an outer `long_lived` it changes nothing: the inner exit must not thaw the outer heap (the
    bot serves inside one, and its ingest code may enter another)."""
    if gc.get_freeze_count():
        yield
        return
    freeze()
    try:
        yield
    finally:
        gc.unfreeze()  # a test or a bench calling this again starts from an ordinary heap


def freeze() -> None:
    """What is alive now, frozen after one collection; for good in a process whose heap is long-lived from here to
    its end (an extraction worker once it has loaded its knowledge)."""
    gc.collect()
    gc.freeze()


__all__ = ["freeze", "long_lived"]
