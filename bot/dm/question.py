"""A question read into what it asks (fields, a list) and what it names (slugs, places, dates, other words).

Places are looked up anywhere in the question with the gazetteer's own user look-up (`Gazetteer.search`:
aliases, misspellings), over runs of words that are not question or field words, longest first.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.dm.when import DateCue, read_dates
from bot.dm.words import FIELDS, FROM, LIST, NEAR, NOT_PLACE, STOP, WHO_SAID, fold

if TYPE_CHECKING:
    from briefings.extract.types import Place
    from briefings.knowledge.places import Gazetteer

SLUG = re.compile(r"\b[a-z0-9]+(?:-[a-z0-9]+)*-(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|undated)(?:-\d+)?\b")
TOKEN = re.compile(r"[\w][\w'-]*")
ELISION = re.compile(r"\b(?:l|d|qu|s|n|j|c|m|t|dell|all|nell|sull)'(?=\w)|(?<=\w)'s\b")  # d'Erbil, Baghdad's
NUMBERS = {w: n for n, ws in enumerate((
    "", "one un une uno una um", "two deux dos dois due zwei", "three trois tres tre drei", "four quatre cuatro quatro quattro vier",
    "five cinq cinco cinque funf", "six seis sei sechs", "seven sept siete sete sette sieben", "eight huit ocho oito otto acht",
    "nine neuf nueve nove neun", "ten dix diez dez dieci zehn")) for w in ws.split()}
MAX_CHARS = 400  # a question, not an essay: longer text is read up to here (look-ups stay bounded)
EXACT, FUZZY, FUZZY_LONG = 0.95, 0.8, 0.9  # search scores accepted: exact-ish; a misspelt word; a misspelt phrase
NEAR_KM, MILE = 50.0, 1.609
MAX_WORDS = 4


@dataclass(frozen=True)
class PlaceCue:
    places: tuple[Place, ...]  # equally good readings (Baghdad the city and the province)
    score: float
    text: str
    near_km: float | None = None  # "near Erbil": a radius, not the place itself
    reference: bool = False  # "how far from Baghdad": the reference of a distance, not the incident's place

    @property
    def exact(self) -> bool:
        return self.score >= EXACT


@dataclass(frozen=True)
class Question:
    text: str
    fields: tuple[str, ...]
    wants_list: bool
    who_said: bool
    slugs: tuple[str, ...]
    dates: tuple[DateCue, ...]
    places: tuple[PlaceCue, ...]
    words: tuple[str, ...]  # other content words: matched against incidents' facts
    numbers: tuple[int, ...] = ()  # figures named ("the attack that injured four"): matched against claimed ones

    @property
    def locating(self) -> tuple[PlaceCue, ...]:
        return tuple(p for p in self.places if not p.reference)

    def names_something(self) -> bool:
        return bool(self.slugs or self.locating or self.dates)


def _blank(text: str, start: int, end: int) -> str:
    return text[:start] + " " * (end - start) + text[end:]


def read_fields(folded: str) -> tuple[tuple[str, ...], str]:
    """The fields asked about, in the order asked, and the text with their words blanked."""
    found: list[tuple[int, str]] = []
    for name, pattern in FIELDS:
        for m in pattern.finditer(folded):
            found.append((m.start(), name))
            folded = _blank(folded, m.start(), m.end())
    return tuple(dict.fromkeys(name for _, name in sorted(found))), folded


def _placeable(word: str) -> bool:
    return word not in STOP and word not in NOT_PLACE and not word.isdigit() and len(word) > 1


def _runs(tokens: list[re.Match[str]], text: str) -> list[tuple[int, int]]:
    """(first, last+1) token ranges worth a look-up: placeable at both ends, no punctuation inside."""
    out = []
    for i, first in enumerate(tokens):
        if not _placeable(first[0]):
            continue
        for j in range(i, min(i + MAX_WORDS, len(tokens))):
            if j > i and (not re.fullmatch(r"[\s-]*", text[tokens[j - 1].end():tokens[j].start()])
                          or tokens[j][0] in NOT_PLACE):
                break
            if _placeable(tokens[j][0]) or (j > i and tokens[j][0].isdigit()):
                out.append((i, j + 1))
    return sorted(out, key=lambda r: (r[0] - r[1], r[0]))


def read_places(gaz: Gazetteer, text: str, distance: bool) -> tuple[list[PlaceCue], set[int]]:
    """Place cues, longest phrase first, and the token indexes they took."""
    tokens = list(TOKEN.finditer(text))
    taken: set[int] = set()
    cues: list[tuple[int, PlaceCue]] = []
    for i, j in _runs(tokens, text):
        if taken & set(range(i, j)):
            continue
        phrase = " ".join(t[0] for t in tokens[i:j])
        found = gaz.search(phrase, limit=6)
        if not found:
            continue
        best = found[0][1]
        letters = len(phrase.replace(" ", ""))
        if best < EXACT and (letters < 4 or best < (FUZZY_LONG if j - i > 1 else FUZZY)):
            continue
        places = tuple(p for p, s in found if s >= best - 0.015)
        before = text[:tokens[i].start()]
        near = NEAR.search(before[-40:])
        km = None
        if near:
            km = float(near["n"]) * (MILE if near["mi"] else 1.0) if near["n"] else NEAR_KM
        reference = distance and bool(FROM.search(before[-12:]) or near)  # "is kalsu near baghdad?"
        km = None if reference else km
        cues.append((tokens[i].start(), PlaceCue(places, best, phrase, km, reference)))
        taken |= set(range(i, j))
    return [c for _, c in sorted(cues, key=lambda c: c[0])], taken


def read_question(text: str, gaz: Gazetteer, now: datetime) -> Question:
    folded = " ".join(fold(text[:MAX_CHARS]).split())
    fields, rest = read_fields(folded)
    who_said = bool(WHO_SAID.search(folded))
    slugs = tuple(dict.fromkeys(SLUG.findall(rest)))
    for s in slugs:
        rest = rest.replace(s, " " * len(s))
    dates = read_dates(rest, now)
    for d in dates:
        rest = _blank(rest, d.start, d.end)
    rest = ELISION.sub(lambda m: " " * len(m[0]), rest)  # "d'Erbil", "l'attaque": the word after the apostrophe
    places, taken = read_places(gaz, rest, "distance_km" in fields)
    words = tuple(t[0] for k, t in enumerate(TOKEN.finditer(rest))
                  if k not in taken and t[0] not in STOP and len(t[0]) > 2 and not t[0].isdigit())
    numbers = tuple(NUMBERS.get(t[0]) or int(t[0]) for t in TOKEN.finditer(rest)
                    if t[0] in NUMBERS or (t[0].isdigit() and len(t[0]) <= 4))
    return Question(text, fields, bool(LIST.search(folded)), who_said, slugs, tuple(dates), tuple(places), words, numbers)
