"""Engines for the Slack tests: the seed articles (needs ../shared) or the bundled sample corpus."""
from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from bot.app import sample_files
from briefings.engine import Engine
from tests.conftest import new_db_url


@pytest.fixture(scope="session")
def seeded_engine(seeds_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = Engine(new_db_url(tmp_path_factory.mktemp("slack-seeds")))
    engine.ingest(sorted(seeds_dir.glob("*.txt")))
    yield engine
    engine.close()


@pytest.fixture(scope="session")
def sample_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = Engine(new_db_url(tmp_path_factory.mktemp("slack-samples")))
    engine.ingest(sample_files())
    yield engine
    engine.close()
