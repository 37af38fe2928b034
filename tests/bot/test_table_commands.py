"""What a user meets around the table (issue 18), on the bundled sample corpus with a real engine: a misspelt
name answered and said so, an unknown name not answered with unrelated incidents, the CLI taking the chat form,
digests and lists saying which clock they count by, and the console prompt never before the answer."""
from __future__ import annotations

import asyncio
import io
import os
from collections.abc import Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.app import sample_files
from bot.cli import app
from bot.commands import default_registry, dispatch
from briefings.engine import Engine
from briefings.errors import NoMatch
from briefings.render.text import render_text
from tests.conftest import new_db_url


@pytest.fixture(scope="module")
def db(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    url = new_db_url(tmp_path_factory.mktemp("table-commands"))
    engine = Engine(url)
    engine.ingest(sample_files())
    engine.close()
    yield url


@pytest.fixture()
def engine(db: str) -> Iterator[Engine]:
    eng = Engine(db)
    yield eng
    eng.close()


def ask(engine: Engine, name: str, args: str) -> str:
    reply = dispatch(default_registry(), engine, name, args)
    return render_text(reply.briefing) if reply.briefing is not None else reply.text or ""


def test_a_clear_misspelling_answers_the_closest_incident_and_says_so(engine: Engine) -> None:
    text = ask(engine, "incident", "balqd")  # ("belad" is a GeoNames spelling of Balad: no guess there)
    assert text.startswith("Drone strike at Balad Air Base")
    assert "for “balqd” (closest name)." in text
    assert ask(engine, "incident", "balad").count("Showing") == 0  # an exact name needs no such note


def test_an_unknown_name_is_not_answered_with_unrelated_incidents(engine: Engine) -> None:
    text = ask(engine, "incident", "xanadoor")
    assert text.startswith("No incident matches “xanadoor”.")
    assert "Closest" not in text and "erbil" not in text and "tuz" not in text
    with pytest.raises(NoMatch) as known:  # a place the gazetteer knows, where nothing happened
        engine.incident("mosul")
    assert known.value.suggestions == [] and known.value.place and known.value.place.startswith("Mosul (")
    assert str(known.value).startswith(f"No incident is known at {known.value.place}.")


def test_the_cli_takes_the_chat_form_and_answers_alike(db: str, engine: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    for name in list(os.environ):
        if name.startswith("BRIEFBOT_") and name != "BRIEFBOT_CACHE_DIR":  # the index built once
            monkeypatch.delenv(name)
    cli = CliRunner().invoke(app, ["incident", "balad", "2025-03-15", "--db", db])
    assert cli.exit_code == 0, cli.stderr
    chat = ask(engine, "incident", "balad 2025-03-15")
    table = lambda text: text.split("\nEvidence (")[0]  # noqa: E731  (only the hint differs: --full vs /evidence)
    assert table(cli.stdout) == table(chat) and "Killed (disputed):" in chat
    assert cli.stdout.rstrip().endswith("briefbot incident balad-air-base-2025-03-14 --full")
    assert chat.rstrip().endswith("/evidence balad-air-base-2025-03-14")
    full = CliRunner().invoke(app, ["incident", "balad", "--on", "2025-03-15", "--full", "--db", db])
    evidence = ask(engine, "evidence", "balad 2025-03-15")
    for quote in ("Two Iraqi soldiers were killed and five others were wounded", "Sources"):
        assert quote in full.stdout and quote in evidence
    wrong = CliRunner().invoke(app, ["incident", "balad", "2019-01-01", "--db", db])
    assert wrong.exit_code == 1 and "Closest matches: balad-air-base-2025-03-14." in wrong.stderr
    both = CliRunner().invoke(app, ["incident", "balad", "2025-03-15", "--on", "2025-03-16", "--db", db])
    assert both.exit_code != 0 and "two dates" in both.stderr


def test_lists_count_by_event_date_and_digests_by_report_time(engine: Engine) -> None:
    since = datetime(2025, 6, 1, tzinfo=timezone.utc)  # every sample report was received just now
    listed = engine.incidents(since=since)
    assert {row["slug"].split("-20")[0] for row in listed.data["incidents"]} == {"erbil-air-base", "tuz-khurmatu"}
    assert listed.data["clock"] == "event" and "with events on or after 2025-06-01" in listed.summary
    assert "By event date" in render_text(listed)
    digest = engine.digest(since=timedelta(hours=1))
    text = render_text(digest)
    assert digest.data["clock"] == "ingest" and "By report time: reports received since" in text
    assert "Balad Air Base" in text and "2025-03-14 – 2025-03-16" in text  # event dates beside report time


class _Tty(io.StringIO):
    def isatty(self) -> bool:
        return True


def test_the_console_prompt_comes_after_the_answer(db: str) -> None:
    from adapters.console.console import serve
    from bot.app import Runtime

    class Slow(io.StringIO):
        """Lines arrive at once, as when pasted: the reader must still wait for each answer."""

        def isatty(self) -> bool:
            return True

    from bot.settings import Settings

    engine = Engine(db)
    runtime = Runtime(engine, default_registry(), Settings(database_url=db))
    out = _Tty()
    try:
        asyncio.run(serve(runtime, asyncio.Event(), Slow("/incident balad\n/help\n"), out))
    finally:
        engine.close()
    text = out.getvalue()
    first = text.index("> ")
    assert text.index("Drone strike at Balad Air Base") > first
    assert "> > " not in text and text.index("> ", first + 2) > text.index("Evidence (")
