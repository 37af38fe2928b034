"""An existing database behind the code is upgraded with a warning first (some upgrades rebuild an index: about a
minute at a million reports), so a command or a bot that is busy upgrading does not look hung."""
from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from alembic import command

from briefings.db.session import alembic_config, make_engine


def _migrate(url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot", "migrate", "--db", url], capture_output=True, text=True,
                          timeout=120)


def test_an_older_database_is_announced_before_it_is_upgraded(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/old.sqlite3"
    eng = make_engine(url)
    command.upgrade(alembic_config(eng), "0007")  # as a previous release left it
    eng.dispose()
    done = _migrate(url)
    assert done.returncode == 0, done.stderr
    assert "Upgrading the database schema from revision 0007" in done.stderr
    assert "let it finish" in done.stderr
    assert "is up to date" in done.stdout


def test_a_new_or_current_database_is_upgraded_silently(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path}/new.sqlite3"
    first, again = _migrate(url), _migrate(url)
    for done in (first, again):
        assert done.returncode == 0, done.stderr
        assert "Upgrading" not in done.stderr


def test_a_database_from_a_newer_briefbot_is_not_announced_as_an_upgrade(tmp_path: Path) -> None:
    from sqlalchemy import text

    url = f"sqlite:///{tmp_path}/newer.sqlite3"
    assert _migrate(url).returncode == 0
    eng = make_engine(url)
    with eng.begin() as conn:
        conn.execute(text("UPDATE alembic_version SET version_num = '9999_from_the_future'"))
    eng.dispose()
    done = _migrate(url)
    assert "Upgrading" not in done.stderr
    assert done.returncode != 0 and "9999_from_the_future" in done.stderr + done.stdout
