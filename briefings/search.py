"""Full-text search over stored reports behind one interface: SQLite FTS5 or PostgreSQL tsvector.

User text is never spliced into query syntax: for FTS5 each word becomes a quoted string ("al-Qaim" is a
phrase, not a column filter); for PostgreSQL it goes through websearch_to_tsquery, which accepts anything.
"""
from __future__ import annotations

import re

from sqlalchemy import text
from sqlalchemy.orm import Session

_WORD = re.compile(r"[\w'’-]+", re.UNICODE)


def fts5_query(query: str) -> str | None:
    """'al-Qaim "strike"' -> '"al-Qaim" "strike"' (implicit AND of quoted strings); None when no word."""
    words = [w.strip("'’-") for w in _WORD.findall(query)]
    words = [w for w in words if w]
    if not words:
        return None
    return " ".join('"' + w.replace('"', '""') + '"' for w in words)


def search_articles(s: Session, query: str, limit: int = 50) -> list[int]:
    """Ids of the reports that best match the words, best first."""
    dialect = s.get_bind().dialect.name
    if dialect == "sqlite":
        q = fts5_query(query)
        if q is None:
            return []
        rows = s.execute(text("SELECT rowid FROM article_fts WHERE article_fts MATCH :q ORDER BY rank LIMIT :n"),
                         {"q": q, "n": limit})
        return [r[0] for r in rows]
    if dialect == "postgresql":
        if not _WORD.search(query):
            return []
        rows = s.execute(text(
            "SELECT id FROM articles, websearch_to_tsquery('english', :q) AS tsq WHERE search @@ tsq "
            "ORDER BY ts_rank(search, tsq) DESC, id DESC LIMIT :n"), {"q": query, "n": limit})
        return [r[0] for r in rows]
    words = [w for w in _WORD.findall(query) if len(w) > 2][:5]
    if not words:
        return []
    cond = " AND ".join(f"lower(text) LIKE :w{i}" for i in range(len(words)))
    rows = s.execute(text(f"SELECT id FROM articles WHERE {cond} ORDER BY id DESC LIMIT :n"),
                     {**{f"w{i}": f"%{w.lower()}%" for i, w in enumerate(words)}, "n": limit})
    return [r[0] for r in rows]
