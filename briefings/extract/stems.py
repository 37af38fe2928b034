"""Which of a fixed list of lowercase stems occur in a text, in one pass (an Aho-Corasick automaton).

The finders gate their regexes on stems ("does the folded sentence contain one of these words?"); testing each gate
with `in` costs a Python loop per gate, while one automaton pass finds every stem of every gate at once and a gate
is then a set test. Without pyahocorasick the plain loop gives the same answers, slower.
"""
from __future__ import annotations

from collections.abc import Iterable
from operator import itemgetter

_STEM = itemgetter(1)


class Stems:
    """A fixed set of stems; `found(low)` is the set of them that occur in `low` (overlaps included)."""

    def __init__(self, stems: Iterable[str]) -> None:
        self.stems = tuple(sorted(set(stems)))
        self._automaton = _automaton(self.stems)

    def found(self, low: str) -> set[str]:
        if self._automaton is not None:
            return set(map(_STEM, self._automaton.iter(low)))  # (end, stem) pairs
        return {stem for stem in self.stems if stem in low}

    def add(self, low: str, hits: set[str]) -> None:
        """Add to `hits` the stems that occur in `low`."""
        if self._automaton is not None:
            hits.update(map(_STEM, self._automaton.iter(low)))
        else:
            hits.update(stem for stem in self.stems if stem in low)

    def starts(self, text: str) -> list[int]:
        """Where each occurrence of a stem in `text` starts (overlaps included, unordered)."""
        if self._automaton is not None:
            return [end - len(stem) + 1 for end, stem in self._automaton.iter(text)]
        return [i for stem in self.stems for i in _occurrences(text, stem)]

    def any(self, low: str) -> bool:
        if self._automaton is not None:
            for _ in self._automaton.iter(low):
                return True
            return False
        for stem in self.stems:
            if stem in low:
                return True
        return False


def _occurrences(text: str, stem: str) -> list[int]:
    out, at = [], text.find(stem)
    while at >= 0:
        out.append(at)
        at = text.find(stem, at + 1)
    return out


def _automaton(stems: tuple[str, ...]):  # type: ignore[no-untyped-def]
    if not stems:
        return None
    try:
        import ahocorasick
    except ImportError:
        return None
    automaton = ahocorasick.Automaton()
    for stem in stems:
        automaton.add_word(stem, stem)
    automaton.make_automaton()
    return automaton
