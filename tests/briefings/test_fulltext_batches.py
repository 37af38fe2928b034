"""SQLite's full-text index is written once per batch (db/fulltext.py, migration 0007): every stored report is
found by its words, the index agrees with the articles table, and a database made before 0007 keeps working."""
from __future__ import annotations

from pathlib import Path

import pytest
from alembic import command
from sqlalchemy import create_engine, text

from briefings import Engine
from briefings.db.session import alembic_config, make_engine
from briefings.search import search_articles

TOWNS = ("Hilla", "Kirkuk", "Mosul", "Basra", "Ramadi", "Najaf")


def _report(n: int, town: str, word: str) -> str:
    return (f"outlet: Wire {n}\npublished: 2024-03-{n + 1:02d}\n---\n"
            f"A {word} convoy was struck near {town} on Tuesday, killing {n + 2} people, local officials said.\n"
            f"Witnesses described the {word} vehicles burning by the road for hours.\n")


def _write(tmp: Path, words: list[str]) -> list[Path]:
    paths = []
    for n, word in enumerate(words):
        p = tmp / f"r{n}.txt"
        p.write_text(_report(n, TOWNS[n % len(TOWNS)], word))
        paths.append(p)
    return paths


def _integrity(url: str) -> None:
    eng = create_engine(url)
    with eng.begin() as conn:  # raises when the index and the articles table disagree
        conn.execute(text("INSERT INTO article_fts(article_fts, rank) VALUES ('integrity-check', 1)"))
    eng.dispose()


def _found(url: str, word: str) -> list[int]:
    eng = make_engine(url)
    from sqlalchemy.orm import Session
    with Session(eng) as s:
        ids = search_articles(s, word)
    eng.dispose()
    return ids


def _insert_one(eng: object, body: str) -> None:
    with eng.begin() as conn:  # type: ignore[attr-defined]
        conn.execute(text("INSERT INTO outlets (id, name) VALUES (1, 'Wire')"))
        conn.execute(text("INSERT INTO articles (id, outlet_id, url, revision, title, fetched_at, text, content_hash) "
                          "VALUES (1, 1, 'u', 1, 't', '2024-01-01 00:00:00', :body, 'h')"), {"body": body})


@pytest.fixture()
def sqlite_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'fts.sqlite3'}"


def test_every_report_of_a_batch_is_found_by_its_words(sqlite_url: str, tmp_path: Path) -> None:
    words = ["turquoise", "vermilion", "ochre", "cerulean", "magenta", "saffron", "indigo"]
    eng = Engine(sqlite_url)
    assert eng.ingest(_write(tmp_path, words)).count("new") == len(words)
    eng.close()
    for word in words:
        assert len(_found(sqlite_url, word)) == 1, word
    _integrity(sqlite_url)


def test_a_database_made_before_0007_keeps_its_index_and_indexes_new_reports(sqlite_url: str, tmp_path: Path) -> None:
    eng = make_engine(sqlite_url)
    command.upgrade(alembic_config(eng), "0006")  # the per-row insert trigger indexes this report
    _insert_one(eng, "a lavender lorry")
    eng.dispose()
    first = Engine(sqlite_url)  # upgrades to head: the trigger goes, the index stays
    first.close()
    raw = create_engine(sqlite_url)
    with raw.connect() as conn:
        triggers = {r[0] for r in conn.execute(text("SELECT name FROM sqlite_master WHERE type = 'trigger'"))}
    raw.dispose()
    assert "articles_fts_insert" not in triggers and "articles_fts_delete" in triggers
    new = tmp_path / "new"
    new.mkdir()
    eng2 = Engine(sqlite_url)
    assert eng2.ingest(_write(new, ["chartreuse", "burgundy"])).count("new") == 2
    eng2.close()
    assert len(_found(sqlite_url, "chartreuse")) == 1 and len(_found(sqlite_url, "burgundy")) == 1
    assert _found(sqlite_url, "lavender") == [1]
    _integrity(sqlite_url)


def test_downgrade_restores_the_trigger(sqlite_url: str, tmp_path: Path) -> None:
    Engine(sqlite_url).close()
    eng = make_engine(sqlite_url)
    command.downgrade(alembic_config(eng), "0006")
    _insert_one(eng, "a lavender lorry")  # indexed by the restored trigger
    eng.dispose()
    assert _found(sqlite_url, "lavender") == [1]
    _integrity(sqlite_url)


def test_reports_enter_the_articles_table_only_where_their_full_text_entries_are_written() -> None:
    """SQLite's full-text index is filled by the code that inserts a batch (no insert trigger since 0007): a report
    stored any other way could never be found by its words, so no other code may insert articles."""
    import re

    root = Path(__file__).resolve().parents[2]
    inserts = re.compile(r"insert\(\s*(?:_ARTICLES|Article\b|Article\.__table__)|INSERT\s+INTO\s+articles\b"
                         r"|\.add(?:_all)?\(\s*\[?\s*Article\(", re.I)
    allowed = {"briefings/ingest/writing.py", "briefings/bench/grow.py"}
    found = {str(p.relative_to(root)) for folder in ("briefings", "bot", "adapters") for p in (root / folder).rglob("*.py")
             if "migrations" not in p.parts and inserts.search(p.read_text(encoding="utf-8"))}
    assert found <= allowed, f"articles inserted outside the batch writer: {sorted(found - allowed)}"
    assert "briefings/ingest/writing.py" in found  # the pattern still sees the real insert
