"""Discord as a briefbot adapter plugin (entry point `discord`): served when DISCORD_TOKEN is set; adds
`briefbot discord sync`. discord.py is imported only when the adapter runs or the commands are synced."""
from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from bot.plugins import Adapter

if TYPE_CHECKING:
    from bot.runtime import Runtime
    from bot.settings import Settings


async def serve(runtime: Runtime, stop: asyncio.Event, **io: Any) -> None:
    from adapters.discord import serve as run

    await run(runtime, stop, **io)


def configured(settings: Settings) -> bool:
    return settings.has_discord


def cli() -> typer.Typer:
    """`briefbot discord sync`."""
    discord_app = typer.Typer(name="discord", no_args_is_help=True, help="Discord: register the slash commands.")

    @discord_app.command("sync", short_help="Register the slash commands with Discord.")
    def discord_sync(
        guild: Annotated[Optional[int], typer.Option("--guild", metavar="ID", help=(
            "Register in this server only (at once) instead of globally."))] = None,
    ) -> None:
        """Register (bulk-overwrite) the bot's slash commands with Discord, with DISCORD_TOKEN.

        Run it once after installing or upgrading, not on every start. Example: briefbot discord sync --guild 123456789012345678
        """
        from adapters.discord.sync import run_sync
        from bot.cli.parts import settings_or_exit
        from bot.runtime import registry_for

        settings = settings_or_exit()
        raise typer.Exit(run_sync(settings, registry_for(settings), guild, typer.echo))

    return discord_app


ADAPTER = Adapter("Discord", serve, configured, cli=cli)
