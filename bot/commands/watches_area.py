"""Which place a watch means: the gazetteer's answer, or a question back when the name is unknown or ambiguous.

"Kharkiv" is both a city and the oblast around it: the user is asked ("Did you mean Kharkiv (city, Ukraine) or
Kharkiv oblast (Ukraine)?") and can answer with a kind word ("Kharkiv city", "Kharkiv oblast") or a country
("Kharkiv, Ukraine"). A country wins over same-named towns abroad ("Sudan" is not Sudan, Texas). For a radius the
centre is a point, so a city wins over the area that contains it.
"""
from __future__ import annotations

import re

from briefings.extract.types import Place
from briefings.knowledge.places import Gazetteer
from bot.timeparse import BadArgument

AREA_KINDS = frozenset({"province", "region", "district"})
TOWN_KINDS = frozenset({"city", "town", "site"})
KIND_WORDS = {
    **dict.fromkeys(("oblast", "province", "governorate", "state", "region", "area", "district", "county",
                     "prefecture", "department", "wilayah", "muhafazah"), AREA_KINDS),
    **dict.fromkeys(("city", "town", "village", "camp", "base", "site"), TOWN_KINDS),
    "country": frozenset({"country"}),
}
# How people name a first-level area in a few countries (for the question back); "province" elsewhere.
AREA_WORD = {"Ukraine": "oblast", "Russia": "oblast", "Belarus": "oblast", "Iraq": "governorate",
             "Syria": "governorate", "Egypt": "governorate", "Yemen": "governorate", "Jordan": "governorate",
             "Sudan": "state", "South Sudan": "state", "Nigeria": "state", "United States": "state",
             "India": "state", "Mexico": "state", "Brazil": "state", "Myanmar": "state"}
TIE = 0.02  # scores this close to the best are equally good answers
GOOD = 0.88  # below this a search result is a suggestion, not an answer


def describe(place: Place) -> str:
    """'Kharkiv oblast, Ukraine' / 'Hroza, Kharkiv, Ukraine' / 'Sudan'."""
    if place.kind == "country":
        return place.name
    word = _area_word(place)
    parts = [f"{place.name} {word}" if word else place.name]
    if place.admin1 and place.admin1 != place.name:
        parts.append(place.admin1)
    if place.country and place.country != place.name:
        parts.append(place.country)
    return ", ".join(parts)


def _area_word(place: Place) -> str | None:
    """'oblast' for a first-level area named like its admin1 (world areas), else None."""
    if place.kind in AREA_KINDS and place.name == place.admin1:
        return AREA_WORD.get(place.country, "province")
    return None


def _option(place: Place) -> str:
    """What the user can type to pick this place."""
    if place.kind == "country":
        return f"{place.name} country"
    if place.kind in AREA_KINDS:
        return f"{place.name} {_area_word(place) or place.kind}"
    return f"{place.name} {'city' if place.kind in ('city', 'town') else place.kind}"


def _choice(place: Place) -> str:
    where = ", ".join(p for p in (place.admin1 if place.admin1 != place.name else None, place.country) if p)
    word = _area_word(place)
    if word:
        return f"{place.name} {word}" + (f" ({place.country})" if place.country else "")
    return f"{place.name} ({place.kind}{', ' + where if where else ''})"


def _split(text: str) -> tuple[str, frozenset[str] | None, str | None]:
    """'Kharkiv oblast' → ('Kharkiv', area kinds, None); 'Kharkiv, Ukraine' → ('Kharkiv', None, 'ukraine')."""
    name, _, country = text.partition(",")
    words = name.split()
    kinds = None
    if len(words) > 1 and words[-1].lower() in KIND_WORDS:
        kinds = KIND_WORDS[words[-1].lower()]
        words = words[:-1]
    elif len(words) > 2 and words[0].lower() in KIND_WORDS and words[1].lower() == "of":  # "the city of Kharkiv"
        kinds, words = KIND_WORDS[words[0].lower()], words[2:]
    return " ".join(words), kinds, (country.strip().lower() or None)


def _in_country(place: Place, country: str | None) -> bool:
    return country is None or place.country.lower() == country or place.id.lower().endswith(f":{country}")


def resolve(gaz: Gazetteer, text: str, *, point: bool = False) -> Place:
    """The one place `text` names, or BadArgument with the question to ask. `point`: a radius centre."""
    text = re.sub(r"^(?:the\s+)", "", " ".join(text.split()), flags=re.I)
    if not text:
        raise BadArgument("Which area? e.g. /watch add Kharkiv oblast, or /watch add within 50 km of Erbil")
    name, kinds, country = _split(text)
    found = gaz.search(name or text, limit=12)
    if kinds is None and name != text:  # "Kharkiv oblast" may be a name of its own in the world index
        found = sorted(found + gaz.search(text, limit=6), key=lambda r: -r[1])
    fitting = [(p, s) for p, s in found if (kinds is None or p.kind in kinds) and _in_country(p, country)]
    good = [(p, s) for p, s in fitting if s >= GOOD]
    if not good:
        close = list(dict.fromkeys(_choice(p) for p, s in (fitting or found) if s >= 0.75))[:4]
        hint = f" Closest: {'; '.join(close)}." if close else ""
        raise BadArgument(f"I don't know a place called “{text}”.{hint} Try a town, a province or a country.")
    best = good[0][1]
    top = list({p.id: p for p, s in good if s > best - TIE}.values())
    if len(top) == 1:
        return top[0]
    countries = [p for p in top if p.kind == "country"]
    if len(countries) == 1 and all(p.kind in TOWN_KINDS for p in top if p is not countries[0]):
        return countries[0]
    if point:
        towns = [p for p in top if p.kind in TOWN_KINDS]
        if len(towns) == 1 and all(q.id in {a.id for a in gaz.ancestors(towns[0])} for q in top if q is not towns[0]):
            return towns[0]
    shown = top[:4]
    asked = ", ".join(_choice(p) for p in shown[:-1]) + f" or {_choice(shown[-1])}"
    options = list(dict.fromkeys(_option(p) for p in shown))
    say = f" Say /watch add {options[0]} or /watch add {options[1]}." if len(options) > 1 else ""
    tail = " You can also add the country: /watch add Name, Country." if len(top) > 2 or len(options) < 2 else ""
    raise BadArgument(f"Did you mean {asked}?{say}{tail}")
