"""Which incident(s) a question is about: candidates from the engine, ranked by how well each cue fits.

A place fits best as the incident's own place, then as an area around it (the gazetteer's hierarchy), then
as a place its reports mention; "near X" is a radius; dates filter; other words must match the incident's
facts (title, event types, claimed values). Areas, radii and bare dates ask for a list; a named place or
slug asks for one incident, the newest when several tie, preferring one whose reports say what is asked.
"""
from __future__ import annotations

import calendar
from dataclasses import dataclass, field, replace
from datetime import date
from typing import TYPE_CHECKING

from bot.dm.phrases import phrase
from bot.dm.question import PlaceCue, Question
from bot.dm.when import DateCue
from bot.dm.words import fold
from briefings.finder import IncidentRow, Near, km_between

if TYPE_CHECKING:
    from briefings.engine import Engine
    from briefings.knowledge.places import Gazetteer

TWIN = 0.85  # how close an area's name in the other gazetteer must be to count as the same area
AREA_KINDS = frozenset({"country", "region", "province", "admin1", "admin2", "state", "governorate", "continent"})


@dataclass(frozen=True)
class Located:
    kind: str  # one | list | none
    rows: tuple[IncidentRow, ...] = ()  # one: the answer first, then other incidents that fit as well
    area: str = ""  # how the list was chosen ("in Anbar", "within 50 km of Erbil")
    known_places: tuple[str, ...] = field(default=())  # places named that have no incident: "at Mosul", "in Syria"


def _ancestry(gaz: Gazetteer, place_id: str, cache: dict[str, set[str]]) -> set[str]:
    if place_id not in cache:
        place = gaz.get(place_id)
        cache[place_id] = {place_id} | ({a.id for a in gaz.ancestors(place)} if place else set())
    return cache[place_id]


def _place_fit(cue: PlaceCue, row: IncidentRow, gaz: Gazetteer, cache: dict[str, set[str]]) -> float:
    ids = {p.id for p in cue.places}
    if row.place_id in ids:
        return 1.0
    if ids & _ancestry(gaz, row.place_id, cache):
        return 0.85
    mentioned = 0.4 if ids & set(row.places) else 0.0
    if cue.near_km is None:
        return mentioned
    centre = next((p for p in cue.places if p.lat is not None and p.lon is not None), None)
    if centre is not None and row.lat is not None and row.lon is not None:  # the distance decides
        d = km_between(centre.lat, centre.lon, row.lat, row.lon)  # type: ignore[arg-type]
        return 0.0 if d > cue.near_km else 1.0 - 0.2 * d / cue.near_km
    return 0.95 if mentioned else 0.0  # no coordinates: "near Iskandariya" when its reports place it there


def _word_fit(words: tuple[str, ...], row: IncidentRow) -> float:
    if not words:
        return 0.0
    facts = fold(" ".join([row.title, row.place_name, *row.event_types, *(v for _, v in row.claims)]))
    hits = sum(1 for w in words if w[:5] in facts)
    return 0.15 * min(hits, 3)


def _all_words(words: tuple[str, ...], row: IncidentRow, found_by: set[str]) -> bool:
    """Every word names the incident (its facts, or its reports' text); one may miss in a long description."""
    facts = fold(" ".join([row.title, row.place_name, *row.event_types, *(v for _, v in row.claims)]))
    missed = [w for w in words if w not in found_by and w[:5] not in facts]
    return not missed or (len(words) >= 3 and len(missed) == 1)


def _is_area(cue: PlaceCue, rows: tuple[IncidentRow, ...], wants_list: bool) -> bool:
    """Does the question mean everything in (or near) this place, rather than one incident there?"""
    if cue.near_km is not None:
        return True
    if any(r.place_id in {p.id for p in cue.places} for r in rows):
        return False
    return wants_list or all(p.kind in AREA_KINDS for p in cue.places)


def _day_fit(q: Question, row: IncidentRow) -> float:
    """A day asked for fits a one-day incident better than a month-long one."""
    return 0.3 if any(d.day or (d.first and d.first == d.last) for d in q.dates) and row.start == row.end else 0.0


