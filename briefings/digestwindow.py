"""Many digests over one window: load what [since, until) holds once, then filter per subscription in memory.

At 07:30 Baghdad time hundreds of subscriptions fall due with the same window; build_digest would run the same
queries (and reload the same claims) for each of them. A DigestWindow loads the window's incidents once — which
are new, which have new reports and the history of every figure those reports changed, which are contested
recently enough to count as open disputes — with the text the filters look at, and `digest(filter)` then gives
exactly what build_digest gives. Text is matched the way the SQL it replaces matches it: the database lower-cases
the stored text (SQLite folds ASCII only, PostgreSQL by its locale), and a filter using LIKE wildcards (% _ \\)
goes through build_digest itself. What the sources of a dispute disagree on is loaded once, when a digest first
lists it.
"""
from __future__ import annotations

import threading
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from sqlalchemy import String, and_, cast, func, literal, or_, select
from sqlalchemy.orm import Session, sessionmaker

from briefings import digest, queries
from briefings.briefing import Briefing
from briefings.db.models import Article, Claim, Incident, IncidentArticle, IncidentPlace
from briefings.digest import DigestFilter, _compose, _utc, actor_names, capped, disputed_fields, place_ids
from briefings.extract.article import Knowledge
from briefings.history import FigureHistory, changed_since

WILDCARDS = ("%", "_", "\\", "\x00")  # LIKE syntax (PostgreSQL escapes with \) and our separator
SEP = "\x00"
ORDER = (Incident.updated_at.desc(), Incident.id.desc())


@dataclass(frozen=True)
class Facts:
    """What the filters look at for one incident, lower-cased by the database as ILIKE lower-cases it."""

    place_ids: frozenset[str]
    place_name: str
    country: str | None
    title: str
    said: str  # who said it and what, for every claim (SEP-separated): the actor filter
    quotes: str  # every claim's quote (SEP-separated): the keyword filter
    status: str


@dataclass(frozen=True)
class News:
    """A candidate incident's news in the window, the same for every subscription."""

    incident: Incident
    kind: str  # new | updated | none (touched after `until`, or by a status refresh only)
    reports: int = 0
    changed: tuple[FigureHistory, ...] = ()


class DigestWindow:
    """Everything the digests of [since, until) draw on; `digest(filters)` composes one subscription's digest."""

    def __init__(self, sessions: sessionmaker[Session], knowledge: Knowledge, since: datetime | None,
                 until: datetime | None, news: list[News], disputed: list[Incident], facts: dict[int, Facts]) -> None:
        self.sessions, self.knowledge, self.since, self.until = sessions, knowledge, since, until
        self.news, self.disputed, self.facts = news, disputed, facts
        self._lock = threading.Lock()  # the scheduler composes digests of one window in several threads
        self._reasons: dict[int, str] = {}
        self._folded: dict[str, str] = {}
        self._places: dict[str, frozenset[str]] = {}
        self._actors: dict[str, tuple[str, ...]] = {}

    @classmethod
    def load(cls, sessions: sessionmaker[Session], knowledge: Knowledge, since: datetime | None,
             until: datetime | None = None) -> DigestWindow:
        """Read the window: a handful of queries, plus one claim load per incident with new reports."""
        since, until = _utc(since), _utc(until)
        recent = (until or datetime.now(timezone.utc)) - digest.DISPUTE_WINDOW
        touched = [Incident.updated_at >= since] if since is not None else []
        with sessions() as s:
            candidates = list(s.scalars(select(Incident).where(*touched).order_by(*ORDER)))
            disputed = list(s.scalars(select(Incident).where(Incident.status == "contested",
                                                             Incident.updated_at >= recent).order_by(*ORDER)))
            fresh = _fresh(s, touched, since, until)
            news = [_news(s, inc, fresh.get(inc.id, []), since, until) for inc in candidates]
            ids = select(Incident.id)
            if since is not None:
                ids = ids.where(or_(*touched, and_(Incident.status == "contested", Incident.updated_at >= recent)))
            facts = _facts(s, ids)
            late = {i.id for i in (*candidates, *disputed)} - facts.keys()  # changed between the queries
            if late:
                facts.update(_facts(s, sorted(late)))
        return cls(sessions, knowledge, since, until, news, disputed, facts)

    def digest(self, filters: DigestFilter | Mapping[str, Any] | str | None = None) -> Briefing:
        """Exactly what build_digest(sessions, knowledge, since, until, filters) returns."""
        flt = DigestFilter.of(filters)
        match = self._matcher(flt)
        if match is None:  # LIKE wildcards in the filter: let the database interpret them
            return digest.build_digest(self.sessions, self.knowledge, self.since, self.until, flt)
        picked = [n for n in self.news if match(self.facts[n.incident.id])]
        shown = picked[:digest.MAX_INCIDENTS]
        new = [n.incident for n in shown if n.kind == "new"]
        updated = [(n.incident, n.reports, n.changed) for n in shown if n.kind == "updated"]
        disputes = self._disputes(match) if new or updated else []
        return capped(_compose(flt, self.since, self.until, new, updated, disputes),
                      len(picked) > digest.MAX_INCIDENTS)

    # -- filters ----------------------------------------------------------------------------------------------
    def _matcher(self, flt: DigestFilter) -> Callable[[Facts], bool] | None:
        tests: list[Callable[[Facts], bool]] = []
        actors = self._actor_names(flt.actor) if flt.actor else ()
        needles = [n for n in (flt.place, flt.country, flt.keyword, *actors) if n]
        if any(w in n for n in needles for w in WILDCARDS):
            return None
        if flt.place:
            ids, place = self._place_ids(flt.place), self._fold(flt.place)
            tests.append(lambda f: place in f.place_name or not ids.isdisjoint(f.place_ids))
        if flt.country:
            country = self._fold(flt.country)
            tests.append(lambda f: f.country is not None and country in f.country)
        if flt.actor:
            names = [self._fold(n) for n in actors]
            tests.append(lambda f: any(n in f.said for n in names))
        if flt.keyword:
            word = self._fold(flt.keyword)
            tests.append(lambda f: word in f.title or word in f.quotes)
        if flt.min_status:
            statuses = frozenset(s for s, r in digest.STATUS_RANK.items() if r >= digest.STATUS_RANK[flt.min_status])
            tests.append(lambda f: f.status in statuses)
        return lambda f: all(t(f) for t in tests)

    def _fold(self, text: str) -> str:
        """Lower-case a filter as the database's lower() does (ASCII is the same everywhere)."""
        if text.isascii():
            return text.lower()
        with self._lock:
            if text not in self._folded:
                with self.sessions() as s:
                    self._folded[text] = s.scalar(select(func.lower(cast(literal(text), String)))) or ""
            return self._folded[text]

    def _place_ids(self, place: str) -> frozenset[str]:
        if place not in self._places:
            self._places[place] = frozenset(place_ids(place, self.knowledge))
        return self._places[place]

    def _actor_names(self, actor: str) -> tuple[str, ...]:
        if actor not in self._actors:
            self._actors[actor] = tuple(actor_names(actor, self.knowledge))
        return self._actors[actor]

    def _disputes(self, match: Callable[[Facts], bool]) -> list[tuple[Incident, str]]:
        shown = [i for i in self.disputed if match(self.facts[i.id])][:digest.MAX_DISPUTES]
        with self._lock:
            missing = [i for i in shown if i.id not in self._reasons]
            if missing:
                with self.sessions() as s:
                    for inc in missing:
                        self._reasons[inc.id] = disputed_fields(s, inc)
            return [(i, self._reasons[i.id]) for i in shown]


