"""Read side: load an incident with its claims and sources, find incidents by free text, keep status current."""
from __future__ import annotations

import re
from datetime import date, timedelta

from sqlalchemy import and_, bindparam, or_, select
from sqlalchemy.orm import Session

from briefings.compose import ArticleView, IncidentView
from briefings.db.models import Article, Claim, Incident, IncidentArticle, IncidentPlace, Outlet
from briefings.knowledge.places import Gazetteer
from briefings.reconcile import ClaimView, reconcile
from briefings.search import WIDE, search_articles
from briefings.status import refresh_statuses

_SLUG = re.compile(r"^[a-z0-9-]+-(?:\d{4}(?:-\d{2}(?:-\d{2})?)?|undated)(?:-\d+)?$")


def _published_at(dt: object) -> str | None:
    return dt.date().isoformat() if dt is not None else None  # type: ignore[attr-defined]


def incident_view(inc: Incident, gaz: Gazetteer) -> IncidentView:
    place = gaz.get(inc.place_id)
    return IncidentView(
        slug=inc.slug, title=inc.title,
        place={"name": inc.place_name, "aliases": list(place.aliases) if place else [], "admin1": inc.admin1,
               "country": inc.country, "lat": inc.lat, "lon": inc.lon},
        start=inc.start_date, end=inc.end_date, status=inc.status,
    )


_CLAIM_COLUMNS = (Claim.incident_id, Claim.id, Claim.field, Claim.value, Claim.value_num, Claim.qualifier,
                  Claim.attributed_to, Claim.stance, Claim.quote, Claim.victims, Claim.reference, Claim.article_id,
                  Outlet.name, Article.url, Article.published_at)


_META = (Article.id, Article.url, Article.published_at, Article.title, Article.carrier_of,  # never the full text
         Article.language)
# Built once (as _LATEST below): building and keying a statement costs about as much as running it.
_CLAIMS = (select(*_CLAIM_COLUMNS, Article.language).join(Article, Claim.article_id == Article.id)  # plain columns,
           .join(Outlet, Article.outlet_id == Outlet.id).where(Claim.incident_id == bindparam("incident"))  # no ORM
           .order_by(Article.published_at, Claim.article_id, Claim.span_start, Claim.id))  # objects: hundreds of claims
_ARTICLES = (select(*_META, Outlet.name).join(IncidentArticle, IncidentArticle.article_id == Article.id)
             .join(Outlet, Article.outlet_id == Outlet.id).where(IncidentArticle.incident_id == bindparam("incident"))
             .order_by(Article.published_at, Article.id))


def load(s: Session, inc: Incident) -> tuple[list[ClaimView], list[ArticleView], set[str]]:
    key = {"incident": inc.id}
    rows = s.execute(_CLAIMS, key).all()
    day: dict[object, str | None] = {}  # a report's claims share its publication time: its date written once
    claims = [ClaimView(*head, day[pub] if pub in day else day.setdefault(pub, _published_at(pub)), lang)
              for _incident, *head, pub, lang in rows]
    arts = s.execute(_ARTICLES, key).all()
    carriers: dict[int, list[str]] = {}
    for aid, _url, _pub, _title, carrier_of, _lang, outlet in arts:
        if carrier_of is not None:
            carriers.setdefault(carrier_of, []).append(outlet)
    articles = [
        ArticleView(aid, outlet, url, _published_at(pub), title, tuple(carriers.get(aid, ())), lang)
        for aid, url, pub, title, carrier_of, lang, outlet in arts if carrier_of is None
    ]
    outlets = {r[-1] for r in arts if r[4] is None}  # republications are not independent sources
    return claims, articles, outlets


def learned_rows(s: Session) -> list[tuple[str, str, str | None, str | None, str | None]]:
    """(place id, name, admin1, country, parent id) of every learned place an incident is at (ids "l:CC:[area:]name")."""
    rows = s.execute(select(IncidentPlace.place_id, IncidentPlace.place_name, Incident.admin1, Incident.country)
                     .join(Incident, Incident.id == IncidentPlace.incident_id)
                     .where(IncidentPlace.place_id >= "l:", IncidentPlace.place_id < "l;")).all()
    return list({r[0]: (r[0], r[1], r[2], r[3], None) for r in rows}.values())


def find(s: Session, gaz: Gazetteer, query: str, on: tuple[date, date] | None = None, limit: int = 20) -> list[Incident]:
    """Incidents matching free text (slug, place name, alias or misspelling, title words), most recent first."""
    q = query.strip().lower()
    if not q:
        return []
    conds = []
    if _SLUG.match(q):
        conds.append(Incident.slug == q)
    place_ids = [p.id for p, score in gaz.search(q, limit=8) if score >= 0.82]
    ids = {i for pid in place_ids for i in _latest_at(s, pid, on, limit)}
    if ids:
        conds.append(Incident.id.in_(sorted(ids)))
    if not ids and not conds:  # no incident at a place of that name (the world has a town for most words)
        # names, actors, words of the reports: the newest matches (incidents are ordered by date below; with a date,
        # many more ids, since the date is applied to their incidents)
        article_ids = search_articles(s, query, limit=WIDE if on is not None else 100, ranked=False)
        if article_ids:
            conds.append(Incident.id.in_(
                select(IncidentArticle.incident_id).where(IncidentArticle.article_id.in_(article_ids))))
    if not conds:
        return []
    stmt = select(Incident).where(or_(*conds))
    if on is not None:
        lo, hi = on
        stmt = stmt.where(or_(and_(Incident.start_date <= hi, Incident.end_date >= lo), Incident.start_date.is_(None)))
    stmt = stmt.order_by(Incident.start_date.desc().nulls_last(), Incident.id.desc()).limit(limit)
    found = list(s.scalars(stmt))
    exact = [i for i in found if i.slug == q]
    return exact + [i for i in found if i.slug != q]


