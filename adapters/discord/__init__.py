"""The Discord adapter: `serve(runtime, stop)` runs the bot until `stop` is set (see bot/app.py).

Commands are registered separately with `briefbot discord sync` (adapters/discord/sync.py).
"""
from __future__ import annotations

import asyncio
import logging
from typing import TYPE_CHECKING, Any

from adapters.discord.client import Briefbot, make_client
from adapters.discord.deliver import DiscordDeliverer
from adapters.discord.endpoints import pointed_at
from adapters.discord.index import IncidentIndex, keep_fresh

if TYPE_CHECKING:
    from bot.app import Runtime

__all__ = ["Briefbot", "DiscordDeliverer", "IncidentIndex", "serve"]
log = logging.getLogger(__name__)
DRAIN_SECONDS = 10.0  # on stop, answers already being written may finish (Discord allows 15 minutes)
CLOSE_SECONDS = 5.0


async def serve(runtime: Runtime, stop: asyncio.Event, **_io: Any) -> None:
    """Connect with DISCORD_TOKEN, answer until `stop`, then close the gateway and HTTP session."""
    settings = runtime.settings
    if settings.discord_token is None:
        raise RuntimeError("DISCORD_TOKEN is not set")
    with pointed_at(settings):
        index = IncidentIndex(getattr(getattr(runtime.engine, "knowledge", None), "places", None))
        client, bot = make_client(runtime, index)
        runtime.deliverers["discord"] = DiscordDeliverer(client)
        runtime.telemetry.probe("discord", lambda: client.is_ready() and not client.is_closed())  # /readyz
        try:  # loaded before connecting, so the first keystroke already completes
            await asyncio.to_thread(index.load, runtime.engine)
        except Exception:
            log.exception("loading the autocomplete index failed; retrying in the background")
        refresher = asyncio.create_task(keep_fresh(
            index, runtime.engine, stop, settings.discord_index_refresh_seconds, settings.discord_index_check_seconds,
            loaded=index.loads > 0))
        running = asyncio.create_task(client.start(settings.discord_token.get_secret_value()), name="discord-client")
        stopping = asyncio.create_task(stop.wait())
        try:
            await asyncio.wait({running, stopping}, return_when=asyncio.FIRST_COMPLETED)
        finally:
            stopping.cancel()
            await bot.drain(DRAIN_SECONDS)
            try:  # closing waits for Discord to acknowledge; an unreachable Discord must not hold us up
                await asyncio.wait_for(client.close(), CLOSE_SECONDS)
            except asyncio.TimeoutError:
                log.warning("Discord did not acknowledge the close within %.0f s; leaving anyway", CLOSE_SECONDS)
            refresher.cancel()
            await asyncio.gather(refresher, return_exceptions=True)
            runtime.deliverers.pop("discord", None)
            runtime.telemetry.forget("discord")
        # a login failure or a fatal gateway error is raised here: `briefbot run` then exits 1 with it
        await asyncio.wait_for(running, CLOSE_SECONDS)
        if not stop.is_set():
            log.warning("the Discord client stopped before briefbot was asked to stop")
