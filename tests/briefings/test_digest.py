"""The digest Briefing: new incidents, incidents with new reports and the history of each changed figure,
open disputes, one line when nothing happened, and the subscription filters."""
from __future__ import annotations

import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from briefings.briefing import Briefing
from briefings.digest import DigestFilter
from briefings.engine import Engine
from briefings.extract.numbers import find_quantities
from briefings.render import render_markdown, render_text
from tests.briefings.test_history import FIRST, LATER, write
from tests.briefings.test_seeds_acceptance import _numbers

RAMADI = "Two soldiers were wounded by a roadside bomb near Ramadi on Tuesday, an army officer said."
TIKRIT = "PMF sources said two fighters were killed in a drone strike near Tikrit on Sunday."


def now() -> datetime:
    time.sleep(0.002)  # stored times have microseconds; keep the instants apart
    stamp = datetime.now(timezone.utc)
    time.sleep(0.002)
    return stamp


@pytest.fixture()
def engine(db_url: str) -> Engine:
    eng = Engine(db_url)
    yield eng  # type: ignore[misc]
    eng.close()


def section(b: Briefing, title: str) -> list[tuple[str | None, str]]:
    found = [s for s in b.sections if s.title == title]
    return [(i.label, i.text) for i in found[0].items] if found else []


def test_nothing_new_is_one_line(engine: Engine) -> None:
    b = engine.digest()
    assert (b.summary, b.sections, b.kind) == ("Nothing new.", (), "digest")
    lines = render_text(b).splitlines()  # "Nothing new", and by which clock (issue 18)
    assert lines[:3] == ["Digest", "", "Nothing new."] and len(lines) == 4
    assert lines[3].startswith("By report time: reports received since ") and lines[3].endswith("UTC. Each incident shows its event dates.")


def test_new_then_updated_with_the_history_of_each_changed_figure(engine: Engine, tmp_path: Path) -> None:
    t0 = now()
    engine.ingest([write(tmp_path, "hilla-1", "Northern Gazette", "2025-03-03", FIRST)])
    t1 = now()
    first = engine.digest(since=t0)
    ((slug, text),) = section(first, "New incidents")
    assert slug is not None and slug.startswith("hilla-2025-03-03") and text.endswith(f"· /incident {slug}")
    assert section(first, "Changed figures") == [] and section(first, "Updated incidents") == []

    engine.ingest([write(tmp_path, "hilla-2", "River Post", "2025-03-04", LATER)])
    b = engine.digest(since=t1)
    assert b.summary == "0 new incident(s), 1 with new reports. Details: /incident <name>."
    assert section(b, "New incidents") == []
    ((label, text),) = section(b, "Updated incidents")
    assert label == slug and "1 new report(s) · contested" in text
    assert section(b, "Changed figures") == [
        ("Hilla: killed 1 → 3", "1 per a police spokesman quoted by Northern Gazette (2025-03-03); "
                                "then 3 per hospital sources quoted by River Post (2025-03-04)"),
        ("Hilla: wounded 4 → 9", "4 per a police spokesman quoted by Northern Gazette (2025-03-03); "
                                 "then 9 per hospital sources quoted by River Post (2025-03-04)"),
    ]
    changed = [s for s in b.sections if s.title == "Changed figures"][0]
    assert [c.quote for c in changed.items[0].citations] == [FIRST, LATER]  # each value with its quote
    assert section(b, "Open disputes")[0][1].startswith("Rocket attack at Hilla (Babil, Iraq): sources disagree on killed, wounded")
    assert b.data["updated"][0]["changed"][0]["values"][1]["attributed_to"] == "hospital sources"
    quotes = FIRST + " " + LATER
    quoted = _numbers(quotes) | {q.value for q in find_quantities(quotes) if q.value is not None}
    for out in (render_text(b), render_markdown(b)):
        figures = out.split("Changed figures")[1].split("Open disputes")[0]
        figures = "\n".join(line for line in figures.splitlines() if not line.lstrip().startswith(("—", ">", "“")))
        assert _numbers(figures) <= quoted  # nothing invented

    assert engine.digest(since=t0, until=t1).data["new"][0]["slug"] == slug  # the window ends at `until`
    assert engine.digest(since=now()).summary == "Nothing new."


