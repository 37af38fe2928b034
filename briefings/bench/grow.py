"""Grow a benchmark database to a million articles in minutes: copy the ingested rows, moved back in time.

Ingesting 1M articles at a few hundred per second takes hours, so `briefbot bench --grow-to` measures the budgets'
"at 1M articles" differently: the first N articles are really ingested; then whole copies of everything they stored
(articles with their text and full-text index, LSH bands, incidents, places, links, claims) are inserted with SQL
`INSERT … SELECT`, each copy moved a year further back in time so that, like a real archive, the database holds many
years of the same places. At each checkpoint a fresh slice of synthetic news is then really ingested and `/incident`
is timed: what that measures is how ingest and lookup behave when the tables, indexes and full-text index hold
that many rows. Copies differ from their originals in ids, dates, slugs (suffix `-cK`), URLs, content hashes and
band keys, so no copy is mistaken for a duplicate or a wire copy of a fresh report.
"""
from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from sqlalchemy import Connection, Engine, text

from briefings.db.fulltext import index_articles

TABLES = ("articles", "incidents", "incident_places", "incident_articles", "claims")  # near_dup_bands: no id


@dataclass(frozen=True)
class Base:
    """The rows a copy is made of: ids up to these maxima (the articles really ingested first)."""

    max_ids: dict[str, int]
    articles: int


def base_of(db: Engine) -> Base:
    with db.connect() as conn:
        ids = {t: int(conn.scalar(text(f"SELECT coalesce(max(id), 0) FROM {t}")) or 0) for t in TABLES}
        count = int(conn.scalar(text("SELECT count(*) FROM articles")) or 0)
    return Base(ids, count)


def count_articles(db: Engine) -> int:
    with db.connect() as conn:
        return int(conn.scalar(text("SELECT count(*) FROM articles")) or 0)


def _shift(dialect: str, column: str, days: int, kind: str) -> str:
    """`column` moved `days` back, in the dialect's SQL (SQLite stores dates and timestamps as text)."""
    if dialect == "sqlite":
        return f"date({column}, '-{days} days')" if kind == "date" else f"datetime({column}, '-{days} days')"
    return f"({column} - {days})" if kind == "date" else f"({column} - interval '{days} days')"


def _statements(dialect: str, days: int) -> list[tuple[str, str]]:
    """(table, INSERT … SELECT) for one copy; :o_<table> are id offsets, :m_<table> the base's last ids, :tag
    ("c7"), :hash_tag ("copy00000007") and :band_tag (7, in a band key's low 10 bits, zero in real keys: see
    dedup.bands) make URLs, slugs, content hashes and band keys of the copy unique."""
    d = lambda c: _shift(dialect, c, days, "date")  # noqa: E731
    t = lambda c: _shift(dialect, c, days, "time")  # noqa: E731
    return [
        ("articles", "INSERT INTO articles (id, outlet_id, url, revision, title, published_at, fetched_at, language, "
         "text, content_hash, near_signature, carrier_of, source_path) SELECT id + :o_articles, outlet_id, "
         f"url || '#' || :tag, revision, title, {t('published_at')}, {t('fetched_at')}, language, text, "
         "substr(content_hash, 1, 52) || :hash_tag, near_signature, "
         "carrier_of + :o_articles, source_path FROM articles WHERE id <= :m_articles"),
        ("near_dup_bands", "INSERT INTO near_dup_bands (band, article_id) SELECT band | :band_tag, "
         "article_id + :o_articles FROM near_dup_bands WHERE article_id <= :m_articles"),
        ("incidents", "INSERT INTO incidents (id, slug, title, place_id, place_name, admin1, country, lat, lon, "
         "start_date, end_date, date_precision, event_types, status, first_report_at, last_report_at, created_at, "
         "updated_at) SELECT id + :o_incidents, slug || '-' || :tag, title, place_id, place_name, admin1, country, "
         f"lat, lon, {d('start_date')}, {d('end_date')}, date_precision, event_types, status, {t('first_report_at')}, "
         f"{t('last_report_at')}, {t('created_at')}, {t('updated_at')} FROM incidents WHERE id <= :m_incidents"),
        ("incident_places", "INSERT INTO incident_places (id, incident_id, place_id, place_name, start_date, "
         f"end_date) SELECT id + :o_incident_places, incident_id + :o_incidents, place_id, place_name, "
         f"{d('start_date')}, {d('end_date')} FROM incident_places WHERE id <= :m_incident_places"),
        ("incident_articles", "INSERT INTO incident_articles (id, incident_id, article_id, main) SELECT "
         "id + :o_incident_articles, incident_id + :o_incidents, article_id + :o_articles, main "
         "FROM incident_articles WHERE id <= :m_incident_articles"),
        ("claims", "INSERT INTO claims (id, incident_id, article_id, field, value, value_num, qualifier, victims, "
         "reference, attributed_to, stance, quote, span_start, span_end, created_at) SELECT id + :o_claims, "
         "incident_id + :o_incidents, article_id + :o_articles, field, value, value_num, qualifier, victims, "
         f"reference, attributed_to, stance, quote, span_start, span_end, {t('created_at')} FROM claims "
         "WHERE id <= :m_claims"),
    ]


def _copy(conn: Connection, base: Base, k: int, days: int) -> None:
    dialect = conn.dialect.name
    # band tags 1..1023 (copy 1024 reuses copy 1's: its keys then only meet that copy's, never a fresh report's)
    params: dict[str, int | str] = {"tag": f"c{k}", "hash_tag": f"copy{k:08d}", "band_tag": (k - 1) % 1023 + 1}
    for table in TABLES:
        params[f"o_{table}"] = int(conn.scalar(text(f"SELECT coalesce(max(id), 0) FROM {table}")) or 0)
        params[f"m_{table}"] = base.max_ids[table]
    for table, sql in _statements(dialect, days):
        conn.execute(text(sql), params)
    first = int(params["o_articles"]) + 1
    index_articles(conn, first, first + base.max_ids["articles"] - 1)  # SQLite: the copies' full-text entries
    if dialect == "postgresql":  # explicit ids: move each sequence past them
        for table in TABLES:
            conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                              f"(SELECT max(id) FROM {table}))"))


def grow(db: Engine, base: Base, target: int, first_copy: int, year_days: int = 400,
         progress: Callable[[int, int], None] | None = None) -> tuple[int, float]:
    """Add copies of `base` until the database holds at least `target` articles (or one copy would overshoot by
    more than half a copy). Returns (the next copy number, seconds spent)."""
    started = time.perf_counter()
    k = first_copy
    now = count_articles(db)
    while base.articles and now + base.articles // 2 < target:
        with db.begin() as conn:
            _copy(conn, base, k, k * year_days)
        now += base.articles
        k += 1
        if progress is not None:
            progress(now, target)
    return k, time.perf_counter() - started


__all__ = ["Base", "base_of", "count_articles", "grow"]
