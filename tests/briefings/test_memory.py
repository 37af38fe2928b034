"""After a big input the process gives its freed memory back, so the next big input does not stack on it
(issue 15: one batch stays under its memory bar whatever its inputs)."""
from __future__ import annotations

from pathlib import Path

import pytest

from briefings.ingest.memory import BIG_INPUT_BYTES, _TRIM, give_back, is_big


def _rss_kb() -> int:
    fields = Path("/proc/self/status").read_text().split("VmRSS:")[1].split()
    return int(fields[0])


def test_big_local_files_are_big_and_urls_are_not(tmp_path: Path) -> None:
    small, big = tmp_path / "a.txt", tmp_path / "b.jsonl"
    small.write_text("x")
    big.write_bytes(b"x" * BIG_INPUT_BYTES)
    assert is_big(str(big)) and not is_big(str(small))
    assert not is_big("https://example.org/feed.xml") and not is_big(str(tmp_path / "missing"))


@pytest.mark.skipif(_TRIM is None or not Path("/proc/self/status").exists(), reason="needs glibc and /proc")
def test_memory_of_a_parsed_input_goes_back_to_the_system() -> None:
    """A parse leaves holes between the few objects that outlive it (kept entries): freeing it alone returns
    nothing to the system; give_back does."""
    parsed = [("x" * 2000) + str(i) for i in range(100_000)]  # ~200 MB of a big feed's text
    kept = parsed[::50]  # what outlives the parse (the stored documents), scattered through the heap
    before = _rss_kb()
    del parsed
    give_back()
    assert _rss_kb() < before - 100_000  # at least 100 MB of the ~200 MB returned
    assert len(kept) == 2000
