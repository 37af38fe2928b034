"""The hot statements run on the driver's cursor (briefings/db/raw.py) must read and store exactly what SQLAlchemy
would: the same rows and types back (dates, times, flags), the same stored text (SQLite keeps dates as text)."""
from __future__ import annotations

from datetime import date, datetime, timezone

from sqlalchemy import create_engine, event, insert

from briefings.db.models import Article, Base, Claim, Incident, IncidentPlace, Outlet
from briefings.db.raw import Raw, insert_many
from briefings.resolve import _CANDIDATE_INCIDENTS, _CANDIDATE_PLACES, _ID_UNION_COUNTRY
from tests.conftest import new_db_url


def _incident(n: int, place: str, start: date | None) -> dict[str, object]:
    at = datetime(2024, 5, n, 9, 30, tzinfo=timezone.utc)
    return {"id": n, "slug": f"town-{n}", "title": f"Shelling in town {n}", "place_id": place, "place_name": place,
            "country": "XX", "start_date": start, "end_date": start, "date_precision": "day" if start else "none",
            "event_types": "shelling", "status": "single-source", "first_report_at": at, "last_report_at": at,
            "created_at": at, "updated_at": at}


def test_raw_reads_give_what_sqlalchemy_gives(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(new_db_url(tmp_path))
    Base.metadata.create_all(engine)
    with engine.begin() as conn:
        conn.execute(insert(Incident.__table__), [_incident(1, "p:a", date(2024, 5, 2)),
                                                  _incident(2, "p:b", None), _incident(3, "XX", date(2024, 5, 3))])
        conn.execute(insert(IncidentPlace.__table__), [
            {"incident_id": 1, "place_id": "p:a", "place_name": "A", "start_date": date(2024, 5, 2),
             "end_date": date(2024, 5, 2)},
            {"incident_id": 2, "place_id": "p:b", "place_name": "B", "start_date": None, "end_date": None}])
    statements: list[str] = []
    event.listen(engine, "before_cursor_execute", lambda *args: statements.append(args[2]))
    with engine.connect() as conn:
        params = {"places": ["p:a", "p:b", "p:c"], "countries": ["XX"], "lo": date(2024, 5, 1),
                  "hi": date(2024, 5, 6), "earliest": date(2023, 4, 1)}
        want = sorted(conn.scalars(_ID_UNION_COUNTRY, params))
        assert sorted(Raw(_ID_UNION_COUNTRY, ["places", "countries"]).scalars(conn, params)) == want == [1, 2, 3]
        for statement in (_CANDIDATE_INCIDENTS, _CANDIDATE_PLACES):
            rows = [tuple(r) for r in conn.execute(statement, {"ids": [1, 2, 3]})]
            raw = Raw(statement, ["ids"]).execute(conn, {"ids": [1, 2, 3]})
            assert raw == rows and [type(v) for r in raw for v in r] == [type(v) for r in rows for v in r]
        assert [r[1:] for r in raw] == [("p:a", 1), ("p:b", 1)]  # each place row carries its incident's dates
    assert sum("UNION ALL" in s for s in statements) == 2  # statement logs still see the raw ones


def test_insert_many_stores_what_sqlalchemy_stores(tmp_path) -> None:  # type: ignore[no-untyped-def]
    engine = create_engine(new_db_url(tmp_path))
    Base.metadata.create_all(engine)
    now = datetime(2024, 5, 2, 13, 5, 7, 250, tzinfo=timezone.utc)
    rows = [{"incident_id": 1, "article_id": 1, "field": "killed", "value": "3", "value_num": n, "qualifier": None,
             "victims": "civilians", "reference": None, "attributed_to": "police", "stance": "asserts",
             "quote": "Three civilians were killed, police said.", "span_start": 0, "span_end": 41,
             "created_at": now} for n in (3, 3.5, None)]
    with engine.begin() as conn:
        conn.execute(insert(Incident.__table__), [_incident(1, "p:a", date(2024, 5, 2))])
        conn.execute(insert(Outlet.__table__), [{"id": 1, "name": "Daily Courier"}])
        conn.execute(insert(Article.__table__), [{"id": 1, "outlet_id": 1, "text": "Three civilians were killed.",
                                                  "content_hash": "h1", "fetched_at": now}])
        conn.execute(insert(Claim.__table__), rows)
        insert_many(conn, Claim.__table__, rows)
        stored = conn.exec_driver_sql("SELECT * FROM claims ORDER BY id").all()  # as the database keeps them
    first, second = [tuple(r[1:]) for r in stored[:3]], [tuple(r[1:]) for r in stored[3:]]
    assert len(stored) == 6 and first == second
    assert {r[4] for r in second} == {3, 3.5, None}  # value_num
