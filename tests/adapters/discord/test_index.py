"""The `/incident` autocomplete index: names, slugs, aliases and misspellings, from memory, kept fresh."""
from __future__ import annotations

import asyncio
import threading
from datetime import date, timedelta
from importlib.resources import files
from pathlib import Path
from typing import Any

import pytest

from adapters.discord.index import CHOICES, Entry, IncidentIndex, keep_fresh
from tests.bot.test_commands import FakeEngine


def values(index: IncidentIndex, typed: str) -> list[str]:
    return [value for _name, value in index.complete(typed)]


@pytest.fixture()
def index(seeded_engine: Any) -> IncidentIndex:
    ix = IncidentIndex(seeded_engine.knowledge.places)
    ix.load(seeded_engine)
    return ix


def test_prefixes_misspellings_aliases_and_provinces_find_their_incidents(index: IncidentIndex) -> None:
    assert values(index, "kals") == ["kalsu-2024-04-19"]
    assert values(index, "kalso") == ["kalsu-2024-04-19"]  # the Jerusalem Post's spelling, an alias
    assert values(index, "KALSU ") == ["kalsu-2024-04-19"]
    assert values(index, "jurf") == ["jurf-al-sakhar-2024-01-24"]
    assert values(index, "k1") == ["k1-base-2019-12-27"]
    assert values(index, "kalsu-2024-04-19") == ["kalsu-2024-04-19"]
    assert set(values(index, "ain al")) == {"ain-al-asad-2024-01-23", "ain-al-asad-2024-01-05"}
    assert values(index, "babil")[:2] == ["kalsu-2024-04-19", "jurf-al-sakhar-2024-01-24"]  # inside Babil province
    assert values(index, "qaim") == ["jurf-al-sakhar-2024-01-24", "al-qaim-2019-12-29"]  # most recent first
    assert values(index, "xanadoor") == []


def test_an_empty_box_offers_the_most_recent_incidents(index: IncidentIndex) -> None:
    choices = index.complete("")
    assert choices[0] == ("Explosion at Kalsu (Babil, Iraq) · 2024-04-19", "kalsu-2024-04-19")
    assert len(choices) == 7


def test_no_database_is_touched_per_keystroke(index: IncidentIndex, seeded_engine: Any) -> None:
    def no_db() -> Any:
        raise AssertionError("autocomplete touched the database")

    seeded_engine.sessions = no_db
    assert values(index, "kalso") == ["kalsu-2024-04-19"]


def test_at_most_25_choices_with_names_and_values_within_discords_limits() -> None:
    ix = IncidentIndex()
    start = date(2024, 1, 1)
    ix.snapshot = ix.build([Entry(f"strike-{n}-2024", "Strike at a place with a very long name " * 4, start + timedelta(n))
                            for n in range(60)])
    choices = ix.complete("strike")
    assert len(choices) == CHOICES
    assert all(len(name) <= 100 and len(value) <= 100 for name, value in choices)
    assert choices[0][0].endswith("· 2024-01-01")


def test_an_engine_without_a_database_still_gets_completion() -> None:
    ix = IncidentIndex()
    ix.load(FakeEngine())
    assert values(ix, "kal") == ["kalsu-2024-04-19"]


def test_the_index_follows_an_ingest_within_the_check_interval(index: IncidentIndex, seeded_engine: Any) -> None:
    sample = Path(str(files("briefings") / "data" / "sample"))
    reports = sorted(sample.glob("*balad*"))
    assert reports and values(index, "balad") == []

    async def main() -> list[str]:
        stop = asyncio.Event()
        refresher = asyncio.create_task(keep_fresh(index, seeded_engine, stop, every=3600, check=0.02, loaded=True))
        await asyncio.to_thread(seeded_engine.ingest, reports)
        for _ in range(500):
            if values(index, "balad"):
                break
            await asyncio.sleep(0.01)
        stop.set()
        await refresher
        return values(index, "balad")

    assert asyncio.run(main())[0].startswith("balad-")


def test_a_failing_reload_keeps_the_previous_index(index: IncidentIndex) -> None:
    class Broken:
        def sessions(self) -> Any:
            raise RuntimeError("database down")

    async def main() -> None:
        stop = asyncio.Event()
        threading.Timer(0.1, lambda: loop.call_soon_threadsafe(stop.set)).start()
        await keep_fresh(index, Broken(), stop, every=0.01, check=0.01)

    loop = asyncio.new_event_loop()
    try:
        loop.run_until_complete(main())
    finally:
        loop.close()
    assert values(index, "kalso") == ["kalsu-2024-04-19"]
