"""Publication dates of input metadata (headers, front matter, JSON records, feeds): parsed or None, never raised."""
from __future__ import annotations

import re
from datetime import date, datetime, time, timezone
from email.utils import parsedate_to_datetime
from typing import Any

__all__ = ["parse_date"]

_DATE_PREFIX = re.compile(r"^(?:(?:last\s+)?(?:updated|published|posted|modified)\s*(?:on|at)?\s*:?\s*)?"
                          r"(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?", re.I)
_DATE_FORMATS = ("%B %d, %Y", "%b %d, %Y", "%B %d %Y", "%b %d %Y", "%d %B %Y", "%d %b %Y", "%d %B, %Y",
                 "%d-%m-%Y", "%d/%m/%Y", "%d.%m.%Y", "%Y/%m/%d", "%Y.%m.%d")


def parse_date(value: Any) -> datetime | None:
    """Publication date from a header/record value; aware (UTC when no zone given), None when unparseable.

    Accepts ISO 8601, RFC 2822, "April 20, 2024", "20 April 2024", day-first "29-12-2019", datetime/date
    objects (YAML) and epoch seconds. Strings without a four-digit year are refused: no guessing "yesterday".
    """
    if isinstance(value, datetime):
        found: datetime | None = value
    elif isinstance(value, date):
        found = datetime.combine(value, time())
    elif isinstance(value, (int, float)) and not isinstance(value, bool):
        if not 0 < value < 4.2e12:  # also NaN and ints too big for a float
            return None
        seconds = value / 1000 if value > 1e11 else value  # milliseconds are common in JSON exports
        found = datetime.fromtimestamp(seconds, timezone.utc) if 0 < seconds < 4.2e9 else None
    elif isinstance(value, str):
        try:
            found = _parse_date_text(value.strip()[:200])
        except (ValueError, OverflowError, TypeError, RecursionError):  # an odd date is no date, not an error
            found = None
    else:
        found = None
    if found is None or not 1900 <= found.year <= 2100:
        return None
    return found if found.tzinfo else found.replace(tzinfo=timezone.utc)


def _parse_date_text(text: str) -> datetime | None:
    if not re.search(r"(?<!\d)(?:19|20)\d\d(?!\d)", text):
        return None
    try:
        return datetime.fromisoformat(text)
    except ValueError:
        pass
    try:
        return parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError):
        pass
    cleaned = _DATE_PREFIX.sub("", text).strip().replace("Sept ", "Sep ")
    for fmt in _DATE_FORMATS:
        try:
            return datetime.strptime(cleaned, fmt)
        except ValueError:
            continue
    import dateparser  # slow path (about 0.3 ms): times, zones, abbreviations, "6:34 AM" and the like

    found: datetime | None = dateparser.parse(cleaned, languages=["en"], settings={
        "DATE_ORDER": "DMY", "PREFER_DAY_OF_MONTH": "first", "REQUIRE_PARTS": ["day", "month", "year"]})
    return found