def _verified(q: Question, rows: list[IncidentRow], gaz: Gazetteer, cache: dict[str, set[str]]) -> Question:
    """Misspelt readings count only where an incident fits them ("irak" is Iraq, not a town in Turkey)."""
    kept = []
    for cue in q.places:
        if cue.exact or cue.reference:
            kept.append(cue)
            continue
        fitting = tuple(p for p in cue.places if any(
            _place_fit(replace(cue, places=(p,)), r, gaz, cache) for r in rows))
        if fitting:
            kept.append(replace(cue, places=fitting))
    if len(kept) == len(q.places) and kept == list(q.places):
        return q
    dropped = tuple(w for c in q.places if c.text not in {k.text for k in kept} for w in c.text.split())
    return replace(q, places=tuple(kept), words=(*q.words, *dropped))  # "personnel" is not Péronne: a word again


def candidates(engine: Engine, q: Question, remembered: str | None,
               hits: dict[str, set[str]] | None = None) -> list[IncidentRow]:
    """Incidents that fit a cue; `hits` collects, per slug, the words whose reports led to it."""
    hits = {} if hits is None else hits
    cues = q.locating
    span = next((d.span for d in q.dates if d.span), None)
    found: list[IncidentRow] = []
    if q.slugs:
        found += engine.lookup(slugs=q.slugs)
    ids = [p.id for c in cues for p in c.places]  # near a place: also what its reports place there
    near = [Near(p.lat, p.lon, c.near_km) for c in cues if c.near_km is not None  # type: ignore[arg-type]
            for p in c.places[:1] if p.lat is not None and p.lon is not None]
    if ids or near:
        found += engine.lookup(place_ids=ids, near=near[0] if near else None, span=span)
    if not found:  # a place no incident is recorded at may still be named in reports ("a hospital in Hilla")
        for cue in cues:
            for row in engine.lookup(words=cue.text, span=span):
                found.append(row)
                hits.setdefault(row.slug, set()).add(cue.text)
    if not found and not cues and q.words:
        for word in q.words[:4]:
            for row in engine.lookup(words=word, span=span):
                found.append(row)
                hits.setdefault(row.slug, set()).add(word)
    if not found and q.dates and not cues:
        found += engine.lookup(span=span, recent=span is None, limit=200)
    if not found and remembered and not q.names_something():
        found += engine.lookup(slugs=[remembered])
    return list({r.slug: r for r in found}.values())


def _named_fit(cue: PlaceCue, row: IncidentRow) -> float:
    """A place only its reports' text names: weak for "at X"; for "near X" the best there is when the
    incident has no coordinates ("a hospital in nearby Hilla")."""
    return 0.85 if cue.near_km is not None and row.lat is None else 0.3


def _fit(q: Question, row: IncidentRow, gaz: Gazetteer, cache: dict[str, set[str]], named: set[str]) -> float | None:
    """How well a row fits the places, dates and words asked; None when a cue rules it out. `named`: the
    words and place names whose reports led to the row."""
    if q.slugs and row.slug in q.slugs:
        return 3.0
    fits = sorted((_place_fit(c, row, gaz, cache) or (_named_fit(c, row) if c.text in named else 0.0)
                   for c in q.locating), reverse=True)
    if q.locating and not fits[0]:
        return None
    if q.dates and not any(d.matches(row.start, row.end) for d in q.dates):
        return None
    score = (fits[0] + 0.1 * sum(fits[1:])) if fits else 0.5
    asked = [f for f in q.fields if f in ("killed", "wounded")] or ["killed", "wounded"]
    figures = {v for f, v in row.claims if f in asked}
    figure = 0.3 if any(str(n) in figures for n in q.numbers if n > 1) else 0.0  # "the attack that injured four"
    return score + _word_fit(q.words, row) + _day_fit(q, row) + figure


