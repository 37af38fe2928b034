"""Resolution follows what a report is about: a city named in passing does not pull that city's other events of the
week into the incident (which then grew from report to report), while two places of one event still join."""
from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select

from briefings import Engine
from briefings.db.models import Incident


def _write(tmp: Path, name: str, outlet: str, day: str, body: str) -> Path:
    p = tmp / name
    p.write_text(f"outlet: {outlet}\npublished: {day}\n---\n{body}\n", encoding="utf-8")
    return p


KUT = """Rockets struck an army base outside Kut on Monday, killing two soldiers, a police officer in Wasit said.
Residents said tribal leaders warned of more attacks near Basra after the strike."""
BASRA = """A roadside bomb hit a police patrol in Basra on Wednesday, killing three officers, the interior ministry said.
No group claimed the bombing."""
BASRA_AGAIN = """Three police officers were killed when a bomb exploded next to their patrol car in Basra on Wednesday,
a security source told reporters."""
KUT_AGAIN = """Two soldiers died in Monday's rocket attack on a base near Kut, the army said in a statement."""


def test_a_city_named_in_passing_keeps_its_own_events(db_url: str, tmp_path: Path) -> None:
    eng = Engine(db_url)
    try:
        report = eng.ingest([_write(tmp_path, "kut.txt", "Wire A", "2025-03-03", KUT),
                             _write(tmp_path, "basra.txt", "Wire B", "2025-03-05", BASRA),
                             _write(tmp_path, "basra2.txt", "Daily C", "2025-03-05", BASRA_AGAIN),
                             _write(tmp_path, "kut2.txt", "Daily D", "2025-03-04", KUT_AGAIN)])
        slugs = {Path(o.source).name: o.incidents for o in report.outcomes}
        assert slugs["basra.txt"] == slugs["basra2.txt"] and slugs["basra.txt"][0].startswith("basra-")
        assert slugs["kut.txt"][0].startswith("kut-") and slugs["kut2.txt"][0] == slugs["kut.txt"][0]
        assert slugs["kut.txt"][0] not in slugs["basra.txt"]
        assert eng.incident("basra").data["incident"]["slug"] == slugs["basra.txt"][0]
    finally:
        eng.close()


TWO_BASES = """Drones attacked Ain al-Asad and Harir on Friday, wounding four soldiers, a US official said."""
TWO_BASES_AGAIN = """The attacks on Harir and Ain al-Asad on Friday wounded four troops, the Pentagon said."""


def test_one_event_at_two_places_stays_one_incident(db_url: str, tmp_path: Path) -> None:
    eng = Engine(db_url)
    try:
        report = eng.ingest([_write(tmp_path, "a.txt", "Wire A", "2025-06-06", TWO_BASES),
                             _write(tmp_path, "b.txt", "Daily B", "2025-06-07", TWO_BASES_AGAIN)])
        a, b = (o.incidents for o in report.outcomes)
        assert a == b and len(a) == 1
        with eng.sessions() as s:
            assert s.scalar(select(func.count()).select_from(Incident)) == 1
    finally:
        eng.close()