def test_a_repeated_figure_is_news_but_not_a_change(engine: Engine, tmp_path: Path) -> None:
    engine.ingest([write(tmp_path, "hilla-1", "Northern Gazette", "2025-03-03", FIRST)])
    t1 = now()
    engine.ingest([write(tmp_path, "hilla-3", "River Post", "2025-03-04",
                         "One person was killed in Monday's rocket attack on a market in Hilla, medics told River Post.")])
    b = engine.digest(since=t1)
    assert len(section(b, "Updated incidents")) == 1 and section(b, "Changed figures") == []


@pytest.fixture()
def three(engine: Engine, tmp_path: Path) -> Engine:
    engine.ingest([write(tmp_path, "hilla-1", "Northern Gazette", "2025-03-03", FIRST),
                   write(tmp_path, "hilla-2", "River Post", "2025-03-04", LATER),
                   write(tmp_path, "ramadi-1", "Desert Daily", "2025-03-05", RAMADI, "Roadside bomb near Ramadi"),
                   write(tmp_path, "tikrit-1", "Tigris Times", "2025-03-02", TIKRIT, "Drone strike near Tikrit")])
    return engine


@pytest.mark.parametrize("flt, places", [
    ({}, {"Hilla", "Ramadi", "Tikrit"}),
    ({"place": "hila"}, {"Hilla"}),  # a misspelling still finds the place
    ({"place": "Ramadi"}, {"Ramadi"}),
    ({"country": "iraq"}, {"Hilla", "Ramadi", "Tikrit"}),
    ({"min_status": "contested"}, {"Hilla"}),
    ({"keyword": "roadside"}, {"Ramadi"}),
    ({"actor": "police"}, {"Hilla"}),
    ({"actor": "Popular Mobilization Forces"}, {"Tikrit"}),  # the PMF by another of its names
    ({"actor": "army", "place": "ramadi"}, {"Ramadi"}),
])
def test_filters(three: Engine, flt: dict[str, str], places: set[str]) -> None:
    b = three.digest(since=None, filters=flt)
    assert {row["place"] for row in b.data["new"]} == places, b.data["new"]


def test_a_filter_that_matches_nothing_says_nothing_new_and_names_itself(three: Engine) -> None:
    b = three.digest(since=None, filters=DigestFilter(country="Syria", min_status="contested"))
    assert b.summary == "Nothing new." and b.footer == "Filter: country Syria, contested only"
    assert DigestFilter.of(DigestFilter(place="x").to_json()) == DigestFilter(place="x")
    with pytest.raises(ValueError, match="unknown status"):
        DigestFilter(min_status="viral")


def test_the_existing_digest_signature_still_works(three: Engine) -> None:
    assert three.digest().data["new"]  # default: the last 24 hours
    assert three.digest(timedelta(hours=1)).data["new"]
    assert three.digest(since=timedelta(hours=1), filters=None, until=None).kind == "digest"


def test_a_digest_longer_than_the_cap_says_what_it_left_out(three: Engine, monkeypatch: pytest.MonkeyPatch) -> None:
    import briefings.digest

    monkeypatch.setattr(briefings.digest, "MAX_INCIDENTS", 2)
    b = three.digest(since=None)
    assert len(b.data["new"]) == 2
    assert "Only the 2 most recently updated incidents are listed" in b.summary


# --- issue 6: many subscriptions over one window -------------------------------------------------------------

EMILE = ("Three people were killed by a car bomb near Karbala on Friday, Général Émile Dupont of the Ärzte-Hilfe "
         "mission told the Tigris Times.")
FILTERS = [  # every filter kind, as subscribers set them (misspellings, other names, other letter case)
    None, {}, {"country": "Iraq"}, {"country": "syria"}, {"country": "JORDAN"}, {"country": "Xanadoor"},
    {"place": "Baghdad"}, {"place": "mosul"}, {"place": "hila"}, {"place": "Ramadi"}, {"place": "Balad Air Base"},
    {"place": "Deir ez-Zor"}, {"place": "abu kamal"}, {"place": "Kalsu"}, {"place": "road"},
    {"place": "amad"}, {"place": "ikri"},  # part of a stored place name that the gazetteer does not resolve
    {"actor": "police"}, {"actor": "Popular Mobilization Forces"}, {"actor": "PMF"}, {"actor": "Islamic State"},
    {"actor": "Kataib Hezbollah"}, {"actor": "hospital"}, {"actor": "Nobody Inc"},
    {"keyword": "drone"}, {"keyword": "Rocket"}, {"keyword": "investigation"}, {"keyword": "battlefield"},
    {"keyword": "Iraq)"},  # in titles only
    {"keyword": "émile"}, {"keyword": "ÉMILE"}, {"keyword": "Émile"}, {"keyword": "ärzte"}, {"place": "Kárbala"},
    {"keyword": "dead_"}, {"keyword": "50%"}, {"keyword": "dead\\"},  # LIKE wildcards: the database decides
    {"min_status": "contested"}, {"min_status": "corroborated"}, {"min_status": "single-source"},
    {"country": "iraq", "min_status": "contested"}, {"actor": "army", "place": "ramadi"},
    {"keyword": "killed", "country": "Syria", "min_status": "corroborated"},
]


