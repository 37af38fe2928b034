"""resolution reasons per report-incident link, "possibly also" alternatives, analysts' merges and splits (issue 12)

Revision ID: 0006
Revises: 0005
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table("incident_articles") as batch:
        batch.add_column(sa.Column("why", sa.Text(), nullable=True))
    op.create_table(
        "incident_alternatives",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=False),
        sa.Column("article_id", sa.Integer(), nullable=False),
        sa.Column("other_id", sa.Integer(), nullable=False),
        sa.Column("why", sa.Text(), nullable=True),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE"),
        sa.ForeignKeyConstraint(["other_id"], ["incidents.id"], ondelete="CASCADE"),
        sa.PrimaryKeyConstraint("id"),
        sa.UniqueConstraint("incident_id", "article_id", "other_id", name="uq_incident_alternative"),
    )
    op.create_index("ix_incident_alternatives_incident_id", "incident_alternatives", ["incident_id"])
    op.create_index("ix_incident_alternatives_article_id", "incident_alternatives", ["article_id"])
    op.create_index("ix_incident_alternatives_other_id", "incident_alternatives", ["other_id"])
    op.create_table(
        "incident_decisions",
        sa.Column("id", sa.Integer(), nullable=False),
        sa.Column("kind", sa.String(length=10), nullable=False),
        sa.Column("incident_id", sa.Integer(), nullable=True),
        sa.Column("from_id", sa.Integer(), nullable=True),
        sa.Column("slug", sa.String(length=200), nullable=False),
        sa.Column("other_slug", sa.String(length=200), nullable=False),
        sa.Column("article_url", sa.String(length=1000), nullable=True),
        sa.Column("actor", sa.String(length=200), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.ForeignKeyConstraint(["incident_id"], ["incidents.id"], ondelete="SET NULL"),
        sa.ForeignKeyConstraint(["from_id"], ["incidents.id"], ondelete="SET NULL"),
        sa.PrimaryKeyConstraint("id"),
    )
    op.create_index("ix_incident_decisions_incident_id", "incident_decisions", ["incident_id"])
    op.create_index("ix_incident_decisions_other_slug", "incident_decisions", ["other_slug"])
    op.create_index("ix_incident_decisions_article_url", "incident_decisions", ["article_url"])


def downgrade() -> None:
    for name in ("ix_incident_decisions_article_url", "ix_incident_decisions_other_slug",
                 "ix_incident_decisions_incident_id"):
        op.drop_index(name, table_name="incident_decisions")
    op.drop_table("incident_decisions")
    for name in ("ix_incident_alternatives_other_id", "ix_incident_alternatives_article_id",
                 "ix_incident_alternatives_incident_id"):
        op.drop_index(name, table_name="incident_alternatives")
    op.drop_table("incident_alternatives")
    with op.batch_alter_table("incident_articles") as batch:
        batch.drop_column("why")
