"""full-text search over articles: SQLite FTS5 (external content + triggers) / PostgreSQL tsvector + GIN

Revision ID: 0003
Revises: 0002
"""
from __future__ import annotations

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None

SQLITE_UP = (
    "CREATE VIRTUAL TABLE IF NOT EXISTS article_fts USING fts5(title, text, content='articles', content_rowid='id', "
    "tokenize='unicode61 remove_diacritics 2')",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_insert AFTER INSERT ON articles BEGIN "
    "INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_delete AFTER DELETE ON articles BEGIN "
    "INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); END",
    "CREATE TRIGGER IF NOT EXISTS articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN "
    "INSERT INTO article_fts(article_fts, rowid, title, text) VALUES ('delete', old.id, old.title, old.text); "
    "INSERT INTO article_fts(rowid, title, text) VALUES (new.id, new.title, new.text); END",
    "INSERT INTO article_fts(article_fts) VALUES ('rebuild')",
)
SQLITE_DOWN = (
    "DROP TRIGGER IF EXISTS articles_fts_update",
    "DROP TRIGGER IF EXISTS articles_fts_delete",
    "DROP TRIGGER IF EXISTS articles_fts_insert",
    "DROP TABLE IF EXISTS article_fts",
)
PG_UP = (
    "ALTER TABLE articles ADD COLUMN search tsvector GENERATED ALWAYS AS "
    "(to_tsvector('english', coalesce(title, '') || ' ' || text)) STORED",
    "CREATE INDEX ix_articles_search ON articles USING gin (search)",
)
PG_DOWN = ("DROP INDEX IF EXISTS ix_articles_search", "ALTER TABLE articles DROP COLUMN IF EXISTS search")


def _run(statements: tuple[str, ...]) -> None:
    for sql in statements:
        op.execute(sql)


def upgrade() -> None:
    name = op.get_bind().dialect.name
    if name == "sqlite":
        _run(SQLITE_UP)
    elif name == "postgresql":
        _run(PG_UP)


def downgrade() -> None:
    name = op.get_bind().dialect.name
    if name == "sqlite":
        _run(SQLITE_DOWN)
    elif name == "postgresql":
        _run(PG_DOWN)
