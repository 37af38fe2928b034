"""Scheduled digests to Discord: a channel, or a user's DMs (opened with create_dm), paginated like replies."""
from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING

import discord

from adapters.discord.client import NO_MENTIONS, briefing_pages

if TYPE_CHECKING:
    from bot.scheduling.delivery import Target
    from briefings.briefing import Briefing


class DiscordDeliverer:
    """`runtime.deliverers["discord"]`: posts through the running client once it is ready."""

    def __init__(self, client: discord.Client, ready_timeout: float = 60.0) -> None:
        self.client = client
        self.ready_timeout = ready_timeout

    async def deliver(self, target: Target, briefing: Briefing) -> str | None:
        """Post every page; returns the id of the first message."""
        await asyncio.wait_for(self.client.wait_until_ready(), self.ready_timeout)
        channel: discord.abc.Messageable
        if target.channel:
            guild_id = int(target.workspace) if target.workspace else None
            channel = self.client.get_partial_messageable(int(target.channel), guild_id=guild_id)
        elif target.user:
            channel = await self.client.create_dm(discord.Object(int(target.user)))
        else:
            raise ValueError(f"a Discord delivery needs a channel or a user: {target!r}")
        first: discord.Message | None = None
        for page in briefing_pages(briefing):
            sent = await channel.send(**page, allowed_mentions=NO_MENTIONS)
            first = first or sent
        return str(first.id) if first is not None else None
