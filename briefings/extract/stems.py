"""Pre-tests: does a text hold any of these substrings? One pass of an Aho-Corasick automaton over the text instead
of one `in` test per stem (the plain loop when pyahocorasick is missing: the same answers, slower).

The stems always come from the extractor's own word lists or gate tuples, so a word added there is a stem here."""
from __future__ import annotations

from collections.abc import Iterable
from typing import Any

__all__ = ["StemSet"]


class StemSet:
    """`StemSet(stems).any(text)`: True when one of the stems occurs in `text` (case as given)."""

    def __init__(self, stems: Iterable[str]) -> None:
        self.stems = tuple(sorted(set(stems)))
        self._automaton = _automaton(self.stems)

    def any(self, text: str) -> bool:
        if self._automaton is not None:
            for _ in self._automaton.iter(text):
                return True
            return False
        for stem in self.stems:  # a plain loop: any() over a generator costs more than the searches
            if stem in text:
                return True
        return False


def _automaton(stems: tuple[str, ...]) -> Any:
    try:
        import ahocorasick
    except ImportError:
        return None
    automaton = ahocorasick.Automaton()
    for stem in stems:
        automaton.add_word(stem, stem)
    if not stems:
        return None  # an empty automaton cannot be searched
    automaton.make_automaton()
    return automaton
