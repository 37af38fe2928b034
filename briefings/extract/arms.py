"""Means that means.py does not read: guns and gunfire ("opened fire", "shot dead", "armed with assault rifles"),
thrown and worn explosives ("threw a grenade", "activated their explosive vests", "incendiary devices"), shelling,
and a model named beside its weapon ("the missile, a Kh-22").

Findings are weapon ClaimDrafts with sentence-relative offsets; habits and doubts are skipped as in means.py.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet

from briefings.extract.heads import BLANK_QUOTES, blanked, claim
from briefings.extract.numbers import fold, has
from briefings.extract.phrases import HABIT_WORDS, habit_sentence
from briefings.extract.required import Gate, passes, required, stems
from briefings.extract.stems import Stems
from briefings.extract.types import ClaimDraft

_GATE = ("open fire", "opened fire", "opening fire", "shot dead", "shooting dead", "gunned", "gunfire", "gun fire",
         "sniper fire", "machine", "small arms", "small-arms", "sprayed", "firing at", "firing on", "firing ind",
         "kalashnikov", "ak-47", "rifle", "automatic weapons", "armed with", "carrying", "wielding", "brandishing", "with kalashnikov", "with ak-47", "with automatic",
         "with assault", "threw", "thrown", "throwing", "hurl", "toss", "lobb", "vest", "belt", "incendiary",
         "shelling", "anti-aircraft", "artillery fire", "missile,", "rocket,", "drone,", "bomb,", "missiles,",
         "rockets,", "drones,", "bombs,")
_GUNFIRE = re.compile(r"\b(?:opened\s+fire|open\s+fire|opening\s+fire|shot\s+dead|shooting\s+dead|gunned\s+down|"
                      r"sprayed\s+(?:\w+\s+){0,3}with\s+bullets|(?:sniper|machine[\s-]gun|small[\s-]arms)\s+fire|"
                      r"gunfire|gun\s+fire|firing\s+(?:at|on|indiscriminately))\b", re.I)
_GUNS = re.compile(r"\b(?P<w>(?:(?:Kalashnikov|AK-47|automatic|semi-automatic|assault|sniper|hunting|machine)\s+)"
                   r"{0,2}(?:rifles?|guns?|weapons|firearms)|Kalashnikovs?|AK-47s?|machetes|knives)\b", re.I)
_ARMED = re.compile(r"\b(?:armed\s+with|carrying|wielding|brandishing)\s+(?:an?\s+|the\s+|their\s+|his\s+|her\s+)?", re.I)
_WITH_GUN = re.compile(r"\bwith\s+(?:\w+\s+)??(?=(?:Kalashnikov|AK-47|automatic|assault|machine)\b)", re.I)
_THROWN = re.compile(r"\b(?:threw|thrown|throwing|hurled|hurling|tossed|tossing|lobbed|lobbing)\s+(?:an?\s+|the\s+|"
                     r"several\s+|\w+\s+)?(?P<w>(?:(?:hand|incendiary|petrol|fire)\s+)?(?:grenades?|bombs?|devices?|"
                     r"explosives?)|molotov\s+cocktails?)(?:\s+or\s+(?P<w2>(?:incendiary\s+)?(?:grenades?|bombs?|"
                     r"devices?)))?", re.I)
_WORN = re.compile(r"\b(?P<w>(?:explosives?|suicide|bomb)\s+(?:vests?|belts?))\b|\b(?P<w2>incendiary\s+(?:devices?|"
                   r"bombs?|grenades?))\b", re.I)
_SHELLING = re.compile(r"\b(?P<w>(?:heavy\s+|artillery\s+)?shelling|(?:anti-aircraft|artillery)\s+(?:gun\s+)?fire)\b", re.I)
_MODEL = re.compile(r"\b(?P<head>missile|rocket|drone|bomb)s?\s*,\s+(?:an?\s+|the\s+)?(?P<model>[A-Z][A-Za-z]{0,4}-?\d+"
                    r"[A-Za-z]?)\b")
# Gates: a word every match of the pattern (for _ARMED and _WITH_GUN: of the _GUNS after it) holds, folded.
_GATES: dict[re.Pattern[str], tuple[str, ...]] = {
    _GUNFIRE: ("fire", "dead", "gunned", "sprayed", "firing"),
    _GUNS: ("rifle", "gun", "weapons", "firearm", "kalashnikov", "ak-47", "machete", "knives"),
    _THROWN: ("threw", "thrown", "throwing", "hurl", "toss", "lobb"), _WORN: ("vest", "belt", "incendiary"),
    _SHELLING: ("shelling", "fire"), _MODEL: ("missile", "rocket", "drone", "bomb"),
}
_GATE_OF = {id(rx): frozenset(words) for rx, words in _GATES.items()}  # by id: hashing a pattern hashes its code
# And the words read from each pattern itself (required.py), several of which a match needs together.
_NEEDS: dict[int, Gate] = {id(rx): required(rx) for rx in _GATES}
#: Every gate stem of this module (and the habit words): found once per sentence, each gate a set test.
STEMS = Stems({stem for words in (*_GATES.values(), HABIT_WORDS) for stem in words} | stems(_NEEDS.values()))
_DOUBT = re.compile(r"\b(?:no|not|never|without|denied|whether|if|could|may|might)\b[^.;,]{0,30}$", re.I)


def find_arms(text: str, hits: AbstractSet[str] | None = None, gated: bool = False) -> list[ClaimDraft]:
    """Weapon claims for guns, thrown or worn explosives, shelling and named models. `hits`: the stems in the
    sentence, HABIT_WORDS among them, when the caller found them already (cues.py; more is harmless).
    `gated`: the caller found one of the stems of the first gate (cues.py): not tested again."""
    if not gated and not has(text.lower(), _GATE):  # most sentences: one pass of substring tests
        return []
    plain = blanked(text, BLANK_QUOTES)
    hits = STEMS.found(fold(plain)) if hits is None else hits
    if habit_sentence(plain, hits):
        return []
    out: list[ClaimDraft] = []

    def found(rx: re.Pattern[str]) -> Iterator[re.Match[str]] | tuple[()]:
        if hits.isdisjoint(_GATE_OF[id(rx)]) or not passes(_NEEDS[id(rx)], hits):  # type: ignore[arg-type]
            return ()
        return rx.finditer(plain)

    def emit(value: str, start: int, end: int) -> None:
        if not _DOUBT.search(plain, max(0, start - 40), start):
            out.append(claim("weapon", " ".join(value.split()), start, end))

    for m in found(_GUNFIRE):
        emit("gunfire", m.start(), m.end())
    for m in (m for rx in (_ARMED, _WITH_GUN) for m in rx.finditer(plain)) \
            if not hits.isdisjoint(_GATE_OF[id(_GUNS)]) and passes(_NEEDS[id(_GUNS)], hits) else ():
        if g := _GUNS.match(plain, m.end()):
            emit(g.group("w"), m.start(), g.end())
    for rx in (_THROWN, _WORN, _SHELLING):
        for m in found(rx):
            for key in ("w", "w2"):
                if m.groupdict().get(key):
                    emit(m.group(key), m.start(), m.end())
    for m in found(_MODEL):
        emit(f"{m.group('model')} {m.group('head').lower()}", m.start(), m.end())
    return out
