"""The error classes of issue 12, one invented report set each: every report should reach its incident.

Each set is ingested in both orders where order matters (the first report starts the incident). A class the engine
does not handle yet would be marked xfail(strict=True) with its reason. Invented reports only."""
from __future__ import annotations

from pathlib import Path

import pytest

from briefings import Engine


def _write(tmp: Path, name: str, outlet: str, day: str | None, body: str, title: str | None = None) -> Path:
    p = tmp / name
    head = f"outlet: {outlet}\n" + (f"published: {day}\n" if day else "") + (f"title: {title}\n" if title else "")
    p.write_text(f"{head}---\n{body}\n", encoding="utf-8")
    return p


def _ingest(eng: Engine, *paths: Path) -> dict[str, tuple[str, ...]]:
    return {Path(o.source).name: o.incidents for o in eng.ingest(list(paths)).outcomes}


@pytest.fixture()
def eng(db_url: str):  # type: ignore[no-untyped-def]
    engine = Engine(db_url)
    yield engine
    engine.close()


def test_class1_undated_reports_join_by_a_date_in_the_text_and_a_weekday(eng: Engine, tmp_path: Path) -> None:
    s = _ingest(eng,
                _write(tmp_path, "a.txt", "Wire A", "2024-10-15",
                       "Gunmen attacked a village market in Maiduguri on Monday, killing 11 traders, police said."),
                _write(tmp_path, "b.txt", "Blog B", None,
                       "On 14 October gunmen stormed a market in Maiduguri and shot dead 11 traders, residents said."),
                _write(tmp_path, "c.txt", "Radio C", None,
                       "Survivors of Monday's attack on a market in Maiduguri buried the 11 traders who were killed."))
    assert s["b.txt"] == s["a.txt"] and s["c.txt"] == s["a.txt"]


@pytest.mark.parametrize("dateline_first", [True, False])
def test_class2_the_dateline_city_is_not_the_event_place(eng: Engine, tmp_path: Path, dateline_first: bool) -> None:
    plain = _write(tmp_path, "a.txt", "Wire A", "2024-02-06",
                   "A drone struck a fuel depot in Sumy on Monday night, killing 2 workers, the governor said.")
    dated = _write(tmp_path, "b.txt", "Wire B", "2024-02-06",
                   "KYIV, Feb 6 (Wire B) - Two workers were killed when a drone hit a fuel depot in the northern "
                   "city of Sumy overnight, regional officials said on Tuesday.")
    s = _ingest(eng, *((dated, plain) if dateline_first else (plain, dated)))
    assert s["b.txt"] == s["a.txt"] and s["a.txt"][0].startswith("sumy-")


@pytest.mark.parametrize("city_first", [True, False])
def test_class3_a_country_level_report_joins_the_city_level_reports_of_its_operation(
        eng: Engine, tmp_path: Path, city_first: bool) -> None:
    city = _write(tmp_path, "a.txt", "Wire A", "2024-07-21",
                  "Air strikes hit a weapons depot in Deir ez-Zor on Saturday, killing 6 fighters, a monitor said.")
    country = _write(tmp_path, "b.txt", "Wire B", "2024-07-21",
                     "Warplanes struck 12 targets at four locations in eastern Syria on Saturday, killing 6 fighters, "
                     "officials said.")
    other = _write(tmp_path, "c.txt", "Wire C", "2024-07-21",
                   "A car bomb killed 3 people at a market in Raqqa on Saturday, police said.")
    s = _ingest(eng, *((city, country, other) if city_first else (country, city, other)))
    assert s["b.txt"] == s["a.txt"]
    assert s["c.txt"] != s["a.txt"]  # another event in the country that day, nothing shared: apart


def test_class4_spelling_variants_of_the_main_place_are_one_place(eng: Engine, tmp_path: Path) -> None:
    s = _ingest(eng,
                _write(tmp_path, "a.txt", "Wire A", "2024-01-21",
                       "Rockets hit the Al-Tanf air base on Sunday, wounding 3 soldiers, the military said."),
                _write(tmp_path, "b.txt", "Wire B", "2024-01-21",
                       "Three soldiers were wounded when rockets struck Tanf airbase on Sunday, officials said."),
                _write(tmp_path, "c.txt", "Wire C", "2024-01-22",
                       "Rockets fired at the al-Tanf airbase on Sunday wounded three soldiers, a spokesman said."))
    assert s["b.txt"] == s["a.txt"] and s["c.txt"] == s["a.txt"]


def test_class5_a_recalled_earlier_attack_does_not_take_the_report(eng: Engine, tmp_path: Path) -> None:
    s = _ingest(eng,
                _write(tmp_path, "a.txt", "Wire A", "2024-05-20",
                       "A bomb blast at a bus terminal in Quetta killed 9 people on Monday, police said."),
                _write(tmp_path, "b.txt", "Wire B", "2024-05-20",
                       "A bomb blast at a bus terminal in Quetta killed 9 people on Monday, officials said. The attack "
                       "came a week after a bomb blast in Mastung killed eight people at a rally."))
    assert s["b.txt"][0] == s["a.txt"][0]  # its main event first; the recalled attack is background at most
    assert eng.incident(s["a.txt"][0]).data["incident"]["slug"].startswith("quetta-")


def test_class6_a_report_in_another_language_joins_by_place_and_date(eng: Engine, tmp_path: Path) -> None:
    s = _ingest(eng,
                _write(tmp_path, "a.txt", "Wire A", "2024-08-12",
                       "An explosion at a fireworks warehouse in Valparaiso killed 4 workers on Sunday, firefighters "
                       "said."),
                _write(tmp_path, "b.txt", "Diario B", "2024-08-12",
                       "Una explosión en una bodega de fuegos artificiales en Valparaíso dejó cuatro trabajadores "
                       "muertos el domingo, según los bomberos."))
    assert s["b.txt"] == s["a.txt"]
