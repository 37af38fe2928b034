"""When an undated report (or a dated report meeting an undated incident) is the same event: evidence beyond place.

23 % of real reports carry no publication date. A reader joins such a report to the incident at its place when the
two agree on what happened: the same figures, the same kind of event, the same main place. Place alone is not
enough where a place has several incidents; two incidents that match equally keep the report apart.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, timedelta

from sqlalchemy import Connection, bindparam, select

from briefings.db.models import Claim
from briefings.extract.lang import loose as foreign
from briefings.extract.frames import Frame

_FIGURES = (select(Claim.field, Claim.value_num)
            .where(Claim.incident_id == bindparam("incident"), Claim.field.in_(("killed", "wounded")),
                   Claim.value_num.is_not(None)).distinct().limit(200))
NEEDED = 3  # a shared figure alone, or the same main place and kind of event


@dataclass(frozen=True)
class Evidence:
    score: int
    reasons: tuple[str, ...]
    specific: bool = False  # a shared figure or a fitting day: more than "an attack at the same place"


def evidence(conn: Connection, incident_id: int, incident_place: str, incident_types: str, frame: Frame,
             primary_id: str, start: date | None = None, end: date | None = None) -> Evidence:
    """How strongly a frame and an incident at one of its places describe the same event, and why."""
    score, why, specific = 0, [], False
    mine = {(c.field, int(c.value_num)) for c in frame.claims if c.field in ("killed", "wounded") and c.value_num}
    if mine:
        theirs = {(f, int(v)) for f, v in conn.execute(_FIGURES, {"incident": incident_id})}
        shared = sorted(mine & theirs)
        if shared:
            score += 3 * min(2, len(shared))
            why.append("same figures: " + ", ".join(f"{f} {v}" for f, v in shared))
            specific = True
    types = set(frame.types) & {t for t in incident_types.split(",") if t}
    if types:
        score += 1
        why.append("same kind of event: " + ", ".join(sorted(types)))
    if incident_place == primary_id or incident_place in frame.focus:
        score += 2
        why.append("same main place")
    bonus, reason = calendar(frame.loose, start, end)
    score += bonus
    if reason:
        why.append(reason)
    return Evidence(score, tuple(why), specific or bonus > 0)


_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DAY_MONTH = re.compile(r"\b(\d{1,2})(?:st|nd|rd|th)?\s+(?:of\s+)?([a-z]{3})[a-z]*\.?|\b([a-z]{3})[a-z]*\.?\s+(\d{1,2})\b", re.I)


def _days(start: date, end: date) -> list[date]:
    return [start + timedelta(days=i) for i in range(min(8, (end - start).days + 1))]


def calendar(loose: list[str], start: date | None, end: date | None) -> tuple[int, str | None]:
    """Do the report's unresolved dates ("on Monday", "on 27 June") fit the incident's days? (+ score, reason)"""
    if start is None or not loose:
        return 0, None
    days = _days(start, end or start)
    text = " ".join(loose).lower()
    other = False  # a day named that is not the incident's: a different event, unless another named day is
    for m in _DAY_MONTH.finditer(text):
        day, mon = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
        if mon[:3].lower() in _MONTHS and day:
            if any(d.day == int(day) and d.month == _MONTHS.index(mon[:3].lower()) + 1 for d in days):
                return 3, f"same day: {m.group().strip()}"
            other = True
    for day, month in foreign.day_months(text):  # "dimanche 27 mars", "11 أبريل" (extract/lang/loose.py)
        if foreign.fits(day, month, start, end or start):
            return 3, f"same day: {day}/{month}"
        other = True
    if other:
        return -3, None
    named = [i for i, w in enumerate(_WEEKDAYS) if w in text]
    named += foreign.weekdays(text) if len(days) < 7 else []  # any weekday fits a week: no evidence then
    if named:
        if any(d.weekday() in named for d in days):
            return 2, "same weekday: " + ", ".join(_WEEKDAYS[i].title() for i in named)
        return -2, None
    return 0, None


def pick(scored: list[tuple[int, Evidence]]) -> tuple[int | None, list[tuple[int, Evidence]]]:
    """The incident with the strongest evidence when it is enough and no other matches as well; else None and the
    incidents that tie at the top (the report stays apart, "possibly also" each of them)."""
    good = sorted((e.score, i) for i, e in scored if e.score >= NEEDED)
    if not good:
        return None, []
    if len(good) > 1 and good[-1][0] == good[-2][0]:
        return None, [(i, e) for i, e in scored if e.score == good[-1][0]]
    return good[-1][1], []
