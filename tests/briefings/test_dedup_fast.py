"""The ASCII signature (dedup._ascii_signature) must be bit-identical to the general one: stored signatures and
bands of old and new articles are compared with each other."""
from __future__ import annotations

import random
from pathlib import Path

import pytest

from briefings.bench import gen, load_places
from briefings.ingest import dedup
from briefings.ingest.readers import read

_WORDS = ("the", "Army", "said", "3", "killed", "x_y", "wounded", "KALSU", "village", "o'clock", "e-mail", "drone",
          "strike", "al-Qaim", "on", "Monday", "at", "least", "12", "people", "Reuters", "cafe", "_", "42nd")
_GAPS = (" ", "  ", "\n", ", ", ". ", " - ", "\t", " (", ") ", '" ', "; ", "--", "'", "/")


def _texts(seed: int, count: int) -> list[str]:
    """Varied texts: few words (below one shingle, a few bins) to many, punctuation runs, repeats, mixed case."""
    rng = random.Random(seed)
    out = []
    for _ in range(count):
        n = rng.choice((0, 1, 4, 5, 6, 12, 40, 90, 300, 900))
        out.append("".join(rng.choice(_WORDS) + rng.choice(_GAPS) for _ in range(n)))
    return out


@pytest.mark.parametrize("text", _texts(1, 120) + ["", " ", "a b c d", "a b c d e", "one two three four five six",
                                                   "A  b\tC\nd, E; f-g_h 1 2 3 4 5 6 7 8 9 10 " * 20])
def test_ascii_fast_path_equals_general_path(text: str) -> None:
    assert dedup._ascii_signature(text) == dedup._general_signature(text)
    assert dedup.signature(text) == dedup._general_signature(text)


@pytest.mark.parametrize("text", [
    "Caf\u00e9 \u201cblast\u201d \u2014 five killed in K\u00f6ln on Monday, police said; \u0130stanbul too " * 8,
    "\u0423 \u0425\u0430\u0440\u043a\u043e\u0432\u0456 \u0437\u0430\u0433\u0438\u043d\u0443\u043b\u0438 "
    "\u0442\u0440\u043e\u0454 \u043b\u044e\u0434\u0435\u0439 " * 10,
    "\uff21\uff22\uff23 full-width ABC, \ufb01ne ligature, STRASSE stra\u00dfe, soft\u00adhyphen " * 6,
    "mixed ASCII text with one non-ASCII quote at the end of a long line of plain words \u2019",
])
def test_signature_of_non_ascii_text_is_the_general_one(text: str) -> None:
    assert dedup.signature(text) == dedup._general_signature(text)
    ascii_only = text.encode("ascii", "ignore").decode()  # the ASCII part alone: the fast path again
    assert dedup.signature(ascii_only) == dedup._general_signature(ascii_only)


def test_fast_path_on_bench_and_seed_texts(seeds_dir: Path) -> None:
    texts = [a.text for a in gen.articles(gen.make_plan(150, load_places(), 5))]
    texts += [d.text for p in sorted(seeds_dir.glob("*.txt")) for d in read(str(p)) if hasattr(d, "text")]
    assert any(t.isascii() for t in texts)
    for text in texts:
        assert dedup.signature(text) == dedup._general_signature(text)
        if text.isascii():
            assert dedup._ascii_signature(text) == dedup._general_signature(text)
