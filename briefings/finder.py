"""Incidents for a question: by places (with everything recorded inside them), a radius, a date span, words.

The bot's question answering (bot/dm) asks for candidates here and ranks them itself. Every lookup is a
bounded, indexed query (place id, dates, coordinates box, full-text), so the cost does not grow with the
number of stored reports; the rows carry what ranking needs (places, dates, claim fields and values).
"""
from __future__ import annotations

import math
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from briefings.db.models import Claim, Incident, IncidentArticle, IncidentPlace
from briefings.search import WIDE, search_articles

Span = tuple[date, date]
KM_PER_DEGREE = 111.2


@dataclass(frozen=True)
class IncidentRow:
    """One incident as question answering sees it: identity, where, when, and what its reports claim."""

    slug: str
    title: str
    place_id: str
    place_name: str
    admin1: str | None
    country: str | None
    lat: float | None
    lon: float | None
    start: date | None
    end: date | None
    status: str
    event_types: tuple[str, ...]
    places: tuple[str, ...]  # every place recorded for the incident (mentions and enclosing areas)
    claims: tuple[tuple[str, str], ...]  # distinct (field, value) pairs of its claims

    def fields(self) -> set[str]:
        return {f for f, _ in self.claims}


@dataclass(frozen=True)
class Near:
    lat: float
    lon: float
    km: float


def km_between(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance (haversine)."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 6371.0 * 2 * math.asin(min(1.0, math.sqrt(a)))


def _dated(stmt, span: Span | None):  # type: ignore[no-untyped-def]
    if span is None:
        return stmt
    lo, hi = span
    return stmt.where(Incident.start_date <= hi, Incident.end_date >= lo)


def _newest(stmt, limit: int):  # type: ignore[no-untyped-def]
    return stmt.order_by(Incident.start_date.desc().nulls_last(), Incident.id.desc()).limit(limit)


def _at(s: Session, place_id: str, span: Span | None, limit: int) -> list[int]:
    """The newest incidents recorded at a place, off the (place_id, start_date) index: a country with
    thousands of incidents costs a short index walk. Undated ones come last."""
    stmt = select(IncidentPlace.incident_id).where(IncidentPlace.place_id == place_id)
    if span is not None:
        stmt = stmt.where(IncidentPlace.start_date <= span[1], IncidentPlace.end_date >= span[0])
    found = list(s.scalars(stmt.where(IncidentPlace.start_date.is_not(None))
                           .order_by(IncidentPlace.start_date.desc()).limit(limit)))
    if len(found) < limit and span is None:
        found += s.scalars(stmt.where(IncidentPlace.start_date.is_(None)).limit(limit - len(found)))
    return found


def lookup(s: Session, *, slugs: Iterable[str] = (), place_ids: Iterable[str] = (), near: Near | None = None,
           span: Span | None = None, words: str = "", recent: bool = False, limit: int = 60) -> list[IncidentRow]:
    """The union of the incidents each cue finds (each bounded by `limit`), newest first."""
    ids: list[int] = []
    slugs, place_ids = list(slugs), list(place_ids)
    if slugs:
        ids += s.scalars(select(Incident.id).where(Incident.slug.in_(slugs)))
    for place_id in dict.fromkeys(place_ids):
        ids += _at(s, place_id, span, limit)
    if near is not None:
        dlat = near.km / KM_PER_DEGREE
        dlon = near.km / (KM_PER_DEGREE * max(0.05, math.cos(math.radians(near.lat))))
        box = select(Incident.id, Incident.lat, Incident.lon).where(
            Incident.lat.between(near.lat - dlat, near.lat + dlat), Incident.lon.between(near.lon - dlon, near.lon + dlon))
        ids += [i for i, la, lo in s.execute(_newest(_dated(box, span), limit))
                if km_between(near.lat, near.lon, la, lo) <= near.km]
    if words.strip():
        articles = search_articles(s, words, limit=WIDE if span is not None else limit, ranked=False)  # newest
        if articles:
            sub = select(IncidentArticle.incident_id).where(IncidentArticle.article_id.in_(articles))
            ids += s.scalars(_newest(_dated(select(Incident.id).where(Incident.id.in_(sub)), span), limit))
    if recent or (span is not None and not (slugs or place_ids or near or words.strip())):
        ids += s.scalars(_newest(_dated(select(Incident.id), span), limit))
    return rows(s, list(dict.fromkeys(ids)))


def rows(s: Session, ids: list[int]) -> list[IncidentRow]:
    """Rows for these incident ids, newest first, with their places and distinct claim values."""
    if not ids:
        return []
    places: dict[int, list[str]] = {}
    for iid, pid in s.execute(select(IncidentPlace.incident_id, IncidentPlace.place_id)
                              .where(IncidentPlace.incident_id.in_(ids))):
        places.setdefault(iid, []).append(pid)
    claims: dict[int, dict[tuple[str, str], None]] = {}
    for iid, fld, value in s.execute(select(Claim.incident_id, Claim.field, Claim.value)
                                     .where(Claim.incident_id.in_(ids)).distinct()):
        claims.setdefault(iid, {})[(fld, value or "")] = None
    out = []
    for inc in s.scalars(_newest(select(Incident).where(Incident.id.in_(ids)), len(ids))):
        out.append(IncidentRow(
            inc.slug, inc.title, inc.place_id, inc.place_name, inc.admin1, inc.country, inc.lat, inc.lon,
            inc.start_date, inc.end_date, inc.status, tuple(t for t in (inc.event_types or "").split(",") if t),
            tuple(places.get(inc.id, ())), tuple(claims.get(inc.id, {}))))
    return out
