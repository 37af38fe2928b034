"""Demonyms in a language read from data ("l'armée malienne", "el ejército ruso", "forças israelenses"): like
"Malian troops" in English they tell which country a report is about, so a namesake town abroad (Moura in Portugal
for the Moura of a report about Mali) is not taken. The data file lists stems per country code ("demonyms") and the
language's endings ("demonym_endings": malien, malienne, maliens, maliennes)."""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Any

from briefings.extract.lang.rules import phrase, rules_for
from briefings.extract.numbers import fold


@lru_cache(maxsize=None)
def _table(language: str) -> tuple[re.Pattern[str], dict[str, str], Any] | None:
    rules = rules_for(language)
    stems: dict[str, list[str]] = rules.raw.get("demonyms", {}) if rules is not None else {}
    if not stems:
        return None
    endings = rules.raw.get("demonym_endings", [""]) if rules is not None else [""]
    forms = {(stem + end).lower(): cc for cc, words in stems.items() for stem in words for end in endings}
    return re.compile(rf"(?<!\w)(?:{phrase(list(forms))})(?!\w)", re.I), forms, _gate(forms)


def _gate(forms: dict[str, str]) -> Any:
    """All the forms' first words (folded) in one automaton: a text holding none of them holds no demonym, and
    one pass over it is far cheaper than the big alternation (None without pyahocorasick: no gate)."""
    try:
        import ahocorasick
    except ImportError:
        return None
    automaton = ahocorasick.Automaton()
    for form in forms:
        first = re.split(r"[\s'’]", fold(form))[0]  # a space or an apostrophe in a form matches variants
        automaton.add_word(first, first)
    automaton.make_automaton()
    return automaton


def demonym_countries(text: str, language: str | None) -> list[str]:
    """The country code of each demonym the text uses, once per use."""
    table = _table(language) if language else None
    if table is None:
        return []
    pattern, forms, gate = table
    if gate is not None and next(gate.iter(fold(text)), None) is None:
        return []
    return [cc for m in pattern.finditer(text) if (cc := forms.get(m.group(0).lower()))]
