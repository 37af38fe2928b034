"""The platform-neutral briefing document. No markup here: each renderer escapes for its own dialect."""
from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


@dataclass(frozen=True)
class Citation:
    attributed_to: str  # who the article says holds the claim ("two sources at a hospital in Hilla")
    outlet: str
    url: str | None
    quote: str
    published: str | None = None  # ISO date of the article
    language: str | None = None  # "Spanish" when the quote is not in English (it is shown as written)


@dataclass(frozen=True)
class Item:
    """One line of a section: a value and who holds it, or a fact, or a link."""

    text: str
    citations: tuple[Citation, ...] = ()
    label: str | None = None  # e.g. the value ("1", "three F-35 jets"); text then explains it
    url: str | None = None  # for link items (sources, other incidents)
    stance: str | None = None  # asserts | denies


@dataclass(frozen=True)
class Section:
    title: str
    kind: str  # disputed | agreed | unreported | sources | others | incidents | digest | note
    items: tuple[Item, ...] = ()
    field: str | None = None  # claim field for disputed/agreed sections


@dataclass(frozen=True)
class Cell:
    """One value of a table row with its holders in short form and the numbers of the quotes behind it."""

    value: str
    holders: tuple[str, ...]  # short: "Iraqi sources, a military statement (Jerusalem Post)"
    refs: tuple[int, ...]  # footnote numbers
    stance: str = "asserts"
    subgroup: bool = False  # "none of its personnel": about part of the victims, never a total


@dataclass(frozen=True)
class Row:
    """One line of the disagreement table: a field and each distinct value; no cells means "not reported"."""

    field: str
    label: str
    cells: tuple[Cell, ...] = ()
    disputed: bool = False
    note: str = ""  # "range 0–2, most conservative 0"; "+2 more values"


@dataclass(frozen=True)
class Footnote:
    """A quote shown once, numbered, with everything it supports as (field label, value, holder)."""

    n: int
    citation: Citation
    supports: tuple[tuple[str, str, str], ...] = ()


@dataclass(frozen=True)
class Briefing:
    title: str
    summary: str
    sections: tuple[Section, ...] = ()
    status: str | None = None  # single-source | corroborated | contested (incident briefings)
    footer: str | None = None
    kind: str = "incident"  # incident | incidents | digest | message | error
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)  # the JSON document
    # The first screen of an incident (issue 18): facts, the table, notes; `sections` then hold the evidence
    # (numbered quotes, history, sources) that renderers show on request (`--full`, a button, /evidence).
    facts: tuple[str, ...] = ()  # "Kalsu, Babil, Iraq · 2024-04-19 – 2024-04-20", "2 reports from 2 outlets, in 1 language"
    table: tuple[Row, ...] = ()
    footnotes: tuple[Footnote, ...] = ()
    notes: tuple[str, ...] = ()  # short lines under the table: "showing Kalsu for 'kalzu'", languages not analysed
    ref: str | None = None  # the incident slug, for "more" hints
