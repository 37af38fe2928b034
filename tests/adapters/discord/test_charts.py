"""Charts on Discord through the real discord.py over the loopback fake (issue 20): /chart answers with the PNG
as an attachment described by its alt text; an incident briefing carries a Chart button whose click does too."""
from __future__ import annotations

import io
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from matplotlib.image import imread

from bot.app import sample_files
from tests.adapters.discord.fake_discord import FakeDiscord, Recorded
from tests.adapters.discord.harness import fake_wait, running
from tests.adapters.discord.test_discord_loopback import answer_of

EPHEMERAL = 64


@pytest.fixture()
def sample_engine(tmp_path: Path) -> Iterator[Any]:
    from briefings.engine import Engine

    engine = Engine(f"sqlite:///{tmp_path / 'samples.sqlite3'}")
    engine.ingest(sample_files())
    yield engine
    engine.close()


def uploads_for(fake: FakeDiscord, token: str) -> list[dict[str, Any]]:
    return [f for f in fake.files if token in f["path"]]


def test_slash_chart_attaches_the_png_with_its_alt_text(fake: FakeDiscord, sample_engine: Any) -> None:
    with running(fake, sample_engine):
        it = fake.interaction("chart", {"query": "tuz"})
        fake_wait(lambda: bool(uploads_for(fake, it.token)))
        bodies = answer_of(fake, it)
    (chart,) = uploads_for(fake, it.token)
    assert chart["filename"].startswith("tuz") and chart["filename"].endswith("-figures.png")
    assert imread(io.BytesIO(chart["data"]), format="png").shape[1] == 900
    assert chart["description"].startswith("Chart of casualty figures") and "Killed:" in chart["description"]
    assert "killed 1–7" in bodies[0]["content"]
    assert bodies[0]["allowed_mentions"] == {"parse": []}


def test_the_incident_briefing_has_a_chart_button_and_a_click_posts_the_chart(fake: FakeDiscord,
                                                                             sample_engine: Any) -> None:
    def has_button(r: Recorded) -> bool:
        return isinstance(r.body, dict) and bool(r.body.get("components"))

    with running(fake, sample_engine):
        it = fake.interaction("incident", {"query": "tuz"})
        (with_button,) = fake.wait_for(lambda r: fake.for_interaction(it)(r) and has_button(r))
        button = next(b for row in with_button.body["components"] for b in row["components"] if b["label"] == "Chart")
        assert button["label"] == "Chart" and button["custom_id"].startswith("briefbot:chart:tuz")
        click = fake.click(button["custom_id"])
        fake_wait(lambda: bool(uploads_for(fake, click.token)))
        callback = fake.wait_for(lambda r: fake.for_interaction(click)(r) and r.path.endswith("/callback"))[0]
    assert callback.body["type"] == 5  # deferred at once, like every command
    assert not (callback.body.get("data") or {}).get("flags", 0) & EPHEMERAL  # the chart is for the channel
    assert uploads_for(fake, click.token)[0]["filename"].startswith("tuz")


def test_chart_of_an_unknown_incident_is_a_private_note_without_a_file(fake: FakeDiscord, sample_engine: Any) -> None:
    with running(fake, sample_engine):
        it = fake.interaction("chart", {"query": "xanadoor"})
        bodies = answer_of(fake, it)
    assert "No incident matches" in bodies[0]["content"] and bodies[0].get("flags", 0) & EPHEMERAL
    assert not fake.files


def test_export_by_a_channel_manager_attaches_the_geojson(fake: FakeDiscord, sample_engine: Any) -> None:
    from tests.adapters.discord.fake_discord import MANAGE_CHANNELS

    with running(fake, sample_engine):
        refused = fake.interaction("export", {"request": "geojson"})
        note = answer_of(fake, refused)[0]
        it = fake.interaction("export", {"request": "geojson"}, permissions=MANAGE_CHANNELS)
        fake_wait(lambda: bool(uploads_for(fake, it.token)))
    assert "Only channel managers" in note["content"] and note.get("flags", 0) & EPHEMERAL
    (export,) = uploads_for(fake, it.token)
    doc = json.loads(export["data"])
    assert export["filename"].endswith(".geojson") and doc["type"] == "FeatureCollection"
    assert all(f["geometry"]["type"] == "Point" for f in doc["features"])
