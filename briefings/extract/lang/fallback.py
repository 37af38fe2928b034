"""A report the sentence walk found no event in — because its language has no data file, or because its event
words are not English — still joins an incident by its place names: its main frame, at its most
named place, with whatever claims its language's rules found (none for a language the engine cannot read)."""
from __future__ import annotations

import re
from collections import Counter
from briefings.extract.frames import RANK, Frame
from briefings.extract.lang.rules import LangRules, phrase
from briefings.extract.types import ClaimDraft, PlaceMention


def event_types(text: str, rules: LangRules | None) -> list[str]:
    """English event types named by the language's event words ("attentat" -> attack), in order of appearance."""
    words: dict[str, str] = {k.lower(): v for k, v in (rules.raw.get("event_words", {}) if rules else {}).items()}
    if not words:
        return []
    found = re.finditer(rf"(?<!\w)(?:{phrase(list(words))})(?!\w)", text, re.I)
    return [words.get(" ".join(m.group(0).lower().split()), "attack") for m in found]


def whole_report_frame(mentions: list[PlaceMention], claims: list[ClaimDraft], types: list[str],
                       main: Frame) -> Frame | None:
    """The report's main frame (its date, its claims) at its most named specific place (else its most named
    place), its other places after it (the country or area that tells which incident it joins); None without
    places."""
    located = [m for m in mentions if m.role == "location"]
    if not located:
        return None
    specific = [m for m in located if RANK.get(m.place.kind, 0) >= 3] or located
    counts = Counter(m.place.id for m in specific)
    best = max(specific, key=lambda m: (counts[m.place.id], -m.char_start))
    frame = Frame(index=0, main=True, start=main.start, end=main.end, precision=main.precision, assumed=main.assumed,
                  places=[best.place], types=types or list(main.types), claims=list(claims), loose=list(main.loose))
    frame.add_places([m.place for m in located if RANK.get(m.place.kind, 0) < RANK.get(best.place.kind, 0)])
    return frame