def _twins(gaz: Gazetteer, q: Question) -> Question:
    """An area read from the world index also stands for its twin in the regional gazetteer ("Salah ad Din",
    a:IQ.18, is "Salah al-Din", iq-salahaddin-gov): same kind, same country, a close name, one from each source."""
    cues = []
    for cue in q.places:
        extra = tuple(t for p in cue.places if p.kind in AREA_KINDS for t, score in gaz.search(p.name, limit=6)
                      if score >= TWIN and t.id != p.id and t.kind == p.kind and t.country == p.country
                      and (":" in t.id) != (":" in p.id) and t not in cue.places)
        cues.append(replace(cue, places=(*cue.places, *dict.fromkeys(extra))) if extra else cue)
    return replace(q, places=tuple(cues)) if cues != list(q.places) else q


def locate(engine: Engine, q: Question, remembered: str | None = None, lang: str = "en") -> Located:
    gaz: Gazetteer = engine.knowledge.places
    cache: dict[str, set[str]] = {}
    hits: dict[str, set[str]] = {}
    q = _twins(gaz, q)
    rows = candidates(engine, q, remembered, hits)
    checked = _verified(q, rows, gaz, cache)
    if checked is not q:
        q, hits = checked, {}
        rows = candidates(engine, q, remembered, hits)
    scored: list[tuple[float, float, IncidentRow]] = []  # (score, score without the field bonus, row)
    for row in rows:
        base = _fit(q, row, gaz, cache, hits.get(row.slug, set()))
        if base is not None:
            bonus = 0.2 if set(q.fields) & row.fields() else 0.0
            scored.append((base + bonus, base, row))
    if not q.locating and not q.slugs and q.words and not q.dates:  # words alone: each must lead to the incident
        scored = [x for x in scored if _all_words(q.words, x[2], hits.get(x[2].slug, set()))]
    known = tuple(_where(c, lang) for c in q.locating if c.exact and not any(_place_fit(c, r, gaz, cache) >= 0.8 for r in rows))
    if not scored:
        return Located("none", known_places=known)
    scored.sort(key=lambda x: (x[0], x[2].start or x[2].end or date.min), reverse=True)
    ranked = tuple(r for _, _, r in scored)
    areas = [c for c in q.locating if _is_area(c, ranked, q.wants_list)]
    only_areas = not q.slugs and (areas or q.dates) and len(areas) == len(q.locating)
    bases = sorted((b for _, b, _ in scored), reverse=True)  # an area's incidents are told apart by the cues,
    clear = len(bases) == 1 or bases[0] - bases[1] >= 0.15  # not by which of them reported the field asked
    if only_areas and ((q.wants_list and not (q.fields and len(ranked) == 1)) or not clear):
        strong = tuple(r for _, b, r in scored if b >= 0.8)  # at or inside the place, not only mentioned
        if strong or not q.locating:
            return Located("list", strong or ranked, _area_text(q, lang))
        return Located("none", known_places=known)
    top = scored[0][0]
    tied = [r for s, _, r in scored if top - s < 0.25]  # the field bonus decides between equals, not more
    if q.wants_list and not q.fields and len(tied) > 1:  # "ain al-asad attacks": every one there
        return Located("list", tuple(tied), _area_text(q, lang))
    return Located("one", (ranked[0], *[r for r in tied[1:]]), known_places=known)


def _area_text(q: Question, lang: str = "en") -> str:
    parts = []
    for c in q.locating:
        parts.append(phrase(lang, "within", km=f"{c.near_km:g}", name=c.places[0].name) if c.near_km is not None
                     else _where(c, lang))
    parts += [date_text(d, lang) for d in q.dates]
    return " ".join(parts)


def _where(c: PlaceCue, lang: str = "en") -> str:
    return phrase(lang, "in" if c.places[0].kind in AREA_KINDS else "at", name=c.places[0].name)


def date_text(d: DateCue, lang: str = "en") -> str:
    """"on 2024-01-04", "from 2025-08-01 to 2025-08-31", "in December (any year)", in the question's language."""
    if d.first is not None and d.last is not None:
        if d.first == d.last:
            return phrase(lang, "on", date=d.first.isoformat())
        return phrase(lang, "from_to", first=d.first.isoformat(), last=d.last.isoformat())
    month = calendar.month_name[d.month or 1]
    return f"on {d.day} {month} (any year)" if d.day else f"in {month} (any year)"
