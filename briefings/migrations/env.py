"""Alembic environment: runs on the engine the application passes in (config.attributes['engine'])."""
from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from alembic import context
from sqlalchemy import Connection, create_engine, text

from briefings.db.models import Base

config = context.config
target_metadata = Base.metadata
# PostgreSQL: replicas started together upgrade one at a time; the others then find the schema current. Any fixed
# 64-bit number serves as the lock's name; this one spells "briefbot" in ASCII.
_MIGRATION_LOCK = 0x6272696566626F74


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.connect() as outer:
        with _sqlite_migrating(outer), outer.begin():
            _run(outer)


@contextmanager
def _sqlite_migrating(connection: Connection) -> Iterator[None]:
    """SQLite, while migrating: no foreign-key checks (what Alembic advises for SQLite) and temporary data (CREATE
    INDEX's sort: 21M rows for 0009 at 1M articles) in files, not memory; the connection's settings are restored
    after. Both are ignored or refused inside a transaction: set on the driver's connection before it begins.
    A rebuilt table's rows come from rows that were checked; checking them again looked up each row's article:
    21M random reads for 0009 at 1M articles (about 55 s per band)."""
    if connection.dialect.name != "sqlite":
        yield
        return
    driver = connection.connection.driver_connection
    saved = {name: driver.execute(f"PRAGMA {name}").fetchone()[0] for name in ("foreign_keys", "temp_store")}
    driver.execute("PRAGMA foreign_keys=OFF")
    driver.execute("PRAGMA temp_store=FILE")
    try:
        yield
    finally:
        for name, value in saved.items():
            driver.execute(f"PRAGMA {name}={int(value)}")


def _run(connection: Connection) -> None:
    if connection.dialect.name == "postgresql":  # held until this transaction ends (the whole upgrade)
        connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        render_as_batch=connection.dialect.name == "sqlite",
    )
    context.run_migrations()


run_migrations_online()
