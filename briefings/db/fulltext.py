"""SQLite's full-text index (FTS5, external content: migration 0003) is written once per batch of articles.

It was written by an AFTER INSERT trigger, one row at a time. Each row of an executemany is its own statement, and
the trigger makes SQLite open a statement savepoint, at which FTS5 flushes its pending terms to disk: every
article became its own segment, and FTS5's automerge does work in proportion to the pages flushed times the
index's levels. At 1M articles that was ~0.6 ms per article; one INSERT … SELECT per batch flushes once (migration
0007 drops the trigger). PostgreSQL keeps its generated tsvector column and GIN index: nothing to do there.
"""
from __future__ import annotations

from sqlalchemy import Connection, text

_INDEX = text("INSERT INTO article_fts(rowid, title, text) SELECT id, title, text FROM articles "
              "WHERE id BETWEEN :first AND :last")


def index_articles(conn: Connection, first: int, last: int) -> None:
    """Add the articles with ids first..last (just inserted, in this transaction) to SQLite's full-text index.
    Every path that inserts articles calls it; deletes and text updates are still followed by triggers."""
    if conn.dialect.name == "sqlite" and last >= first:
        conn.execute(_INDEX, {"first": first, "last": last})
