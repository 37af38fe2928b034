"""Where a place stands in a sentence of another language: "à 80 km au sud de Bagdad", "al norte de Bagdad",
"südlich von Bagdad" name a reference, not the event's place (as "south of Baghdad" does in English), and give a
distance claim ("80 km" from Baghdad)."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from briefings.extract.lang.rules import LangRules, phrase
from briefings.extract.types import PlaceMention


@lru_cache(maxsize=None)
def _patterns(rules: LangRules) -> tuple[re.Pattern[str], re.Pattern[str]]:
    units, dirs, of = (phrase(rules.raw.get(k, [])) for k in ("distance_units", "directions", "of_words"))
    before = re.compile(rf"(?:(?<!\w)(?:{units})\s+(?:(?:{dirs})\s+)?|(?<!\w)(?:{dirs})\s+)(?:{of})\s*['’]?\s*$"
                        rf"|(?<!\w)(?:{dirs})\s+$", re.I)
    quals = phrase(list(rules.raw.get("qualifiers", {})))
    distance = re.compile(rf"(?<![\w.,])(?:(?P<q>{quals})\s+)?(?P<n>\d+(?:[.,]\d+)?)\s*(?:{units})(?!\w)\s*"
                          rf"(?:(?:{dirs})\s+)?(?:{of})\s*['’]?\s*(?P<ref>[^\W\d_][^,;:.()]{{0,60}})", re.I)
    return before, distance


def place_roles(sentence: str, offset: int, mentions: list[PlaceMention], rules: LangRules | None) -> list[PlaceMention]:
    """The mentions with role "reference" where a distance or direction precedes them."""
    if rules is None or not rules.raw.get("directions"):
        return mentions
    before, _ = _patterns(rules)
    out = []
    for m in mentions:
        head = sentence[max(0, m.char_start - offset - 60): m.char_start - offset]
        out.append(replace(m, role="reference") if m.role == "location" and before.search(head) else m)
    return out


def find_distances(sentence: str, rules: LangRules) -> list[tuple[float, str | None, str, int]]:
    """(km, English qualifier, reference as written, offset in the sentence) for each distance from a place."""
    if not rules.raw.get("distance_units"):
        return []
    _, distance = _patterns(rules)
    out = []
    for m in distance.finditer(sentence):
        ref = " ".join(m.group("ref").split()[:4])
        ref = re.split(r"\s+(?:" + phrase(list(rules.words("breaks"))) + r")\s+", ref, maxsplit=1, flags=re.I)[0]
        out.append((float(m.group("n").replace(",", ".")), rules.qualifier(m.group("q")), ref.strip(), m.start()))
    return out
