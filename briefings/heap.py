"""The long-lived heap of a serving process, kept out of the cyclic garbage collector's full passes.

A started bot holds ~110,000 tracked objects for its whole life (the gazetteer, the actor lists, compiled
patterns, the ORM's mappings). Python's full (oldest-generation) collection walks all of them every few
hundred answers: 25-40 ms of CPU on one answer, measured as the whole `/incident` p99 at 1M articles
(gen-2 passes were 70 % of all GC time). Frozen, they are never walked; what answers allocate is collected
as before. Nothing is kept that would not be kept anyway: these objects live as long as the process.
"""
from __future__ import annotations

import gc
from collections.abc import Iterator
from contextlib import contextmanager


@contextmanager
def long_lived() -> Iterator[None]:
    """While serving: what is alive now is frozen (after one collection, so no garbage is frozen with it)."""
    gc.collect()
    gc.freeze()
    try:
        yield
    finally:
        gc.unfreeze()  # a test or a bench calling this again starts from an ordinary heap


__all__ = ["long_lived"]
