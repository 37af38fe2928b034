"""RSS/Atom feeds through feedparser: one Document or Problem per entry, never an exception."""
from __future__ import annotations

import io
import re
from collections.abc import Iterator
from datetime import datetime, timezone
from typing import Any

from briefings.ingest.fetch import html_to_text, looks_like_html
from briefings.ingest.formats import Meta, Problem, Result, guarded, make_document

__all__ = ["parse_feed"]


def parse_feed(data: bytes, source: str) -> Iterator[Result]:
    """RSS/Atom through feedparser: one Document per entry; outlet is the feed title."""
    import feedparser

    data = _without_internal_dtd(data)
    feed = feedparser.parse(io.BytesIO(data))  # a stream: never let feedparser treat data as a path or URL
    entries = feed.get("entries") or []
    if not entries:
        exc = feed.get("bozo_exception")
        yield Problem(source, f"malformed feed XML: {_xml_error(exc)}" if exc is not None
                      else "no feed entries found (not an RSS or Atom feed?)")
        return
    info = feed.get("feed", {})
    base = {"outlet": info.get("title"), "language": info.get("language")}
    for number, entry in enumerate(entries, 1):
        yield _entry(entry, f"{source}#{number}", base)


# A DOCTYPE's internal subset declares entities: feeds never need them, and they are how entity-expansion
# ("billion laughs": 1.5 s until expat's amplification limit stops it) and external-entity attacks work.
_INTERNAL_DTD = re.compile(rb"(<!DOCTYPE[^\[>]{0,500})\[[^\]]{0,60000}\]\s*>", re.I)


def _without_internal_dtd(data: bytes) -> bytes:
    at = data[:4096].upper().find(b"<!DOCTYPE")  # the prolog only: one match attempt, bounded
    if at < 0:
        return data
    m = _INTERNAL_DTD.match(data, at)
    return data[:at] + m.group(1) + b">" + data[m.end():] if m else data


@guarded
def _entry(entry: Any, source: str, base: Meta) -> Result:
    parts = [*(entry.get("content") or []), entry.get("summary_detail") or {}]
    part = next((p for p in parts if (p.get("value") or "").strip()), None)
    if part is None:
        return Problem(source, "feed entry has no content or summary")
    value = part.get("value")
    kind = part.get("type") or ""
    text = html_to_text(value) if "html" in kind or looks_like_html(value) else value
    if not text.strip():
        return Problem(source, "feed entry has no content or summary")
    when = entry.get("published_parsed") or entry.get("updated_parsed")
    return make_document(text, {
        **base, "title": entry.get("title"), "url": entry.get("link"), "author": entry.get("author"),
        "published": _feed_time(when),
        "language": part.get("language") or base.get("language")}, source)


def _feed_time(when: Any) -> datetime | None:
    try:
        return datetime(*when[:6]).replace(tzinfo=timezone.utc) if when else None
    except (TypeError, ValueError, OverflowError):  # year 0, month 13: an odd date is no date
        return None


def _xml_error(exc: BaseException) -> str:
    if callable(getattr(exc, "getLineNumber", None)):
        where = f"line {exc.getLineNumber()}, column {exc.getColumnNumber()}"  # type: ignore[attr-defined]
        return f"{exc.getMessage()} at {where}"  # type: ignore[attr-defined]
    return str(exc).split("\n")[0] or type(exc).__name__
