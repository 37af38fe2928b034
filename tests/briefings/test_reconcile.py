"""Reconciliation rules: what counts as a disagreement, ranges, status."""
from __future__ import annotations

from briefings.reconcile import ClaimView, reconcile

_n = 0


def claim(field: str, value: object, holder: str, outlet: str = "Outlet A", stance: str = "asserts",
          qualifier: str | None = None, victims: str | None = None) -> ClaimView:
    global _n
    _n += 1
    num = float(value) if isinstance(value, (int, float)) else None
    return ClaimView(_n, field, str(value), num, qualifier, holder, stance, f"quote {_n}", victims, None, _n, outlet, None, None)


def test_two_holders_with_different_tolls_disagree_and_range_is_reported() -> None:
    rec = reconcile([claim("killed", 1, "hospital sources"), claim("killed", 2, "security sources", "B", qualifier="at least"),
                     claim("killed", 0, "militia sources")], {"Outlet A", "B"})
    killed = next(f for f in rec.fields if f.field == "killed")
    assert killed.disputed and (killed.low, killed.high) == (0, 2) and killed.conservative == 0
    assert rec.status == "contested"


def test_same_value_from_two_outlets_is_corroborated() -> None:
    rec = reconcile([claim("killed", 3, "police"), claim("killed", 3, "medics", "B")], {"Outlet A", "B"})
    assert not rec.disputes and rec.status == "corroborated"


def test_one_outlet_is_single_source() -> None:
    assert reconcile([claim("killed", 3, "police")], {"Outlet A"}).status == "single-source"


def test_a_holder_adding_a_later_figure_is_not_a_dispute() -> None:
    rec = reconcile([claim("killed", 2, "police"), claim("killed", 3, "police"), claim("killed", 3, "medics")], {"Outlet A"})
    assert not rec.disputes


def test_different_victim_groups_are_not_compared() -> None:
    rec = reconcile([claim("killed", 1, "outlet", victims="US civilian contractor"),
                     claim("killed", 2, "federal police source", victims="Iraqi policemen", qualifier="at least")], {"A"})
    assert not rec.disputes


def test_weapons_disagree_but_a_subset_does_not() -> None:
    rec = reconcile([claim("weapon", "drones", "Iraqi media"), claim("weapon", "three F-35 jets", "Al-Hadath")], {"A"})
    assert [d.field for d in rec.disputes] == ["weapon"]
    rec = reconcile([claim("weapon", "rockets", "Baghdad Today"), claim("weapon", "rockets", "outlet"),
                     claim("weapon", "drones", "outlet")], {"A"})
    assert not rec.disputes


def test_denied_means_disputes_an_asserted_one() -> None:
    rec = reconcile([claim("weapon", "drones", "Iraqi media"), claim("weapon", "drones or fighter jets", "the military", stance="denies")], {"A"})
    assert [d.field for d in rec.disputes] == ["weapon"]


def test_unknown_perpetrator_is_not_a_dispute() -> None:
    rec = reconcile([claim("perpetrator", "unknown", "security sources"), claim("perpetrator", "Israel", "Al-Hadath")], {"A"})
    assert not rec.disputes


def test_blame_against_denial_is_a_dispute() -> None:
    rec = reconcile([claim("perpetrator", "Kataib Hezbollah", "US"), claim("denial", "Kataib Hezbollah", "Kataib Hezbollah", stance="denies")], {"A"})
    assert any(d.field == "perpetrator" for d in rec.disputes)


def test_event_denied_against_reported_is_occurred_dispute() -> None:
    rec = reconcile([claim("weapon", "rockets", "Baghdad Today"), claim("denial", "the reported attack", "US and Iraqi governments", stance="denies")], {"A"})
    assert any(d.field == "occurred" for d in rec.disputes)


def test_asserted_cooperation_against_its_denial() -> None:
    rec = reconcile([claim("note", "cooperation with the Iraqi side", "US DoD spokesperson"),
                     claim("denial", "cooperation", "Iraqi security officials", stance="denies")], {"A"})
    assert any(d.field == "note" for d in rec.disputes)


def test_distance_disagreement() -> None:
    rec = reconcile([claim("distance_km", 50, "military statement"), claim("distance_km", 80, "security sources", "B", qualifier="about")], {"A", "B"})
    assert [d.field for d in rec.disputes] == ["distance_km"]
