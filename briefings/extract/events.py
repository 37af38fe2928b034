"""Event cues in a sentence: what kind of violent event it speaks of, and whether it is background or habitual."""
from __future__ import annotations

import re
from dataclasses import dataclass

from briefings.extract.numbers import fold, lowered
from briefings.extract.stems import Stems
from briefings.fastinit import direct_init

# Order matters: the more specific kind first. Each pattern names one event type.
_TYPES: tuple[tuple[str, str], ...] = (
    ("drone strike", r"\bdrones?\b[^.;,]{0,30}?\b(?:struck|hit|targeted|targeting)\b|\bdrone[- ](?:strike|attack)s?\b|\bdrone and \w+ (?:strike|attack)s\b"),
    ("rocket attack", r"\b(?:rockets?|katyushas?)\b[^.;,]{0,25}?\b(?:struck|hit|were fired|landed|targeted)\b|\brocket (?:attack|fire|strike)s?\b"),
    ("missile attack", r"\bmissiles?\b[^.;,]{0,25}?\b(?:struck|hit|were fired|landed|targeted)\b|\bmissile (?:attack|strike)s?\b"),
    ("airstrike", r"\bair[- ]?strikes?\b|\bair[- ]?raids?\b|\bbombing (?:raid|run)s?\b|\b(?:jets|warplanes|aircraft)\b[^.;]{0,30}?\b(?:struck|bombed|hit)\b"),
    ("explosion", r"\b(?:explosions?|blasts?|exploded|detonat\w+|car bomb|IED|roadside bomb|bombings?)\b"),
    ("shelling", r"\b(?:shelling|shelled|artillery fire|mortar (?:fire|attack)s?)\b"),
    ("clashes", r"\b(?:clash(?:es|ed)?|firefight|gunfight|ambush(?:ed)?|gunmen opened fire)\b"),
    ("strike", r"\bstrikes?\b|\bstruck\b"),
    ("attack", r"\battack(?:s|ed)?\b|\bassault(?:s|ed)?\b|\btargeted\b|\btargeting\b|\bassassinat\w+\b|\bkill(?:ed|ing|s)?\b"),
)
# Gates: every match of a type's pattern contains one of these (lowercase) words, so a sentence without any skips it.
_TYPE_GATES = {
    "drone strike": ("drone",), "rocket attack": ("rocket", "katyusha"), "missile attack": ("missile",),
    "airstrike": ("air", "bombing", "jets", "warplanes"),
    "explosion": ("explo", "blast", "detonat", "car bomb", "ied", "roadside bomb", "bombing"),
    "shelling": ("shell", "artillery fire", "mortar "), "clashes": ("clash", "firefight", "gunfight", "ambush", "gunmen"),
    "strike": ("strike", "struck"), "attack": ("attack", "assault", "targeted", "targeting", "assassinat", "kill"),
}
_TYPE_RES = tuple((name, re.compile(pat, re.I), _TYPE_GATES[name]) for name, pat in _TYPES)

# Habitual or generic statements: they describe patterns, not one event (no frame switch, no claims).
_GENERIC = re.compile(
    r"\b(?:in recent (?:months|weeks|years)|over the past (?:months|weeks|years)|numerous|a series of|a spate of|"
    r"scores of (?:attacks|strikes)|repeatedly|more than \d[\d,]* (?:attacks|strikes)|since the (?:start|outbreak|beginning) of|"
    r"have been subject to|in the last (?:two|three|few|several) (?:months|weeks|years))\b",
    re.I,
)
_GENERIC_GATE = ("in recent ", "over the past ", "numerous", "a series of", "a spate of", "scores of ", "repeatedly",
                 "more than ", "since the ", "have been subject to", "in the last ")
# Cues that what follows is an earlier, different event.
_EARLIER = re.compile(r"\b(?:earlier|previous|prior|last (?:week|month)'s)\b", re.I)
_FOLLOW = re.compile(
    r"\b(?:follow(?:s|ed|ing)?|came after|comes? after|come after|after|in (?:response|retaliation) (?:to|for))\b", re.I
)
_LATEST = re.compile(r"\b(?:the latest|the (?:air)?strikes|today's|this week's)\b", re.I)
_EARLIER_GATE = ("earlier", "previous", "prior", "last ")
_FOLLOW_GATE = ("follow", "after", "in response ", "in retaliation ")
_LATEST_GATE = ("the latest", "the strikes", "the airstrikes", "today's", "this week's")
# "The incident occurred late Sunday in X village": no event word of its own, but it says where the event was.
_OCCURRED = re.compile(r"\b(?:occurred|took place|happened|unfolded)\b", re.I)
_OCCURRED_GATE = ("occurred", "took place", "happened", "unfolded")


