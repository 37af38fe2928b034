"""Digest schedules: "daily 07:30" or a cron expression, in an IANA time zone.

APScheduler's CronTrigger is used only as a calculator (when is the next/latest fire?); the database decides
what has been sent. A period is named by its scheduled LOCAL date ("2024-03-31"; cron schedules add the local
time), so a DST change can neither skip a local day nor give it two digests: 02:30 in a spring-forward gap
still fires that day (APScheduler shifts it), and 02:30 in a fall-back overlap fires twice under one key.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from functools import lru_cache
from typing import Literal
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError, available_timezones

from apscheduler.triggers.cron import CronTrigger

from bot.timeparse import BadArgument

TZ_EXAMPLES = "Asia/Baghdad, Europe/Berlin, America/New_York, UTC"
EXAMPLES = ("/subscribe daily 07:30 Asia/Baghdad", "/subscribe daily 18:00 Europe/Berlin contested",
            "/subscribe cron 30 7 * * 1-5 America/New_York")
MIN_SPACING = timedelta(minutes=15)  # a "digest" every minute is a mistake, not a schedule
MAX_STEPS = 5000  # bound on fire-time iteration per lookup
_TIME = re.compile(r"^(\d{1,2})(?:[:.h](\d{2}))?\s*(am|pm)?$", re.I)
_CRON_FIELD = re.compile(r"^[\d*/,\-?LW#a-z]+$", re.I)


def examples() -> str:
    return "; ".join(EXAMPLES)


@lru_cache(maxsize=1)
def _zone_names() -> dict[str, str]:
    return {name.lower(): name for name in available_timezones()}


def zone(name: str) -> str:
    """The canonical IANA name ('asia/baghdad' → 'Asia/Baghdad'); BadArgument with examples if unknown."""
    canonical = _zone_names().get(name.strip().lower())
    if canonical is None:
        try:
            ZoneInfo(name)
            canonical = name
        except (ZoneInfoNotFoundError, ValueError):
            raise BadArgument(f"I don't know the time zone {name!r}. Use an IANA name such as {TZ_EXAMPLES}. "
                              f"Examples: {examples()}") from None
    return canonical


def looks_like_zone(token: str) -> bool:
    return "/" in token and ":" not in token and "=" not in token or token.upper() in ("UTC", "GMT", "Z")


def parse_time(text: str) -> str | None:
    """'7:30', '07.30', '7h30', '7am', '6:15 pm' → '07:30'…; None when not a time of day."""
    m = _TIME.match(text.strip())
    if not m:
        return None
    hour, minute, half = int(m.group(1)), int(m.group(2) or 0), (m.group(3) or "").lower()
    if m.group(2) is None and not half:
        return None  # a bare number is not a time
    if half:
        if not 1 <= hour <= 12:
            return None
        hour = hour % 12 + (12 if half == "pm" else 0)
    if hour > 23 or minute > 59:
        return None
    return f"{hour:02d}:{minute:02d}"


def is_cron_field(token: str) -> bool:
    return bool(_CRON_FIELD.match(token)) and parse_time(token) is None


@dataclass(frozen=True)
class Schedule:
    kind: Literal["daily", "cron"]
    expr: str  # "07:30" or "30 7 * * 1-5"
    timezone: str  # IANA name

    @classmethod
    def stored(cls, text: str, tz: str) -> Schedule:
        """From the database form ("daily 07:30" / "cron 30 7 * * 1-5")."""
        kind, _, expr = text.partition(" ")
        if kind not in ("daily", "cron"):
            raise ValueError(f"unknown schedule {text!r}")
        return cls(kind, expr.strip(), tz)  # type: ignore[arg-type]

    @classmethod
    def daily(cls, hhmm: str, tz: str) -> Schedule:
        return cls("daily", hhmm, tz).checked()

    @classmethod
    def cron(cls, expr: str, tz: str) -> Schedule:
        return cls("cron", " ".join(expr.split()), tz).checked()

    def checked(self) -> Schedule:
        try:
            trigger = self.trigger()
        except ValueError as exc:
            raise BadArgument(f"I couldn't read the cron expression {self.expr!r} ({exc}). It has five fields: "
                              f"minute hour day month weekday. Examples: {examples()}") from None
        fires = [trigger.get_next_fire_time(None, datetime(2025, 1, 6, tzinfo=timezone.utc))]
        for _ in range(4):
            fires.append(trigger.get_next_fire_time(fires[-1], fires[-1]))
        if any(b - a < MIN_SPACING for a, b in zip(fires, fires[1:]) if a and b):
            raise BadArgument(f"That schedule fires more often than every {MIN_SPACING.seconds // 60} minutes; "
                              f"digests are for hours or days. Examples: {examples()}")
        return self

    @property
    def text(self) -> str:
        return f"{self.kind} {self.expr}"

    @property
    def tz(self) -> ZoneInfo:
        return ZoneInfo(self.timezone)

    def describe(self) -> str:
        """'daily at 07:30 Asia/Baghdad' / 'cron “30 7 * * 1-5” America/New_York'."""
        return f"daily at {self.expr} {self.timezone}" if self.kind == "daily" else f"cron “{self.expr}” {self.timezone}"

    def trigger(self) -> CronTrigger:
        if self.kind == "daily":
            hour, minute = self.expr.split(":")
            return CronTrigger(hour=int(hour), minute=int(minute), timezone=self.tz)
        return CronTrigger.from_crontab(self.expr, timezone=self.tz)

    def period_key(self, fire: datetime) -> str:
        """The scheduled LOCAL date (daily) or local date and time (cron): one digest per key, ever."""
        local = fire.astimezone(self.tz)
        return local.date().isoformat() if self.kind == "daily" else local.strftime("%Y-%m-%dT%H:%M")

    def next_fire(self, after: datetime) -> datetime | None:
        """The first fire time strictly after `after`."""
        return self.trigger().get_next_fire_time(after, after)

    def latest_fire(self, after: datetime, now: datetime) -> datetime | None:
        """The last fire time in (after, now], or None: a backlog of missed periods collapses to the latest."""
        trigger = self.trigger()
        fire, latest = trigger.get_next_fire_time(after, after), None
        for _ in range(MAX_STEPS):
            if fire is None or fire > now:
                break
            latest, fire = fire, trigger.get_next_fire_time(fire, fire)
        return latest

    def period_before(self, fire: datetime) -> timedelta:
        """The length of the period that ends at `fire` (one day for daily), for a first digest's window."""
        following = self.next_fire(fire)
        return (following - fire) if following else timedelta(days=1)


def local_text(fire: datetime, tz: ZoneInfo) -> str:
    """'2024-04-22 07:30 +03' for messages."""
    local = fire.astimezone(tz)
    offset = local.strftime("%z")
    return local.strftime("%Y-%m-%d %H:%M ") + (offset[:3] if offset.endswith("00") else offset)
