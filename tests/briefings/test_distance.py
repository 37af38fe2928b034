"""Distances from a named reference place, with qualifier; miles converted to km."""
from __future__ import annotations

import pytest

from briefings.extract.distance import find_distances


@pytest.mark.parametrize("text,value,qualifier,reference", [
    ("an explosion on the Kalso military base 50 km (30 miles) south of Baghdad, a statement said", 50, None, "Baghdad"),
    ("the Kalsu base, about 80 kilometers south of the Iraqi capital, which hosts fighters", 80, "about",
     "the Iraqi capital"),
    ("near the town of Iskandariya around 50 km south of Baghdad.", 50, "around", "Baghdad"),
    ("a checkpoint some 20 kilometres from the border", 20, "some", "the border"),
    ("roughly 12.5 km northwest of Kirkuk on Monday", 12.5, "roughly", "Kirkuk"),
    ("a village fifteen kilometres east of Mosul", 15, None, "Mosul"),
    ("the base was 40km from Erbil", 40, None, "Erbil"),
    ("nearly 100 kilometres to the north of Basra, officials said", 100, "nearly", "Basra"),
])
def test_distance_km(text: str, value: float, qualifier: str | None, reference: str) -> None:
    (d,) = find_distances(text)
    assert (d.field, d.value_num, d.qualifier, d.reference) == ("distance_km", value, qualifier, reference)
    assert d.value == f"{value:g}"


def test_miles_only_are_converted() -> None:
    (d,) = find_distances("The town lies 30 miles north of Mosul on the river.")
    assert (d.value, d.value_num, d.reference, d.extra) == ("48", 48.0, "Mosul", (("miles", "30"),))


@pytest.mark.parametrize("text", [
    "the 50 km journey took hours",
    "troops advanced 50 km south",
    "a 30-mile convoy",
    "within 10 km",
    "The strikes hit 50 targets south of Baghdad.",
])
def test_no_reference_no_distance(text: str) -> None:
    assert find_distances(text) == []
