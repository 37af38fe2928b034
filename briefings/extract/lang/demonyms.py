"""Demonyms in a language read from data ("l'armée malienne", "el ejército ruso", "forças israelenses"): like
"Malian troops" in English they tell which country a report is about, so a namesake town abroad (Moura in Portugal
for the Moura of a report about Mali) is not taken. The data file lists stems per country code ("demonyms") and the
language's endings ("demonym_endings": malien, malienne, maliens, maliennes)."""
from __future__ import annotations

import re
from functools import lru_cache

from briefings.extract.lang.rules import phrase, rules_for


_CHUNK = re.compile(r"\w+(?:-\w+)*")  # words, hyphenated ones whole ("sud-soudanais")
_UNCASED = re.compile("[ıſİẛ]")  # letters re.IGNORECASE reads otherwise than str.lower (then: the regex)


@lru_cache(maxsize=None)
def _table(language: str) -> tuple[re.Pattern[str], dict[str, str], int] | None:
    rules = rules_for(language)
    stems: dict[str, list[str]] = rules.raw.get("demonyms", {}) if rules is not None else {}
    if not stems:
        return None
    endings = rules.raw.get("demonym_endings", [""]) if rules is not None else [""]
    forms = {(stem + end).lower(): cc for cc, words in stems.items() for stem in words for end in endings}
    pieces = max(len(f.split("-")) for f in forms) if all(re.fullmatch(r"\w+(?:-\w+)*", f) for f in forms) else 0
    return re.compile(rf"(?<!\w)(?:{phrase(list(forms))})(?!\w)", re.I), forms, pieces


def demonym_countries(text: str, language: str | None) -> list[str]:
    """The country code of each demonym the text uses, once per use."""
    table = _table(language) if language else None
    if table is None:
        return []
    pattern, forms, pieces = table
    if pieces and not _UNCASED.search(text):
        return _by_words(text, forms, pieces)
    return [cc for m in pattern.finditer(text) if (cc := forms.get(m.group(0).lower()))]


def _by_words(text: str, forms: dict[str, str], pieces: int) -> list[str]:
    """What the pattern finds, read word by word (forms are words or hyphenated words): at each word the longest
    form that ends where a word ends, as the alternation (longest first) does; a dictionary look-up per word
    instead of a large alternation tried at every letter."""
    out: list[str] = []
    get = forms.get
    for chunk in _CHUNK.findall(text):
        if "-" not in chunk:  # one word (most): one look-up
            cc = get(chunk.lower())
            if cc is not None:
                out.append(cc)
            continue
        words = chunk.lower().split("-")
        at = 0
        while at < len(words):
            for k in range(min(pieces, len(words) - at), 0, -1):
                cc = get("-".join(words[at:at + k]))
                if cc is not None:
                    out.append(cc)
                    at += k
                    break
            else:
                at += 1
    return out
