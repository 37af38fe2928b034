"""Shared fixtures. Tests that need ../shared skip where it is absent, and fail in CI (CI=true)."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
SHARED = Path(os.environ.get("BRIEFBOT_SHARED", REPO.parent / "shared"))


def _need_shared(sub: str) -> Path:
    path = SHARED / sub
    if not path.exists():
        if os.environ.get("CI", "").lower() == "true":
            pytest.fail(f"{path} is missing: CI must have ../shared beside the clone")
        pytest.skip(f"{path} is absent (a user's clone has no ../shared); these tests need the seed articles")
    return path


@pytest.fixture(scope="session")
def seeds_dir() -> Path:
    return _need_shared("seeds")


@pytest.fixture(scope="session")
def raw_seeds_dir() -> Path:
    return _need_shared("seeds/raw")


def new_db_url(directory: Path) -> str:
    """A fresh database: SQLite in `directory` by default, PostgreSQL when BRIEFBOT_TEST_DATABASE_URL is set."""
    base = os.environ.get("BRIEFBOT_TEST_DATABASE_URL")
    if base:
        from tests.pg import fresh_database

        return fresh_database(base)
    return f"sqlite:///{directory / 'briefbot.sqlite3'}"


@pytest.fixture()
def db_url(tmp_path: Path) -> str:
    return new_db_url(tmp_path)
