"""request claims: a platform request (Slack event, trigger or signature) is answered once (issue 21)

Revision ID: 0004
Revises: 0003
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0004"
down_revision = "0003"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "request_claims",
        sa.Column("platform", sa.String(length=16), nullable=False),
        sa.Column("request_key", sa.String(length=200), nullable=False),
        sa.Column("claimed_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("platform", "request_key"),
    )
    op.create_index("ix_request_claims_claimed_at", "request_claims", ["claimed_at"], unique=False)


def downgrade() -> None:
    op.drop_index("ix_request_claims_claimed_at", table_name="request_claims")
    op.drop_table("request_claims")
