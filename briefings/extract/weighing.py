"""Which place mentions of a sentence say where its event happened, for the segmenter (extract/frames.py).

A mention is the event's place, or only a weak one (where a holder spoke from, a route's end, a capital standing for
its government: kept as a fallback), or none (another event's place, "Iran-backed"). Gate words, found once per
sentence, spare most mentions the regexes.
"""
from __future__ import annotations

import re

from briefings.extract.events import names_event_place
from briefings.extract.numbers import fold, has
from briefings.extract.types import Place, PlaceMention

_HOLDER_PLACE = re.compile(
    r"\b(?:sources?|hospital|hospitals|officials?|residents?|witness(?:es)?|doctors?|medics?|journalists?|"
    r"correspondents?|spokes(?:man|woman|person)|agency|office|ministry)\b[^.;]{0,40}?\b(?:in|at|from)\s+(?:the\s+)?"
    r"(?:nearby\s+)?(?:(?:city|town|province|village) of\s+)?$",
    re.I,
)
# Gate: every _HOLDER_PLACE match holds one of these (folded); most place mentions have none in front of them.
HOLDER_WORDS = ("source", "hospital", "official", "resident", "witness", "doctor", "medic", "journalist",
                "correspondent", "spokes", "agency", "office", "ministry")
MODIFIER = re.compile(r"-(?:backed|aligned|affiliated|sponsored|linked|allied|based)\b|'s (?:backing|support)", re.I)
_TOWARDS = re.compile(r"\b(?:road|way|highway|route) (?:to|from|between)\s+$|\btowards?\s+$|\bfled (?:to|from)\s+$", re.I)
_COMPARED = re.compile(r"\b(?:since|than)\s+(?:the\s+)?(?:(?:19|20)\d\d\s+|(?:last|previous)\s+)?$", re.I)
# Gates, read once per sentence (folded): every _COMPARED match holds one of the first, every _TOWARDS match one of
# the second ("highway" holds "way"). A sentence without any skips the pattern for each of its places.
COMPARED_WORDS = ("since", "than")
TOWARDS_WORDS = ("road", "way", "route", "toward", "fled")
# Every _ACTOR_BEFORE match holds one of the first, every _ACTOR_AFTER match one of the second ("denie": "denied").
ACTOR_WORDS = ("involvement", "role", "complicity", "hand", "participation", "responsibility",
               "denie", "said", "says", "blame", "accuse", "reject", "claim", "insist", "warn")
COMPARED_SET, HOLDER_SET, TOWARDS_SET = frozenset(COMPARED_WORDS), frozenset(HOLDER_WORDS), frozenset(TOWARDS_WORDS)
ACTOR_SET = frozenset(ACTOR_WORDS)
# a capital standing for its government ("denied any involvement of Islamabad", "Moscow said"): an actor, not where
_ACTOR_BEFORE = re.compile(r"\b(?:involvement|role|complicity|hand|participation|responsibility)\s+(?:of|by)\s+$", re.I)
_ACTOR_AFTER = re.compile(r"\s+(?:has\s+|have\s+|had\s+)?(?:denied|denies|said|says|blamed|blames|accused|accuses|"
                          r"rejected|rejects|claimed|claims|insisted|insists|warned|warns)\b")
_PLACE_PREP = re.compile(r"\b(?:in|at|from|of|near|outside|inside)\s+(?:the\s+)?$", re.I)  # "traders in Basra said"


def towards(text: str, end: int) -> bool:
    """_TOWARDS.search(text[:end]), read only near the end: its phrases ("highway between") are at most 15
    characters long and end where the trailing whitespace starts."""
    start = end
    while start > 0 and text[start - 1].isspace():
        start -= 1
    return _TOWARDS.search(text, max(0, start - 20), end) is not None


def actor_place(text: str, m: PlaceMention, offset: int) -> bool:
    """A city named as a government: "involvement of Islamabad", "Moscow denied" (not "in Kyiv, officials said")."""
    if m.place.kind == "country":
        return False
    start, end = m.char_start - offset, m.char_end - offset
    before = text[max(0, start - 40):start]
    if before.rstrip()[-2:].lower() in ("of", "by") and _ACTOR_BEFORE.search(before):  # it ends "of|by\s+"
        return True
    return bool(_ACTOR_AFTER.match(text, end)) and not _PLACE_PREP.search(text[max(0, start - 12):start])


def holder_place(text: str, m: PlaceMention, offset: int) -> bool:
    before = text[max(0, m.char_start - offset - 80): m.char_start - offset]
    return has(fold(before), HOLDER_WORDS) and bool(_HOLDER_PLACE.search(before))


def weigh(text: str, offset: int, places: list[PlaceMention],
          words: set[str]) -> tuple[list[PlaceMention], list[Place]]:
    """The sentence's event places and its weak ones. `offset`: where `text` starts in the report; `words`: the
    gate words in the folded sentence (a gate word in a slice of the text is in the folded whole)."""
    locs: list[PlaceMention] = []
    weak: list[Place] = []
    compared, holders, near_route, actors = (
        not COMPARED_SET.isdisjoint(words), not HOLDER_SET.isdisjoint(words), not TOWARDS_SET.isdisjoint(words),
        not ACTOR_SET.isdisjoint(words)) if words else (False, False, False, False)
    for m in places:
        if m.role == "dateline":  # where the report was filed: only a fallback for the event place
            weak.append(m.place)
            continue
        if m.role != "location" or MODIFIER.match(text, m.char_end - offset):
            continue
        if compared and _COMPARED.search(text[max(0, m.char_start - offset - 40): m.char_start - offset]):
            continue  # "the deadliest since the 2019 Pulwama attack": another event's place
        if holders and holder_place(text, m, offset) or near_route and towards(text, m.char_start - offset) \
                or actors and actor_place(text, m, offset):
            weak.append(m.place)
        else:
            locs.append(m)
    return locs, weak


def focus_of(text: str, offset: int, locs: list[PlaceMention]) -> set[str]:
    """Ids of the places named as the event's own ("the attack in X"; names_event_place reads 60 characters)."""
    return {m.place.id for m in locs
            if names_event_place(text[max(0, m.char_start - offset - 60): m.char_start - offset])}