# "the deadly terrorist attack in Pahalgam", "a drone strike on Tudun Biri": the place the event itself is at
_EVENT_AT = re.compile(r"\b(?:attacks?|strikes?|airstrikes?|blasts?|bombings?|explosions?|shelling|massacres?|raids?|"
                       r"assaults?|shootings?|killings|ambush(?:es)?)\s+(?:in|at|on|near)\s+(?:the\s+)?$", re.I)


def names_event_place(before: str) -> bool:
    """Is a place mention preceded by "<event noun> in|at|on"? (`before`: the text just before the mention)"""
    if not before or not before[-1].isspace():  # every match ends in the whitespace after in|at|on|near|the
        return False
    last = before.rstrip()[-4:]
    if last.isascii() and not last.lower().endswith(("in", "at", "on", "near", "the")):
        return False
    return bool(_EVENT_AT.search(before[-60:]))


@direct_init
@dataclass(frozen=True)
class Cues:
    types: tuple[str, ...]
    generic: bool
    earlier: bool
    follow_at: int | None  # offset in the sentence where a "following/after …" clause starts
    latest: bool
    occurred: bool = False  # "it happened in …": the sentence places the event it speaks of

_GATE_SETS = tuple(frozenset(g) for g in (_GENERIC_GATE, _EARLIER_GATE, _FOLLOW_GATE, _LATEST_GATE, _OCCURRED_GATE))
_TYPE_SETS = tuple((name, (rx, lowered(rx)), frozenset(gate)) for name, rx, gate in _TYPE_RES)
_GENERIC_RX, _EARLIER_RX, _FOLLOW_RX, _LATEST_RX, _OCCURRED_RX = (
    (rx, lowered(rx)) for rx in (_GENERIC, _EARLIER, _FOLLOW, _LATEST, _OCCURRED))
# Every gate stem above, found in one pass; each gate is then a set test.
_STEMS = Stems(stem for gate in (*_GATE_SETS, *(g for _, _, g in _TYPE_SETS)) for stem in gate)


def event_types(text: str, low: str | None = None) -> tuple[str, ...]:
    low = fold(text) if low is None else low
    hits = _STEMS.found(low)
    return _types(text, low if text.isascii() else None, hits) if hits else ()


def _search(rx: tuple[re.Pattern[str], re.Pattern[str]], text: str, ascii_low: str | None) -> re.Match[str] | None:
    """rx[0].search(text); in an ASCII sentence its plain twin rx[1] searches the lower-cased text (same spans)."""
    return rx[0].search(text) if ascii_low is None else rx[1].search(ascii_low)


def _types(text: str, ascii_low: str | None, hits: set[str]) -> tuple[str, ...]:
    return tuple(name for name, rx, gate in _TYPE_SETS if not gate.isdisjoint(hits) and _search(rx, text, ascii_low))


_NONE = Cues((), False, False, None, False, False)
STEMS = _STEMS.stems  # every stem cues() reads: a caller that found them in a whole text passes a sentence's own


def cues(text: str, low: str | None = None, hits: set[str] | frozenset[str] | None = None) -> Cues:
    """The cues of `text`; `low` (fold(text)) and `hits` (the STEMS in it) when the caller already has them."""
    if low is None:
        low = fold(text)
    if hits is None:
        hits = _STEMS.found(low)
    if not hits:
        return _NONE
    ascii_low = low if text.isascii() else None  # fold(text) is text.lower() then
    generic_gate, earlier_gate, follow_gate, latest_gate, occurred_gate = _GATE_SETS
    follow = _search(_FOLLOW_RX, text, ascii_low) if not follow_gate.isdisjoint(hits) else None
    return Cues(
        types=_types(text, ascii_low, hits),
        generic=not generic_gate.isdisjoint(hits) and bool(_search(_GENERIC_RX, text, ascii_low)),
        earlier=not earlier_gate.isdisjoint(hits) and bool(_search(_EARLIER_RX, text, ascii_low)),
        follow_at=follow.start() if follow else None,
        latest=not latest_gate.isdisjoint(hits) and bool(_search(_LATEST_RX, text, ascii_low)),
        occurred=not occurred_gate.isdisjoint(hits) and bool(_search(_OCCURRED_RX, text, ascii_low)),
    )


_TITLE_WORD = {
    "drone strike": "Drone strike",
    "rocket attack": "Rocket attack",
    "missile attack": "Missile attack",
    "airstrike": "Airstrike",
    "explosion": "Explosion",
    "shelling": "Shelling",
    "clashes": "Clashes",
    "strike": "Strike",
    "attack": "Attack",
}


def headline_type(types: list[str]) -> str:
    """The most often named specific event type (ties: the first named), for neutral incident titles."""
    specific = [t for t in types if t not in ("strike", "attack")]
    pool = specific or list(types)
    if not pool:
        return "Incident"
    best = max(dict.fromkeys(pool), key=lambda t: (pool.count(t), -pool.index(t)))
    return _TITLE_WORD[best]
