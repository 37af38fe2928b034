"""Figures in a language's own words and digits: "85", "1.200", "1 200", "٨٥", "cinq", "veintiún",
"quatre-vingt-dix-sept", "trentacinque", "zweihundert", "au moins 85", "entre 200 et 400", "des dizaines".

Values follow the English side's conventions (briefings/extract/numbers.py): a collective ("dozens", "dizaines") is
coded as ACLED does (12) with the collective word as qualifier; a range is its lower bound with the range as qualifier.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefings.extract.lang.rules import LangRules

_DIGITS = re.compile(r"\d+")
_YEAR = re.compile(r"(?:1[89]|20)\d\d")
_ENGLISH_COLLECTIVE = {12: "dozens", 20: "scores", 100: "hundreds", 1000: "thousands"}


@dataclass(frozen=True)
class Figure:
    value: int | None  # None: a vague amount ("plusieurs")
    qualifier: str | None  # English qualifier: "at least", "more than", "dozens", "200–400", "several"
    start: int  # offsets in the sentence
    end: int
    year_like: bool = False  # "2015": a count only when a casualty word follows at once


def words_value(text: str, rules: LangRules) -> int | None:
    """The value of a run of number words ("vingt et un" -> 21, "doscientos" -> 200, "zweihundert" -> 200)."""
    total = current = 0
    seen = False
    for m in rules.number_atom.finditer(text.lower()):
        v = rules.number_values.get(" ".join(m.group(0).replace("-", " ").split()),
                                    rules.number_values.get(m.group(0)))
        if v is None:
            continue
        seen = True
        if v >= 1000:
            total += (current or 1) * v
            current = 0
        elif v == 100:
            current = (current or 1) * 100
        else:
            current += v
    return total + current if seen else None


def number_value(written: str, rules: LangRules) -> int | None:
    digits = _DIGITS.findall(written)
    if digits:
        return int("".join(digits)) if len(digits) == 1 or all(len(d) == 3 for d in digits[1:]) else None
    return words_value(written, rules)


def find_figures(sentence: str, rules: LangRules) -> Iterator[Figure]:
    """Every figure of a sentence that can be a count: not an age, a date, a time, an amount or a phone number."""
    for m in rules.quantity.finditer(sentence):
        if rules.not_count_after.match(sentence, m.end()):
            continue
        if m.group("v"):
            yield Figure(None, "several", m.start(), m.end())
        elif m.group("c"):
            word = m.group("c").lower()
            if word in rules.raw.get("approximate", {}):  # "une centaine": about 100
                yield Figure(int(rules.raw["approximate"][word]), rules.qualifier(m.group("q")) or "about",
                             m.start(), m.end())
            else:  # "des dizaines": dozens, coded 12 as ACLED does
                value = int(rules.raw["collective"].get(word, 12))
                yield Figure(value, _ENGLISH_COLLECTIVE.get(value, "several"), m.start(), m.end())
        elif m.group("a"):
            a, b = number_value(m.group("a"), rules), number_value(m.group("b"), rules)
            if a is not None and b is not None and a < b:
                yield Figure(a, f"{a}–{b}", m.start(), m.end())
        else:
            n = m.group("n")
            parsed = number_value(n, rules)
            if parsed is None or (parsed == 0 and n.startswith("0")) or (len(n) > 1 and n.startswith("0")):
                continue
            year = bool(_YEAR.fullmatch(n)) and not m.group("q")
            yield Figure(parsed, rules.qualifier(m.group("q")), m.start(), m.end(), year)
