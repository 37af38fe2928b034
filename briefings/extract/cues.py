"""The sentence pre-filter: a sentence holding none of the claim finders' cue stems yields no claim.

Every claim finder opens with its own cheap gate ("does the lower-cased sentence contain one of these stems?") and
returns nothing without one. A third of a report's sentences pass none of the gates, and each paid for eight
gates; here all stems are tested in one pass (an Aho-Corasick automaton) built at import from the finders' own
gate tuples, so a cue added to a finder is a cue here. A finder that `extract_claims` calls and this table does not
know switches the filter off (and says so), so a new finder is never starved of sentences.
"""
from __future__ import annotations

import logging
from collections.abc import Callable, Iterable

from briefings.extract import arms, casualties, claims, denials, distance, means, responsibility, targets
from briefings.extract.heads import BLANK_QUOTES
from briefings.extract.numbers import fold

log = logging.getLogger(__name__)

#: Each finder of claims.extract_claims and the stems its first test needs (the same tuple objects it tests).
GATES: dict[Callable[..., object], tuple[str, ...]] = {
    casualties.find_casualties: casualties._GATE,
    means.find_weapons: means._W_GATE,
    means.find_perpetrators: means._P_GATE,
    arms.find_arms: arms._GATE,
    responsibility.find_responsibility: responsibility._GATE,
    targets.find_targets: targets._T_GATE,
    denials.find_denials: denials._GATE,
    distance.find_distances: distance._GATE,
}
_NOT_FINDERS = frozenset({"find_attributions"})  # holders: run on every sentence (they feed the report's memory)


def unknown_finders() -> list[str]:
    """Names of finders extract_claims calls that GATES does not cover (empty when the filter is sound)."""
    known = {f.__name__ for f in GATES} | _NOT_FINDERS
    return sorted(n for n in claims.extract_claims.__code__.co_names if n.startswith("find_") and n not in known)


class CueFilter:
    """`may_claim(text)`: False only when no finder's gate stem occurs in the sentence."""

    def __init__(self, stems: Iterable[str]) -> None:
        self.stems = tuple(sorted(set(stems)))
        self._automaton = _automaton(self.stems)

    def _any(self, low: str) -> bool:
        if self._automaton is not None:
            for _ in self._automaton.iter(low):
                return True
            return False
        for stem in self.stems:
            if stem in low:
                return True
        return False

    def may_claim(self, text: str) -> bool:
        # The gates test text.lower(), fold(text) or fold(text with quote marks blanked): try each form.
        low = text.lower()
        if self._any(low):
            return True
        folded = fold(text)
        if folded != low and self._any(folded):
            return True
        blank = fold(text.translate(BLANK_QUOTES))
        return blank != folded and self._any(blank)


def _automaton(stems: tuple[str, ...]):  # type: ignore[no-untyped-def]
    try:
        import ahocorasick
    except ImportError:  # the plain loop gives the same answers, slower
        return None
    automaton = ahocorasick.Automaton()
    for stem in stems:
        automaton.add_word(stem, stem)
    automaton.make_automaton()
    return automaton


def default_filter() -> CueFilter | None:
    """The filter over every finder's stems, or None (no filtering) when a finder's gate is unknown here."""
    missing = unknown_finders()
    if missing:
        log.warning("sentence pre-filter off: no gate known for %s", ", ".join(missing))
        return None
    return CueFilter(stem for gate in GATES.values() for stem in gate)


FILTER = default_filter()  # built once at import, like the finders' own compiled patterns