@pytest.fixture()
def corpus(engine: Engine, tmp_path: Path) -> tuple[Engine, list[datetime]]:
    """120 synthetic reports (briefings.bench.gen) and four of our own, ingested in three parts."""
    from briefings import bench
    from briefings.bench import gen as benchgen

    records = benchgen.generate(120, bench.fallback_places(), seed=7)
    paths = bench.write_jsonl(records, tmp_path / "bench", chunk=40)
    ours = [write(tmp_path, "hilla-1", "Northern Gazette", "2025-03-03", FIRST),
            write(tmp_path, "ramadi-1", "Desert Daily", "2025-03-05", RAMADI, "Roadside bomb near Ramadi"),
            write(tmp_path, "hilla-2", "River Post", "2025-03-04", LATER),
            write(tmp_path, "karbala-1", "Tigris Times", "2025-03-07", EMILE, "Car bomb near Karbala")]
    marks = [now()]
    engine.ingest([paths[0], *ours[:2]])
    marks.append(now())
    engine.ingest([paths[1], ours[2]])
    marks.append(now())
    engine.ingest([paths[2], ours[3]])
    marks.append(now())
    return engine, marks


def test_a_shared_window_gives_every_subscription_exactly_its_own_digest(corpus: tuple[Engine, list[datetime]],
                                                                        monkeypatch: pytest.MonkeyPatch) -> None:
    import briefings.digest

    engine, (_t0, t1, t2, _t3) = corpus
    windows = [(t1, t2), (t2, None), (None, None)]  # bounded, open-ended, everything
    seen = {"new": 0, "updated": 0, "changed": 0, "disputes": 0, "empty": 0, "fallback": 0}
    for since, until in windows:
        window = engine.digest_window(since, until)
        for flt in FILTERS:
            old = engine.digest(since=since, filters=flt, until=until)
            assert window.digest(flt) == old, (since, until, flt)
            seen["new"] += bool(old.data["new"])
            seen["updated"] += bool(old.data["updated"])
            seen["changed"] += any(u["changed"] for u in old.data["updated"])
            seen["disputes"] += bool(old.data["disputes"])
            seen["empty"] += old.summary == "Nothing new."
            seen["fallback"] += bool(flt and any(c in v for v in flt.values() for c in "%_\\"))
    assert all(seen.values()), seen  # the corpus exercised new, updated, changed figures, disputes and silence
    karbala = engine.digest_window(None).digest({"keyword": "Émile"})  # non-ASCII: folded by the database
    assert [row["place"] for row in karbala.data["new"]] == ["Karbala"]
    for field, cap in (("MAX_INCIDENTS", 3), ("MAX_DISPUTES", 2)):  # the caps cut the same incidents
        monkeypatch.setattr(briefings.digest, field, cap)
        window = engine.digest_window(t1)
        for flt in (None, {"country": "Iraq"}, {"min_status": "contested"}, {"keyword": "drone"}):
            assert window.digest(flt) == engine.digest(since=t1, filters=flt), (field, flt)
    assert "Only the 3 most recently updated" in engine.digest_window(t1).digest(None).summary


def test_a_window_also_takes_filters_as_json_and_defaults_to_the_last_day(three: Engine) -> None:
    window = three.digest_window()
    assert window.digest(DigestFilter(place="hila").to_json()) == three.digest(filters={"place": "hila"})
    assert {row["place"] for row in window.digest(None).data["new"]} == {"Hilla", "Ramadi", "Tikrit"}
    assert three.digest_window(since=now()).digest({"country": "Iraq"}).summary == "Nothing new."
