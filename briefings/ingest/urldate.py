"""The date many news sites put in an article's address ("/2025/04/11/slug", "/news/2022-04-05-slug"): the
publication date of a report whose page or feed gave none, so that "on Friday" can still be resolved."""
from __future__ import annotations

import re
from datetime import date
from urllib.parse import urlsplit

__all__ = ["date_in_url"]

_YEAR = r"(?P<y>(?:19|20)\d\d)"
_PATTERNS = (
    re.compile(rf"/{_YEAR}/(?P<m>[01]?\d)/(?P<d>[0-3]?\d)(?=/|$|[-_.])"),  # /2025/04/11/ or /2023/1/16/
    re.compile(rf"(?<![\d])/?{_YEAR}-(?P<m>[01]\d)-(?P<d>[0-3]\d)(?![\d])"),  # 2022-04-05 in a path segment
    re.compile(rf"(?<![\d]){_YEAR}(?P<m>[01]\d)(?P<d>[0-3]\d)(?![\d])"),  # /20231205/ or _20231205
)


def date_in_url(url: str | None, today: date | None = None) -> date | None:
    """The day the URL's path names, or None (no day, an impossible day, or a day after `today`)."""
    if not url:
        return None
    try:
        path = urlsplit(url.strip()).path
    except ValueError:
        return None
    limit = today or date.today()
    for rx in _PATTERNS:
        for m in rx.finditer(path[:500]):
            try:
                found = date(int(m.group("y")), int(m.group("m")), int(m.group("d")))
            except ValueError:
                continue
            if date(1990, 1, 1) <= found <= limit:
                return found
    return None
