"""Close spellings of a user's place query among the world's names, scored as `Gazetteer.search` always scored them.

The pool of a query is every world name sharing its first three letters (up to 4,000). Scoring that pool one name
at a time in Python was most of a `/incident` look-up; here the pool of a prefix is read once and kept (a bounded
number of prefixes), the names that start with the query are found by bisection, and the close spellings by
rapidfuzz's compiled loop with a cut-off just below the one the score needs. Only those are scored the old way,
in the pool's own order, so the result is the same to the last tie.
"""
from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from briefings.lru import Recent

POOLS = 64  # prefixes remembered (a pool is at most 4,000 names, typically a few hundred)
_TIE = 0.97  # a curated regional name wins a tie
_FLOOR = 0.79  # a world name scoring less is no candidate
_JW_CUT = 0.90  # JaroWinkler below this cannot reach _FLOOR (0.9 * jw * 0.97 >= 0.79 needs jw >= 0.905)


@dataclass(frozen=True)
class Pool:
    keys: tuple[str, ...]  # in the order the index gave them
    ids: tuple[str, ...]
    by_key: tuple[str, ...]  # the keys sorted, for the prefix range
    order: tuple[int, ...]  # position in `keys` of each of `by_key`


def make_pool(rows: list[tuple[str, str]]) -> Pool:
    keys = tuple(k for k, _ in rows)
    order = tuple(sorted(range(len(keys)), key=keys.__getitem__))
    return Pool(keys, tuple(i for _, i in rows), tuple(keys[i] for i in order), order)


class NamePools:
    """Pools by prefix, read through `fetch` (WorldIndex.keys_from) and kept in a small LRU."""

    def __init__(self, fetch: Callable[[str], list[tuple[str, str]]], size: int = POOLS) -> None:
        self._fetch = fetch
        self._pools: Recent[str, Pool] = Recent(size)

    def pool(self, prefix: str) -> Pool:
        found = self._pools.get(prefix)
        return found if found is not None else self._pools.put(prefix, make_pool(self._fetch(prefix)))

    def close_names(self, q: str) -> dict[str, float]:
        """Place id -> best score of the world names like `q` (other than `q` itself) that reach the floor."""
        pool = self.pool(q[:3])
        hits: set[int] = set()
        if len(q) >= 4:  # names that start with the query score by length, however unlike they are
            lo = bisect_left(pool.by_key, q)
            hi = bisect_left(pool.by_key, q + "\uffff", lo)
            hits.update(pool.order[lo:hi])
        for _key, _score, i in process.extract(q, pool.keys, scorer=JaroWinkler.normalized_similarity,
                                               score_cutoff=_JW_CUT, limit=None):
            hits.add(i)
        ids: dict[str, float] = {}
        for i in sorted(hits):  # the pool's order: ties keep the place that came first, as before
            key, pid = pool.keys[i], pool.ids[i]
            if key == q:
                continue
            s = 0.9 + 0.09 * len(q) / len(key) if key.startswith(q) and len(q) >= 4 else \
                0.9 * JaroWinkler.normalized_similarity(q, key)
            s *= _TIE
            if s >= _FLOOR and s > ids.get(pid, 0.0):
                ids[pid] = s
        return ids
