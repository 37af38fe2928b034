"""Incidents a write transaction read are carried to the next one of the same process (SQLite, resolution.Carried),
and only while they are still what the database holds: after another process wrote, or after an analyst's merge
in this process, the next report meets the incident as it now is. (PostgreSQL carries nothing: the same checks.)"""
from __future__ import annotations

from datetime import date
from pathlib import Path

from sqlalchemy import select

from briefings import Engine
from briefings.db.models import Incident
from briefings.resolution import Carried, ResolvedIncident

HILLA = ("A drone killed 3 people near Hilla on {day}, police said.",
         "Officials in Babil said a market near Hilla was hit by a drone on {day}, wounding 5.",
         "Residents of Hilla described a loud blast on {day}; the provincial council blamed a drone.")


def _report(tmp: Path, name: str, outlet: str, day: str, body: str) -> Path:
    p = tmp / name
    p.write_text(f"outlet: {outlet}\npublished: {day}\nurl: https://{name}.example/\n---\n{body}\n", encoding="utf-8")
    return p


def _spans(eng: Engine) -> list[tuple[str, date | None, date | None]]:
    with eng.sessions() as s:
        return [(i.slug, i.start_date, i.end_date) for i in s.scalars(select(Incident).order_by(Incident.id))]


def test_another_process_wrote_between_two_batches(db_url: str, tmp_path: Path) -> None:
    """B widens the incident A read; A's next report inside it must not narrow it back to what A had read."""
    first, other = Engine(db_url), Engine(db_url)  # two engines: two connections, as two processes would have
    try:
        assert first.ingest([_report(tmp_path, "a", "Wire A", "2024-03-01",
                                     HILLA[0].format(day="March 1, 2024"))]).ok
        assert other.ingest([_report(tmp_path, "b", "Wire B", "2024-03-03",
                                     HILLA[1].format(day="March 3, 2024"))]).ok
        assert first.ingest([_report(tmp_path, "c", "Wire C", "2024-03-02",
                                     HILLA[2].format(day="March 2, 2024"))]).ok
        assert [(s, e) for _slug, s, e in _spans(first)] == [(date(2024, 3, 1), date(2024, 3, 3))]
    finally:
        first.close()
        other.close()


def test_an_analysts_merge_in_this_process_is_seen_by_the_next_batch(db_url: str, tmp_path: Path) -> None:
    eng = Engine(db_url)
    try:
        assert eng.ingest([_report(tmp_path, "a", "Wire A", "2024-03-04",
                                   "A car bomb killed 4 people outside a police station in Kirkuk on Monday, "
                                   "police said.")]).ok
        assert eng.ingest([_report(tmp_path, "b", "Wire B", "2024-03-12",
                                   "A roadside bomb killed 4 soldiers on a highway in Kirkuk on Tuesday, the army "
                                   "said.")]).ok
        keep, gone = (slug for slug, _s, _e in _spans(eng))
        eng.merge(keep, gone, "analyst")
        assert eng.ingest([_report(tmp_path, "c", "Paper C", "2024-03-11",
                                   "Gunmen killed 2 guards at a checkpoint in Kirkuk on Monday, a security source "
                                   "said.")]).ok
        assert _spans(eng) == [(keep, date(2024, 3, 4), date(2024, 3, 12))]  # joined, and still the merged span
    finally:
        eng.close()


class _Dialect:
    name = "postgresql"


class _Conn:
    dialect = _Dialect()


def test_postgresql_carries_nothing() -> None:
    carried = Carried()
    seen, stamp = carried.take(_Conn())  # type: ignore[arg-type]
    assert seen == {} and stamp is None
    carried.keep({1: object()}, stamp)  # type: ignore[dict-item]
    assert carried.take(_Conn()) == ({}, None)  # type: ignore[arg-type]


def test_carried_only_from_the_same_connection_while_nobody_else_wrote(tmp_path: Path) -> None:
    """Taken, it is gone (a transaction that fails gives nothing back); kept, the next transaction on the same
    connection gets it; a commit on another connection, or another connection, or `drop`, loses it."""
    from sqlalchemy import create_engine, text

    url = f"sqlite:///{tmp_path / 'c.sqlite3'}"
    one, two = create_engine(url), create_engine(url)
    inc = ResolvedIncident(7, "hilla-2024-06-01", "iq-hilla", "IQ", None, None, "day", "attack", None, None)
    carried, incidents = Carried(), {7: inc}
    with one.connect() as a, two.connect() as b:
        a.execute(text("CREATE TABLE t (x INTEGER)"))
        a.commit()
        seen, stamp = carried.take(a)
        assert seen == {}
        carried.keep(incidents, stamp)  # type: ignore[arg-type]
        inc.compared = (1, [])
        assert carried.take(a)[0] is incidents  # nobody wrote: carried
        assert inc.compared == (-1, [])  # its places are compared afresh: the gazetteer may have learned since
        assert carried.take(a)[0] == {}  # taken once: a failed transaction that never keeps loses it
        carried.keep(incidents, carried.take(a)[1])  # type: ignore[arg-type]
        assert carried.take(b)[0] == {}  # another connection
        carried.keep(incidents, carried.take(a)[1])  # type: ignore[arg-type]
        b.execute(text("INSERT INTO t VALUES (1)"))
        b.commit()
        assert carried.take(a)[0] == {}  # another connection committed
        carried.keep(incidents, carried.take(a)[1])  # type: ignore[arg-type]
        a.execute(text("INSERT INTO t VALUES (2)"))
        a.commit()
        assert carried.take(a)[0] is incidents  # its own commits do not change it
        carried.keep(incidents, carried.take(a)[1])  # type: ignore[arg-type]
        carried.drop()
        assert carried.take(a)[0] == {}
