"""Reading a question: the fields asked, dates, places anywhere (typos forgiven), areas and radii; and
the conversation memory that follow-ups use. No database: the packaged gazetteer only."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.dm.memory import Conversations
from bot.dm.question import read_question
from briefings.knowledge.places import Gazetteer

NOW = datetime(2026, 12, 3, tzinfo=timezone.utc)


@pytest.fixture(scope="module")
def gaz() -> Gazetteer:
    return Gazetteer.default()


@pytest.mark.parametrize("text, fields", [
    ("how many were hurt at kalsu?", ("wounded",)),
    ("toll kalsu", ("killed",)),
    ("who carried out the kalsu attack?", ("perpetrator",)),
    ("who killed the commander in baghdad?", ("perpetrator",)),
    ("who was killed in baghdad?", ("killed",)),
    ("what hit the base?", ("weapon",)),
    ("what was hit at the base?", ("target",)),
    ("was it a drone or a missile?", ("weapon",)),
    ("did anyone deny it?", ("denial",)),
    ("how far from baghdad was it?", ("distance_km",)),
    ("how many killed and wounded at kalsu", ("killed", "wounded")),
    ("combien de morts à kalsu ?", ("killed",)),
    ("combien de blessés ?", ("wounded",)),
    ("¿cuántos muertos hubo en kalsu?", ("killed",)),
    ("¿quién atacó la base?", ("perpetrator",)),
    ("quantos feridos?", ("wounded",)),
    ("quanti morti?", ("killed",)),
    ("wie viele Verletzte?", ("wounded",)),
    ("كم عدد القتلى", ("killed",)),
    ("what do sources disagree on?", ("disputed",)),
    ("when did it happen?", ("when",)),
    ("what happened at kalsu?", ()),
])
def test_the_field_asked(gaz: Gazetteer, text: str, fields: tuple[str, ...]) -> None:
    assert read_question(text, gaz, NOW).fields == fields


@pytest.mark.parametrize("text, place", [
    ("what hit the base at kalzu?", "iq-kalsu-base"),  # a typo inside a question
    ("¿cuántos muertos hubo en kalsu?", "iq-kalsu-base"),
    ("news from jurf al sakhar please", "iq-jurf-al-sakhar"),
    ("what's happening in anbar?", "iq-anbar-gov"),
    ("el 4 de enero en bagdad", "iq-baghdad"),
])
def test_a_place_anywhere_in_the_question(gaz: Gazetteer, text: str, place: str) -> None:
    q = read_question(text, gaz, NOW)
    assert place in {p.id for c in q.places for p in c.places}


def test_question_words_are_not_places(gaz: Gazetteer) -> None:
    assert read_question("what hit the base and who was behind it?", gaz, NOW).places == ()


def test_near_is_a_radius_and_from_in_a_distance_question_is_a_reference(gaz: Gazetteer) -> None:
    near = read_question("attacks within 30 km of erbil", gaz, NOW).places[0]
    assert near.near_km == 30 and not near.reference
    assert read_question("attacks near erbil", gaz, NOW).places[0].near_km == 50
    assert read_question("how far from baghdad was it?", gaz, NOW).places[0].reference


@pytest.mark.parametrize("text, first, last", [
    ("strikes in December 2019", date(2019, 12, 1), date(2019, 12, 31)),
    ("what happened on 2024-01-04", date(2024, 1, 4), date(2024, 1, 4)),
    ("incidents last week", date(2026, 11, 23), date(2026, 11, 29)),
    ("attaques en janvier 2024", date(2024, 1, 1), date(2024, 1, 31)),
])
def test_dates_and_spans(gaz: Gazetteer, text: str, first: date, last: date) -> None:
    cue = read_question(text, gaz, NOW).dates[0]
    assert (cue.first, cue.last) == (first, last)


def test_a_day_without_a_year_matches_that_day_in_any_year(gaz: Gazetteer) -> None:
    cue = read_question("what happened on 4 January?", gaz, NOW).dates[0]
    assert cue.matches(date(2024, 1, 4), date(2024, 1, 4)) and cue.matches(date(2019, 1, 3), date(2019, 1, 5))
    assert not cue.matches(date(2024, 2, 4), date(2024, 2, 4))


def test_may_the_verb_is_not_a_month(gaz: Gazetteer) -> None:
    assert read_question("what may have hit kalsu?", gaz, NOW).dates == ()


def test_conversations_forget_after_a_while_and_keep_users_apart() -> None:
    clock = [0.0]
    memory = Conversations(ttl=60, clock=lambda: clock[0])
    memory.remember(("slack", "U1", "D1"), "kalsu-2024-04-19", ("killed",))
    assert memory.recall(("slack", "U2", "D1")) is None
    assert memory.recall(("slack", "U1", "D1")).slug == "kalsu-2024-04-19"  # type: ignore[union-attr]
    clock[0] = 61
    assert memory.recall(("slack", "U1", "D1")) is None
