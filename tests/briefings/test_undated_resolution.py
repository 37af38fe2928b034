"""Reports without a publication date join the incident they describe (same figures, same kind of event, same
place, a weekday that fits); two incidents that fit equally keep the report apart; distinct events a week apart
at one place stay apart; a date long before publication does not date the report's event. Invented reports."""
from __future__ import annotations

from pathlib import Path

from briefings import Engine


def _write(tmp: Path, name: str, outlet: str, day: str | None, body: str) -> Path:
    p = tmp / name
    head = f"outlet: {outlet}\n" + (f"published: {day}\n" if day else "")
    p.write_text(f"{head}---\n{body}\n", encoding="utf-8")
    return p


def _slugs(report) -> dict[str, list[str]]:  # type: ignore[no-untyped-def]
    return {Path(o.source).name: o.incidents for o in report.outcomes}


DATED = """A missile struck a crowded market in Kherson on Tuesday, killing 14 people and wounding 31, the regional
governor said."""
UNDATED_SAME_FIGURES = """Fourteen people were killed when a Russian missile hit a market in Kherson, officials said.
Rescuers were still searching the rubble."""
UNDATED_WEEKDAY = """Rescue workers in Kherson pulled survivors from the market hit by a missile on Tuesday. The
governor said the missile attack was one of the deadliest on the city."""


def test_undated_reports_join_the_incident_they_describe(db_url: str, tmp_path: Path) -> None:
    eng = Engine(db_url)
    try:
        slugs = _slugs(eng.ingest([_write(tmp_path, "a.txt", "Wire A", "2024-05-08", DATED),
                                   _write(tmp_path, "b.txt", "Site B", None, UNDATED_SAME_FIGURES),
                                   _write(tmp_path, "c.txt", "Site C", None, UNDATED_WEEKDAY)]))
        assert slugs["a.txt"][0].startswith("kherson-2024-05-0")
        assert slugs["b.txt"] == slugs["a.txt"] and slugs["c.txt"] == slugs["a.txt"]
        data = eng.incident("kherson").data["incident"]
        assert len(data["articles"]) == 3
    finally:
        eng.close()


def test_an_undated_report_first_is_joined_by_the_dated_one(db_url: str, tmp_path: Path) -> None:
    eng = Engine(db_url)
    try:
        slugs = _slugs(eng.ingest([_write(tmp_path, "b.txt", "Site B", None, UNDATED_SAME_FIGURES),
                                   _write(tmp_path, "a.txt", "Wire A", "2024-05-08", DATED)]))
        assert slugs["b.txt"] == ("kherson-undated",) and slugs["a.txt"][0].startswith("kherson-2024-05-0")
        data = eng.incident("kherson").data  # the undated incident took the date (and its slug) of the dated report
        assert data["incident"]["slug"] == slugs["a.txt"][0] and len(data["incident"]["articles"]) == 2
        assert not data["others"]
    finally:
        eng.close()


WEEK1 = """A suicide bomber killed 9 people at a police checkpoint in Peshawar on Monday, police said."""
WEEK2 = """A car bomb killed 5 people near a market in Peshawar on Tuesday, officials said."""
UNDATED_AMBIGUOUS = """A bomb attack in Peshawar killed several people, local officials said."""


def test_two_events_a_week_apart_stay_apart_and_an_ambiguous_report_joins_neither(db_url: str, tmp_path: Path) -> None:
    eng = Engine(db_url)
    try:
        slugs = _slugs(eng.ingest([_write(tmp_path, "w1.txt", "Wire A", "2024-09-02", WEEK1),
                                   _write(tmp_path, "w2.txt", "Wire B", "2024-09-10", WEEK2),
                                   _write(tmp_path, "u.txt", "Site C", None, UNDATED_AMBIGUOUS)]))
        assert slugs["w1.txt"] != slugs["w2.txt"]
        assert slugs["u.txt"] not in (slugs["w1.txt"], slugs["w2.txt"])
    finally:
        eng.close()


def test_a_wrong_weekday_keeps_an_undated_report_apart(db_url: str, tmp_path: Path) -> None:
    eng = Engine(db_url)
    try:
        other_day = UNDATED_WEEKDAY.replace("on Tuesday", "on Saturday")
        slugs = _slugs(eng.ingest([_write(tmp_path, "a.txt", "Wire A", "2024-05-08", DATED),
                                   _write(tmp_path, "c.txt", "Site C", None, other_day)]))
        assert slugs["c.txt"] != slugs["a.txt"]
    finally:
        eng.close()


BACKGROUND_FIRST = ("The attack recalled the siege of a Moscow theatre in October 2002, in which 130 hostages died. "
                    "On Friday, gunmen opened fire at a concert hall in Krasnogorsk, killing 60 people, officials said.")


def test_an_old_date_does_not_date_the_event(db_url: str, tmp_path: Path) -> None:
    eng = Engine(db_url)
    try:
        slugs = _slugs(eng.ingest([_write(tmp_path, "r.txt", "Wire A", "2024-03-23", BACKGROUND_FIRST)]))
        assert any(s.startswith("krasnogorsk-2024-03-2") for s in slugs["r.txt"]), slugs
    finally:
        eng.close()
