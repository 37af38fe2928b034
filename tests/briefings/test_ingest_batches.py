"""Ingest in batches (one transaction per batch): the same verdicts as storing one article at a time, and a failure
inside a batch loses only the article that failed."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from briefings import Engine
from briefings.db.models import Article, Outlet

REPORT = """outlet: {outlet}
url: {url}
published: 2024-03-02
---
Three people were killed and five wounded in a drone strike on a base near Hilla on Friday, police sources said.
A provincial health official told reporters that four people died in the attack, which hit a checkpoint used by
local forces. The attack came after a week of rising tension in Babil province, residents said, and officials
promised an investigation into how the drone crossed into the area.
"""


OTHER = """outlet: {outlet}
url: {url}
published: 2024-05-{day}
---
Gunmen attacked a police patrol in {place} late on Tuesday, killing two officers, the interior ministry said in a
statement. No group has claimed responsibility for the ambush.
"""


def _write(tmp: Path, name: str, outlet: str, url: str, body: str | None = None) -> Path:
    p = tmp / name
    p.write_text(body or REPORT.format(outlet=outlet, url=url), encoding="utf-8")
    return p


@pytest.mark.parametrize("batch_size", [64, 1])  # 1: each is classified before the one before it is stored
def test_duplicate_copy_and_revision_inside_one_batch(db_url: str, tmp_path: Path, batch_size: int) -> None:
    first = _write(tmp_path, "a.txt", "Example Wire", "https://example.org/a")
    same = tmp_path / "same.txt"
    same.write_text(first.read_text().replace("url: https://example.org/a", "url: https://example.org/copy"))
    copy = _write(tmp_path, "copy.txt", "Other Daily", "https://other.example/c",
                  REPORT.format(outlet="Other Daily", url="https://other.example/c").replace(
                      "residents said", "residents told reporters"))
    revised = _write(tmp_path, "rev.txt", "Example Wire", "https://example.org/a",
                     REPORT.format(outlet="Example Wire", url="https://example.org/a").replace("four", "six"))
    eng = Engine(db_url, batch_size=batch_size)
    try:
        report = eng.ingest([first, same, copy, revised])
        got = [(Path(o.source).name, o.status) for o in report.outcomes]
        assert got == [("a.txt", "new"), ("same.txt", "duplicate"), ("copy.txt", "carrier"), ("rev.txt", "revision")]
        ids = [o.article_id for o in report.outcomes]
        assert ids[1] == ids[0] and "a.txt" in (report.outcomes[1].reason or "")
        assert "a.txt" in (report.outcomes[2].reason or "")
        with eng.sessions() as s:
            rows = s.execute(select(Article.id, Article.carrier_of, Article.revision).order_by(Article.id)).all()
        assert [(r.carrier_of, r.revision) for r in rows] == [(None, 1), (ids[0], 1), (None, 2)]
        assert report.outcomes[2].incidents == report.outcomes[0].incidents  # the copy joins the original's incident
    finally:
        eng.close()


def test_a_failed_batch_remembers_no_outlet_that_was_rolled_back(db_url: str, tmp_path: Path,
                                                                   monkeypatch: pytest.MonkeyPatch) -> None:
    """The new outlet of a batch that failed is not cached: later articles of that outlet still store."""
    import briefings.ingest.pipeline as pipeline

    real = pipeline.Pipeline._attach

    def flaky(self, conn, art, doc, frames, txn):  # type: ignore[no-untyped-def]
        if doc.source.endswith("bad.txt"):
            raise RuntimeError("simulated failure")
        return real(self, conn, art, doc, frames, txn)

    monkeypatch.setattr(pipeline.Pipeline, "_attach", flaky)
    eng = Engine(db_url)
    try:
        one = _write(tmp_path, "one.txt", "Brand New Outlet", "https://new.example/1")
        bad = _write(tmp_path, "bad.txt", "Brand New Outlet", "https://new.example/2",
                     OTHER.format(outlet="Brand New Outlet", url="https://new.example/2", day="07", place="Kut"))
        assert [o.status for o in eng.ingest([one, bad]).outcomes] == ["new", "rejected"]
        later = _write(tmp_path, "later.txt", "Brand New Outlet", "https://new.example/3",
                       OTHER.format(outlet="Brand New Outlet", url="https://new.example/3", day="21", place="Basra"))
        assert [o.status for o in eng.ingest([later]).outcomes] == ["new"]
        with eng.sessions() as s:
            outlets = s.execute(select(Outlet.name, Article.source_path).join(Article)).all()
        assert sorted((o, Path(p).name) for o, p in outlets) == [("Brand New Outlet", "later.txt"),
                                                                ("Brand New Outlet", "one.txt")]
    finally:
        eng.close()


def test_a_database_failure_rejects_the_batch_and_ingest_goes_on(db_url: str, tmp_path: Path,
                                                                  monkeypatch: pytest.MonkeyPatch) -> None:
    """The database refusing one batch's transaction (disk full, connection lost) rejects that batch's documents
    with the reason; the command does not crash and the next batch is stored."""
    from sqlalchemy.exc import OperationalError

    import briefings.ingest.pipeline as pipeline

    real, calls = pipeline.Pipeline.commit, []

    def failing_once(self, batch):  # type: ignore[no-untyped-def]
        calls.append(len(batch.items))
        if len(calls) == 1:
            raise OperationalError("COMMIT", {}, Exception("database or disk is full"))
        return real(self, batch)

    monkeypatch.setattr(pipeline.Pipeline, "commit", failing_once)
    eng = Engine(db_url, batch_size=1)
    try:
        first = _write(tmp_path, "one.txt", "Wire A", "https://a.example/1")
        second = _write(tmp_path, "two.txt", "Wire B", "https://b.example/2",
                        OTHER.format(outlet="Wire B", url="https://b.example/2", day="09", place="Kut"))
        report = eng.ingest([first, second])
        assert [o.status for o in report.outcomes] == ["rejected", "new"]
        assert "disk is full" in (report.outcomes[0].reason or "")
        assert [o.status for o in eng.ingest([first]).outcomes] == ["new"]  # nothing of it was half-stored
    finally:
        eng.close()


def test_a_batch_classified_before_the_previous_one_was_stored_sees_it(db_url: str, tmp_path: Path) -> None:
    """Batches of two: the second is classified while the first is written. Its unrelated report keeps its verdict;
    its copy and its re-sent text of the first batch's report are found all the same."""
    first = _write(tmp_path, "a.txt", "Example Wire", "https://example.org/a")
    other = _write(tmp_path, "b.txt", "Example Wire", "https://example.org/b",
                   OTHER.format(outlet="Example Wire", url="https://example.org/b", day="07", place="Mosul"))
    unrelated = _write(tmp_path, "c.txt", "City Paper", "https://city.example/c", (
        "outlet: City Paper\nurl: https://city.example/c\npublished: 2024-05-09\n---\nA fire at a market in Basra "
        "destroyed dozens of stalls overnight, the civil defence directorate said on Thursday. Traders said the "
        "blaze started in a storeroom; nobody was hurt, according to a spokesman for the city council.\n"))
    copy = _write(tmp_path, "d.txt", "Other Daily", "https://other.example/d",
                  REPORT.format(outlet="Other Daily", url="https://other.example/d").replace(
                      "residents said", "residents told reporters"))
    again = tmp_path / "e.txt"
    again.write_text(first.read_text().replace("url: https://example.org/a", "url: https://example.org/e"))
    eng = Engine(db_url, batch_size=2)
    try:
        report = eng.ingest([first, other, unrelated, copy, again])
        got = [(Path(o.source).name, o.status) for o in report.outcomes]
        assert got == [("a.txt", "new"), ("b.txt", "new"), ("c.txt", "new"), ("d.txt", "carrier"),
                       ("e.txt", "duplicate")]
        assert "a.txt" in (report.outcomes[3].reason or "") and "a.txt" in (report.outcomes[4].reason or "")
        assert report.outcomes[3].incidents == report.outcomes[0].incidents
    finally:
        eng.close()


