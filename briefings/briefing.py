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
class Briefing:
    title: str
    summary: str
    sections: tuple[Section, ...] = ()
    status: str | None = None  # single-source | corroborated | contested (incident briefings)
    footer: str | None = None
    kind: str = "incident"  # incident | incidents | digest | message | error
    data: dict[str, Any] = field(default_factory=dict, compare=False, hash=False)  # the JSON document
