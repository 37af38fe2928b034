"""Answer a platform request once, across restarts and replicas: its id is claimed with a database row.

The same `INSERT … ON CONFLICT DO NOTHING` claim that makes digests go out once (bot/scheduling/deliveries.py): the
process whose insert lands answers; a replayed request (the same signed bytes sent again, even to another
replica or after a restart) and a platform's retry of one (the same event id) find the row and are only
acknowledged. Rows older than KEEP are pruned now and then: Slack refuses timestamps older than 5 minutes
and stops retrying an event within an hour, so a day is ample.
"""
from __future__ import annotations

import logging
import threading
from datetime import datetime, timedelta, timezone

from sqlalchemy import delete, insert
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from briefings.db.models import RequestClaim

log = logging.getLogger(__name__)

KEEP = timedelta(days=1)
PRUNE_EVERY = timedelta(minutes=10)
KEY_LIMIT = 200


class RequestClaims:
    """`claim(platform, key)` → True the first time anywhere, False for every later delivery of that key."""

    def __init__(self, sessions: sessionmaker[Session]) -> None:
        self.sessions = sessions
        self.pruned_at: datetime | None = None
        self.lock = threading.Lock()

    def claim(self, platform: str, key: str, now: datetime | None = None) -> bool:
        now = now or datetime.now(timezone.utc)
        values = {"platform": platform[:16], "request_key": key[:KEY_LIMIT], "claimed_at": now}
        self._prune(now)
        with self.sessions.begin() as s:
            dialect = s.get_bind().dialect.name
            if dialect in ("postgresql", "sqlite"):
                if dialect == "postgresql":
                    from sqlalchemy.dialects.postgresql import insert as dialect_insert
                else:
                    from sqlalchemy.dialects.sqlite import insert as dialect_insert
                stmt = dialect_insert(RequestClaim).values(**values).on_conflict_do_nothing(
                    index_elements=["platform", "request_key"])
                return bool(s.execute(stmt.returning(RequestClaim.request_key)).first())
        try:  # other databases: the primary key still decides
            with self.sessions.begin() as s:
                s.execute(insert(RequestClaim).values(**values))
            return True
        except IntegrityError:
            return False

    def _prune(self, now: datetime) -> None:
        with self.lock:
            if self.pruned_at is not None and now - self.pruned_at < PRUNE_EVERY:
                return
            self.pruned_at = now
        try:
            with self.sessions.begin() as s:
                s.execute(delete(RequestClaim).where(RequestClaim.claimed_at < now - KEEP))
        except Exception as exc:  # pruning is housekeeping: a failure must not refuse the request
            log.warning("pruning old request claims failed: %s", exc)
