"""`briefbot discord sync [--guild ID]`: register the slash commands with Discord, as an explicit step.

Discord caps command creates (200 a day per guild) and a bulk overwrite replaces the whole set, so this
runs at deploy time, not on every boot (platforms.md §2.1). Global commands reach every server the bot
is in; `--guild` registers them in one server only, at once, which suits trying out a change.
"""
from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import discord

from adapters.discord.endpoints import pointed_at
from adapters.discord.tree import RegistryTree

if TYPE_CHECKING:
    from bot.commands import Registry
    from bot.settings import Settings


async def sync_commands(settings: Settings, registry: Registry, guild: int | None = None) -> list[dict[str, Any]]:
    """Log in over REST only (no gateway), bulk-overwrite the commands; returns what Discord stored."""
    if settings.discord_token is None:
        raise ValueError("DISCORD_TOKEN is not set")
    with pointed_at(settings):
        client = discord.Client(intents=discord.Intents.none(), allowed_mentions=discord.AllowedMentions.none(),
                                application_id=settings.discord_application_id)
        tree = RegistryTree(client, lambda: registry)
        try:
            await client.login(settings.discord_token.get_secret_value())
            if guild is None:
                stored = await tree.sync()
            else:
                tree.copy_global_to(guild=discord.Object(guild))
                stored = await tree.sync(guild=discord.Object(guild))
        finally:
            await client.close()
    return [command.to_dict() for command in stored]


def run_sync(settings: Settings, registry: Registry, guild: int | None, echo: Callable[..., Any]) -> int:
    """The CLI step: an exit code, and one line per outcome (errors on stderr)."""
    try:
        stored = asyncio.run(sync_commands(settings, registry, guild))
    except ValueError as exc:
        echo(f"{exc}: set it to the bot token from the Discord developer portal (Bot → Reset Token).", err=True)
        return 2
    except discord.LoginFailure:
        echo("Discord rejected DISCORD_TOKEN; copy the bot token again from the developer portal.", err=True)
        return 1
    except (discord.HTTPException, OSError) as exc:
        echo(f"Registering the commands failed: {exc}", err=True)
        return 1
    names = ", ".join(f"/{c['name']}" for c in stored)
    where = f"in server {guild} (usable at once)" if guild else "globally (every server the bot is in)"
    echo(f"Registered {len(stored)} commands {where}: {names}")
    return 0
