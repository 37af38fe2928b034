"""Why each report is in its incident (`incident --why`, JSON `why`), undated reports that match two incidents
equally (kept apart, "possibly also"), and analysts' merges and splits that later ingests keep (issue 12).
Invented reports only."""
from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from briefings import Engine
from briefings.db.models import IncidentDecision
from briefings.errors import BriefingError
from briefings.why import why_only


def _write(tmp: Path, name: str, outlet: str, day: str | None, body: str, url: str | None = None) -> Path:
    p = tmp / name
    head = f"outlet: {outlet}\n" + (f"published: {day}\n" if day else "") + (f"url: {url}\n" if url else "")
    p.write_text(f"{head}---\n{body}\n", encoding="utf-8")
    return p


def _slugs(report) -> dict[str, tuple[str, ...]]:  # type: ignore[no-untyped-def]
    return {Path(o.source).name: o.incidents for o in report.outcomes}


def _why(eng: Engine, slug: str) -> dict[str, str]:
    return {a["outlet"]: a["why"] for a in eng.incident(slug).data["incident"]["articles"]}


@pytest.fixture()
def eng(db_url: str):  # type: ignore[no-untyped-def]
    engine = Engine(db_url)
    yield engine
    engine.close()


FIRST = "Shelling hit a bus station in Mykolaiv on Sunday, killing 7 people and wounding 12, the mayor said."
SECOND = "Seven people died and 12 were hurt when shells struck the Mykolaiv bus station, regional officials said."
UNDATED = "The shelling of the Mykolaiv bus station killed 7 people, the city's mayor told reporters."


def test_each_report_says_why_it_is_in_the_incident(eng: Engine, tmp_path: Path) -> None:
    slugs = _slugs(eng.ingest([_write(tmp_path, "a.txt", "Wire A", "2024-06-10", FIRST),
                               _write(tmp_path, "b.txt", "Paper B", "2024-06-10", SECOND),
                               _write(tmp_path, "c.txt", "Site C", None, UNDATED)]))
    assert slugs["a.txt"] == slugs["b.txt"] == slugs["c.txt"]
    why = _why(eng, slugs["a.txt"][0])
    assert why["Wire A"].startswith("new incident")
    assert why["Paper B"].startswith("same main place: Myko") and "2024-06-" in why["Paper B"]  # place, dates
    assert why["Site C"].startswith("undated: matched on") and "killed 7" in why["Site C"]
    b = eng.incident("mykolaiv")
    (section,) = why_only(b).sections  # what --why prints under the table: one line per report
    reports = b.data["incident"]["articles"]
    assert [(i.label, i.text) for i in section.items] == [(a["outlet"], a["why"]) for a in reports]


WEEK1 = "A car bomb killed 4 people outside a police station in Kirkuk on Monday, police said."
WEEK2 = "A roadside bomb killed 4 soldiers on a highway in Kirkuk on Tuesday, the army said."
BOTH = "A bomb blast in Kirkuk killed 4 people, security sources said."


def test_two_incidents_a_week_apart_stay_apart_and_a_report_matching_both_says_possibly_also(
        eng: Engine, tmp_path: Path) -> None:
    slugs = _slugs(eng.ingest([_write(tmp_path, "w1.txt", "Wire A", "2024-03-04", WEEK1),
                               _write(tmp_path, "w2.txt", "Wire B", "2024-03-12", WEEK2),
                               _write(tmp_path, "u.txt", "Site C", None, BOTH)]))
    w1, w2, u = slugs["w1.txt"][0], slugs["w2.txt"][0], slugs["u.txt"][0]
    assert len({w1, w2, u}) == 3  # a week apart: two incidents; the undated report joins neither
    data = eng.incident(u).data["incident"]
    assert sorted(data["articles"][0]["possibly_also"]) == sorted([w1, w2])
    assert data["articles"][0]["why"].startswith("kept apart: matches")
    notes = eng.incident(u).notes
    assert any(n.startswith(f"Possibly also: {w1}") for n in notes) and any(w2 in n for n in notes)
    assert any(n.startswith(f"Possibly also: {u}") for n in eng.incident(w1).notes)  # and the other way round


