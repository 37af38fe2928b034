"""The vocabulary of means shared by weapon and target extraction: weapon head nouns and their modifiers."""
from __future__ import annotations

import re
from typing import Literal

from briefings.extract.types import ClaimDraft

Stance = Literal["asserts", "denies"]

HEAD = (r"(?:drones?|UAVs?|unmanned\s+aerial\s+vehicles?|missiles?|rockets?|mortars?(?:\s+(?:rounds?|shells?))?|"
        r"artillery(?:\s+shells?)?|shells|IEDs?|improvised\s+explosive\s+devices?|car\s+bombs?|roadside\s+bombs?|"
        r"bombs?|suicide\s+(?:bombers?|vests?|attackers?)|explosives?|grenades?|projectiles?|(?:fighter\s+|war)?jets|"
        r"(?:fighter|war)planes?|aircraft|helicopters?|gunships?|air\s*-?\s*strikes?|air\s+raids?)")
MODS = (r"(?:ballistic|cruise|Katyusha|Grad|armed|explosive-laden|suicide|kamikaze|attack|one-way|Shahed|guided|"
        r"precision|unknown|unidentified|[A-Z]{1,3}-\d+[A-Z]?s?|[a-z]+-(?:range|laden|guided|made|propelled|way|armed))")
HEAD_LIST = rf"(?:{MODS}\s+)?{HEAD}(?:(?:\s*,\s*|\s+(?:or|and|nor)\s+)(?:{MODS}\s+)?{HEAD})*"
HEAD_RE, HEAD_FULL = re.compile(rf"\b{HEAD}\b", re.I), re.compile(HEAD, re.I)
BLANK_QUOTES = str.maketrans("“”\"‘’", "     ")
BLANK_QUOTES_KEEP_APOSTROPHE = str.maketrans("“”\"‘", "    ")


_MARKS = "“”\"‘’"
_BLANKED_MARKS = {id(BLANK_QUOTES): _MARKS, id(BLANK_QUOTES_KEEP_APOSTROPHE): "“”\"‘"}


def blanked(text: str, table: dict[int, int]) -> str:
    """text.translate(table) for one of the tables above; the text itself when it holds no quote mark (most
    sentences). Made with str.replace per mark: translate reads a non-ASCII text character by character through the
    table (≈ 10 µs for a sentence with a curly apostrophe, as most real reports have), replace ≈ 0.1 µs."""
    if text.isascii():  # of the marks only '"' can occur (isascii is a flag the string keeps: no scan)
        if '"' not in text:
            return text
        if table is BLANK_QUOTES or table is BLANK_QUOTES_KEEP_APOSTROPHE:
            return text.replace('"', " ")
        return text.translate(table)
    marks = _BLANKED_MARKS.get(id(table))
    if marks is None:  # another table: translated when a quote mark occurs, as always
        return text.translate(table) if any(mark in text for mark in _MARKS) else text
    for mark in marks:
        if mark in text:
            text = text.replace(mark, " ")
    return text


def claim(field: str, value: str, start: int, end: int, stance: Stance = "asserts", holder: str = "",
          extra: tuple[tuple[str, str], ...] = ()) -> ClaimDraft:
    return ClaimDraft(field, value, None, None, holder, stance, start, end, extra=extra)


def ends_with_head(np: str) -> bool:
    """The phrase ends in a weapon head noun ("three F-35 jets", "a car bomb")."""
    words = np.split()
    return any(HEAD_FULL.fullmatch(" ".join(words[-k:])) for k in (1, 2, 3) if len(words) >= k)
