"""Where discord.py connects: Discord itself unless the settings name a proxy or a test double.

discord.py reads its REST root from `discord.http.Route.BASE` and its gateway from
`discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY` (class attributes, platforms.md §2.7). Only settings
that differ from Discord's own URLs change them, and only while the adapter runs.
"""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

import discord.gateway
import discord.http
import yarl

if TYPE_CHECKING:
    from bot.settings import Settings

DISCORD_API = "https://discord.com/api/v10"


@contextmanager
def pointed_at(settings: Settings) -> Iterator[None]:
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    try:
        api = settings.discord_api_base.rstrip("/")
        if api != DISCORD_API:
            discord.http.Route.BASE = api
        if settings.discord_gateway_url:
            discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(settings.discord_gateway_url)
        yield
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
