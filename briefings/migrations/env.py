"""Alembic environment: runs on the engine the application passes in (config.attributes['engine'])."""
from __future__ import annotations

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
        sqlite = outer.dialect.name == "sqlite"
        if sqlite:
            _migrating(outer, False)
        try:
            with outer.begin():
                _run(outer)
        finally:
            if sqlite:
                _migrating(outer, True)


def _migrating(connection: Connection, on: bool) -> None:
    """SQLite, while migrating: no foreign-key checks (what Alembic advises for SQLite), temporary data (CREATE
    INDEX's sort: 21M rows for 0009 at 1M articles) in files, not memory. Both settings are ignored or refused
    inside a transaction: set on the driver's connection before it begins. A rebuilt table's rows come from rows
    that were checked; checking them again looked up each row's article: 21M random reads for 0009 at 1M."""
    driver = connection.connection.driver_connection
    driver.execute(f"PRAGMA foreign_keys={'ON' if on else 'OFF'}")
    driver.execute(f"PRAGMA temp_store={'MEMORY' if on else 'FILE'}")  # MEMORY: as briefings.db.session sets it


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
