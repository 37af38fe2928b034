"""The scheduler's clock, apart from the scheduler so that feeds and alerts can name it without importing it."""
from __future__ import annotations

from datetime import datetime, timezone
from typing import Protocol


class Clock(Protocol):
    """Where the scheduler reads the time; tests freeze and step it."""

    def now(self) -> datetime: ...


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(timezone.utc)
