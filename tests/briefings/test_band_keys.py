"""Migration 0009: text band keys become 64-bit integers keyed by (band, article_id); a database made before it
still finds the republication of a stored report, and the downgrade gives back the same text keys."""
from __future__ import annotations

from pathlib import Path

from alembic import command
from sqlalchemy import text

from briefings import Engine
from briefings.db.session import alembic_config, make_engine
from briefings.ingest import dedup
from tests.briefings.test_dedup import edited_copy, seed
from tests.conftest import new_db_url


def _text_key(key: int, tag: str = "") -> str:
    """A key as revision 0008 stored it (and the bench's copies, with ":c<k>")."""
    band, digest = key >> dedup.BAND_SHIFT, (key >> dedup.TAG_BITS) & (2 ** 48 - 1)
    return f"b{band}:{digest:012x}" + (f":{tag}" if tag else "")


def _at_0008(url: str, body: str) -> list[tuple[str, int]]:
    """A database left at 0008 holding one report (article 1) and a bench copy of it (article 2, tag c7)."""
    eng = make_engine(url)
    command.upgrade(alembic_config(eng), "0008")
    keys = dedup.bands(dedup.signature(body))
    rows = [(_text_key(k), 1) for k in keys] + [(_text_key(k, "c7"), 2) for k in keys]
    with eng.begin() as conn:
        conn.execute(text("INSERT INTO outlets (id, name) VALUES (1, 'Wire')"))
        for n in (1, 2):
            conn.execute(text("INSERT INTO articles (id, outlet_id, url, revision, title, fetched_at, text, "
                              "content_hash, near_signature) VALUES (:id, 1, :url, 1, 't', '2024-01-01 00:00:00', "
                              ":body, :hash, :sig)"),
                         {"id": n, "url": f"https://wire.example/{n}", "body": body, "hash": f"h{n}",
                          "sig": dedup.encode(dedup.signature(body))})
        conn.execute(text("INSERT INTO near_dup_bands (band, article_id) VALUES (:band, :article)"),
                     [{"band": b, "article": a} for b, a in rows])
        if conn.dialect.name == "postgresql":  # explicit ids: move the sequences past them
            for table in ("outlets", "articles"):
                conn.execute(text(f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), "
                                  f"(SELECT max(id) FROM {table}))"))
    eng.dispose()
    return sorted(rows)


def _bands(url: str) -> list[tuple[object, int]]:
    eng = make_engine(url)
    with eng.connect() as conn:
        found = sorted((r.band, r.article_id)
                       for r in conn.execute(text("SELECT band, article_id FROM near_dup_bands")))
    eng.dispose()
    return found


def test_upgrade_converts_keys_and_a_republication_is_still_found(seeds_dir: Path, tmp_path: Path) -> None:
    original = seed(seeds_dir, "002")
    url = new_db_url(tmp_path)
    _at_0008(url, original.text)
    keys = dedup.bands(dedup.signature(original.text))
    engine = Engine(url)  # upgrades to head
    try:
        assert _bands(url) == sorted([(k, 1) for k in keys] + [(k | 7, 2) for k in keys])
        copy = tmp_path / "copy.txt"
        copy.write_text("outlet: Syndicating Site\ntitle: A new headline\n---\n" + edited_copy(original.text))
        (outcome,) = engine.ingest([copy]).outcomes
        assert outcome.status == "carrier", outcome
    finally:
        engine.close()


def test_downgrade_gives_back_the_text_keys(seeds_dir: Path, tmp_path: Path) -> None:
    url = new_db_url(tmp_path)
    before = _at_0008(url, seed(seeds_dir, "001").text)
    eng = make_engine(url)
    command.upgrade(alembic_config(eng), "head")
    command.downgrade(alembic_config(eng), "0008")
    eng.dispose()
    assert _bands(url) == before
    eng = make_engine(url)
    command.upgrade(alembic_config(eng), "head")  # and up again
    eng.dispose()
    assert len(_bands(url)) == len(before)
