"""Dates an undated report names in another language ("le dimanche 27 mars", "el domingo", "11 أبريل"): the day
and month, or the weekday, without a year to resolve them. undated.py compares them with an incident's days, as it
does the English ones ("on Sunday", "on 27 March")."""
from __future__ import annotations

import re
from datetime import date, timedelta
from functools import lru_cache

from briefings.extract.lang.rules import analysed_languages, phrase, rules_for


@lru_cache(maxsize=1)
def _tables() -> tuple[re.Pattern[str], re.Pattern[str], dict[str, int], dict[str, int]]:
    months: dict[str, int] = {}
    weekdays: dict[str, int] = {}
    for code in analysed_languages():
        rules = rules_for(code)
        if rules is not None:
            months.update(rules.months)
            weekdays.update(rules.weekdays)
    day_month = re.compile(rf"(?<!\d)(3[01]|[12]\d|0?[1-9])(?:er|º|°|\.)?\s+(?:de\s+)?({phrase(list(months))})(?!\w)", re.I)
    named = re.compile(rf"(?<!\w)({phrase(list(weekdays))})", re.I)
    return day_month, named, months, weekdays


def day_months(text: str) -> list[tuple[int, int]]:
    """(day, month) of each "27 mars" / "21 de agosto" / "11 أبريل" in the text."""
    day_month, _, months, _ = _tables()
    return [(int(m.group(1)), months[" ".join(m.group(2).lower().split())]) for m in day_month.finditer(text)]


def weekdays(text: str) -> list[int]:
    """Weekday numbers (Monday 0) of the weekdays the text names in the languages the engine reads."""
    _, named, _, table = _tables()
    return [table[" ".join(m.group(1).lower().split())] for m in named.finditer(text)]


def fits(day: int, month: int, start: date, end: date) -> bool:
    """Is a day of the year within an incident's days (a month-long incident included)?"""
    d = start
    while d <= end:
        if d.day == day and d.month == month:
            return True
        d += timedelta(days=1)
    return False
