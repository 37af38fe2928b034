"""The digest Briefing: what changed between two instants, for a channel's morning message.

New incidents, incidents with new reports (with the history of every figure a new report changed), and the
disputes still open; one line, "Nothing new.", when nothing happened. Every figure comes from a stored claim
(briefings.history); details are one `/incident <slug>` away. Sections stay itemised so that renderers and
chat adapters can paginate long digests. build_digest composes one digest with SQL filters; many digests over
the same window (scheduled subscriptions) come cheaper from briefings.digestwindow, which gives the same Briefings.
"""
from __future__ import annotations

import json
from collections.abc import Mapping
from dataclasses import asdict, dataclass, fields, replace
from datetime import datetime, timedelta, timezone
from typing import Any

from sqlalchemy import exists, or_, select
from sqlalchemy.orm import Session, sessionmaker

from briefings import compose, queries
from briefings.briefing import Briefing, Item, Section
from briefings.db.models import Article, Claim, Incident, IncidentArticle, IncidentPlace
from briefings.extract.article import Knowledge
from briefings.history import FigureHistory, changed_since

STATUS_RANK = {"single-source": 0, "corroborated": 1, "contested": 2}
DISPUTE_WINDOW = timedelta(days=7)  # contested incidents with news this recent count as open disputes
MAX_INCIDENTS = 100
MAX_DISPUTES = 20


@dataclass(frozen=True)
class DigestFilter:
    """Which incidents a subscription wants; empty fields match everything."""

    place: str | None = None
    country: str | None = None
    actor: str | None = None
    keyword: str | None = None
    min_status: str | None = None  # single-source | corroborated | contested

    def __post_init__(self) -> None:
        if self.min_status is not None and self.min_status not in STATUS_RANK:
            raise ValueError(f"unknown status {self.min_status!r}; use one of {', '.join(STATUS_RANK)}")

    @classmethod
    def of(cls, value: DigestFilter | Mapping[str, Any] | str | None) -> DigestFilter:
        """A filter from a DigestFilter, a mapping, its JSON text, or None."""
        if isinstance(value, DigestFilter):
            return value
        data: Mapping[str, Any] = json.loads(value or "{}") if isinstance(value, str) else (value or {})
        names = {f.name for f in fields(cls)}
        return cls(**{k: v for k, v in data.items() if k in names and v})

    def to_json(self) -> str:
        return json.dumps({k: v for k, v in asdict(self).items() if v}, sort_keys=True)

    def describe(self) -> str:
        """'place Kalsu, contested only' — or '' when the filter matches everything."""
        parts = [f"{k} {v}" for k, v in (("place", self.place), ("country", self.country), ("actor", self.actor),
                                          ("keyword", self.keyword)) if v]
        if self.min_status:
            parts.append("contested only" if self.min_status == "contested" else f"at least {self.min_status}")
        return ", ".join(parts)


def _utc(dt: datetime | None) -> datetime | None:
    """Aware UTC for binding (SQLite stores no offset: every stored time is UTC wall time)."""
    if dt is None:
        return None
    return (dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)).astimezone(timezone.utc)


def place_ids(place: str, kn: Knowledge) -> list[str]:
    """Gazetteer places a place filter means (aliases and misspellings: 'hila' is Hilla)."""
    return [p.id for p, score in kn.places.search(place, limit=8) if score >= 0.82]


def actor_names(actor: str, kn: Knowledge) -> list[str]:
    """The names an actor filter looks for: as typed, then the actor's canonical name and aliases."""
    known = kn.actors.canonical(actor)
    return list(dict.fromkeys([actor, *((known.name, *known.aliases) if known else ())]))[:20]


