"""The subgroup reading ('none of its personnel') skips quotes without 'of' between spaces: a quote holding
one, however spaced or capitalised, still reaches the full pattern and reads as before."""
from __future__ import annotations

import itertools

from briefings.compat import _PART, UNITS, _subgroup

FIGURES = [("none", 0.0), ("None", 0.0), ("no one", 0.0), ("Nobody", 0.0), ("3", 3.0), ("34", 34.0), ("two", 2.0),
           ("Twelve", 12.0), ("FIVE", 5.0)]
SPACES = [" ", "  ", "\t", "\n", " \u00a0", "\u2009"]
OFS = ["of", "OF", "Of"]
WHO = ["its personnel", "their soldiers", "his family", "our staff members", "the army's troops", "her relatives"]


def _full(value: float, quote: str) -> str | None:
    """What the pattern alone reads, without the gate (the figure must be the one claimed)."""
    for m in _PART.finditer(quote):
        n = m.group("n").lower()
        got = 0 if n in ("none", "no one", "nobody") else int(n) if n.isdigit() else UNITS.get(n)
        if got == value:
            return " ".join(m.group("who").split())
    return None


def test_every_spacing_and_case_of_of_still_reads_the_subgroup() -> None:
    seen = 0
    for (word, value), before, of, after, who in itertools.product(FIGURES, SPACES, OFS, SPACES, WHO):
        quote = f"The ministry said {word}{before}{of}{after}{who} were hurt in the blast."
        assert _subgroup(value, quote) == _full(value, quote), quote
        seen += _full(value, quote) is not None
    assert seen > 1000  # the quotes above do hold subgroups


def test_quotes_without_of_hold_no_subgroup_and_say_so() -> None:
    for quote in ("Police said 3 soldiers were killed.", "None were hurt, the army said.", "Twelve offices closed.",
                  "Two officers, one off duty, died.", "Five of"):
        for value in (0.0, 3.0, 12.0, 2.0, 5.0):
            assert _subgroup(value, quote) is None and _full(value, quote) is None


def test_no_american_personnel_is_still_read_without_of() -> None:
    assert _subgroup(0.0, "There were no American personnel among the casualties.") == "American personnel"
