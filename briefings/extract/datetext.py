"""A whole string that is one date: a header's value, an article's date line, what a user types ("2019-12",
"yesterday", "7d"). The expressions and their resolution are dates.py's; this reads a string as a single one."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timedelta
from email.utils import parsedate_to_datetime

from briefings.extract.dates import _NAMES, DateRef, _month_span, _year_span, find_dates

_TRAILER = re.compile(r"\s*(?:[A-Z]{2,4}|GMT[+-]?\d*|UTC[+-]?\d*)?[\s.,]*")
_RFC2822 = re.compile(r"\d{1,2}\s+[A-Za-z]{3}\s+\d{4}\s+\d\d:\d\d")  # "Sat, 20 Apr 2024 10:00:00 +0000"
_ISO = re.compile(r"\d{4}-\d\d-\d\d(?:[T ]\d\d:\d\d[\d:.]*(?:Z|[+-]\d\d:?\d\d)?)?")


def _whole(text: str, today: date | None) -> DateRef | None:
    """The single expression covering all of `text`, case-insensitively (a trailing time zone is allowed)."""
    s = re.sub(r"[A-Za-z]+", lambda w: w.group().capitalize() if w.group().lower() in _NAMES else w.group(), text.strip())
    refs = find_dates(s, 0, today)
    ok = len(refs) == 1 and refs[0].char_start == 0 and refs[0].start and _TRAILER.fullmatch(s, refs[0].char_end)
    return refs[0] if ok else None


def parse_date(text: str) -> date | None:
    """A standalone absolute date from a header or the CLI: ISO, "20 April 2024", "29-12-2019", RFC 2822."""
    s = text.strip()
    try:
        if _ISO.fullmatch(s):
            return datetime.fromisoformat(s).date()
        if _RFC2822.search(s):
            return parsedate_to_datetime(s).date()
    except (TypeError, ValueError, IndexError):
        return None
    ref = _whole(s, None)
    return ref.start if ref and ref.precision == "day" and not ref.relative else None


def parse_on(text: str, today: date) -> tuple[date, date] | None:
    """A user-typed date as an inclusive range: "2019-12-29", "2019-12", "2019", "yesterday", "dec 2019"."""
    if m := re.fullmatch(r"((?:19|20)\d\d)(?:[-/](\d{1,2}))?", text.strip()):
        y, month = int(m.group(1)), int(m.group(2) or 0)
        span = _month_span(y, month) if 1 <= month <= 12 else _year_span(y, y) if not m.group(2) else None
        return (span[0], span[1]) if span else None  # type: ignore[return-value]
    ref = _whole(text, today)
    return (ref.start, ref.end or ref.start) if ref and ref.start else None


_DURATION = re.compile(r"(\d+)\s*(m|mins?|minutes?|h|hrs?|hours?|d|days?|w|wks?|weeks?|mo|mos|months?|y|yrs?|years?)")
_SECONDS = {"m": 60, "h": 3600, "d": 86400, "w": 7 * 86400, "mo": 30 * 86400, "y": 365 * 86400}


def parse_since(text: str, now: datetime) -> datetime | None:
    """The start of a user-typed window: "24h", "7d", "2w", "30m", "yesterday", "2024-04-01", "last week"."""
    if m := _DURATION.fullmatch(text.strip().lower()):
        unit = m.group(2)
        return now - timedelta(seconds=int(m.group(1)) * _SECONDS["mo" if unit.startswith("mo") else unit[0]])
    r = parse_on(text, now.date())
    return datetime.combine(r[0], time(), tzinfo=now.tzinfo) if r else None


_LABEL = re.compile(r"\W*(?P<label>published|posted|first\s+published|date|updated|last\s+updated|modified)\b(?P<sep>\s*(?:on|at)\b\s*:?|\s*:)?\s*(?P<rest>.+)", re.I)


def infer_published(text: str) -> date | None:
    """The article's own date line, for files without a header: "Published:" > byline or lone date > "Updated:"."""
    best: tuple[int, date] | None = None
    for line in text.splitlines():
        line = line.strip()
        if not line or len(line) > 150 or not any(c.isdigit() for c in line):
            continue
        m = _LABEL.match(line)
        rank = (2 if m.group("label").lower().endswith(("updated", "modified")) else 0) if m else 1
        body = m.group("rest") if m else line
        refs = find_dates(body, 0, None) if (m and m.group("sep")) or line.startswith("By ") else []
        found = parse_date(body) or next((r.start for r in refs if r.precision == "day" and not r.relative), None)
        if found and (best is None or rank < best[0]):
            best = (rank, found)
    return best[1] if best else None
