"""Where a briefing is delivered outside a request: digests and feed-health alerts.

Adapters register one Deliverer per platform with the Runtime; the scheduler never imports a platform.
"""
from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from briefings.briefing import Briefing


@dataclass(frozen=True)
class Target:
    """A channel (or a user's DMs) on one platform and workspace/guild."""

    platform: str  # console | slack | discord
    channel: str | None = None
    workspace: str | None = None  # Slack team id / Discord guild id
    user: str | None = None  # for DM digests


class Deliverer(Protocol):
    async def deliver(self, target: Target, briefing: Briefing) -> str | None:
        """Post the briefing (paginated as the platform needs); return the platform's message id if any."""
        ...
