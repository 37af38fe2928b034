"""The bounded memo behind the date expressions and the fuzzy name pools (briefings/lru.py)."""
from __future__ import annotations

import threading

from briefings.lru import Recent


def test_the_least_recently_used_entry_goes_first() -> None:
    memo: Recent[str, int] = Recent(2)
    memo.put("a", 1)
    memo.put("b", 2)
    assert memo.get("a") == 1  # read: now the newest
    memo.put("c", 3)
    assert "b" not in memo and "a" in memo and "c" in memo
    assert list(reversed(memo)) == ["c", "a"] and len(memo) == 2


def test_threads_filling_and_reading_one_memo_never_fail_and_keep_it_bounded() -> None:
    memo: Recent[int, int] = Recent(64)
    errors: list[BaseException] = []

    def work(seed: int) -> None:
        try:
            for i in range(20_000):
                key = (i * seed) % 500
                if memo.get(key) is None:
                    memo.put(key, key)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(s,)) for s in (3, 7, 11, 13)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert not errors and len(memo) <= 64
