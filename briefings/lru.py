"""The last few values used, by key: a bounded memo that several threads may read and fill at once (the bot reads
user-typed dates and names while it ingests). A race between two threads costs a recomputation, never an error."""
from __future__ import annotations

from collections import OrderedDict
from collections.abc import Hashable, Iterator
from typing import Generic, TypeVar

K = TypeVar("K", bound=Hashable)
V = TypeVar("V")


class Recent(Generic[K, V]):
    """At most `size` entries; the least recently read or written goes first."""

    def __init__(self, size: int) -> None:
        self.size = size
        self._entries: OrderedDict[K, V] = OrderedDict()

    def get(self, key: K) -> V | None:
        found = self._entries.get(key)
        if found is not None:
            try:
                self._entries.move_to_end(key)
            except KeyError:  # another thread evicted it meanwhile
                pass
        return found

    def put(self, key: K, value: V) -> V:
        self._entries[key] = value
        while len(self._entries) > self.size:
            try:
                self._entries.popitem(last=False)
            except KeyError:  # emptied by another thread
                break
        return value

    def __len__(self) -> int:
        return len(self._entries)

    def __contains__(self, key: object) -> bool:
        return key in self._entries

    def __reversed__(self) -> Iterator[K]:
        return reversed(self._entries)


__all__ = ["Recent"]
