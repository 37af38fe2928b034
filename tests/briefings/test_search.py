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


def test_fts5_query_leaves_out_function_words_when_others_remain() -> None:
    assert fts5_query("the strike on Hilla") == '"strike" "Hilla"'
    assert fts5_query("who was it") == '"who" "was" "it"'  # nothing else to look for: kept


def test_a_question_in_plain_words_finds_the_report(engine: Engine) -> None:
    # "who" and "the" are not in the report; they must not be required (PostgreSQL's english search drops them too)
    assert engine.incident("the commander who survived the attack").data["incident"]["slug"].startswith("hilla")


def _wire(n: int, word: str) -> str:
    return (f"outlet: Wire {n}\npublished: 2024-05-{n + 1:02d}\n---\n"
            + f"Officials in {('Karbala', 'Najaf', 'Kut', 'Amara')[n % 4]} counted {n + 3} homes with {word} damage "
            + f"after {('storms', 'rain', 'a dam burst', 'high water')[n // 2]} on Tuesday, the council said.\n"
            + (f"The {word} {word} {word} roads were closed.\n" if n < 3 else ""))


def _flood_reports(db_url: str, tmp_path: Path, stored_oldest_first: bool) -> Engine:
    paths = []
    for n in range(8):
        (tmp_path / f"w{n}.txt").write_text(_wire(n, "flood"))
        paths.append(tmp_path / f"w{n}.txt")
    eng = Engine(db_url)
    eng.ingest(paths if stored_oldest_first else paths[::-1])  # one batch, in order: ids grow with the file order
    return eng


def _search(eng: Engine, **how: object) -> list[int]:
    from sqlalchemy.orm import Session

    from briefings.search import search_articles

    with Session(eng.db) as s:
        return search_articles(s, "flood", **how)  # type: ignore[arg-type]


def test_a_word_in_many_reports_is_answered_from_the_newest_of_them(db_url: str, tmp_path: Path) -> None:
    """Ranking every match of a common word is what took seconds at a million reports: past `wide` matches, the
    newest come first (PostgreSQL ranks the newest `wide`). The three oldest reports repeat the word and would
    rank first."""
    eng = _flood_reports(db_url, tmp_path, stored_oldest_first=True)
    try:
        every = _search(eng, limit=20, wide=100)  # no more than `wide` matches: all, ranked
        best = _search(eng, limit=5, wide=100)
        newest = _search(eng, limit=4, wide=4)  # more than `wide`: the newest
        unranked = _search(eng, limit=3, ranked=False)  # callers that order by date themselves
        assert len(every) == 8
        repeats = set(sorted(every)[:3])  # the three oldest reports, which repeat the word
        assert len(best) == 5 and set(best[:3]) == repeats
        assert set(newest) == set(sorted(every)[-4:])
        assert unranked == sorted(every, reverse=True)[:3]  # stored in the order of their dates here
    finally:
        eng.close()


def test_an_archive_stored_after_the_news_does_not_push_the_news_out(db_url: str, tmp_path: Path) -> None:
    """Unranked look-ups (what /incident and DM questions use) give the most recently *published* matches, even
    when older reports were stored after them (a backfill)."""
    eng = _flood_reports(db_url, tmp_path, stored_oldest_first=False)  # the newest report stored first
    try:
        every = _search(eng, limit=20)
        unranked = _search(eng, limit=3, ranked=False)
        assert unranked == sorted(every)[:3]  # the first stored are the last published
    finally:
        eng.close()