def test_a_candidate_that_moves_into_the_compared_set_after_the_previous_batch_is_read(monkeypatch) -> None:  # type: ignore[no-untyped-def]
    """A report of a template-heavy feed has a full candidate list. The batch stored while it was classified adds an
    article to one of its early bands, so the list's last id drops out and an older article becomes one of those
    compared: its stored row must be read then, or the report could be called new instead of a copy of it."""
    from types import SimpleNamespace

    from briefings.ingest import lookup

    monkeypatch.setattr(lookup, "BAND_HITS_PER_DOC", 3)  # the 200 / 32 caps, small enough to see by hand
    monkeypatch.setattr(lookup, "COMPARED", 2)
    doc = SimpleNamespace(bands=("b0", "b1", "b2"), digest="d")
    by_band = {"b0": [5], "b1": [3, 4], "b2": [3, 4]}
    assert lookup._most_shared(doc, by_band) == [3, 4]  # type: ignore[arg-type]

    asked: list[list[int]] = []

    class Stored:  # the articles table: answers _NEAR_AMONG for the ids asked
        def execute(self, _statement, params):  # type: ignore[no-untyped-def]
            asked.append(params["ids"])
            return [lookup.Known(i, None, None, f"{i}.txt", None) for i in params["ids"]]

    rows: dict[int, lookup.Known] = {}
    lookup._compared_rows(Stored(), [doc], by_band, rows)  # type: ignore[arg-type]
    assert sorted(rows) == [3, 4]
    by_band["b0"].append(9)  # stored by the previous batch meanwhile (caught_up adds it with its row)
    rows[9] = lookup.Known(9, None, None, "9.txt", None)
    assert lookup._most_shared(doc, by_band) == [3, 5]  # type: ignore[arg-type]
    lookup._compared_rows(Stored(), [doc], by_band, rows)  # type: ignore[arg-type]
    assert asked[-1] == [5] and 5 in rows
