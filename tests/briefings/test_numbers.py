"""Numbers as reports write them, with qualifiers; dates, times and model names are not quantities."""
from __future__ import annotations

import pytest

from briefings.extract.numbers import find_quantities, parse_number
from briefings.extract.phrases import clean_np, left_np, right_np


@pytest.mark.parametrize("phrase,value", [
    ("One", 1), ("six", 6), ("Twenty-five", 25), ("twenty five", 25), ("one hundred and twelve", 112),
    ("2,500", 2500), ("51", 51), ("a dozen", 12), ("two dozen", 24), ("dozens", 12), ("scores", 20),
    ("hundreds", 100), ("thousands", 1000), ("three thousand five hundred", 3500), ("a hundred", 100),
    ("1.5 million", 1_500_000), ("Fifty-One", 51), ("zero", 0), ("tens of thousands", 10_000),
])
def test_parse_number(phrase: str, value: int) -> None:
    assert parse_number(phrase) == value


@pytest.mark.parametrize("phrase", ["a", "an", "several", "seventh", "", "F-35", "2.5", "hundredth", "many"])
def test_parse_number_rejects(phrase: str) -> None:
    assert parse_number(phrase) is None


def test_article_counts_only_when_asked() -> None:
    assert parse_number("a", allow_article=True) == 1
    assert parse_number("An", allow_article=True) == 1


@pytest.mark.parametrize("text,value,qualifier", [
    ("At least two people died", 2, "at least"),
    ("more than 100,000 fighters", 100_000, "more than"),
    ("about 80 kilometres", 80, "about"),
    ("around 50 km", 50, "around"),
    ("nearly thirty wounded", 30, "nearly"),
    ("up to 12 missiles", 12, "up to"),
    ("over 5 drones", 5, "over"),
    ("some 20 kilometres", 20, "some"),
    ("as many as forty", 40, "as many as"),
    ("several soldiers", None, "several"),
    ("dozens were hurt", 12, "dozens"),
    ("Twenty-five people", 25, None),
])
def test_find_quantities_qualifier(text: str, value: int | None, qualifier: str | None) -> None:
    q = find_quantities(text, offset=10)[0]
    assert (q.value, q.qualifier) == (value, qualifier)
    assert q.char_start == 10 + text.index(q.text)


@pytest.mark.parametrize("text", [
    "The strikes occurred at 12:15am on Wednesday.",
    "It happened at 7 pm on Sunday evening.",
    "On January 4, the US struck.",
    "The strike on 4 January was the first.",
    "He was killed in 2020.",
    "Published 29-12-2019.",
    "Three F-35 jets and a K1 base.",
    "one-way attack drones",
    "the 5th brigade",
    "turnout was 45%",
])
def test_dates_times_years_and_models_are_not_counts(text: str) -> None:
    values = [q.value for q in find_quantities(text) if q.value is not None]
    assert values in ([], [3]), values  # "Three F-35 jets" keeps the three, never the 35


def test_year_followed_by_people_is_a_count() -> None:
    assert [q.value for q in find_quantities("As many as 2000 people fled.")] == [2000]


def test_noun_phrase_helpers() -> None:
    text = "However, two security sources said it was unclear."
    span = left_np(text, text.index(" said"))
    assert span and text[span[0]:span[1]] == "two security sources"
    text = "according to Iraqi Security Media Cell on Sunday, rockets fell."
    span = right_np(text, len("according to "))
    assert span and clean_np(text[span[0]:span[1]]) == "Iraqi Security Media Cell"
    assert clean_np("a statement from from the Popular Mobilization Forces") == "Popular Mobilization Forces (statement)"
    assert clean_np("another report by CNN") == "CNN"
    assert clean_np("The US") == "US"


def test_long_noun_phrases_are_read_whole_on_either_side() -> None:
    """The phrase helpers read a short window first: a long holder or object must still come out whole, and a
    phrase cut by the clause before it must not grow past the cut."""
    names = "Northern Highlands Provincial Emergency Coordination Directorate Spokesperson Committee Chairman"
    text = f"Yesterday, after the flooding, the {names} said the dam held."
    span = left_np(text, text.index(" said"))
    assert span is not None and text[span[0]:span[1]] == f"the {names}"
    text2 = f"The army said it had struck {names} headquarters, then withdrew."
    span2 = right_np(text2, text2.index("Northern"))
    assert span2 is not None and text2[span2[0]:span2[1]] == f"{names} headquarters"
    clipped = "He met the U.S. envoy, " + "and " * 40 + "the Defence Minister of the Eastern Region said."
    span3 = left_np(clipped, clipped.index(" said"))
    assert span3 is not None and clipped[span3[0]:span3[1]] == "the Defence Minister of the Eastern Region"


def test_quantities_read_the_same_in_ascii_and_other_text() -> None:
    """Quantities are found by a search of the lower-cased ASCII sentence, or word by word in other text."""
    plain = find_quantities("At least TWELVE people and 3 soldiers were hurt; some 40 fled.")
    accented = find_quantities("At least TWELVE people and 3 soldiers were hurt; some 40 fled (Zürich).")
    assert [(q.value, q.qualifier) for q in plain] == [(12, "at least"), (3, None), (40, "some")]
    assert [(q.value, q.qualifier, q.char_start) for q in accented] == [(q.value, q.qualifier, q.char_start) for q in plain]


def test_lowered_twins_find_the_same_spans_or_are_refused() -> None:
    """A case-insensitive pattern's plain twin, run on the lower-cased ASCII sentence, finds the same spans; a
    pattern with a case-sensitive part or an upper-case escape gets no twin."""
    import re

    from briefings.extract.numbers import lowered

    rx = re.compile(r"\b(?P<w>Drone|IED|air\s*-?\s*strikes?)\b(?=\s+\w)", re.I)
    text = "An IED and two DRONES hit; a drone Hit the base after AIR-strikes and an ied exploded."
    twin = lowered(rx)
    assert [m.span() for m in twin.finditer(text.lower())] == [m.span() for m in rx.finditer(text)]
    starts = [text.index("IED"), text.index("drone"), text.index("AIR-strikes"), text.index("ied")]  # not "DRONES"
    assert [m.start("w") for m in twin.finditer(text.lower())] == starts
    for bad in (r"\bno\s+(?-i:A)", r"\S+ killed", r"\x41 drone"):
        with pytest.raises(ValueError):
            lowered(re.compile(bad, re.I))
    with pytest.raises(ValueError):
        lowered(re.compile(r"drone"))  # not case-insensitive: nothing to twin
