"""The console as a briefbot adapter plugin (entry point `console`): served when no chat platform is configured."""
from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Any

from bot.plugins import Adapter

if TYPE_CHECKING:
    from bot.runtime import Runtime


async def serve(runtime: Runtime, stop: asyncio.Event, **io: Any) -> None:
    from adapters.console import serve as run

    await run(runtime, stop, **io)


ADAPTER = Adapter("console", serve, fallback=True)
