"""watches, alert deliveries (claimed once per watch, incident and change), scan marks, channel windows (issue 19)

Revision ID: 0005
Revises: 0003 (the lead re-chains it after 0004 at merge)
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "watches",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("workspace", sa.String(length=64), nullable=True),
        sa.Column("channel", sa.String(length=64), nullable=True),
        sa.Column("dm_user", sa.String(length=64), nullable=True),
        sa.Column("place_id", sa.String(length=120), nullable=True),
        sa.Column("label", sa.String(length=300), nullable=False),
        sa.Column("lat", sa.Float(), nullable=True),
        sa.Column("lon", sa.Float(), nullable=True),
        sa.Column("radius_km", sa.Float(), nullable=True),
        sa.Column("filters", sa.Text(), nullable=False),
        sa.Column("triggers", sa.String(length=120), nullable=False),
        sa.Column("created_by", sa.String(length=64), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("active", sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_watches_active", "watches", ["active"])
    op.create_index("ix_watches_scope", "watches", ["platform", "workspace", "channel"])
    op.create_table(
        "alert_deliveries",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("watch_id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("change_key", sa.String(length=120), nullable=False),
        sa.Column("kind", sa.String(length=20), nullable=False),
        sa.Column("detail", sa.Text(), nullable=False),
        sa.Column("platform", sa.String(length=20), nullable=False),
        sa.Column("channel_key", sa.String(length=300), nullable=False),
        sa.Column("status", sa.String(length=10), nullable=False),
        sa.Column("batch", sa.String(length=40), nullable=True),
        sa.Column("claimed_by", sa.String(length=120), nullable=True),
        sa.Column("lease_until", sa.DateTime(timezone=True), nullable=True),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("error", sa.Text(), nullable=True),
        sa.Column("platform_message_id", sa.String(length=200), nullable=True),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("sent_at", sa.DateTime(timezone=True), nullable=True),
        sa.ForeignKeyConstraint(["watch_id"], ["watches.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("watch_id", "incident_id", "change_key", name="uq_alert_change"),
    )
    op.create_index("ix_alert_deliveries_pending", "alert_deliveries", ["status", "channel_key"])
    op.create_index("ix_alert_deliveries_watch_id", "alert_deliveries", ["watch_id"])
    op.create_index("ix_alert_deliveries_incident_id", "alert_deliveries", ["incident_id"])
    op.create_index("ix_alert_deliveries_batch", "alert_deliveries", ["batch"])
    op.create_table(
        "alert_marks",
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("incident_id"),
    )
    op.create_index("ix_alert_marks_updated_at", "alert_marks", ["updated_at"])
    op.create_table(
        "alert_channels",
        sa.Column("key", sa.String(length=300), nullable=False),
        sa.Column("next_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("holder", sa.String(length=120), nullable=True),
        sa.PrimaryKeyConstraint("key"),
    )


def downgrade() -> None:
    op.drop_table("alert_channels")
    op.drop_index("ix_alert_marks_updated_at", table_name="alert_marks")
    op.drop_table("alert_marks")
    for name in ("ix_alert_deliveries_batch", "ix_alert_deliveries_incident_id", "ix_alert_deliveries_watch_id",
                 "ix_alert_deliveries_pending"):
        op.drop_index(name, table_name="alert_deliveries")
    op.drop_table("alert_deliveries")
    op.drop_index("ix_watches_scope", table_name="watches")
    op.drop_index("ix_watches_active", table_name="watches")
    op.drop_table("watches")