def _fresh(s: Session, touched: list[Any], since: datetime | None, until: datetime | None) -> dict[int, list[int]]:
    """Per incident, its reports fetched in the window (build_digest's _new_articles, for all at once)."""
    stmt = (select(IncidentArticle.incident_id, Article.id)
            .join(Article, IncidentArticle.article_id == Article.id)
            .where(IncidentArticle.incident_id.in_(select(Incident.id).where(*touched))))
    if since is not None:
        stmt = stmt.where(Article.fetched_at >= since)
    if until is not None:
        stmt = stmt.where(Article.fetched_at < until)
    out: dict[int, list[int]] = {}
    for incident_id, article_id in s.execute(stmt):
        out.setdefault(incident_id, []).append(article_id)
    return out


def _news(s: Session, inc: Incident, fresh: list[int], since: datetime | None, until: datetime | None) -> News:
    created = _utc(inc.created_at)
    if not fresh and not (created and (since is None or created >= since) and (until is None or created < until)):
        return News(inc, "none")
    if since is None or (created is not None and created >= since):
        return News(inc, "new")
    claims, _articles, _outlets = queries.load(s, inc)
    new_ids = {c.id for c in claims if c.article_id in set(fresh)}
    return News(inc, "updated", len(fresh), changed_since(claims, new_ids))


def _facts(s: Session, ids: Any) -> dict[int, Facts]:
    """The filterable text of the window's incidents, lower-cased by the database."""
    places: dict[int, set[str]] = {}
    for incident_id, place_id in s.execute(select(IncidentPlace.incident_id, IncidentPlace.place_id)
                                           .where(IncidentPlace.incident_id.in_(ids))):
        places.setdefault(incident_id, set()).add(place_id)
    said: dict[int, list[str]] = {}
    quotes: dict[int, list[str]] = {}
    for incident_id, holder, value, quote in s.execute(
            select(Claim.incident_id, func.lower(Claim.attributed_to), func.lower(Claim.value), func.lower(Claim.quote))
            .where(Claim.incident_id.in_(ids))):
        said.setdefault(incident_id, []).extend(x for x in (holder, value) if x is not None)
        if quote is not None:
            quotes.setdefault(incident_id, []).append(quote)
    rows = s.execute(select(Incident.id, Incident.status, func.lower(Incident.place_name), func.lower(Incident.country),
                            func.lower(Incident.title)).where(Incident.id.in_(ids)))
    return {i: Facts(frozenset(places.get(i, ())), name or "", country, title or "", SEP.join(said.get(i, ())),
                     SEP.join(quotes.get(i, ())), status) for i, status, name, country, title in rows}
