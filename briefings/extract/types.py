"""Values passed between the extraction steps. All character offsets are absolute in the article text."""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from typing import Literal

from briefings.fastinit import direct_init

Precision = Literal["day", "month", "year"]


@direct_init
@dataclass(frozen=True)
class Sentence:
    text: str
    start: int  # offset of text[0] in the article
    end: int
    paragraph: int  # index of the paragraph (blank-line or line separated block)
    heading: bool = False  # a title/heading/caption line without final punctuation


@direct_init
@dataclass(frozen=True)
class DateRef:
    """A time expression resolved against the article's publication date."""

    start: date | None  # None when it cannot be resolved (no publication date and no year)
    end: date | None
    precision: Precision
    text: str
    char_start: int
    char_end: int
    role: Literal["event", "report", "comparison"] = "event"  # "report": when something was said ("said on
    # Saturday"); "comparison": another event the sentence compares with ("the deadliest since the 2019 attack")
    relative: bool = False  # weekday / yesterday / last week: resolved from the publication date


@direct_init
@dataclass(frozen=True)
class Quantity:
    value: int | None  # None for vague amounts ("several")
    qualifier: str | None  # "at least", "more than", "about", "up to", "several", ...
    text: str
    char_start: int
    char_end: int


@dataclass(frozen=True)
class Place:
    id: str  # stable id, e.g. "iq-kalsu-base"
    name: str  # canonical display name, e.g. "Kalsu"
    kind: str  # site | city | town | district | province | region | country
    country: str  # "Iraq"
    admin1: str | None = None  # "Babil"
    lat: float | None = None
    lon: float | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # id of the enclosing place, when known


@direct_init
@dataclass(frozen=True)
class PlaceMention:
    place: Place
    text: str
    char_start: int
    char_end: int
    role: Literal["location", "reference", "dateline"] = "location"  # reference: "50 km south of Baghdad";
    # dateline: "KYIV (Reuters) -" says where the report was filed, not where the event was


@dataclass(frozen=True)
class Actor:
    id: str  # "pmf"
    name: str  # "Popular Mobilization Forces"
    kind: str  # state | armed_group | government | media | military | organisation
    country: str | None = None
    aliases: tuple[str, ...] = ()
    parent: str | None = None  # actor id this rolls up to: centcom -> united-states


@dataclass(frozen=True)
class ActorMention:
    actor: Actor
    text: str
    char_start: int
    char_end: int


Field = Literal["killed", "wounded", "perpetrator", "weapon", "target", "denial", "distance_km", "note"]


@direct_init
@dataclass(frozen=True)
class ClaimDraft:
    """One claim found in one sentence, before it is attached to an incident."""

    field: str  # one of Field
    value: str | None  # display value: "1", "three F-35 jets", "United States", "50"
    value_num: float | None  # numeric fields: killed, wounded, distance_km; None when vague
    qualifier: str | None  # at least / more than / about / up to / several / preliminary ...
    holder: str  # who the article says makes the claim; "outlet" when unattributed
    stance: Literal["asserts", "denies"]
    char_start: int  # span of the quote (normally the whole sentence)
    char_end: int
    victims: str | None = None  # "US civilian contractor", "Iraqi policemen", "fighters"
    reference: str | None = None  # distance_km: the reference city ("Baghdad")
    extra: tuple[tuple[str, str], ...] = field(default=())
