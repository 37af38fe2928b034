"""Datelines: "KREMENCHUK, Ukraine, June 27 (Reuters) -" says where a report was filed, not where the event was."""
from __future__ import annotations

import re

_MONTH = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)[a-z]*\.?"
_DATE = rf"(?:{_MONTH}\s+\d{{1,2}}(?:,?\s+\d{{4}})?|\d{{1,2}}\s+{_MONTH}(?:\s+\d{{4}})?)"
_NAME = r"[A-Z][A-Za-z'’.\-]+(?:\s+[A-Z][A-Za-z'’.\-]+){0,3}"
_CAPS = r"[A-Z][A-Z'’.\-]{2,}(?:\s+[A-Z][A-Z'’.\-]{1,}){0,3}"
_DASH = r"\s*[-–—:]\s"
# PLACE[, Country][, date] (Agency) -   |   PLACE, date: ...   |   PLACE - / PLACE: (all capitals)   |
# Place, Country | By … (a pipe-separated byline)   |   (Place) – (a rights group's release)
_DATELINE = re.compile(
    rf"(?:^|\n)[ \t]*(?:(?:{_NAME}|{_CAPS})(?:\s*,\s*{_NAME})?(?:\s*,\s*{_DATE})?\s*(?:,\s*)?\([^()\n]{{2,80}}\){_DASH}?"
    rf"|{_CAPS}(?:\s*,\s*{_NAME})?(?:\s*,\s*{_DATE})?{_DASH}"
    rf"|{_NAME}\s*,\s*{_DATE}{_DASH}"
    rf"|{_NAME}(?:\s*,\s*{_NAME})?\s*\|\s"
    rf"|\(\s*(?:{_NAME}|{_CAPS})(?:\s*,\s*{_NAME})?\s*\){_DASH})"
)
_WINDOW = 600


def dateline_end(text: str) -> int | None:
    """End offset of the dateline at the start of the body (within its first lines), or None."""
    m = _DATELINE.search(text[:_WINDOW])
    if m is None:
        return None
    before = text[: m.start()]
    if before.count(".") > 1 and "\n" not in before.strip():  # it must open a paragraph near the top
        return None
    return m.end()
