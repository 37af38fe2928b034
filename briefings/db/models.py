"""Storage schema (SQLAlchemy 2.x typed ORM). Alembic migrations in briefings/migrations mirror it."""
from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Date,
    DateTime,
    Float,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


class Base(DeclarativeBase):
    pass


class Outlet(Base):
    """Who published a report."""

    __tablename__ = "outlets"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    domain: Mapped[str | None] = mapped_column(String(200))
    language: Mapped[str | None] = mapped_column(String(16))
    country: Mapped[str | None] = mapped_column(String(80))


class Article(Base):
    """One stored report. A near-duplicate keeps its own row but points at the report it carries."""

    __tablename__ = "articles"
    __table_args__ = (
        UniqueConstraint("url", "revision", name="uq_article_url_revision"),
        Index("ix_article_published", "published_at"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    outlet_id: Mapped[int] = mapped_column(ForeignKey("outlets.id"), index=True)
    url: Mapped[str | None] = mapped_column(String(1000))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    title: Mapped[str | None] = mapped_column(String(500))
    published_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    fetched_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    language: Mapped[str | None] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(Text)
    content_hash: Mapped[str] = mapped_column(String(64), unique=True)
    near_signature: Mapped[str | None] = mapped_column(Text)
    carrier_of: Mapped[int | None] = mapped_column(ForeignKey("articles.id"), index=True)
    source_path: Mapped[str | None] = mapped_column(String(1000))

    outlet: Mapped[Outlet] = relationship()


class NearDupBand(Base):
    """LSH band keys of an article's MinHash: indexed lookup keeps near-dup detection flat in DB size.

    Keyed by (band, article_id), nothing else (migration 0009): a look-up's first articles of a band come from the
    key alone, in article order, and an insert writes one narrow b-tree (SQLite: WITHOUT ROWID) instead of a table
    and an index. `band` is the 64-bit integer of dedup.bands."""

    __tablename__ = "near_dup_bands"
    __table_args__ = {"sqlite_with_rowid": False}
    band: Mapped[int] = mapped_column(BigInteger, primary_key=True, autoincrement=False)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), primary_key=True,
                                            autoincrement=False, index=True)


class Incident(Base):
    __tablename__ = "incidents"
    __table_args__ = (Index("ix_incident_place_start", "place_id", "start_date"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(200), unique=True)
    title: Mapped[str] = mapped_column(String(500))
    place_id: Mapped[str] = mapped_column(String(120))
    place_name: Mapped[str] = mapped_column(String(200))
    admin1: Mapped[str | None] = mapped_column(String(120))
    country: Mapped[str | None] = mapped_column(String(80))
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    start_date: Mapped[date | None] = mapped_column(Date)
    end_date: Mapped[date | None] = mapped_column(Date)
    date_precision: Mapped[str] = mapped_column(String(8), default="day")  # day | month | year | none
    event_types: Mapped[str] = mapped_column(String(300), default="")  # comma-separated
    status: Mapped[str] = mapped_column(String(20), default="single-source")
    first_report_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    last_report_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)

    places: Mapped[list[IncidentPlace]] = relationship(cascade="all, delete-orphan")
    claims: Mapped[list[Claim]] = relationship(back_populates="incident", cascade="all, delete-orphan")


