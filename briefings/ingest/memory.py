"""Memory given back after a big input. CPython frees a big input's objects, but the C heap keeps the pages, so a
20,000-item feed followed by a 19 MB text would stack their peaks; glibc's malloc_trim returns the free pages to the
system (elsewhere, or without glibc, this is a garbage collection only)."""
from __future__ import annotations

import ctypes
import ctypes.util
import gc
import os
from collections.abc import Callable

BIG_INPUT_BYTES = 2_000_000  # inputs from this size on give their memory back once read and stored


def _malloc_trim() -> Callable[[int], int] | None:
    name = ctypes.util.find_library("c")
    try:
        return ctypes.CDLL(name).malloc_trim if name else None  # type: ignore[no-any-return]
    except (OSError, AttributeError):  # musl, macOS, Windows: no malloc_trim
        return None


_TRIM = _malloc_trim()


def is_big(source: str) -> bool:
    """A local file of at least BIG_INPUT_BYTES (URLs and odd paths: no)."""
    try:
        return os.path.getsize(source) >= BIG_INPUT_BYTES
    except (OSError, ValueError):
        return False


def give_back() -> None:
    """Collect garbage, then return the heap's free pages to the system."""
    gc.collect()
    if _TRIM is not None:
        _TRIM(0)
