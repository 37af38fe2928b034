"""Running the real Discord adapter in a thread of its own against the loopback fake."""
from __future__ import annotations

import asyncio
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import Any

from bot.app import Runtime
from bot.commands import Registry, default_registry
from bot.settings import Settings
from tests.adapters.discord.fake_discord import FakeDiscord


def settings(**overrides: Any) -> Settings:
    values: dict[str, Any] = {"discord_token": "test-token", "discord_index_check_seconds": 0.05,
                              "discord_api_base": "https://discord.com/api/v10", "discord_gateway_url": None,
                              "discord_sharded": False, "discord_shard_count": None, "discord_shard_ids": None,
                              "slack_bot_token": None, "slack_app_token": None, "database_url": None}
    values.update(overrides)
    return Settings(**values)


class RunningBot:
    """`adapters.discord.serve` in its own thread under asyncio.run, as `briefbot run` runs it."""

    def __init__(self, runtime: Runtime) -> None:
        self.runtime = runtime
        self.loop: asyncio.AbstractEventLoop | None = None
        self.stop_event: asyncio.Event | None = None
        self.error: BaseException | None = None
        self.started = threading.Event()
        self.thread = threading.Thread(target=self._main, name="discord-bot", daemon=True)

    def _main(self) -> None:
        import adapters.discord

        async def main() -> None:
            self.loop, self.stop_event = asyncio.get_running_loop(), asyncio.Event()
            self.started.set()
            await adapters.discord.serve(self.runtime, self.stop_event)

        try:
            asyncio.run(main())
        except BaseException as exc:  # reported by stop()
            self.error = exc
        finally:
            self.started.set()

    def stop(self, timeout: float = 10.0) -> None:
        self.started.wait(timeout)
        if self.loop is not None and self.stop_event is not None:
            try:
                self.loop.call_soon_threadsafe(self.stop_event.set)
            except RuntimeError:  # the loop has already finished
                pass
        self.thread.join(timeout)
        assert not self.thread.is_alive(), "the Discord adapter did not stop"
        if self.error is not None:
            raise self.error


@contextmanager
def running(fake: FakeDiscord, engine: Any, registry: Registry | None = None, **overrides: Any) -> Iterator[RunningBot]:
    bot = RunningBot(Runtime(engine, registry or default_registry(), settings(**overrides)))
    bot.thread.start()
    try:
        fake_wait(lambda: bool(fake.identifies) or bot.error is not None)
        if bot.error is not None:
            raise bot.error
        yield bot
    finally:
        bot.stop()


def fake_wait(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not condition():
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        time.sleep(0.005)
