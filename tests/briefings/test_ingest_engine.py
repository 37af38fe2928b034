"""Ingest through the engine: bad input never stops the batch and never leaves half an article (acceptance 6)."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from briefings import Engine
from briefings.db.models import Article, Claim, Incident

GOOD = """url: https://example.org/a
outlet: Example Wire
published: 2024-03-02
---
Three people were killed and five wounded in a drone strike on a base near Hilla on Friday, police sources said.
A provincial health official told reporters that four people died in the attack.
"""
OTHER = """outlet: Another Daily
published: 2024-03-03
---
At least four people were killed in Friday's drone attack near Hilla, according to a statement from the provincial health office.
"""


def _write(tmp: Path, name: str, data: bytes | str) -> Path:
    p = tmp / name
    p.write_bytes(data.encode() if isinstance(data, str) else data)
    return p


def _count(eng: Engine, model: type) -> int:
    with eng.sessions() as s:
        return s.scalar(select(func.count()).select_from(model)) or 0


def test_bad_inputs_each_get_one_line_and_the_rest_is_ingested(db_url: str, tmp_path: Path) -> None:
    good = _write(tmp_path, "good.txt", GOOD)
    other = _write(tmp_path, "other.txt", OTHER)
    empty = _write(tmp_path, "empty.txt", "")
    binary = _write(tmp_path, "image.txt", b"\x89PNG\r\n\x1a\n\x00\x00\x00IHDR")
    latin = _write(tmp_path, "latin.txt", "caf\xe9 attack".encode("latin-1"))
    big = tmp_path / "big.txt"
    with big.open("wb") as f:
        f.truncate(50 * 1024 * 1024)
    feed = _write(tmp_path, "broken.xml", "<rss version='2.0'><channel <<< not xml &&&")
    missing = tmp_path / "missing.txt"
    eng = Engine(db_url)
    report = eng.ingest([empty, good, binary, latin, big, feed, missing, other])
    rejected = {Path(o.source).name.split("#")[0]: o.reason for o in report.outcomes if o.status == "rejected"}
    assert set(rejected) == {"empty.txt", "image.txt", "latin.txt", "big.txt", "broken.xml", "missing.txt"}, rejected
    for reason in rejected.values():
        assert reason and "\n" not in reason
    assert report.count("new") == 2 and not report.ok
    assert _count(eng, Article) == 2
    inc = eng.incident("hilla").data["incident"]
    assert inc["status"] == "contested"  # 3 vs 4 killed
    eng.close()


def test_a_crash_inside_one_article_leaves_no_half_written_rows(db_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Storing is made to fail after one article's claims were written: its row and claims must not remain."""
    import briefings.ingest.pipeline as pipeline

    good = _write(tmp_path, "good.txt", GOOD)
    bad = _write(tmp_path, "bad.txt", OTHER)
    real = pipeline.Pipeline._attach

    def flaky(self, s, art, doc, frames, txn):  # type: ignore[no-untyped-def]
        slugs = real(self, s, art, doc, frames, txn)
        if doc.source.endswith("bad.txt"):
            raise RuntimeError("simulated crash after claims were added")
        return slugs

    monkeypatch.setattr(pipeline.Pipeline, "_attach", flaky)
    eng = Engine(db_url)
    report = eng.ingest([good, bad])
    assert [o.status for o in report.outcomes] == ["new", "rejected"]
    assert "simulated crash" in (report.outcomes[1].reason or "")
    assert _count(eng, Article) == 1
    with eng.sessions() as s:
        good_id = s.scalar(select(Article.id))  # not necessarily 1: PostgreSQL sequences skip rolled-back ids
        assert good_id == report.outcomes[0].article_id
        assert all(c.article_id == good_id for c in s.scalars(select(Claim)))
    monkeypatch.setattr(pipeline.Pipeline, "_attach", real)
    assert eng.ingest([bad]).outcomes[0].status == "new"  # nothing of the failed attempt blocks a retry
    eng.close()


def test_revision_of_the_same_url_is_kept_not_overwritten(db_url: str, tmp_path: Path) -> None:
    eng = Engine(db_url)
    eng.ingest([_write(tmp_path, "v1.txt", GOOD)])
    v2 = GOOD.replace("four people died", "six people died")
    out = eng.ingest([_write(tmp_path, "v2.txt", v2)])
    assert out.outcomes[0].status == "revision"
    with eng.sessions() as s:
        assert sorted(s.scalars(select(Article.revision))) == [1, 2]
        assert s.scalar(select(func.count()).select_from(Incident)) == 1
    eng.close()


def test_empty_engine_answers_no_match(db_url: str) -> None:
    from briefings import NoMatch

    eng = Engine(db_url)
    assert eng.is_empty()
    with pytest.raises(NoMatch):
        eng.incident("kalsu")
    assert eng.digest().summary == "Nothing new."
    eng.close()


def test_the_database_is_the_backend_asked_for(db_url: str) -> None:
    """dev.py runs the suite twice; this proves the second run really is on PostgreSQL."""
    import os

    eng = Engine(db_url)
    expected = "postgresql" if os.environ.get("BRIEFBOT_TEST_DATABASE_URL") else "sqlite"
    assert eng.db.dialect.name == expected
    eng.close()


def test_reports_every_few_days_at_one_place_do_not_chain_into_one_incident(db_url: str, tmp_path: Path) -> None:
    """Each report is within the 3-day window of the previous one; a month of them must not become one event."""
    from datetime import date, timedelta

    paths = []
    for i in range(10):
        day = date(2024, 3, 1) + timedelta(days=3 * i)
        p = tmp_path / f"r{i}.txt"
        p.write_text(f"outlet: Wire {i}\npublished: {day.isoformat()}\n---\n"
                     f"A rocket attack near Hilla today wounded {i + 2} people, police sources said. Item {i}.\n")
        paths.append(p)
    eng = Engine(db_url)
    eng.ingest(paths)
    rows = eng.incidents().data["incidents"]
    assert len(rows) >= 4
    for row in rows:
        assert (date.fromisoformat(row["end"]) - date.fromisoformat(row["start"])).days <= 7, row
    eng.close()
