"""Fixtures for the Discord adapter: the loopback fake, the two URL hooks, a seeded engine, a running bot.

discord.py is pointed at the fake only through `discord.http.Route.BASE` and
`discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY`, restored after every test (platforms.md §2.7).
"""
from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import discord.gateway
import discord.http
import pytest
import yarl

from tests.adapters.discord.fake_discord import FakeDiscord


@pytest.fixture()
def fake() -> Iterator[FakeDiscord]:
    server = FakeDiscord().start()
    saved = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    discord.http.Route.BASE = server.api_base
    discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(server.gateway_url)
    try:
        yield server
    finally:
        discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = saved
        server.stop()


@pytest.fixture(scope="session")
def seeded_db(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """One SQLite file with the five seed reports, ingested once; tests copy it."""
    from briefings.engine import Engine

    path = tmp_path_factory.mktemp("discord-seeds") / "seeds.sqlite3"
    engine = Engine(f"sqlite:///{path}")
    engine.ingest(sorted(seeds_dir.glob("*.txt")))
    engine.close()
    return path


@pytest.fixture()
def seeded_engine(seeded_db: Path, tmp_path: Path) -> Iterator[Any]:
    from briefings.engine import Engine

    copy = tmp_path / "seeds.sqlite3"
    shutil.copy(seeded_db, copy)
    engine = Engine(f"sqlite:///{copy}")
    yield engine
    engine.close()
