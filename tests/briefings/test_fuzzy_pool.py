"""Close spellings of a place query: the compiled pool gives what scoring every name one by one gave, and a
prefix's names are read from the world index once, not on every query."""
from __future__ import annotations

from rapidfuzz.distance import JaroWinkler

from briefings.knowledge.fuzzy import NamePools

NAMES = [("kirkuk", "w:1"), ("kirkuk governorate", "w:2"), ("kirkūk", "w:3"), ("kirkuka", "w:4"), ("kirov", "w:5"),
         ("kirkwall", "w:6"), ("kirkuk", "w:7"), ("kiruna", "w:8"), ("kirkenes", "w:9"), ("kir", "w:10"),
         ("kirkuk airbase", "w:1")]


def _one_by_one(q: str, rows: list[tuple[str, str]]) -> dict[str, float]:
    ids: dict[str, float] = {}
    for key, pid in rows:
        if key == q:
            continue
        s = 0.9 + 0.09 * len(q) / len(key) if key.startswith(q) and len(q) >= 4 else \
            0.9 * JaroWinkler.normalized_similarity(q, key)
        s *= 0.97
        if s >= 0.79 and s > ids.get(pid, 0.0):
            ids[pid] = s
    return ids


def test_same_places_and_scores_in_the_same_order_as_scoring_each_name() -> None:
    pools = NamePools(lambda prefix: [r for r in NAMES if r[0].startswith(prefix)])
    for q in ("kirkuk", "kirkku", "kirku", "kirk", "kir", "kirkuk governorate", "kirova", "kirkenes"):
        expected = _one_by_one(q, [r for r in NAMES if r[0].startswith(q[:3])])
        got = pools.close_names(q)
        assert got == expected, q
        assert list(got) == list(expected), q  # ties keep the first place, as before


def test_a_prefix_is_read_once_and_the_memory_is_bounded() -> None:
    asked: list[str] = []

    def fetch(prefix: str) -> list[tuple[str, str]]:
        asked.append(prefix)
        return [r for r in NAMES if r[0].startswith(prefix)]

    pools = NamePools(fetch, size=2)
    pools.close_names("kirkuk")
    pools.close_names("kirkku")  # a typing slip with the same first letters: no second read
    assert asked == ["kir"]
    pools.close_names("mosul")
    pools.close_names("basra")  # a third prefix pushes out the least recently used one
    pools.close_names("kirkuk")
    assert asked == ["kir", "mos", "bas", "kir"]
