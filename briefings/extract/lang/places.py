"""Where a place stands in a sentence of another language: "à 80 km au sud de Bagdad", "al norte de Bagdad",
"südlich von Bagdad" name a reference, not the event's place (as "south of Baghdad" does in English), and give a
distance claim ("80 km" from Baghdad). A destination ("évacués vers l'hôpital de X", "trasladados al hospital de X")
is where the wounded went, not where it happened (as "taken to" / "fled to" in English)."""
from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from briefings.extract.lang.rules import LangRules, phrase
from briefings.extract.types import PlaceMention


@lru_cache(maxsize=None)
def _towards(rules: LangRules) -> re.Pattern[str] | None:
    """A movement word, then at most four words of the same clause, right before the place."""
    words = rules.raw.get("towards", [])
    return re.compile(rf"(?<!\w)(?:{phrase(words)})(?:(?<=['’])|\s+)(?:[^\s,.;:()]+\s+){{0,4}}$", re.I) if words else None


@lru_cache(maxsize=None)
def _holder_at(rules: LangRules) -> re.Pattern[str] | None:
    """"selon des sources médicales à X", "وأفادت مصادر طبية في X": where the speaker is, not where it happened.
    At most five words between the cue and the place, none of them "que" / "إن" (the claim has begun) or a figure."""
    cues = [*rules.raw.get("according_to", []), *rules.raw.get("said", [])]
    at, after = rules.raw.get("holder_at", []), [w for w in rules.raw.get("said_after", []) if w.strip(":")]
    if not cues or not at:
        return None
    word = rf"(?!(?:{phrase(after)})(?:\s|$))[^\s,.;:()\d،]+" if after else r"[^\s,.;:()\d،]+"
    pre = rf"(?:{phrase(rules.raw['clitics'])})?" if rules.raw.get("clitics") else ""  # "وأفادت"
    return re.compile(rf"(?<!\w){pre}(?:{phrase(cues)})(?:\s+{word}){{1,5}}\s+(?:{phrase(at)})(?:(?<=['’])|\s+)$", re.I)


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
    """The mentions with role "reference" where a distance, a direction, a movement towards or a speaker ("sources
    à X") precedes them."""
    if rules is None or not (rules.raw.get("directions") or rules.raw.get("towards")):
        return mentions
    before, _ = _patterns(rules)
    towards, holder_at = _towards(rules), _holder_at(rules)
    out = []
    for m in mentions:
        head = sentence[max(0, m.char_start - offset - 60): m.char_start - offset]
        moved = towards is not None and towards.search(head) is not None
        moved = moved or (holder_at is not None and holder_at.search(head) is not None)
        out.append(replace(m, role="reference") if m.role == "location" and (before.search(head) or moved) else m)
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
