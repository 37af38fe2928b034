"""near-duplicate bands: one index on (band, article_id) instead of (band) (issue 14, flat cost at 1M articles)

A band look-up reads the first articles of a band in article order. With the index on (band) alone, every hit
also read its row of the band table (one random page of a 21M-row table at 1M articles); on (band, article_id)
the index answers alone (SQLite: a covering index; PostgreSQL: an index-only scan) and is already in the order
asked. Measured on a copy of the 1M-article SQLite database: about 2 minutes (21M rows).

Revision ID: 0007_dedup
Revises: 0006
"""
from __future__ import annotations

from alembic import op

revision = "0007_dedup"
down_revision = "0006"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_near_dup_bands_band_article", "near_dup_bands", ["band", "article_id"])
    op.drop_index("ix_near_dup_bands_band", table_name="near_dup_bands")


def downgrade() -> None:
    op.create_index("ix_near_dup_bands_band", "near_dup_bands", ["band"])
    op.drop_index("ix_near_dup_bands_band_article", table_name="near_dup_bands")
