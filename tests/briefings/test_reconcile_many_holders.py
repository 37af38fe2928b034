"""Disputes among many holders: comparing holders by the values they hold decides exactly as comparing every
pair of holders does (briefings/reconcile.py `_disputed`), and hundreds of agreeing sources stay agreed."""
from __future__ import annotations

import random
from dataclasses import replace
from itertools import combinations

from briefings.compat import NUMERIC, actor_spellings, compatible
from briefings.reconcile import ClaimView, _disputed, _vague_blame, reconcile

VALUES = {
    "killed": [None, 0.0, 2.0, 3.0, 12.0],
    "weapon": ["a drone", "drones", "an explosive-laden drone", "rockets", "a car bomb", "three jets"],
    "perpetrator": ["Islamic State", "Islamic State (IS)", "IS", "the forces", "the military", "the Harbor Front",
                    "Harbor Liberation Front (HLF)", "unknown gunmen", "the group"],
}


def _claim(i: int, field: str, value: object, holder: str, outlet: str, stance: str = "asserts") -> ClaimView:
    num = value if isinstance(value, float) else None
    text = None if value is None else (f"{value:g}" if isinstance(value, float) else str(value))
    return ClaimView(i, field, text, num, None, holder, stance, f"{holder} said {text}", None, None, i, outlet, None, None)


def _pairwise(claims: list[ClaimView]) -> bool:
    """The definition: some two holders each say something the other's values do not allow."""
    if claims and claims[0].field == "perpetrator":
        spelled = actor_spellings([c.value for c in claims if c.value])
        claims = [replace(c, value=spelled.get(c.value or "", c.value)) for c in claims]
    held: dict[str, list[ClaimView]] = {}
    for c in claims:
        if (c.field in NUMERIC and c.value_num is None) or (c.field == "perpetrator" and _vague_blame(c.value)):
            continue
        held.setdefault(c.holder_key(), []).append(c)

    def within(a: list[ClaimView], b: list[ClaimView]) -> bool:
        return all(any(compatible(x, y) for y in b) for x in a)

    return any(not (within(a, b) or within(b, a)) for a, b in combinations(held.values(), 2))


def test_grouped_comparison_decides_as_every_pair_of_holders_on_random_pools() -> None:
    rng = random.Random(14)
    decided = set()
    for _ in range(600):
        field = rng.choice(sorted(VALUES))
        pool = [_claim(i, field, rng.choice(VALUES[field][:rng.randint(1, len(VALUES[field]))]), f"source {rng.randrange(8)}",
                       f"Outlet {rng.randrange(3)}", "denies" if rng.random() < 0.05 else "asserts")
                for i in range(rng.randint(1, 14))]
        assert _disputed(pool) == _pairwise(pool), pool
        decided.add(_pairwise(pool))
    assert decided == {True, False}  # both answers were exercised


def test_two_holders_with_the_same_value_that_matches_nothing_still_disagree_as_before() -> None:
    pool = [_claim(1, "perpetrator", "the forces", "police", "Outlet A"),
            _claim(2, "perpetrator", "the forces", "medics", "Outlet B")]
    assert _disputed(pool) == _pairwise(pool)


def test_three_hundred_sources_agreeing_on_a_toll_are_corroborated_not_disputed() -> None:
    claims = [_claim(i, "killed", 5.0, f"source {i}", f"Outlet {i % 40}") for i in range(300)]
    claims += [_claim(1000 + i, "killed", None, f"source {i}", f"Outlet {i % 40}") for i in range(0, 300, 7)]
    rec = reconcile(claims, {c.outlet for c in claims})
    assert not rec.disputes and rec.status == "corroborated"
    claims.append(_claim(5000, "killed", 7.0, "a rival source", "Outlet 3"))
    assert reconcile(claims, {c.outlet for c in claims}).status == "contested"
