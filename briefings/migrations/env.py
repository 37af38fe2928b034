"""Alembic environment: runs on the engine the application passes in (config.attributes['engine'])."""
from __future__ import annotations

from alembic import context
from sqlalchemy import create_engine, text

from briefings.db.models import Base

config = context.config
target_metadata = Base.metadata
# PostgreSQL: replicas started together upgrade one at a time; the others then find the schema current. Any fixed
# 64-bit number serves as the lock's name; this one spells "briefbot" in ASCII.
_MIGRATION_LOCK = 0x6272696566626F74


def run_migrations_online() -> None:
    engine = config.attributes.get("engine") or create_engine(config.get_main_option("sqlalchemy.url"))
    with engine.begin() as connection:
        if connection.dialect.name == "postgresql":  # held until this transaction ends (the whole upgrade)
            connection.execute(text("SELECT pg_advisory_xact_lock(:key)"), {"key": _MIGRATION_LOCK})
        context.configure(
            connection=connection,
            target_metadata=target_metadata,
            render_as_batch=connection.dialect.name == "sqlite",
        )
        context.run_migrations()


run_migrations_online()
