"""One write transaction of a batch: its state, and the statements that write many rows at once.

Rows that nothing reads back before the commit (links, claims, alternatives, bands) are held and written with one
executemany per table (`Writing.flush`); undated evidence, which reads claims, flushes first (Transaction.before_read),
and a carrier reads its original's links from what is held.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import Connection, bindparam, func, insert, select, update

from briefings.db.fulltext import index_articles
from briefings.db.models import Article, Claim, IncidentAlternative, IncidentArticle, NearDupBand
from briefings.db.raw import insert_many
from briefings.extract.frames import Frame
from briefings.ingest.lookup import Hashed, Written
from briefings.resolution import Transaction

# Statements built once (SQLAlchemy caches their compiled form); values come as parameters.
_ARTICLES = Article.__table__
_ADD_ARTICLE = insert(_ARTICLES)
_ADD_ARTICLES = insert(_ARTICLES).returning(_ARTICLES.c.id, sort_by_parameter_order=True)  # one statement a batch
_LAST_ARTICLE = select(func.max(_ARTICLES.c.id))
SET_CARRIER = update(_ARTICLES).where(_ARTICLES.c.id == bindparam("article")).values(carrier_of=bindparam("original"))
_LINKS, _CLAIMS, _ALSO, _BANDS = (IncidentArticle.__table__, Claim.__table__, IncidentAlternative.__table__,
                                  NearDupBand.__table__)


@dataclass
class Writing:
    """State of one write transaction (see the module's docstring for what is held back)."""

    items: list[Hashed]
    frames: dict[int, list[Frame]]
    ids: dict[int, int] = field(default_factory=dict)  # batch index -> article id
    bands: list[dict[str, Any]] = field(default_factory=list)
    outlets: dict[str, int] = field(default_factory=dict)  # outlet ids seen: remembered only after the commit
    resolution: Transaction = field(default_factory=lambda: Transaction(dirty={}))
    now: datetime = field(default_factory=lambda: datetime.now(timezone.utc))
    links: list[dict[str, Any]] = field(default_factory=list)
    claims: list[dict[str, Any]] = field(default_factory=list)
    also: list[dict[str, Any]] = field(default_factory=list)
    links_of: dict[int, list[tuple[int, bool]]] = field(default_factory=dict)  # article id -> (incident, main)
    written: list[Written] = field(default_factory=list)  # the articles, as a later batch's classify reads them

    def flush(self, conn: Connection) -> None:
        for table, rows in ((_LINKS, self.links), (_CLAIMS, self.claims), (_ALSO, self.also), (_BANDS, self.bands)):
            if rows:
                insert_many(conn, table, rows)  # on the driver's cursor: ~21 band rows an article
                rows.clear()


def insert_articles(conn: Connection, rows: list[dict[str, Any]]) -> list[int]:
    """Insert articles in one executemany and return their ids, in order. SQLite: the ids SQLite itself would give
    (the largest id + 1, ...; the table has no AUTOINCREMENT), assigned under the write lock that BEGIN IMMEDIATE
    holds: SQLite's RETURNING gives no row order, so SQLAlchemy would insert one row per statement; then the
    batch's full-text entries in one statement (db/fulltext.py). PostgreSQL: one INSERT ... RETURNING in parameter
    order (its full-text column is generated)."""
    if conn.dialect.name == "sqlite":
        first = (conn.scalar(_LAST_ARTICLE) or 0) + 1
        ids = list(range(first, first + len(rows)))
        insert_many(conn, _ARTICLES, [{**row, "id": i} for row, i in zip(rows, ids)])
        index_articles(conn, first, ids[-1])
        return ids
    if conn.dialect.insert_executemany_returning_sort_by_parameter_order:
        return list(conn.scalars(_ADD_ARTICLES, rows))
    return [conn.execute(_ADD_ARTICLE, row).inserted_primary_key[0] for row in rows]  # no ordered RETURNING
