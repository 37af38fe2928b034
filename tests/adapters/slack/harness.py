"""Running the real Slack adapter against the loopback fake, for tests (no pytest-asyncio: `run` each scenario)."""
from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Coroutine
from contextlib import asynccontextmanager
from typing import Any, TypeVar

from adapters.slack import SlackService
from bot.app import Runtime
from bot.commands import Registry, default_registry
from bot.settings import Settings
from tests.adapters.slack.fake_slack import TEAM, FakeSlack

T = TypeVar("T")
BOT_TOKEN = f"xoxb-{TEAM}-test"
SIGNING_SECRET = "8f742231b10e8888abcd99yyyzzz85a5"


def run(scenario: Coroutine[Any, Any, T], timeout: float = 30.0) -> T:
    """One scenario on a fresh event loop, bounded."""
    return asyncio.run(asyncio.wait_for(scenario, timeout))


def slack_settings(fake: FakeSlack, **overrides: Any) -> Settings:
    values: dict[str, Any] = {"slack_bot_token": BOT_TOKEN, "slack_app_token": "xapp-1-test", "slack_mode": "socket",
                              "slack_api_url": fake.api_url, "load_samples_when_empty": False}
    values.update(overrides)
    return Settings(**values)


@asynccontextmanager
async def running(engine: Any, registry: Registry | None = None,
                  **overrides: Any) -> AsyncIterator[tuple[FakeSlack, SlackService]]:
    """The fake Slack, and the adapter connected to it (Socket Mode unless overridden)."""
    fake = await FakeSlack().start()
    runtime = Runtime(engine, registry or default_registry(), slack_settings(fake, **overrides))
    service = SlackService(runtime)
    try:
        await service.start()
        yield fake, service
    finally:
        await service.close()
        await fake.close()


def page_texts(payloads: list[dict[str, Any]]) -> str:
    """Everything a reader could see in the posted messages: fallback texts and block texts."""
    out = []
    for p in payloads:
        out.append(str(p.get("text", "")))
        blocks = p.get("blocks")
        if isinstance(blocks, str):  # chat.postMessage sends blocks as a JSON string in form bodies
            import json

            blocks = json.loads(blocks)
        for b in blocks or []:
            for t in [b.get("text") or {}, *(b.get("fields") or []), *(b.get("elements") or [])]:
                out.append(str(t.get("text", "")))
    return "\n".join(out)
