"""Full-text lookup (FTS5 on SQLite, tsvector on PostgreSQL): names and words of reports find incidents;
user text with punctuation is never a syntax error."""
from __future__ import annotations

from pathlib import Path

import pytest

from briefings import Engine, NoMatch
from briefings.search import fts5_query

REPORT = """outlet: Example Wire
published: 2024-06-02
---
Two fighters of Kataib Sayyid al-Shuhada were killed in a drone strike near Hilla on Saturday, police said.
A commander named Abu Fadak al-Muhandis survived the attack, according to a statement from the group.
"""


@pytest.fixture()
def engine(db_url: str, tmp_path: Path) -> Engine:
    (tmp_path / "r.txt").write_text(REPORT)
    eng = Engine(db_url)
    assert eng.ingest([tmp_path / "r.txt"]).count("new") == 1
    yield eng
    eng.close()


@pytest.mark.parametrize("query", ["Abu Fadak", "abu fadak al-muhandis", "Sayyid al-Shuhada", "muhandis survived"])
def test_words_of_the_report_find_its_incident(engine: Engine, query: str) -> None:
    assert engine.incident(query).data["incident"]["slug"].startswith("hilla-2024-06-01")


@pytest.mark.parametrize("query", ['al-Qaim "', 'NEAR(x y', "a AND OR NOT", "col:umn", "*", "'; DROP TABLE articles; --", "(("])
def test_hostile_or_odd_queries_are_answered_not_errors(engine: Engine, query: str) -> None:
    try:
        engine.incident(query)
    except NoMatch:
        pass
    try:
        engine.sources(query)
    except NoMatch:
        pass
    assert engine.incident("hilla")  # the database is intact


def test_sources_falls_back_to_reports_mentioning_the_words(engine: Engine) -> None:
    b = engine.sources("Abu Fadak")
    assert b.data["incident"].startswith("hilla") or b.data.get("articles")
    with pytest.raises(NoMatch):
        engine.sources("zanzibar pineapple")


def test_fts5_query_quotes_every_word() -> None:
    assert fts5_query('al-Qaim "strike"') == '"al-Qaim" "strike"'
    assert fts5_query("  ... ") is None
    assert fts5_query('say "hi"') == '"say" "hi"'
