"""What an alert says changed, which watches an incident reaches, and which filters let it through — in memory."""
from __future__ import annotations

from dataclasses import replace
from datetime import datetime, timezone

from briefings.alerts import EMPTY, Facts, WatchFilter, changes
from briefings.alerts_index import WatchIndex, WatchSpec
from tests.briefings.test_history import claim

AT = datetime(2026, 1, 1, tzinfo=timezone.utc)


def facts(*claims, outlets=("Wire",)) -> Facts:  # type: ignore[no-untyped-def]
    return Facts.of(claims, set(outlets), len(outlets))


def test_a_new_incident_says_its_figures_with_who_gives_them() -> None:
    after = facts(claim(4, "the provincial police", 1, "2026-03-01", outlet="Wire"))
    (c,) = changes(EMPTY, after)
    assert c.kind == "new" and c.key == "new"
    assert "killed 4 per the provincial police quoted by Wire" in c.detail


def test_a_moved_figure_is_one_change_keyed_by_its_new_value() -> None:
    first = claim(12, "the provincial police", 1, "2026-03-01", outlet="Wire")
    later = claim(27, "the health ministry", 2, "2026-03-02", outlet="Daily")
    before, after = facts(first), facts(first, later, outlets=("Wire", "Daily"))
    found = {c.kind: c for c in changes(before, after, {2: datetime(2026, 3, 2, 14, 5, tzinfo=timezone.utc)})}
    assert found["figure"].key == "killed:27"
    assert found["figure"].detail == "Killed: 12 → 27, per the health ministry quoted by Daily, 2026-03-02 14:05 UTC"
    assert found["dispute"].detail == "Disputed — Killed: 12 per the provincial police; 27 per the health ministry"
    assert found["corroborated"].detail == "Corroborated: now reported by Daily, Wire"
    assert changes(after, after) == []  # the same facts again: nothing to say


def test_a_repeated_figure_from_a_second_outlet_only_corroborates() -> None:
    first = claim(3, "police", 1, "2026-03-01", outlet="Wire")
    again = claim(3, "medics", 2, "2026-03-01", outlet="Daily")
    assert [c.kind for c in changes(facts(first), facts(first, again, outlets=("Wire", "Daily")))] == ["corroborated"]


def test_filters_threshold_contested_keyword_and_actor() -> None:
    blamed = claim(None, "police", 1, "2026-03-01", field="perpetrator")
    blamed = replace(blamed, value="the Rapid Support Forces")
    f = facts(claim(6, "police", 1, "2026-03-01"), blamed)
    assert WatchFilter(min_killed=5).accepts(f, "Shelling", "") and not WatchFilter(min_killed=7).accepts(f, "", "")
    assert not WatchFilter(contested=True).accepts(f, "", "")
    assert WatchFilter(keyword="shelling").accepts(f, "Shelling of a market", "")
    assert not WatchFilter(keyword="drone").accepts(f, "Shelling of a market", "attack")
    assert WatchFilter(actor="RSF", actor_names=("RSF", "Rapid Support Forces")).accepts(f, "", "")
    assert not WatchFilter(actor="Wagner").accepts(f, "", "")


def spec(i: int, place: str | None = None, lat: float | None = None, lon: float | None = None,
         km: float | None = None) -> WatchSpec:
    return WatchSpec(i, "slack", "T", f"C{i}", None, "x", place, lat, lon, km, WatchFilter(),
                     frozenset({"new"}), AT)


def test_the_index_finds_area_and_radius_watches_without_looking_at_the_others() -> None:
    others = [spec(100 + i, place=f"g:{i}") for i in range(1000)]
    oblast, near, far = spec(1, "a:UA.07"), spec(2, None, 49.98, 36.25, 50), spec(3, None, 46.48, 30.72, 50)
    idx = WatchIndex([*others, oblast, near, far])
    # a village learned inside the oblast, about 40 km from Kharkiv
    got = idx.candidates(["l:UA:verbolozivka", "a:UA.07", "c:UA"], 49.83, 36.69)
    assert {w.id for w in got} == {1, 2}
    assert idx.candidates(["g:999999"], None, None) == []
    assert {w.id for w in idx.candidates([], 46.47, 30.73)} == {3}  # Odesa's watch; no place id needed


def test_radius_watches_work_across_the_antimeridian() -> None:
    idx = WatchIndex([spec(1, None, -17.8, 179.9, 100)])
    assert [w.id for w in idx.candidates([], -17.8, -179.6)] == [1]
