"""Dates and spans inside a question, in the languages of bot/dm/words.py.

"on 4 January", "in December 2019", "el 4 de enero", "2024-01-04", "last week", "hier". A date without a
year ("on 4 January", "in April") matches that day or month in any year: reports are about the past, and
the newest matching incident comes first. Each cue keeps its span of text, so that place look-up skips it.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from bot.timeparse import parse_on

_NAMES = {
    1: "january jan janvier enero janeiro gennaio januar", 2: "february feb fevrier febrero fevereiro febbraio februar",
    3: "march mar mars marzo marco marz", 4: "april apr avril abril aprile", 5: "may mai mayo maio maggio",
    6: "june jun juin junio junho giugno juni", 7: "july jul juillet julio julho luglio juli",
    8: "august aug aout agosto", 9: "september sep sept septembre septiembre setiembre setembro settembre",
    10: "october oct octobre octubre outubro ottobre oktober", 11: "november nov novembre noviembre novembro",
    12: "december dec decembre diciembre dezembro dicembre dezember",
}
MONTHS = {name: m for m, names in _NAMES.items() for name in names.split()}
#: Month names that are also ordinary words: a month only beside a day or a year ("may", "mar", "march").
_AMBIGUOUS = frozenset({"may", "mar", "march", "jan", "sep", "dec", "mai", "mars", "jun", "jul", "aug", "oct", "nov", "feb", "apr"})
_M = "|".join(sorted(MONTHS, key=len, reverse=True))
_DAY = r"(?P<d>\d{1,2})(?:st|nd|rd|th|er|eme|o|º|\.)?"
_YEAR = r"(?P<y>(?:19|20)\d{2})"
PATTERNS = (
    re.compile(r"\b(?P<y>\d{4})-(?P<m>\d{1,2})-(?P<d>\d{1,2})\b"),
    re.compile(r"\b(?P<d>\d{1,2})[/.](?P<m>\d{1,2})[/.](?P<y>\d{4})\b"),
    re.compile(rf"\b(?:the\s+)?{_DAY}\s+(?:of\s+|de\s+)?(?P<mn>{_M})\b\.?(?:,?\s+(?:de\s+|del\s+)?{_YEAR})?"),
    re.compile(rf"\b(?P<mn>{_M})\.?\s+{_DAY}\b(?:,?\s+{_YEAR})?"),
    re.compile(rf"\b(?P<mn>{_M})\.?(?:,?\s+(?:de\s+|del\s+|of\s+)?{_YEAR})?\b"),
    re.compile(rf"\b{_YEAR}\b"),
)
RELATIVE = re.compile(
    r"\b(?:(?:in|over|during|for|within)\s+)?(?:the\s+)?(?:(?P<lp>last|past)\s+(?P<n>\d+|two|three|four|five|six|seven|ten)\s+(?P<u>days?|weeks?|months?)"
    r"|(?P<ago>\d+|a|an|one|two|three|four|five|six)\s+(?P<au>days?|weeks?|months?)\s+ago"
    r"|(?P<w>today|tonight|yesterday|last\s+night|this\s+week|last\s+week|past\s+week|this\s+month|last\s+month|past\s+month"
    r"|aujourd'hui|hier|cette\s+semaine|la\s+semaine\s+derniere|ce\s+mois-ci|le\s+mois\s+dernier|hoy|ayer|esta\s+semana"
    r"|la\s+semana\s+pasada|este\s+mes|el\s+mes\s+pasado|ontem|hoje|semana\s+passada|ieri|oggi|settimana\s+scorsa"
    r"|gestern|heute|letzte\s+woche|diese\s+woche|(?P<yr>this\s+year|last\s+year|cette\s+annee|l'annee\s+derniere"
    r"|este\s+ano|el\s+ano\s+pasado|dieses\s+jahr|letztes\s+jahr|quest'anno|l'anno\s+scorso)))\b")
_SMALL = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "ten": 10}
_WORDS = {"today": 0, "tonight": 0, "aujourd'hui": 0, "hoy": 0, "hoje": 0, "oggi": 0, "heute": 0,
          "yesterday": 1, "last night": 1, "hier": 1, "ayer": 1, "ontem": 1, "ieri": 1, "gestern": 1}
_WEEKS = {"this week": 0, "cette semaine": 0, "esta semana": 0, "diese woche": 0,
          "last week": 1, "past week": 1, "la semaine derniere": 1, "la semana pasada": 1, "semana passada": 1,
          "settimana scorsa": 1, "letzte woche": 1}
_MONTHS_REL = {"this month": 0, "ce mois-ci": 0, "este mes": 0, "last month": 1, "past month": 1,
               "le mois dernier": 1, "el mes pasado": 1}


@dataclass(frozen=True)
class DateCue:
    """A day, month or span; `month`/`day` set and `first` None when the year was not said."""

    start: int
    end: int  # the span of text it was read from
    first: date | None = None
    last: date | None = None
    month: int | None = None
    day: int | None = None

    def matches(self, lo: date | None, hi: date | None) -> bool:
        """Does an incident that ran from lo to hi fall on this date?"""
        if lo is None:
            return False
        hi = hi or lo
        if self.first is not None and self.last is not None:
            return lo <= self.last and hi >= self.first
        d = lo
        while d <= hi and d - lo <= timedelta(days=62):
            if d.month == self.month and (self.day is None or d.day == self.day):
                return True
            d += timedelta(days=1)
        return False

    @property
    def span(self) -> tuple[date, date] | None:
        return (self.first, self.last) if self.first and self.last else None


def _cue(m: re.Match[str], now: datetime) -> DateCue | None:
    g = m.groupdict()
    month = int(g["m"]) if g.get("m") else MONTHS.get(g.get("mn") or "")
    year, day = (int(g["y"]) if g.get("y") else None), (int(g["d"]) if g.get("d") else None)
    if g.get("mn") in _AMBIGUOUS and day is None and year is None:
        before = m.string[max(0, m.start() - 4):m.start()]
        if not re.search(r"\b(?:in|en|em|im|a)\s+$", before) or g["mn"] in ("may", "mar", "march"):
            return None
    if month is None:
        return DateCue(m.start(), m.end(), date(year, 1, 1), date(year, 12, 31)) if year else None
    if not 1 <= month <= 12:
        return None
    if year is None:
        return DateCue(m.start(), m.end(), month=month, day=day)
    span = parse_on(f"{year}-{month:02d}-{day:02d}" if day else f"{_NAMES[month].split()[0]} {year}", now.date())
    return DateCue(m.start(), m.end(), *span) if span else None


def _relative(m: re.Match[str], now: datetime) -> DateCue:
    today = now.date()
    if m["ago"]:  # "two weeks ago": that day, week or month, give or take a little
        n = int(m["ago"]) if m["ago"].isdigit() else _SMALL.get(m["ago"], 1)
        unit = {"d": 1, "w": 7, "m": 30}[m["au"][0]]
        middle = today - timedelta(days=n * unit)
        return DateCue(m.start(), m.end(), middle - timedelta(days=max(1, unit // 2)), middle + timedelta(days=max(1, unit // 2)))
    if m["yr"]:
        back = 0 if m["yr"].split()[0] in ("this", "cette", "este", "dieses", "quest'anno") else 1
        return DateCue(m.start(), m.end(), date(today.year - back, 1, 1), date(today.year - back, 12, 31))
    if m["w"]:
        w = " ".join(m["w"].split())
        if w in _WORDS:
            day = today - timedelta(days=_WORDS[w])
            return DateCue(m.start(), m.end(), day, day)
        if w in _WEEKS:
            monday = today - timedelta(days=today.weekday() + 7 * _WEEKS[w])
            return DateCue(m.start(), m.end(), monday, monday + timedelta(days=6) if _WEEKS[w] else today)
        first = (today.replace(day=1) - timedelta(days=1)).replace(day=1) if _MONTHS_REL[w] else today.replace(day=1)
        last = today.replace(day=1) - timedelta(days=1) if _MONTHS_REL[w] else today
        return DateCue(m.start(), m.end(), first, last)
    n = int(m["n"]) if m["n"].isdigit() else _SMALL[m["n"]]
    days = n * {"d": 1, "w": 7, "m": 30}[m["u"][0]]
    return DateCue(m.start(), m.end(), today - timedelta(days=days), today)


def read_dates(folded: str, now: datetime) -> list[DateCue]:
    """The date cues of a folded question, left to right, without overlaps."""
    found: list[DateCue] = [_relative(m, now) for m in RELATIVE.finditer(folded)]
    for pattern in PATTERNS:
        for m in pattern.finditer(folded):
            if any(c.start < m.end() and m.start() < c.end for c in found):
                continue
            if (cue := _cue(m, now)) is not None:
                found.append(_since(cue, folded, now))
    return sorted(found, key=lambda c: c.start)


SINCE = re.compile(r"\b(?:since|depuis|desde|seit|dal|dai)\s+(?:the\s+|le\s+|el\s+|o\s+)?$")


def _since(cue: DateCue, folded: str, now: datetime) -> DateCue:
    """"since June 2025": from then until today (a date without a year: its latest past occurrence)."""
    if not SINCE.search(folded[max(0, cue.start - 12):cue.start]):
        return cue
    first = cue.first
    if first is None and cue.month is not None:
        today = now.date()
        first = date(today.year, cue.month, cue.day or 1)
        first = first if first <= today else date(today.year - 1, cue.month, cue.day or 1)
    return DateCue(cue.start, cue.end, first, now.date()) if first else cue
