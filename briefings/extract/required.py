"""Words a regex cannot match without, read from the compiled pattern itself, so a gate on them is never stale.

`required(rx)` gives sets of lower-case literal texts: every match of `rx` holds (in the folded text, numbers.fold)
at least one text of each set. A sentence whose stems (stems.Stems over the same texts) miss one set cannot
match, and the regex need not run: an AND of ORs ("no" and one of "involvement", "role", ...), where a single
list of stems per regex can only be an OR. Only ASCII texts of three characters or more without quote marks or spaces count (a
quote blanked to a space is no space of the text);
a part of the pattern that is optional, repeated from zero, a character class or a lookaround adds no set.
"""
from __future__ import annotations

import re
from collections.abc import Iterable, Set

from briefings.extract.leading import expand_literals

try:  # CPython's own regex parser (private): without it no set is derived and every regex runs
    from re import _constants as C  # type: ignore[attr-defined]
    from re import _parser as P  # type: ignore[attr-defined]
except ImportError:  # pragma: no cover
    C = P = None

_LIMIT = 64  # more alternatives than this in one set: left out (the automaton would grow for little)
_SHORTEST = 3  # shorter texts ("of", "no") occur in most sentences: a set holding one tests nothing and costs a lot
_KEEP = 3  # sets kept per pattern, the rarest first: more are seldom needed and each costs searches
_QUOTES = "\"'`"
Gate = tuple[frozenset[str], ...]


def required(rx: re.Pattern[str]) -> Gate:
    """The sets of texts one of each of which every match of `rx` holds (lower case); () when none is known."""
    if P is None:
        return ()
    try:
        sets = _required(list(P.parse(rx.pattern, rx.flags)))
    except (AttributeError, TypeError, ValueError, IndexError):  # a parse tree of another shape: no gate
        return ()
    usable = sorted(dict.fromkeys(s for s in sets if _usable(s)), key=_rarity, reverse=True)
    return tuple(usable[:_KEEP])


def passes(gate: Gate, hits: Set[str]) -> bool:
    """Does a sentence holding the stems `hits` hold one text of each set of `gate`?"""
    for texts in gate:
        if texts.isdisjoint(hits):
            return False
    return True


def stems(gates: Iterable[Gate]) -> set[str]:
    """Every text of the gates: the stems to search for."""
    return {text for gate in gates for texts in gate for text in texts}


def _rarity(texts: frozenset[str]) -> tuple[int, int]:
    """Longer texts, and fewer of them, are rarer in a sentence: the sets worth testing first."""
    return min(map(len, texts)), -len(texts)


def _usable(texts: frozenset[str]) -> bool:
    return bool(texts) and len(texts) <= _LIMIT and all(
        len(t) >= _SHORTEST and t.isascii() and not any(q in t for q in _QUOTES) and t.strip() == t and " " not in t
        for t in texts)


def _required(items: list) -> list[frozenset[str]]:  # type: ignore[type-arg]
    """Sets for a sequence: the literal texts each maximal run of it begins with, and those of its mandatory parts."""
    out: list[frozenset[str]] = []
    for i, (op, av) in enumerate(items):
        if op is C.LITERAL and i > 0 and items[i - 1][0] is C.LITERAL:
            continue  # inside a run of literals: the run's start gives the longer texts
        starts = _starts(items[i:])
        if starts is not None and all(starts):
            out.append(frozenset(starts))
        if op is C.SUBPATTERN:
            out.extend(_required(list(av[3])))
        elif op in (C.MAX_REPEAT, C.MIN_REPEAT) and av[0] >= 1:
            out.extend(_required(list(av[2])))
        elif op is C.BRANCH:
            per_branch = [_required(list(b)) for b in av[1]]
            if all(per_branch):  # one set from each branch (its longest shortest text): their union
                picked = [max(sets, key=lambda s: (min(map(len, s)), -len(s))) for sets in per_branch]
                out.append(frozenset().union(*picked))
    return out


def _starts(items: list) -> list[str] | None:  # type: ignore[type-arg]
    """Lower-case literal texts one of which begins every match of the sequence; None when unknown."""
    got = expand_literals(items, caseless=True, limit=_LIMIT)
    return None if got is None else sorted({text.lower() for text, _ in got})

