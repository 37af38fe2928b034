"""Dates and time spans typed by users: `2019-12-29`, `29 December 2019`, `yesterday`, `friday`; `24h`, `7d`,
`this week`, `since yesterday`. Handles the short forms commands use (and says what is wrong);
anything else goes to the engine's parser in briefings.extract.dates (months, years, ranges)."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta

from briefings.extract import datetext

Since = timedelta | datetime


class BadArgument(ValueError):
    """A user's argument could not be read; the message says what would work."""


MONTHS = {m: i + 1 for i, m in enumerate(
    "january february march april may june july august september october november december".split())}
MONTHS.update({m[:3]: i for m, i in list(MONTHS.items())})
MONTHS["sept"] = 9
WEEKDAYS = {d: i for i, d in enumerate("monday tuesday wednesday thursday friday saturday sunday".split())}
WEEKDAYS.update({d[:3]: i for d, i in list(WEEKDAYS.items())})
SMALL_NUMBERS = {w: i for i, w in enumerate(
    "zero one two three four five six seven eight nine ten eleven twelve".split())} | {"a": 1, "an": 1}
UNITS = {"m": 60, "min": 60, "mins": 60, "minute": 60, "minutes": 60,
         "h": 3600, "hr": 3600, "hrs": 3600, "hour": 3600, "hours": 3600,
         "d": 86400, "day": 86400, "days": 86400, "w": 604800, "wk": 604800, "wks": 604800,
         "week": 604800, "weeks": 604800, "month": 2592000, "months": 2592000}

_MONTH = "|".join(sorted(MONTHS, key=len, reverse=True))
_ISO = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DMY_NUM = re.compile(r"^(\d{1,2})[/.](\d{1,2})[/.](\d{4})$")
_DAY_MONTH = re.compile(rf"^(\d{{1,2}})(?:st|nd|rd|th)?\s+(?:of\s+)?({_MONTH})\.?,?(?:\s+(\d{{4}}))?$")
_MONTH_DAY = re.compile(rf"^({_MONTH})\.?\s+(\d{{1,2}})(?:st|nd|rd|th)?,?(?:\s+(\d{{4}}))?$")
_WEEKDAY = re.compile(r"^(last\s+|this\s+|past\s+)?(" + "|".join(WEEKDAYS) + r")$")
_DURATION = re.compile(r"^(?:(?:the\s+)?(?:last|past)\s+)?(\d+|" + "|".join(SMALL_NUMBERS) + r")?\s*("
                       + "|".join(sorted(UNITS, key=len, reverse=True)) + r")$")
_LEAD_ON = re.compile(r"^(?:on|for|at|of)\s+")
_LEAD_SINCE = re.compile(r"^(?:since|from|over|during|within|in|for)\s+(?:the\s+)?")


def _norm(text: str) -> str:
    return re.sub(r"\s+", " ", text.strip().lower().rstrip("?.!"))


def _safe_date(y: int, m: int, d: int) -> date | None:
    try:
        return date(y, m, d)
    except ValueError:
        return None


def _yearless(m: int, d: int, today: date) -> date | None:
    """`29 December` means the most recent 29 December (reports are about the past)."""
    found = _safe_date(today.year, m, d)
    return _safe_date(today.year - 1, m, d) if found and found > today else found


def _own_date(text: str, today: date) -> date | None:
    if text in ("today", "tonight", "this morning"):
        return today
    if text in ("yesterday", "last night"):
        return today - timedelta(days=1)
    if m := _ISO.match(text):
        return _safe_date(int(m[1]), int(m[2]), int(m[3]))
    if m := _DMY_NUM.match(text):
        return _safe_date(int(m[3]), int(m[2]), int(m[1]))
    for pattern, day_group, month_group in ((_DAY_MONTH, 1, 2), (_MONTH_DAY, 2, 1)):
        if m := pattern.match(text):
            month, day = MONTHS[m[month_group]], int(m[day_group])
            return _safe_date(int(m[3]), month, day) if m[3] else _yearless(month, day, today)
    if m := _WEEKDAY.match(text):
        back = (today.weekday() - WEEKDAYS[m[2]]) % 7
        if back == 0 and m[1] and m[1].strip() in ("last", "past"):
            back = 7
        return today - timedelta(days=back)
    return None


Span = tuple[date, date]


def parse_on(text: str, today: date) -> Span | None:
    """The days a user means, as an inclusive range: one day ("2019-12-29", "friday") or more ("dec 2019")."""
    norm = _LEAD_ON.sub("", _norm(text))
    if not norm:
        return None
    day = _own_date(norm, today)
    if day is not None:
        return day, day
    return datetext.parse_on(norm, today)


def parse_date(text: str, today: date) -> date | None:
    """A single day named by a user (the first day of a range), or None when the text is not a date."""
    span = parse_on(text, today)
    return span[0] if span else None


def parse_since(text: str, now: datetime) -> Since | None:
    """A look-back window: a timedelta for spans (`24h`, `last 3 days`), a datetime for points (`yesterday`)."""
    norm = _LEAD_SINCE.sub("", _norm(text))
    if not norm:
        return None
    if m := _DURATION.match(norm):
        count = m[1] or "1"
        n = int(count) if count.isdigit() else SMALL_NUMBERS[count]
        return timedelta(seconds=n * UNITS[m[2]])
    midnight = datetime.combine(now.date(), time(), tzinfo=now.tzinfo)
    if norm == "this week":
        return midnight - timedelta(days=now.weekday())
    if norm == "this month":
        return midnight.replace(day=1)
    day = _own_date(norm, now.date())
    if day is not None:
        return datetime.combine(day, time(), tzinfo=now.tzinfo)
    point = datetext.parse_since(norm, now)
    if point is not None:
        return point
    raise BadArgument(f"I couldn't read {text.strip()!r} as a time span. Try 24h, 7d, yesterday, this week or 2024-04-19.")
