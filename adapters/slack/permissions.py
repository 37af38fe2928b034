"""Who may change a channel's subscriptions: workspace admins and owners, and the channel's creator.

Asked of Slack (users.info, conversations.info) only for commands that need it, and remembered for a
few minutes per user and per channel so a burst of commands costs one lookup. A failed lookup means
"no" (and a log line), never an error for the user.
"""
from __future__ import annotations

import logging

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.cache import TtlCache
from adapters.slack.replies import slack_error

log = logging.getLogger(__name__)

MANAGE_COMMANDS = frozenset({"subscribe", "unsubscribe", "subscriptions", "watch", "export"})  # watch: issue 19
TTL_SECONDS = 300.0


class Permissions:
    def __init__(self, ttl: float = TTL_SECONDS) -> None:
        self.admins: TtlCache[bool] = TtlCache(ttl)
        self.creators: TtlCache[str] = TtlCache(ttl)

    async def can_manage(self, client: AsyncWebClient, team: str | None, user: str | None, channel: str | None) -> bool:
        if not user or not channel:
            return False
        if channel.startswith("D"):  # one's own direct messages
            return True
        try:
            if await self._is_admin(client, team, user):
                return True
            return await self._creator(client, team, channel) == user
        except Exception as exc:  # a lookup that fails is a "no", never a failed command
            reason = slack_error(exc) if isinstance(exc, SlackApiError) else repr(exc)
            log.warning("slack: cannot tell whether %s may manage %s: %s", user, channel, reason)
            return False

    async def is_admin(self, client: AsyncWebClient, team: str | None, user: str | None) -> bool:
        """A workspace admin or owner (merging and splitting incidents); a failed lookup is a "no"."""
        if not user:
            return False
        try:
            return await self._is_admin(client, team, user)
        except Exception as exc:
            reason = slack_error(exc) if isinstance(exc, SlackApiError) else repr(exc)
            log.warning("slack: cannot tell whether %s is an admin: %s", user, reason)
            return False

    async def _is_admin(self, client: AsyncWebClient, team: str | None, user: str) -> bool:
        known = self.admins.get((team, user))
        if known is None:
            info = (await client.users_info(user=user))["user"]
            known = bool(info.get("is_admin") or info.get("is_owner") or info.get("is_primary_owner"))
            self.admins.put((team, user), known)
        return known

    async def _creator(self, client: AsyncWebClient, team: str | None, channel: str) -> str:
        known = self.creators.get((team, channel))
        if known is None:
            known = str((await client.conversations_info(channel=channel))["channel"].get("creator") or "")
            self.creators.put((team, channel), known)
        return known
