"""/export in chat (issue 20): the same files as `briefbot export`, uploaded for channel managers.

`/export [csv|jsonl|geojson] [place] [since]`, e.g. `/export geojson iraq 30d`. Chat platforms cap file
sizes (Discord: 8 MB for bots), so the file is built up to that size and a bigger export is refused with
how to narrow it or where to get it whole (`briefbot export` streams any size).
"""
from __future__ import annotations

import io
from datetime import datetime, timedelta, timezone
from typing import Any

from bot.commands.spec import Attachment, Call, Reply
from bot.commands.subscriptions import may_change
from bot.timeparse import BadArgument, parse_since

MAX_BYTES = 8 * 1024 * 1024
CONTENT_TYPES = {"csv": "text/csv", "jsonl": "application/x-ndjson", "geojson": "application/geo+json"}
WHAT = {"csv": "claims", "jsonl": "claims", "geojson": "incidents"}


class TooBig(Exception):
    """The export outgrew what a chat upload takes."""


class _Capped(io.StringIO):
    """A text buffer that stops the export once it holds more than `limit` bytes (UTF-8, roughly)."""

    def __init__(self, limit: int) -> None:
        super().__init__()
        self.limit = limit
        self.size = 0

    def write(self, s: str) -> int:
        self.size += len(s.encode("utf-8")) if not s.isascii() else len(s)
        if self.size > self.limit:
            raise TooBig
        return super().write(s)


def parse_request(text: str, now: datetime) -> tuple[str, str | None, datetime | None]:
    """"geojson iraq 30d" → ("geojson", "iraq", 30 days ago); every part optional."""
    words = text.split()
    fmt = "csv"
    if words and words[0].lower() in CONTENT_TYPES:
        fmt = words.pop(0).lower()
    since: Any = None
    for n in (2, 1):  # "this week", "30d"
        if len(words) >= n:
            try:
                since = parse_since(" ".join(words[-n:]), now)
            except BadArgument:
                continue
            if since is not None:
                words = words[:-n]
                break
    if isinstance(since, timedelta):
        since = now - since
    place = " ".join(words) or None
    return fmt, place, since.astimezone(timezone.utc) if since is not None else None


def export_command(call: Call) -> Reply:
    if may_change(call.caller) is not None:  # who may change a channel's subscriptions may export there
        return Reply.note("Only channel managers may export here (Slack: workspace admins and the channel's creator; "
                          "Discord: Manage Channels). Ask one, or use /export in a DM with me.")
    from briefings.export import ExportFilter, export

    fmt, place, since = parse_request(str(call.options.get("request") or ""), call.now)
    buffer = _Capped(MAX_BYTES)
    try:
        rows = export(call.engine.sessions, call.engine.knowledge.places, fmt, buffer,  # type: ignore[arg-type]
                      ExportFilter(since=since, place=place))
    except TooBig:
        return Reply.note(f"That export is larger than a chat upload takes ({MAX_BYTES // (1024 * 1024)} MB). Narrow "
                          "it with a place or a period (/export csv iraq 30d), or run `briefbot export` on the server.")
    scope = " ".join(p for p in (f"at {place}" if place else "", f"since {since:%Y-%m-%d}" if since else "") if p)
    if rows == 0:
        return Reply.note(f"Nothing to export{' ' + scope if scope else ''}: no {WHAT[fmt]} match.")
    day = call.now.strftime("%Y-%m-%d")
    name = f"briefbot-{WHAT[fmt]}-{day}.{fmt}"
    text = f"{rows} {WHAT[fmt]}{' ' + scope if scope else ''} as {fmt.upper()} ({name})."
    return Reply(text=text, attachment=Attachment(name, buffer.getvalue().encode("utf-8"), CONTENT_TYPES[fmt],
                                                  title=name))
