"""The serving heap is frozen while a bot serves and given back afterwards (briefings/heap.py)."""
from __future__ import annotations

import gc
import weakref

from briefings.heap import long_lived


class _Node:
    other: object = None


def _cycle() -> weakref.ref[_Node]:
    """A reference cycle nobody can reach any more; the weak reference tells when it is freed."""
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_objects_alive_at_start_are_frozen_while_serving_and_released_after() -> None:
    kept = [[f"town {i}"] for i in range(1000)]  # long-lived, like a gazetteer's entries
    with long_lived():
        assert gc.get_freeze_count() >= len(kept)
        gone = _cycle()  # what an answer leaves behind is still collected
        gc.collect()
        assert gone() is None
    assert gc.get_freeze_count() == 0


def test_garbage_is_collected_before_freezing_not_kept_forever() -> None:
    gone = _cycle()
    with long_lived():
        assert gone() is None