def _conditions(flt: DigestFilter, kn: Knowledge) -> list[Any]:
    conds: list[Any] = []
    if flt.place:
        ids = place_ids(flt.place, kn)
        sub = select(IncidentPlace.incident_id).where(IncidentPlace.place_id.in_(ids))
        conds.append(or_(Incident.id.in_(sub), Incident.place_name.ilike(f"%{flt.place}%")) if ids
                     else Incident.place_name.ilike(f"%{flt.place}%"))
    if flt.country:
        conds.append(Incident.country.ilike(f"%{flt.country}%"))
    if flt.actor:
        names = actor_names(flt.actor, kn)
        said = [Claim.attributed_to.ilike(f"%{n}%") for n in names] + [Claim.value.ilike(f"%{n}%") for n in names]
        conds.append(exists().where(Claim.incident_id == Incident.id, or_(*said)))
    if flt.keyword:
        quoted = exists().where(Claim.incident_id == Incident.id, Claim.quote.ilike(f"%{flt.keyword}%"))
        conds.append(or_(Incident.title.ilike(f"%{flt.keyword}%"), quoted))
    if flt.min_status:
        conds.append(Incident.status.in_([s for s, r in STATUS_RANK.items() if r >= STATUS_RANK[flt.min_status]]))
    return conds


def _new_articles(s: Session, inc: Incident, since: datetime | None, until: datetime | None) -> list[int]:
    stmt = (select(Article.id).join(IncidentArticle, IncidentArticle.article_id == Article.id)
            .where(IncidentArticle.incident_id == inc.id))
    if since is not None:
        stmt = stmt.where(Article.fetched_at >= since)
    if until is not None:
        stmt = stmt.where(Article.fetched_at < until)
    return list(s.scalars(stmt))


def date_span(i: Incident) -> str:
    """An incident's dates as people read them: one day, a span, or "date unknown"."""
    if i.start_date is None:
        return "date unknown"
    if i.end_date and i.end_date != i.start_date:
        return f"{i.start_date.isoformat()} – {i.end_date.isoformat()}"
    return i.start_date.isoformat()


def _row(i: Incident) -> dict[str, Any]:
    return {"slug": i.slug, "title": i.title, "place": i.place_name, "country": i.country, "status": i.status,
            "start": i.start_date.isoformat() if i.start_date else None,
            "end": i.end_date.isoformat() if i.end_date else None}


def _history_json(h: FigureHistory) -> dict[str, Any]:
    return {"field": h.field, "victims": h.victims, "values": [
        {"value": s.value, "qualifier": s.qualifier, "attributed_to": s.claim.holder, "outlet": s.claim.outlet,
         "published": s.claim.published, "quote": s.claim.quote} for s in h.steps]}


def build_digest(sessions: sessionmaker[Session], knowledge: Knowledge, since: datetime | None,
                 until: datetime | None = None, filters: DigestFilter | Mapping[str, Any] | str | None = None) -> Briefing:
    """The digest of news in [since, until) (until None: up to now; since None: everything)."""
    flt = DigestFilter.of(filters)
    since, until = _utc(since), _utc(until)
    conds = _conditions(flt, knowledge)
    new: list[Incident] = []
    updated: list[tuple[Incident, int, tuple[FigureHistory, ...]]] = []
    with sessions() as s:
        stmt = select(Incident).where(*conds)
        if since is not None:
            stmt = stmt.where(Incident.updated_at >= since)
        stmt = stmt.order_by(Incident.updated_at.desc(), Incident.id.desc()).limit(MAX_INCIDENTS + 1)
        candidates = list(s.scalars(stmt))
        more = len(candidates) > MAX_INCIDENTS
        for inc in candidates[:MAX_INCIDENTS]:
            fresh = _new_articles(s, inc, since, until)
            created = _utc(inc.created_at)
            if not fresh and not (created and (since is None or created >= since) and (until is None or created < until)):
                continue
            if since is None or (created is not None and created >= since):
                new.append(inc)
                continue
            claims, _articles, _outlets = queries.load(s, inc)
            new_ids = {c.id for c in claims if c.article_id in set(fresh)}
            updated.append((inc, len(fresh), changed_since(claims, new_ids)))
        disputes = _open_disputes(s, knowledge, conds, until) if new or updated else []
    return capped(_compose(flt, since, until, new, updated, disputes), more)


