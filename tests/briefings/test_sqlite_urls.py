"""SQLite URLs users write: a folder with "%" in its name, and a read-only `file:` URI (a snapshot served to the
bot without write access). Both used to fail at start-up: the first in the schema check, the second by creating a
stray "file:" folder beside the working directory."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

from briefings import Engine

REPORT = """outlet: Example Wire
published: 2024-06-02
---
Two fighters were killed in a drone strike near Hilla on Saturday, police said.
"""


@pytest.fixture(autouse=True)
def _sqlite_only() -> None:
    if os.environ.get("BRIEFBOT_TEST_DATABASE_URL"):
        pytest.skip("SQLite file URLs: nothing to check on PostgreSQL")


def _filled(path: Path, tmp: Path) -> None:
    (tmp / "r.txt").write_text(REPORT)
    eng = Engine(f"sqlite:///{path}")
    assert eng.ingest([tmp / "r.txt"]).count("new") == 1
    eng.close()


def test_a_folder_with_a_percent_sign_works(tmp_path: Path) -> None:
    db = tmp_path / "100% news" / "b.sqlite3"
    _filled(db, tmp_path)
    eng = Engine(f"sqlite:///{db}")  # opened again: the schema check runs on an existing database
    assert eng.incident("hilla").data["incident"]["slug"].startswith("hilla")
    eng.close()


@pytest.mark.parametrize("form", ["file:{db}?mode=ro&uri=true", "file://{db}?mode=ro&uri=True",
                                  "file://localhost{db}?mode=ro&uri=1"])
def test_a_read_only_snapshot_answers(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, form: str) -> None:
    db = tmp_path / "snap" / "b.sqlite3"
    _filled(db, tmp_path)
    elsewhere = tmp_path / "cwd"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    eng = Engine("sqlite:///" + form.format(db=db))
    assert eng.incident("hilla").data["incident"]["slug"].startswith("hilla")
    eng.close()
    assert list(elsewhere.iterdir()) == []  # no stray "file:" folder
