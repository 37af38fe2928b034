"""near-duplicate band keys as 64-bit integers, keyed by (band, article_id) alone (issue 14, flat cost at 1M)

near_dup_bands had an id key, a text band ("b3:9f2a01c4d7e5") and an index on (band, article_id): every article
wrote 21 rows into two b-trees, with keys of ~20 bytes. Now a band key is one integer (briefings.ingest.dedup.bands:
band number << 58 | the same 48-bit digest << 10; the bench's copies keep their ":c7" tag in the low 10 bits) and
the table's primary key is (band, article_id): on SQLite a WITHOUT ROWID table, so one narrow b-tree answers the
look-up (a band's first articles, in article order) and takes the insert. The article_id index stays (ON DELETE
CASCADE).

The table is rebuilt: each text key is converted (its digest is the hex text, so the integer is exact) and the
downgrade converts back. Measured on a copy of the 1M-article SQLite database (21M band rows): see
docs/benchmarks.md, round 4, band keys.

Revision ID: 0009
Revises: 0008
"""
from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = "0009"
down_revision = "0008"
branch_labels = None
depends_on = None

_BANDS = 21  # dedup.BANDS when this migration was written (band numbers 0..20 in keys)
_HEX = "0123456789abcdef"


def _sqlite_key(band: int) -> str:
    """SQLite: the integer of band `band`'s text keys ("b3:<12 hex>" or, bench copies, "b3:<12 hex>:c7")."""
    at = len(f"b{band}:") + 1  # the first hex digit
    digits = " + ".join(f"((instr('{_HEX}', substr(band, {at + i}, 1)) - 1) << {4 * (11 - i)})" for i in range(12))
    tag = f"CASE WHEN length(band) > {at + 11} THEN CAST(substr(band, {at + 14}) AS INTEGER) & 1023 ELSE 0 END"
    return f"(({band} << 58) | (({digits}) << 10) | ({tag}))"


_PG_KEY = ("((substr(split_part(band, ':', 1), 2)::bigint << 58) "
           "| (('x' || lpad(split_part(band, ':', 2), 16, '0'))::bit(64)::bigint << 10) "
           "| coalesce(nullif(substr(split_part(band, ':', 3), 2), '')::bigint & 1023, 0))")
# back to text; op.execute reads ":c" as a parameter, "\:c" is the text ":c"
_SQLITE_TEXT = ("'b' || (band >> 58) || ':' || printf('%012x', (band >> 10) & 281474976710655) "
                "|| CASE WHEN band & 1023 THEN '\\:c' || (band & 1023) ELSE '' END")
_PG_TEXT = ("'b' || (band >> 58) || ':' || lpad(to_hex((band >> 10) & 281474976710655), 12, '0') "
            "|| CASE WHEN band & 1023 <> 0 THEN '\\:c' || (band & 1023) ELSE '' END")


def _set_aside(name: str) -> None:
    """Rename near_dup_bands to `name` (PostgreSQL: its constraints too, so the new table can take their names)."""
    op.rename_table("near_dup_bands", name)
    if op.get_bind().dialect.name == "postgresql":
        for suffix in ("pkey", "article_id_fkey"):
            op.execute(f"ALTER TABLE {name} RENAME CONSTRAINT near_dup_bands_{suffix} TO {name}_{suffix}")


def _article_fk() -> sa.ForeignKeyConstraint:
    return sa.ForeignKeyConstraint(["article_id"], ["articles.id"], ondelete="CASCADE")


def upgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _set_aside("near_dup_bands_text")
    op.create_table("near_dup_bands",
                    sa.Column("band", sa.BigInteger(), nullable=False, autoincrement=False),
                    sa.Column("article_id", sa.Integer(), nullable=False, autoincrement=False),
                    _article_fk(), sa.PrimaryKeyConstraint("band", "article_id"), sqlite_with_rowid=False)
    if sqlite:  # band by band in key order (the old index's order within a band): every insert appends
        for band in range(_BANDS):
            op.execute(f"INSERT INTO near_dup_bands (band, article_id) SELECT {_sqlite_key(band)}, article_id "
                       f"FROM near_dup_bands_text WHERE band >= 'b{band}:' AND band < 'b{band};' "
                       "ORDER BY band, article_id")
    else:
        op.execute(f"INSERT INTO near_dup_bands (band, article_id) SELECT {_PG_KEY}, article_id "
                   "FROM near_dup_bands_text ORDER BY 1, 2")
    op.drop_table("near_dup_bands_text")
    op.create_index("ix_near_dup_bands_article_id", "near_dup_bands", ["article_id"])


def downgrade() -> None:
    sqlite = op.get_bind().dialect.name == "sqlite"
    _set_aside("near_dup_bands_int")
    op.create_table("near_dup_bands",
                    sa.Column("id", sa.Integer(), nullable=False),
                    sa.Column("band", sa.String(length=40), nullable=False),
                    sa.Column("article_id", sa.Integer(), nullable=False),
                    _article_fk(), sa.PrimaryKeyConstraint("id"))
    op.execute(f"INSERT INTO near_dup_bands (band, article_id) SELECT {_SQLITE_TEXT if sqlite else _PG_TEXT}, "
               "article_id FROM near_dup_bands_int ORDER BY article_id, band")
    op.drop_table("near_dup_bands_int")
    op.create_index("ix_near_dup_bands_article_id", "near_dup_bands", ["article_id"])
    op.create_index("ix_near_dup_bands_band_article", "near_dup_bands", ["band", "article_id"])
