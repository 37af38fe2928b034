"""/chart through the bot layer and the console: a PNG attachment with alt text, or a clear note (issue 20)."""
from __future__ import annotations

import io
import re
from pathlib import Path

import pytest
from matplotlib.image import imread

from adapters.console import start
from bot.app import Runtime
from bot.commands import default_registry, dispatch
from bot.settings import Settings
from briefings.engine import Engine
from tests.briefings.test_chart import REPORTS, write_reports

QUIET = {"e.txt": ("https://example.org/e", "River Post", "2025-03-06",
                   "A drone struck an empty warehouse near Tikrit on Wednesday, police said.")}


@pytest.fixture()
def engine(tmp_path: Path, db_url: str) -> Engine:
    eng = Engine(db_url)
    eng.ingest(write_reports(tmp_path, {**REPORTS, **QUIET}))
    yield eng
    eng.close()


def test_chart_replies_with_a_png_and_its_alt_text(engine: Engine) -> None:
    reply = dispatch(default_registry(), engine, "chart", "kirkuk")
    assert reply.attachment is not None and not reply.ephemeral
    assert reply.attachment.filename.endswith("-figures.png") and reply.attachment.content_type == "image/png"
    assert imread(io.BytesIO(reply.attachment.data), format="png").shape[1] == 900
    assert "killed 3–7" in (reply.text or "") and "wounded 9–12" in (reply.text or "")
    assert "police sources" in reply.attachment.alt_text and "Northern Wire" in reply.attachment.alt_text


def test_chart_of_an_incident_without_figures_says_so(engine: Engine) -> None:
    reply = dispatch(default_registry(), engine, "chart", "tikrit")
    assert reply.attachment is None and reply.ephemeral
    assert "No killed or wounded figures" in (reply.text or "")


def test_chart_of_an_unknown_place_lists_the_closest(engine: Engine) -> None:
    reply = dispatch(default_registry(), engine, "chart", "xanadoor")
    assert reply.attachment is None and "No incident matches" in (reply.text or "")


def test_the_console_saves_the_png_and_prints_its_path(engine: Engine, tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("BRIEFBOT_CHART_DIR", str(tmp_path / "charts"))
    out = io.StringIO()
    start(Runtime(engine, default_registry(), Settings()), stdin=io.StringIO("/chart kirkuk\n"), stdout=out)
    found = re.search(r"Saved to (\S+\.png)", out.getvalue())
    assert found, out.getvalue()
    path = Path(found[1])
    assert path.parent == tmp_path / "charts" and path.read_bytes().startswith(b"\x89PNG")
