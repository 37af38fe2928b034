"""Cheap tests before regexes, each giving the answer of the slow way. Where a regex can match: the literal texts
every match begins with, read from the compiled pattern itself (so a word added to the pattern is a word searched
for), and one Aho-Corasick pass that lists where they occur; the regex then runs only there. Whether a text holds
one of a set of words, without listing the text's words."""
from __future__ import annotations

import re
from collections.abc import Iterable
try:  # CPython's own regex parser (private): without it every pattern is searched the plain way
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    C = P = None

from briefings.extract.numbers import fold, words

_LIMIT = 512  # more alternatives than this: not worth it, search the plain way
_Prefixes = list[tuple[str, bool]]  # (literal text so far, no longer extended)
_RUN = re.compile(r"\w+")


def leading_literals(pattern: re.Pattern[str]) -> frozenset[str] | None:
    """Non-empty texts one of which begins every match of `pattern`, or None when a match may begin otherwise
    (an optional or case-insensitive start, a character category ...)."""
    if pattern.flags & re.IGNORECASE or P is None:
        return None
    try:
        got = expand_literals(list(P.parse(pattern.pattern, pattern.flags)))
    except (AttributeError, TypeError, ValueError, IndexError):  # a parse tree of another shape: search plainly
        return None
    if got is None or any(not text for text, _ in got):
        return None
    return frozenset(text for text, _ in got)


def expand_literals(items: list, *, caseless: bool = False, limit: int = _LIMIT  # type: ignore[type-arg]
                    ) -> _Prefixes | None:
    """(literal text, ended) pairs one of which begins every match of a parsed sequence, or None when unknown or
    more than `limit`. `caseless`: a case-insensitive group counts (the caller compares lower-cased text)."""
    out: _Prefixes = [("", False)]
    for op, av in items:
        if all(done for _, done in out):
            break
        if op is C.AT:  # zero-width: skipped at the very start (a leading \b), the end of the literal elsewhere
            out = [(text, done or text != "") for text, done in out]
            continue
        alts: _Prefixes | None = None
        if op is C.LITERAL:
            alts = [(chr(av), False)]
        elif op is C.IN and all(o is C.LITERAL for o, _ in av):
            alts = [(chr(v), False) for _, v in av]
        elif op is C.SUBPATTERN and (caseless or not av[1] & re.IGNORECASE):
            alts = expand_literals(list(av[3]), caseless=caseless, limit=limit)
        elif op is C.BRANCH:
            alts = []
            for branch in av[1]:
                got = expand_literals(list(branch), caseless=caseless, limit=limit)
                if got is None:
                    alts = None
                    break
                alts += got
        new: _Prefixes = []
        for text, done in out:
            if done or alts is None:
                new.append((text, True))
            else:
                new.extend((text + more, more_done) for more, more_done in alts)
        if len(new) > limit:
            return None
        out = new
    return out


class Starts:
    """`find(text)`: the sorted positions where a match of the pattern may begin (one of its leading literals
    occurs there); None when the pattern has no usable literals or pyahocorasick is missing (search plainly)."""

    def __init__(self, pattern: re.Pattern[str]) -> None:
        self.literals = leading_literals(pattern)
        self._automaton = None
        self.usable = False
        if self.literals is None:
            return
        try:
            import ahocorasick  # type: ignore[import-not-found]
        except ImportError:
            return
        automaton = ahocorasick.Automaton()
        for text in self.literals:
            automaton.add_word(text, len(text))
        automaton.make_automaton()
        self._automaton, self.usable = automaton, True

    def find(self, text: str) -> list[int]:
        assert self._automaton is not None
        hits = [end - n + 1 for end, n in self._automaton.iter(text)]  # in order of their ends
        return hits if len(hits) < 2 else sorted(set(hits))


def matches(pattern: re.Pattern[str], starts: Starts, text: str) -> list[re.Match[str]]:
    """What pattern.finditer(text) yields (leftmost, non-overlapping), trying the pattern only where it may begin."""
    if not starts.usable:
        return list(pattern.finditer(text))
    out: list[re.Match[str]] = []
    end = 0
    for pos in starts.find(text):
        if pos >= end and (m := pattern.match(text, pos)) is not None:
            out.append(m)
            end = m.end()
    return out


class WordSet:
    """`in_text(text)`: does one of these words occur in the text as a whole word? The answer of
    `not words.isdisjoint(numbers.words(text))`, found by one automaton pass over the folded text instead of
    listing the text's words."""

    def __init__(self, words: Iterable[str]) -> None:
        self.words = frozenset(words)
        self._automaton = None
        runs = [w for w in self.words if _RUN.fullmatch(w) and fold(w) == w]
        if not runs:
            return
        try:
            import ahocorasick  # type: ignore[import-not-found]
        except ImportError:
            return
        automaton = ahocorasick.Automaton()
        for w in runs:  # a word that is not one folded \w run is never in numbers.words(): never found here
            automaton.add_word(w, len(w))
        automaton.make_automaton()
        self._automaton = automaton

    def in_text(self, text: str) -> bool:
        low = fold(text)  # numbers.words folds each word; folding the text folds each character in place, unless
        if self._automaton is None or len(low) != len(text):  # a combining dot was dropped: ask it the slow way
            return not self.words.isdisjoint(words(text))
        last = len(text) - 1
        for end, n in self._automaton.iter(low):
            start = end - n + 1  # a whole \w run of the text: checked on the text itself
            alone = (start == 0 or not _is_word_char(text[start - 1])) and (
                end == last or not _is_word_char(text[end + 1]))
            if alone and _RUN.fullmatch(text, start, end + 1):
                return True
        return False


    def in_prefix_and_text(self, text: str, cut: int) -> bool:
        """in_text(text[:cut]) and in_text(text), in one automaton pass when folding maps the text character by
        character (then the folded prefix is the prefix of the folded text)."""
        low = fold(text)
        if len(text) <= cut:
            return self.in_text(text)
        if self._automaton is None or len(low) != len(text) or not text.isascii() and len(text.lower()) != len(text):
            return self.in_text(text[:cut]) and self.in_text(text)
        last, in_prefix, in_full = len(text) - 1, False, False
        for end, n in self._automaton.iter(low):
            start = end - n + 1
            if start and _is_word_char(text[start - 1]) or not _RUN.fullmatch(text, start, end + 1):
                continue
            after = end == last or not _is_word_char(text[end + 1])
            in_full = in_full or after
            in_prefix = in_prefix or end < cut and (after or end == cut - 1)
            if in_prefix and in_full:
                return True
            if end >= cut and not in_prefix:
                return False  # hits come in order of their ends: none left inside the prefix
        return False


def _is_word_char(ch: str) -> bool:
    return ch.isalnum() or ch == "_"  # what \w matches in a str pattern
