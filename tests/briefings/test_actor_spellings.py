"""One actor in its spellings is no dispute; two actors are (issue 13): acronym and expansion, a shared acronym,
the unnamed and the named army; epithets, denials of intent and complementary means are no disagreement."""
from __future__ import annotations

import pytest

from briefings.compat import actor_compatible, actor_spellings, means_compatible
from briefings.reconcile import ClaimView, reconcile

_n = 0


def claim(field: str, value: str, holder: str, outlet: str, stance: str = "asserts") -> ClaimView:
    global _n
    _n += 1
    return ClaimView(_n, field, value, None, None, holder, stance, f"quote {_n}", None, None, _n, outlet, None, None)


def disputed(*pairs: tuple[str, str], field: str = "perpetrator") -> bool:
    claims = [claim(field, v, f"holder {i}", f"Outlet {i}") for i, (v, _) in enumerate(pairs)]
    return field in {d.field for d in reconcile(claims, {c.outlet for c in claims}).disputes}


@pytest.mark.parametrize("a,b", [
    ("Northern Shield Forces (NSF)", "NSF"),
    ("NSF fighters", "Northern Shield Forces"),
    ("Kandar Liberation Army (KLA)", "Kandari Liberation Army (KLA)"),  # two spellings, one acronym
    ("The Valley Front", "TVF"),
    ("Jamaat-e-Noor Pakistan", "JNP"),
    ("the country's paramilitary Northern Shield Forces", "NSF"),
    ("military", "the Ruritanian Army"),
    ("US forces", "United States"),
])
def test_one_actor_in_two_spellings(a: str, b: str) -> None:
    assert actor_compatible(a, b) and actor_compatible(b, a)
    assert not disputed((a, ""), (b, ""))


@pytest.mark.parametrize("a,b", [
    ("NSF", "Ruritanian Armed Forces (RAF)"),
    ("Northern Shield Forces", "the Ruritanian Army"),
    ("police", "the Ruritanian Army"),
    ("Kandar Liberation Army (KLA)", "Valley Front (VF)"),
])
def test_two_actors_still_disagree(a: str, b: str) -> None:
    assert not actor_compatible(a, b)
    assert disputed((a, ""), (b, ""))


def test_an_acronym_given_once_in_the_incident_names_the_actor_everywhere() -> None:
    spelled = actor_spellings(["Islamic Front of the Levant (IFL-S)", "Dawn Brigade (DB)", "DB", "Dawn Brigade"])
    assert spelled == {"DB": "Dawn Brigade (DB)", "Dawn Brigade": "Dawn Brigade (DB)"}


def test_an_epithet_names_nobody() -> None:
    assert not disputed(("Ruritania", ""), ("the occupiers", ""))


def test_a_denial_of_intent_is_not_a_denial_that_it_happened() -> None:
    claims = [claim("killed", "12", "governor", "Outlet A"), claim("weapon", "missile", "governor", "Outlet A"),
              claim("denial", "deliberately targeting civilians", "Ruritania", "Outlet B", "denies")]
    rec = reconcile(claims, {"Outlet A", "Outlet B"})
    assert "occurred" not in {d.field for d in rec.disputes}
    event = claims[:2] + [claim("denial", "the reported attack", "Ruritania", "Outlet B", "denies")]
    assert "occurred" in {d.field for d in reconcile(event, {"Outlet A", "Outlet B"}).disputes}


@pytest.mark.parametrize("a,b,same", [
    ("assault rifles", "grenade", True),  # gunmen who also threw grenades
    ("Kalashnikov automatic weapons", "incendiary bomb", True),
    ("incendiary devices", "grenade", True),  # a device is a general word
    ("missile", "rockets", True),
    ("drones", "three F-35 jets", False),
    ("airstrike", "rocket", False),
])
def test_means_that_contradict_and_means_that_do_not(a: str, b: str, same: bool) -> None:
    assert means_compatible(a, b) is same and means_compatible(b, a) is same
    assert disputed((a, ""), (b, ""), field="weapon") is not same
