"""One event as an article tells it: its dates, places, kinds and claims (what the segmenter builds, resolution
reads)."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from briefings.extract.types import ClaimDraft, Place

RANK = {"site": 5, "street": 5, "district": 4, "town": 4, "city": 3, "province": 2, "region": 1, "country": 0}


@dataclass
class Frame:
    index: int
    main: bool
    start: date | None = None
    end: date | None = None
    precision: str | None = None
    places: list[Place] = field(default_factory=list)
    types: list[str] = field(default_factory=list)
    claims: list[ClaimDraft] = field(default_factory=list)
    sentences: list[int] = field(default_factory=list)
    weak: list[Place] = field(default_factory=list)  # where the holders are, "the road to X": used only as a fallback
    loose: list[str] = field(default_factory=list)  # dates it names that could not be resolved ("on Monday")
    earlier: bool = False  # opened by "an earlier strike": its date must precede the main event
    context: bool = False  # another year/country: never an incident
    assumed: bool = False  # dated by the publication date, the text naming no day: the event may be days earlier
    focus: set[str] = field(default_factory=set)  # ids of places named as the event's own ("the attack in X")

    def dated(self) -> bool:
        return self.start is not None

    def add_places(self, places: list[Place]) -> None:
        for p in places:
            if all(p.id != q.id for q in self.places):
                self.places.append(p)

    def specific(self) -> list[Place]:
        return [p for p in self.places if RANK.get(p.kind, 0) >= 3]

    def country(self) -> str | None:
        """The country of the most specific place named so far."""
        if not self.places:
            return None
        return max(enumerate(self.places), key=lambda ip: (RANK.get(ip[1].kind, 0), -ip[0]))[1].country