def capped(b: Briefing, more: bool) -> Briefing:
    """Say that incidents past MAX_INCIDENTS were left out, rather than drop them silently."""
    if not more:
        return b
    return replace(b, summary=b.summary + f" Only the {MAX_INCIDENTS} most recently updated incidents are listed; "
                   "a filter (place, country, actor, keyword, contested) narrows the digest.")


def _open_disputes(s: Session, kn: Knowledge, conds: list[Any], until: datetime | None) -> list[tuple[Incident, str]]:
    recent = (until or datetime.now(timezone.utc)) - DISPUTE_WINDOW
    stmt = (select(Incident).where(*conds, Incident.status == "contested", Incident.updated_at >= recent)
            .order_by(Incident.updated_at.desc(), Incident.id.desc()).limit(MAX_DISPUTES))
    out = []
    for inc in s.scalars(stmt):
        out.append((inc, disputed_fields(s, inc)))
    return out


def disputed_fields(s: Session, inc: Incident) -> str:
    """What the sources of a contested incident disagree on: 'killed, wounded'."""
    claims, _articles, outlets = queries.load(s, inc)
    rec = queries.reconcile(claims, outlets)
    return ", ".join(dict.fromkeys(compose.LABEL.get(d.field, d.field).lower() for d in rec.disputes))


def _compose(flt: DigestFilter, since: datetime | None, until: datetime | None, new: list[Incident],
             updated: list[tuple[Incident, int, tuple[FigureHistory, ...]]],
             disputes: list[tuple[Incident, str]]) -> Briefing:
    sections: list[Section] = []
    if new:
        sections.append(Section("New incidents", "digest", tuple(
            Item(label=i.slug, text=f"{i.title} · {date_span(i)} · {i.status} · /incident {i.slug}") for i in new)))
    if updated:
        sections.append(Section("Updated incidents", "digest", tuple(
            Item(label=i.slug, text=f"{i.title} · {date_span(i)} · {n} new report(s) · {i.status} · /incident {i.slug}")
            for i, n, _h in updated)))
    figures = [(i, h) for i, _n, hs in updated for h in hs]
    if figures:
        sections.append(Section("Changed figures", "history", tuple(h.item(prefix=f"{i.place_name}: ") for i, h in figures)))
    if disputes:
        sections.append(Section("Open disputes", "digest", tuple(
            Item(label=i.slug, text=f"{i.title}: sources disagree on {what or 'the facts'} · /incident {i.slug}")
            for i, what in disputes)))
    if new or updated:
        summary = f"{len(new)} new incident(s), {len(updated)} with new reports. Details: /incident <name>."
    else:
        summary = "Nothing new."
    described = flt.describe()
    data = {
        "since": since.isoformat() if since else None, "until": until.isoformat() if until else None,
        "filters": json.loads(flt.to_json()), "new": [_row(i) for i in new],
        "updated": [{**_row(i), "new_reports": n, "changed": [_history_json(h) for h in hs]} for i, n, hs in updated],
        "disputes": [{**_row(i), "disputed": what} for i, what in disputes],
    }
    data["clock"] = "ingest"
    return Briefing("Digest", summary, tuple(sections), footer=f"Filter: {described}" if described else None,
                    kind="digest", data=data, notes=(clock_note(since, until),))


def _stamp(t: datetime) -> str:
    return t.astimezone(timezone.utc).strftime("%Y-%m-%d %H:%M UTC")


def event_period(since: datetime | None) -> str:
    return "" if since is None else f" with events on or after {since.date().isoformat()}"


def event_clock(with_since: bool) -> str:
    """Lists count by the events' own dates (a digest counts by report time: clock_note)."""
    return ("By event date, newest first" + (" (--since counts the events' own dates)" if with_since else "")
            + ". For what was reported recently, see the digest.")


def clock_note(since: datetime | None, until: datetime | None) -> str:
    """Which clock a digest counts by: when briefbot received the reports, not when the events happened."""
    if since and until:
        window = f"between {_stamp(since)} and {_stamp(until)}"
    elif since:
        window = f"since {_stamp(since)}"
    elif until:
        window = f"before {_stamp(until)}"
    else:
        window = "at any time"
    return f"By report time: reports received {window}. Each incident shows its event dates."
