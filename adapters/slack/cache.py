"""A small bounded cache with expiry: which events were already handled, who may manage a channel."""
from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable, Hashable
from typing import Generic, TypeVar

V = TypeVar("V")


class TtlCache(Generic[V]):
    """Keys live `ttl` seconds; the oldest are dropped beyond `maxsize`, so memory stays bounded."""

    def __init__(self, ttl: float, maxsize: int = 10_000, clock: Callable[[], float] = time.monotonic) -> None:
        self.ttl, self.maxsize, self.clock = ttl, maxsize, clock
        self._items: OrderedDict[Hashable, tuple[float, V]] = OrderedDict()

    def get(self, key: Hashable) -> V | None:
        found = self._items.get(key)
        if found is None:
            return None
        if found[0] <= self.clock():
            del self._items[key]
            return None
        return found[1]

    def put(self, key: Hashable, value: V) -> None:
        self._items[key] = (self.clock() + self.ttl, value)
        self._items.move_to_end(key)
        while len(self._items) > self.maxsize:
            self._items.popitem(last=False)

    def first_time(self, key: Hashable) -> bool:
        """True the first time a key is seen within its lifetime (and remember it)."""
        if self.get(key) is not None:
            return False
        self.put(key, True)  # type: ignore[arg-type]
        return True

    def __len__(self) -> int:
        return len(self._items)
