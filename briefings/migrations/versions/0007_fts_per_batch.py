"""SQLite full-text index written once per batch of articles, not by a per-row insert trigger (issue 14)

The AFTER INSERT trigger made FTS5 flush its pending terms at every row (a statement savepoint per row of an
executemany): one segment per article and merge work to match. Code that inserts articles now indexes them with
one statement (briefings/db/fulltext.py). The index itself is unchanged, so nothing is rebuilt: instant at 1M
articles. PostgreSQL (a generated tsvector column) is not affected.

Revision ID: 0007
Revises: 0006
"""
from __future__ import annotations

from alembic import op

revision = "0007"
down_revision = "0006"
branch_labels = None
depends_on = None

_TRIGGER = ("CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN "
            "INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END")


def upgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute("DROP TRIGGER IF EXISTS articles_fts_insert")


def downgrade() -> None:
    if op.get_bind().dialect.name == "sqlite":
        op.execute(_TRIGGER)