_LONGEST = timedelta(days=400)  # an incident asked for by date started at most this long before it (as resolve.py)


_AT = IncidentPlace.place_id == bindparam("pid")
_NEWEST = IncidentPlace.start_date.desc()
# Built once: a query asks up to ten places, and building a statement costs more than running it on the index.
_LATEST = select(IncidentPlace.incident_id).where(_AT, IncidentPlace.start_date.is_not(None)) \
    .order_by(_NEWEST).limit(bindparam("lim"))
_LATEST_ON = select(IncidentPlace.incident_id).where(
    _AT, IncidentPlace.start_date.between(bindparam("since"), bindparam("hi")), IncidentPlace.end_date >= bindparam("lo")
).order_by(_NEWEST).limit(bindparam("lim"))
_UNDATED = select(IncidentPlace.incident_id).where(_AT, IncidentPlace.start_date.is_(None)) \
    .order_by(IncidentPlace.id).limit(bindparam("lim"))  # the index's order (place, NULL date, id): same on PostgreSQL


def _latest_at(s: Session, place_id: str, on: tuple[date, date] | None, limit: int) -> list[int]:
    """The newest incidents at one place, straight off the (place_id, start_date) index: a province or a city
    with thousands of incidents over the years costs a short index walk, not a sort of all of them."""
    key: dict[str, object] = {"pid": place_id, "lim": 2 * limit}  # 2x: ties by date
    conn = s.connection()  # ids only: the Core path, without the ORM's per-statement set-up (≈ 40 µs of ≈ 110)
    if on is None:
        found = list(conn.execute(_LATEST, key).scalars())
    else:
        lo, hi = on
        found = list(conn.execute(_LATEST_ON, key | {"since": lo - _LONGEST, "hi": hi, "lo": lo}).scalars())
    if len(found) < limit:  # undated incidents come after all dated ones (an undated report may be the one asked for)
        found += conn.execute(_UNDATED, {"pid": place_id, "lim": limit}).scalars()
    return found


CLEAR = 0.75  # a place this similar to a misspelt query may be answered directly...
MARGIN = 0.05  # ...when no other place with incidents comes within this much of it
CLOSE = 0.6  # suggestions stop where names stop being close


def _places_with_incidents(s: Session, gaz: Gazetteer, query: str, floor: float,
                           on: tuple[date, date] | None) -> list[tuple[str, float, list[int]]]:
    """(place name, score, incident ids) for places like the query that have incidents, best first."""
    out: list[tuple[str, float, list[int]]] = []
    for place, score in gaz.search(query, limit=10):
        if score < floor:
            break
        ids = _latest_at(s, place.id, on, 20)
        if ids:
            out.append((place.name, score, ids))
    return out


def clear_guess(s: Session, gaz: Gazetteer, query: str, on: tuple[date, date] | None = None
                ) -> tuple[str, list[Incident]] | None:
    """A misspelling with one clear answer ('kalzu' -> Kalsu): that place's name and its incidents, newest first."""
    ranked = _places_with_incidents(s, gaz, query, CLEAR, on)
    if not ranked:
        return None
    name, best, first = ranked[0]
    rivals = [score for _other, score, found in ranked[1:] if not set(found) <= set(first)]  # other incidents
    if rivals and best - rivals[0] < MARGIN:
        return None
    ids = sorted(first)
    stmt = select(Incident).where(Incident.id.in_(ids)).order_by(Incident.start_date.desc().nulls_last(), Incident.id.desc())
    return name, list(s.scalars(stmt))


def known_place(gaz: Gazetteer, query: str) -> str | None:
    """'Kremenchuk (Poltava, Ukraine)' when the query names a place the gazetteer knows."""
    hits = gaz.search(query, limit=1)
    if not hits or hits[0][1] < 0.95:
        return None
    place = hits[0][0]
    where = ", ".join(dict.fromkeys(x for x in (place.admin1, place.country) if x and x != place.name))
    return f"{place.name} ({where})" if where else place.name


def suggestions(s: Session, gaz: Gazetteer, query: str, limit: int = 5) -> list[str]:
    """Incidents at places whose names are close to a query that matched nothing, closest first; nothing
    when no name is close (an unknown place is not answered with unrelated incidents)."""
    out: list[str] = []
    for _name, _score, ids in _places_with_incidents(s, gaz, query, CLOSE, None):
        stmt = select(Incident.slug).where(Incident.id.in_(ids)).order_by(Incident.start_date.desc().nulls_last())
        out += [slug for slug in s.scalars(stmt) if slug not in out]
    return out[:limit]


__all__ = ["clear_guess", "find", "incident_view", "known_place", "load", "reconcile", "refresh_statuses", "suggestions"]
