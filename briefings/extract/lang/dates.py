"""Dates and weekdays in a language read from data ("lundi 30 janvier", "el 21 de agosto de 2025", "na segunda-feira",
"am Mittwochabend", "ayer", "en 2015", "3. Mai"), resolved against the publication date like the English ones
(briefings/extract/dates.py): a weekday or a day without a year is the most recent one on or before publication.
Without rules (a language the engine cannot read) only numeric dates ("21/08/2025", "2025-08-21") are read."""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache

from briefings.extract.lang.rules import LangRules, phrase
from briefings.extract.types import DateRef

_NUMERIC = re.compile(r"(?<![\d/.-])(?:(?P<d>3[01]|[12]\d|0?[1-9])[/.](?P<m>1[0-2]|0?[1-9])[/.](?P<y>(?:19|20)\d\d)"
                      r"|(?P<iy>(?:19|20)\d\d)-(?P<im>1[0-2]|0[1-9])-(?P<id>3[01]|[12]\d|0[1-9]))(?![\d/-]|\.\d)")


@lru_cache(maxsize=None)
def _pattern(rules: LangRules) -> re.Pattern[str]:
    months, weekdays = phrase(list(rules.months)), phrase(list(rules.weekdays))
    suffix = phrase(rules.raw.get("weekday_suffixes", [])) if rules.raw.get("weekday_suffixes") else None
    wd = rf"(?P<wd>{weekdays})" + (rf"(?:{suffix})?" if suffix else "")
    day = r"(?P<day>3[01]|[12]\d|0?[1-9])(?:er|º|°|\.)?"
    return re.compile(
        rf"(?<!\w)(?:(?:{wd}[\s,]+(?:(?:le|el|o|il|den|الموافق)\s+)?)?{day}\s+(?:de\s+)?(?P<month>{months})"
        rf"(?:\s+(?:de\s+|del\s+)?(?P<year>(?:19|20)\d\d))?"
        rf"|(?P<mon2>{months})\s+(?:de\s+|del\s+)?(?P<year2>(?:19|20)\d\d)"
        rf"|{wd.replace('(?P<wd>', '(?P<wd2>')}"
        rf"|(?P<word>{phrase(list(rules.raw.get('day_words', {})))})"
        rf"|(?:{phrase(rules.raw.get('year_preps', []))})\s+(?P<year3>(?:19|20)\d\d))(?!\w)", re.I)


def _most_recent(pub: date | None, month: int, day: int, year: int | None) -> tuple[date | None, bool]:
    if year is not None:
        return date(year, month, day), False
    if pub is None:
        return None, True
    y = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
    return date(y, month, day), True


def find_foreign_dates(sentence: str, offset: int, published: date | None, rules: LangRules | None) -> list[DateRef]:
    """Every date expression of a sentence, spans absolute (offset = the sentence's start in the article)."""
    pub = published.date() if isinstance(published, datetime) else published
    out: list[DateRef] = []
    for m in _NUMERIC.finditer(sentence):
        try:
            d = date(int(m["y"]), int(m["m"]), int(m["d"])) if m["y"] else date(int(m["iy"]), int(m["im"]), int(m["id"]))
        except ValueError:
            continue
        out.append(DateRef(d, d, "day", m.group(), offset + m.start(), offset + m.end()))
    if rules is None:
        return out
    for m in _pattern(rules).finditer(sentence):
        g = {k: v.lower() if isinstance(v, str) else v for k, v in m.groupdict().items()}
        try:
            if g["month"]:
                start, rel = _most_recent(pub, rules.months[" ".join(g["month"].split())], int(g["day"]),
                                          int(g["year"]) if g["year"] else None)
                ref = DateRef(start, start, "day", m.group(), offset + m.start(), offset + m.end(), relative=rel)
            elif g["mon2"]:
                y, mo = int(g["year2"]), rules.months[" ".join(g["mon2"].split())]
                ref = DateRef(date(y, mo, 1), date(y, mo, calendar.monthrange(y, mo)[1]), "month", m.group(),
                              offset + m.start(), offset + m.end())
            elif g["year3"]:
                y = int(g["year3"])
                ref = DateRef(date(y, 1, 1), date(y, 12, 31), "year", m.group(), offset + m.start(), offset + m.end())
            else:
                if g["wd2"]:
                    wd = rules.weekdays[" ".join(g["wd2"].split())]
                    day = pub - timedelta((pub.weekday() - wd) % 7) if pub else None
                else:
                    shift = {k.lower(): v for k, v in rules.raw["day_words"].items()}[" ".join(g["word"].split())]
                    day = pub + timedelta(int(shift)) if pub else None
                ref = DateRef(day, day, "day", m.group(), offset + m.start(), offset + m.end(), relative=True)
        except (ValueError, KeyError):
            continue
        out.append(ref)
    return sorted(out, key=lambda r: r.char_start)
