"""covering indexes for the two look-ups of every ingested report (issue 14, flat cost at 1M articles)

Near-duplicate bands: one index on (band, article_id) instead of (band).

A band look-up reads the first articles of a band in article order. With the index on (band) alone, every hit
also read its row of the band table (one random page of a 21M-row table at 1M articles); on (band, article_id)
the index answers alone (SQLite: a covering index; PostgreSQL: an index-only scan) and is already in the order
asked.

Incident places: (place_id, start_date, id, end_date, incident_id) instead of (place_id, start_date). Resolution's
window look-up scans a place's rows of about a year (start_date between the window minus 400 days and its end) and
keeps those with end_date in the window; each row scanned read its table row for end_date and incident_id. Now the
index answers alone, in the same order as before (ties by id), so a LIMIT keeps the same rows.

Measured on copies of the 1M-article SQLite database (21M band rows, 0.9M place rows): the whole upgrade 57 s
(47 s CPU); the band index alone 83 s on a busier machine, the places' 2 s.

Revision ID: 0008
Revises: 0007
"""
from __future__ import annotations

from alembic import op

revision = "0008"
down_revision = "0007"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_near_dup_bands_band_article", "near_dup_bands", ["band", "article_id"])
    op.drop_index("ix_near_dup_bands_band", table_name="near_dup_bands")
    op.create_index("ix_incident_places_place_window", "incident_places",
                    ["place_id", "start_date", "id", "end_date", "incident_id"])
    op.drop_index("ix_incident_places_place_start", table_name="incident_places")


def downgrade() -> None:
    op.create_index("ix_incident_places_place_start", "incident_places", ["place_id", "start_date"])
    op.drop_index("ix_incident_places_place_window", table_name="incident_places")
    op.create_index("ix_near_dup_bands_band", "near_dup_bands", ["band"])
    op.drop_index("ix_near_dup_bands_band_article", table_name="near_dup_bands")