class IncidentPlace(Base):
    """Every place an incident happened at: the candidate-lookup index for resolution and search."""

    __tablename__ = "incident_places"
    __table_args__ = (
        UniqueConstraint("incident_id", "place_id", name="uq_incident_place"),
        # (place, start) in the old order (ties by id), then what resolution's window look-up reads: the index answers
        # alone, no table row per incident of the place's year (migration 0008)
        Index("ix_incident_places_place_window", "place_id", "start_date", "id", "end_date", "incident_id"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    place_id: Mapped[str] = mapped_column(String(120))
    place_name: Mapped[str] = mapped_column(String(200))
    start_date: Mapped[date | None] = mapped_column(Date)  # copied from the incident: indexed window lookup
    end_date: Mapped[date | None] = mapped_column(Date)


class IncidentArticle(Base):
    """Which reports speak of an incident (with or without claims)."""

    __tablename__ = "incident_articles"
    __table_args__ = (UniqueConstraint("incident_id", "article_id", name="uq_incident_article"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    main: Mapped[bool] = mapped_column(default=True)  # False when only a background paragraph
    why: Mapped[str | None] = mapped_column(Text)  # the evidence resolution found, or the analyst's decision (issue 12)


class IncidentAlternative(Base):
    """A report that matched another incident as well as its own (an undated report at a place with two events):
    the report stays apart and both briefings say "possibly also"."""

    __tablename__ = "incident_alternatives"
    __table_args__ = (UniqueConstraint("incident_id", "article_id", "other_id", name="uq_incident_alternative"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    other_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    why: Mapped[str | None] = mapped_column(Text)


class IncidentDecision(Base):
    """An analyst's merge or split, with who and when: resolution of later reports (and of later revisions of a
    split report) obeys it."""

    __tablename__ = "incident_decisions"
    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(10))  # merge | split
    incident_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"), index=True)
    from_id: Mapped[int | None] = mapped_column(ForeignKey("incidents.id", ondelete="SET NULL"))  # split: the old one
    slug: Mapped[str] = mapped_column(String(200))  # the receiving incident's slug at the time
    other_slug: Mapped[str] = mapped_column(String(200), index=True)  # merge: the one merged away; split: the old one
    article_url: Mapped[str | None] = mapped_column(String(1000), index=True)  # split: the report moved out
    actor: Mapped[str] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class Claim(Base):
    __tablename__ = "claims"
    id: Mapped[int] = mapped_column(primary_key=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    article_id: Mapped[int] = mapped_column(ForeignKey("articles.id", ondelete="CASCADE"), index=True)
    field: Mapped[str] = mapped_column(String(32))
    value: Mapped[str | None] = mapped_column(String(500))
    value_num: Mapped[float | None] = mapped_column(Float)
    qualifier: Mapped[str | None] = mapped_column(String(40))
    victims: Mapped[str | None] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(200))  # distance_km: the reference city
    attributed_to: Mapped[str] = mapped_column(String(300))
    stance: Mapped[str] = mapped_column(String(10), default="asserts")
    quote: Mapped[str] = mapped_column(Text)
    span_start: Mapped[int] = mapped_column(Integer)
    span_end: Mapped[int] = mapped_column(Integer)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))

    incident: Mapped[Incident] = relationship(back_populates="claims")
    article: Mapped[Article] = relationship()


# --- subscriptions, digest deliveries, feeds (issue 5) -------------------------------------------------------
# Times are stored in UTC (SQLite keeps no offset; readers treat naive values as UTC).


class Subscription(Base):
    """Who gets which digest when: a channel (or a user's DMs) on one platform, a schedule in a time zone."""

    __tablename__ = "subscriptions"
    __table_args__ = (Index("ix_subscriptions_place", "platform", "workspace", "channel"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))  # console | slack | discord
    workspace: Mapped[str | None] = mapped_column(String(64))  # Slack team id / Discord guild id
    channel: Mapped[str | None] = mapped_column(String(64))  # None for a DM digest
    dm_user: Mapped[str | None] = mapped_column(String(64))  # the DM recipient (DM digests only)
    schedule: Mapped[str] = mapped_column(String(120))  # "daily 07:30" or "cron 30 7 * * 1-5"
    timezone: Mapped[str] = mapped_column(String(64))  # IANA name
    filters: Mapped[str] = mapped_column(Text, default="{}")  # JSON: place, country, actor, keyword, min_status
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(default=True, index=True)


class DigestDelivery(Base):
    """One row per (subscription, period): inserting it is the claim that makes a digest go out once."""

    __tablename__ = "digest_deliveries"
    __table_args__ = (UniqueConstraint("subscription_id", "period_key", name="uq_delivery_period"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    subscription_id: Mapped[int] = mapped_column(ForeignKey("subscriptions.id", ondelete="CASCADE"), index=True)
    period_key: Mapped[str] = mapped_column(String(32))  # the scheduled local date (daily) or local date+time (cron)
    scheduled_for: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    status: Mapped[str] = mapped_column(String(10), index=True)  # claimed | sent | failed
    claimed_by: Mapped[str] = mapped_column(String(120))
    lease_until: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)  # delivery attempts that failed or were interrupted
    late: Mapped[bool] = mapped_column(default=False)
    platform_message_id: Mapped[str | None] = mapped_column(String(200))
    error: Mapped[str | None] = mapped_column(Text)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class Feed(Base):
    """A polled RSS/Atom feed with its conditional-GET validators and health."""

    __tablename__ = "feeds"
    id: Mapped[int] = mapped_column(primary_key=True)
    url: Mapped[str] = mapped_column(String(1000), unique=True)
    interval_seconds: Mapped[int] = mapped_column(Integer)
    etag: Mapped[str | None] = mapped_column(String(500))
    last_modified: Mapped[str | None] = mapped_column(String(100))
    last_polled_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    next_poll_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True), index=True)
    consecutive_failures: Mapped[int] = mapped_column(Integer, default=0)
    failing_since: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    health: Mapped[str] = mapped_column(String(10), default="ok")  # ok | degraded | failing
    last_error: Mapped[str | None] = mapped_column(Text)
    alert_sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


# --- end subscriptions, digest deliveries, feeds (issue 5) ---------------------------------------------------


# --- inbound request claims (issue 21) ------------------------------------------------------------------------
class RequestClaim(Base):
    """One row per platform request answered (a Slack event id, trigger id or signature): inserting it is the
    claim, so a replayed or retried request is answered once across restarts and replicas. Pruned after a day."""

    __tablename__ = "request_claims"
    platform: Mapped[str] = mapped_column(String(16), primary_key=True)
    request_key: Mapped[str] = mapped_column(String(200), primary_key=True)
    claimed_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


# --- watches and alerts (issue 19) ----------------------------------------------------------------------------


class Watch(Base):
    """An area (a place and everything inside it, or a radius around a point) that a channel wants alerts for."""

    __tablename__ = "watches"
    __table_args__ = (Index("ix_watches_scope", "platform", "workspace", "channel"),)
    id: Mapped[int] = mapped_column(primary_key=True)
    platform: Mapped[str] = mapped_column(String(20))
    workspace: Mapped[str | None] = mapped_column(String(64))
    channel: Mapped[str | None] = mapped_column(String(64))
    dm_user: Mapped[str | None] = mapped_column(String(64))
    place_id: Mapped[str | None] = mapped_column(String(120))  # area watches: incidents with this place (or inside it)
    label: Mapped[str] = mapped_column(String(300))  # "Kharkiv oblast, Ukraine" / "within 50 km of Erbil, Iraq"
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)
    radius_km: Mapped[float | None] = mapped_column(Float)  # radius watches only
    filters: Mapped[str] = mapped_column(Text, default="{}")  # JSON: actor names, keyword, min_killed, ...
    triggers: Mapped[str] = mapped_column(String(120))  # comma-separated: new,figure,dispute,corroborated
    created_by: Mapped[str | None] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    active: Mapped[bool] = mapped_column(default=True, index=True)


class AlertDelivery(Base):
    """One row per (watch, incident, change): inserting it is the claim that makes an alert go out once."""

    __tablename__ = "alert_deliveries"
    __table_args__ = (
        UniqueConstraint("watch_id", "incident_id", "change_key", name="uq_alert_change"),
        Index("ix_alert_deliveries_pending", "status", "channel_key"),
    )
    id: Mapped[int] = mapped_column(primary_key=True)
    watch_id: Mapped[int] = mapped_column(ForeignKey("watches.id", ondelete="CASCADE"), index=True)
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), index=True)
    change_key: Mapped[str] = mapped_column(String(120))  # new | killed:27 | dispute:killed | corroborated
    kind: Mapped[str] = mapped_column(String(20))  # new | figure | dispute | corroborated
    detail: Mapped[str] = mapped_column(Text)  # the line that says what changed, with who says so
    platform: Mapped[str] = mapped_column(String(20))
    channel_key: Mapped[str] = mapped_column(String(300))  # platform|workspace|channel|dm user: coalescing unit
    status: Mapped[str] = mapped_column(String(10))  # pending | claimed | sent | failed
    batch: Mapped[str | None] = mapped_column(String(40), index=True)  # the message this alert went out in
    claimed_by: Mapped[str | None] = mapped_column(String(120))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    platform_message_id: Mapped[str | None] = mapped_column(String(200))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    sent_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


class AlertMark(Base):
    """The last incident change the alert scan has looked at: a change is matched once, by one process."""

    __tablename__ = "alert_marks"
    incident_id: Mapped[int] = mapped_column(ForeignKey("incidents.id", ondelete="CASCADE"), primary_key=True)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), index=True)


class AlertChannel(Base):
    """Per channel, when the next alert message may go out (the coalescing window, shared by every process)."""

    __tablename__ = "alert_channels"
    key: Mapped[str] = mapped_column(String(300), primary_key=True)
    next_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))
    holder: Mapped[str | None] = mapped_column(String(120))


# --- end watches and alerts (issue 19) ------------------------------------------------------------------------
