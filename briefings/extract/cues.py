"""The sentence pre-filter and router: which claim finders can find anything in a sentence.

Every claim finder opens with its own cheap gate ("does the lower-cased sentence contain one of these stems?") and
returns nothing without one. A third of a report's sentences pass none of the gates, and most pass only two or
three; here all stems are found in one pass (an Aho-Corasick automaton) built at import from the finders' own
gate tuples, so a cue added to a finder is a cue here. `may_claim` says whether any finder can claim something;
`finders` names the ones that can, in the order extract_claims runs them (claims.py calls only those). A finder
extract_claims calls directly, outside this table, is reported by `unknown_finders` (a test keeps it empty).
"""
from __future__ import annotations

import inspect
from collections.abc import Callable, Iterable, Mapping

from briefings.extract import arms, casualties, denials, distance, means, responsibility, targets
from briefings.extract.heads import BLANK_QUOTES, blanked
from briefings.extract.numbers import fold
from briefings.extract.phrases import HABIT_WORDS
from briefings.extract.stems import Stems
from briefings.extract.types import ClaimDraft

Finder = Callable[[str], list[ClaimDraft]]

#: The claim finders of claims.extract_claims, in the order it runs them, each with the stems its first test needs
#: (the same tuple objects it tests).
GATES: dict[Finder, tuple[str, ...]] = {
    casualties.find_casualties: casualties._GATE,
    means.find_weapons: means._W_GATE,
    arms.find_arms: arms._GATE,
    means.find_perpetrators: means._P_GATE,
    responsibility.find_responsibility: responsibility._GATE,
    targets.find_targets: targets._T_GATE,
    denials.find_denials: denials._GATE,
    distance.find_distances: distance._GATE,
}
_NOT_FINDERS = frozenset({"find_attributions", "find_all"})  # holders: asked for by what finders find; find_all: the router
_QUOTE_MARKS = "“”\"‘’"


def unknown_finders(extract: Callable[..., object]) -> list[str]:
    """Names of finders `extract` (claims.extract_claims, which imports this module) calls directly that GATES does
    not cover: empty when every finder runs through the router."""
    known = {f.__name__ for f in GATES} | _NOT_FINDERS
    return sorted(n for n in extract.__code__.co_names if n.startswith("find_") and n not in known)


class CueFilter:
    """`may_claim(text)`: False only when no gate stem occurs in the sentence; `finders(text)`: the finders of
    `gates` one of whose stems occurs in it (a superset of the finders whose own gate passes, never fewer)."""

    def __init__(self, stems: Iterable[str] = (), gates: Mapping[Finder, tuple[str, ...]] | None = None) -> None:
        self.gates = tuple((f, frozenset(g)) for f, g in (gates or {}).items())
        self._takes_hits = frozenset(f for f, _ in self.gates if "hits" in inspect.signature(f).parameters)
        # Finders that skip their own gate test when told it passed: always when the sentence has no quote mark
        # (every form reads the same), and in a quoted one when no gate stem holds a space (a blanked quote is one).
        self._gated = {f: " " not in "".join(g) for f, g in self.gates if "gated" in inspect.signature(f).parameters}
        self.stems = tuple(sorted(set(stems).union(*(g for _, g in self.gates))))
        # A sentence may hold a claim when a finder's gate stem is in it; the other stems are only handed on.
        self._claim_stems = frozenset().union(*(g for _, g in self.gates)) if self.gates else frozenset(self.stems)
        # Hits in the folded, quote-blanked forms cover what each finder's own form holds only for such stems.
        bad = [s for s in self.stems if not s.isascii() or any(q in s for q in _QUOTE_MARKS)]
        if bad:
            raise ValueError(f"cue stems must be ASCII without quote marks: {bad}")
        self._stems = Stems(self.stems)
        self._automaton = self._stems._automaton  # None: the plain loop
        self._last: tuple[str, set[str], int] = ("", set(), 0)

    def may_claim(self, text: str) -> bool:
        return not self._claim_stems.isdisjoint(self.stems_in(text))

    def stems_in(self, text: str) -> set[str]:
        """The stems found in the text in any of the forms the gates read: lower case, folded (fold) and with
        quote marks blanked. The last sentence's answer is kept: `finders` follows `may_claim` on the same text."""
        return self._read(text)[1]

    def _read(self, text: str) -> tuple[str, set[str], int]:
        """(text, its stems, how exact they are): 2 when they are exactly the stems of the lower-cased text (and of
        its quote-blanked forms: it has no quote mark, folding changes nothing); 1 when that holds for stems
        without a space (it has quote marks, each blanked to a space in one form); 0 when folding changed it."""
        last = self._last
        if last[0] == text:
            return last
        low = text.lower()
        hits = self._stems.found(low)
        folded = low if low.isascii() else fold(text)
        if folded != low:
            self._stems.add(folded, hits)
        plain = blanked(text, BLANK_QUOTES)
        if plain is not text and (blank := fold(plain)) != folded:
            self._stems.add(blank, hits)
        last = self._last = (text, hits, 0 if folded != low else 1 if plain is not text else 2)  # replaced whole
        return last

    def finders(self, text: str) -> list[Finder]:
        """The finders that may find something in the text, in table order."""
        hits = self.stems_in(text)
        return [f for f, gate in self.gates if not gate.isdisjoint(hits)] if hits else []

    def find_all(self, text: str) -> list[ClaimDraft]:
        """What the finders that may find something find, in table order; a finder with a `hits` parameter is
        handed the stems found here (its own pattern gates' stems among them) instead of searching for them again,
        and one with a `gated` parameter is told when its own gate test is the one passed here (see `_read`)."""
        _, hits, exact = self._read(text)
        out: list[ClaimDraft] = []
        if hits:
            gated = self._gated
            for finder, gate in self.gates:
                if not gate.isdisjoint(hits):
                    if finder in gated:
                        passed = exact == 2 or exact == 1 and gated[finder]
                        out.extend(finder(text, hits, gated=passed))  # type: ignore[call-arg]
                    else:
                        out.extend(finder(text, hits) if finder in self._takes_hits else finder(text))  # type: ignore[call-arg]
        return out


#: The stems the finders with a `hits` parameter gate their own patterns on (each module's STEMS), and the habit words.
PATTERN_STEMS = (*casualties.STEMS.stems, *means.STEMS.stems, *targets.STEMS.stems, *arms.STEMS.stems,
                 *denials.STEMS.stems, *responsibility.STEMS.stems, *HABIT_WORDS)


def default_filter() -> CueFilter:
    """The filter and router over every finder's stems."""
    return CueFilter(PATTERN_STEMS, GATES)


FILTER = default_filter()  # built once at import, like the finders' own compiled patterns
