"""Replicas started together on one new PostgreSQL database each bring the schema up: the upgrade runs once, the
others wait for it and find nothing left to do (none of them dies on 'relation already exists')."""
from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import inspect

from briefings.db.session import make_engine


def test_four_replicas_migrating_one_new_database_at_once_all_start(db_url: str) -> None:
    if not db_url.startswith("postgresql"):
        pytest.skip("several replicas on one database need PostgreSQL (README: SQLite serves one process)")
    runs = [subprocess.Popen([sys.executable, "-m", "bot", "migrate", "--db", db_url], stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(4)]
    outcomes = [(p.wait(timeout=180), p.stderr.read() if p.stderr else "") for p in runs]
    assert [code for code, _ in outcomes] == [0, 0, 0, 0], [err[-600:] for _, err in outcomes]
    eng = make_engine(db_url)
    try:
        assert {"articles", "incidents", "alembic_version"} <= set(inspect(eng).get_table_names())
    finally:
        eng.dispose()