def test_a_merge_is_recorded_and_later_reports_keep_it(eng: Engine, tmp_path: Path) -> None:
    slugs = _slugs(eng.ingest([_write(tmp_path, "w1.txt", "Wire A", "2024-03-04", WEEK1, "https://a.example/1"),
                               _write(tmp_path, "w2.txt", "Wire B", "2024-03-12", WEEK2, "https://b.example/2")]))
    keep, gone = slugs["w1.txt"][0], slugs["w2.txt"][0]
    out = eng.merge(keep, gone, "cli:analyst")
    assert out.slug == keep and "cli:analyst" in out.text
    why = _why(eng, keep)
    assert why["Wire B"].startswith(f"manual merge of {gone} into {keep} by cli:analyst at ")
    redirected = eng.incident(gone)  # the old name finds the merged incident, and says so
    assert redirected.data["incident"]["slug"] == keep
    assert any(n.startswith(f"{gone} was merged into {keep} by cli:analyst at ") for n in redirected.notes)
    with eng.sessions() as s:
        decisions = s.scalars(select(IncidentDecision).order_by(IncidentDecision.id)).all()
        assert [(d.kind, d.actor, d.other_slug, d.article_url) for d in decisions] == [
            ("merge", "cli:analyst", gone, None), ("merge", "cli:analyst", gone, "https://b.example/2")]  # + its report
    # a revision of a merged report and a new report of the merged-away event both land in the merged incident
    later = _slugs(eng.ingest([
        _write(tmp_path, "w2b.txt", "Wire B", "2024-03-12", WEEK2 + " The toll rose to 5.", "https://b.example/2"),
        _write(tmp_path, "w2c.txt", "Paper D", "2024-03-12", WEEK2.replace("the army said", "a medic said"))]))
    assert later["w2b.txt"] == (keep,) and later["w2c.txt"] == (keep,)
    with pytest.raises(BriefingError, match="merged into"):
        eng.merge(keep, gone, "cli:analyst")


def test_a_split_moves_the_report_out_and_its_later_revision_stays_out(eng: Engine, tmp_path: Path) -> None:
    slugs = _slugs(eng.ingest([_write(tmp_path, "a.txt", "Wire A", "2024-06-10", FIRST, "https://a.example/x"),
                               _write(tmp_path, "b.txt", "Paper B", "2024-06-10", SECOND, "https://b.example/y")]))
    whole = slugs["a.txt"][0]
    assert slugs["b.txt"] == (whole,)
    out = eng.split(whole, "https://b.example/y", "slack:U1")
    assert out.slug != whole
    assert list(_why(eng, whole)) == ["Wire A"]
    assert _why(eng, out.slug)["Paper B"].startswith(f"manual split from {whole} by slack:U1 at ")
    revised = _slugs(eng.ingest([_write(tmp_path, "b2.txt", "Paper B", "2024-06-10", SECOND + " Two remain in "
                                        "hospital.", "https://b.example/y")]))
    assert revised["b2.txt"] == (out.slug,)  # the analyst's split wins over the scores
    with pytest.raises(BriefingError, match="no report with the url"):
        eng.split(whole, "https://nowhere.example/z", "slack:U1")
    with pytest.raises(BriefingError, match="only report"):
        eng.split(whole, "https://a.example/x", "slack:U1")


def test_a_wrong_merge_undone_by_a_split_gives_each_event_its_own_dates_again(eng: Engine, tmp_path: Path) -> None:
    slugs = _slugs(eng.ingest([_write(tmp_path, "w1.txt", "Wire A", "2024-03-04", WEEK1, "https://a.example/1"),
                               _write(tmp_path, "w2.txt", "Wire B", "2024-03-12", WEEK2, "https://b.example/2")]))
    first = slugs["w1.txt"][0]
    eng.merge(first, slugs["w2.txt"][0], "cli:analyst")  # a mistake: two events a week apart
    assert eng.incident(first).data["incident"]["end"] == "2024-03-12"
    second = eng.split(first, "https://b.example/2", "cli:analyst").slug
    data = eng.incident(first).data["incident"]
    assert (data["start"], data["end"]) == ("2024-03-04", "2024-03-04")  # its own report's dates again
    later = _slugs(eng.ingest([_write(tmp_path, "w3.txt", "Radio C", "2024-03-12",
                                      "Soldiers killed by a roadside bomb on a Kirkuk highway on Tuesday were buried "
                                      "today, the army said.")]))
    assert later["w3.txt"] == (second,)  # a later report of the second event finds it, not the first
