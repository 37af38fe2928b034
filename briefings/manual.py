"""Analysts' fixes of a wrong grouping: merge two incidents, split a report out of one (issue 12).

Each fix is recorded (who, when) in incident_decisions and stays fixed: a merged incident is gone (its places and
dates now belong to the one it joined, so later reports find that one), a moved report's link says so, and later
revisions of a report whose link an analyst set follow that link, never the scores (`pinned_urls`, read by ingest
once per batch). Both run in one write transaction under the same per-place locks as ingest.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, timezone
from typing import Any

from sqlalchemy import Connection, bindparam, delete, insert, select, update
from sqlalchemy.orm import Session

from briefings.db.models import (Article, Claim, Incident, IncidentAlternative, IncidentArticle, IncidentDecision,
                                 IncidentPlace)
from briefings.errors import BriefingError
from briefings.extract.article import Knowledge
from briefings.extract.frames import Frame
from briefings.ingest.extractor import frames_of
from briefings.ingest.formats import Document
from briefings.queries import _SLUG as _SLUGLIKE  # the shape of a slug, as the look-up reads it
from briefings.queries import refresh_statuses
from briefings.resolution import Pinned, Transaction, primary_place
from briefings.resolve import Resolver

MANUAL = "manual "  # the prefix of every link reason an analyst set
_PRECISION = {"day": 0, "month": 1, "year": 2, "none": 3}


@dataclass(frozen=True)
class Outcome:
    """What a fix did, in one line for chat and the command line."""

    slug: str  # the incident that now holds the reports
    text: str


def stamp(actor: str, now: datetime) -> str:
    return f"by {actor} at {now.strftime('%Y-%m-%d %H:%M')} UTC"


_D = IncidentDecision.__table__
_PINS = (select(_D.c.article_url, _D.c.kind, _D.c.incident_id, _D.c.from_id, _D.c.slug, _D.c.other_slug, _D.c.actor,
                _D.c.created_at).where(_D.c.article_url.in_(bindparam("urls", expanding=True))).order_by(_D.c.id))


def pinned_urls(conn: Connection, urls: list[str | None]) -> dict[str, Pinned]:
    """Reports (by url) an analyst moved: the incident each is in now, and those it was split from. One indexed read
    of the (small) decisions table per ingest batch."""
    wanted = sorted({u for u in urls if u})
    if not wanted:
        return {}
    away: dict[str, set[int]] = {}
    to: dict[str, tuple[int | None, str]] = {}
    for url, kind, incident_id, from_id, slug, other, actor, at in conn.execute(_PINS, {"urls": wanted}):
        when = stamp(actor, _aware(at))
        if kind == "split":
            away.setdefault(url, set()).update([from_id] if from_id is not None else [])
            to[url] = (incident_id, f"{MANUAL}split from {other} {when}")
        else:
            to[url] = (incident_id, f"{MANUAL}merge of {other} into {slug} {when}")
    return {url: Pinned(frozenset(away.get(url, ())), target, why) for url, (target, why) in to.items()}


def _incident(s: Session, slug: str) -> Incident:
    found = s.scalars(select(Incident).where(Incident.slug == slug.strip().lower())).first()
    if found is None:
        merged = s.execute(select(IncidentDecision.slug).where(
            IncidentDecision.kind == "merge", IncidentDecision.other_slug == slug.strip().lower())).first()
        hint = f" (it was merged into {merged[0]})" if merged else ""
        raise BriefingError(f"No incident has the slug {slug.strip()!r}{hint}. List them with /incidents "
                            "or briefbot incidents; use the slug as shown there.")
    return found


def merged_into(s: Session, slug: str) -> tuple[str, str] | None:
    """(slug now, note) when `slug` names an incident that an analyst merged into another (and no incident has
    taken that slug since). Only slug-shaped queries cost a look-up."""
    if not _SLUGLIKE.match(slug.strip().lower()) or s.scalar(
            select(Incident.id).where(Incident.slug == slug.strip().lower())) is not None:
        return None
    row = s.execute(select(IncidentDecision.slug, IncidentDecision.actor, IncidentDecision.created_at,
                           Incident.slug).outerjoin(Incident, Incident.id == IncidentDecision.incident_id)
                    .where(IncidentDecision.kind == "merge", IncidentDecision.other_slug == slug.strip().lower())
                    .order_by(IncidentDecision.id.desc())).first()
    if row is None or row[3] is None:
        return None
    return row[3], f"{slug.strip().lower()} was merged into {row[3]} {stamp(row[1], _aware(row[2]))}."


def _aware(dt: datetime) -> datetime:
    return dt if dt.tzinfo else dt.replace(tzinfo=timezone.utc)


def _places(conn: Connection, *ids: int) -> list[str]:
    return list(conn.scalars(select(IncidentPlace.place_id).where(IncidentPlace.incident_id.in_(ids))))


def _dates(a: Incident, b: Incident) -> tuple[date | None, date | None, str]:
    """The merged incident's dates: both spans when equally precise, else the more precise one's."""
    if b.start_date is None:
        return a.start_date, a.end_date, a.date_precision
    if a.start_date is None or _PRECISION.get(b.date_precision, 3) < _PRECISION.get(a.date_precision, 3):
        return b.start_date, b.end_date, b.date_precision
    if a.date_precision != b.date_precision:
        return a.start_date, a.end_date, a.date_precision
    return (min(a.start_date, b.start_date), max(a.end_date or a.start_date, b.end_date or b.start_date),
            a.date_precision)


def merge(s: Session, resolver: Resolver, keep: str, gone: str, actor: str, now: datetime) -> Outcome:
    """Incident `gone` becomes part of `keep`: its reports, claims, places and "possibly also" notes move."""
    conn = s.connection()
    a, b = _incident(s, keep), _incident(s, gone)
    if a.id == b.id:
        raise BriefingError(f"{a.slug} and {b.slug} are the same incident: nothing to merge.")
    resolver.lock_places(conn, _places(conn, a.id, b.id), Transaction())
    when = stamp(actor, now)
    why = f"{MANUAL}merge of {b.slug} into {a.slug} {when}"
    mine = set(conn.scalars(select(IncidentArticle.article_id).where(IncidentArticle.incident_id == a.id)))
    links = conn.execute(select(IncidentArticle.id, IncidentArticle.article_id, IncidentArticle.why)
                         .where(IncidentArticle.incident_id == b.id)).all()
    for link_id, article_id, before in links:
        if article_id in mine:
            conn.execute(delete(IncidentArticle).where(IncidentArticle.id == link_id))
        else:
            conn.execute(update(IncidentArticle).where(IncidentArticle.id == link_id).values(
                incident_id=a.id, why=why + (f"; before: {before}" if before else "")))
    conn.execute(update(Claim).where(Claim.incident_id == b.id).values(incident_id=a.id))
    _move_alternatives(conn, {b.id: a.id})
    conn.execute(update(IncidentDecision).where(IncidentDecision.incident_id == b.id).values(incident_id=a.id))
    conn.execute(update(IncidentDecision).where(IncidentDecision.from_id == b.id).values(from_id=a.id))
    start, end, precision = _dates(a, b)
    theirs = {pid: name for pid, name in conn.execute(select(IncidentPlace.place_id, IncidentPlace.place_name)
                                                      .where(IncidentPlace.incident_id == b.id))}
    have = set(_places(conn, a.id))
    conn.execute(delete(Incident).where(Incident.id == b.id))
    new_rows = [{"incident_id": a.id, "place_id": pid, "place_name": name, "start_date": start, "end_date": end}
                for pid, name in theirs.items() if pid not in have]
    if new_rows:
        conn.execute(insert(IncidentPlace), new_rows)
    types = ",".join(dict.fromkeys(t for t in f"{a.event_types},{b.event_types}".split(",") if t))
    conn.execute(update(IncidentPlace).where(IncidentPlace.incident_id == a.id).values(start_date=start, end_date=end))
    conn.execute(update(Incident).where(Incident.id == a.id).values(
        start_date=start, end_date=end, date_precision=precision, event_types=types[:300],
        first_report_at=_earliest(a.first_report_at, b.first_report_at),
        last_report_at=_latest(a.last_report_at, b.last_report_at), updated_at=now))
    _record(conn, "merge", a.id, None, a.slug, b.slug, None, actor, now)
    moved_ids = [article_id for _link, article_id, _why in links]
    for url in sorted({u for u in conn.scalars(select(Article.url).where(Article.id.in_(moved_ids))) if u}):
        _record(conn, "merge", a.id, None, a.slug, b.slug, url, actor, now)  # later revisions follow the merge
    refresh_statuses(s, [a.id])
    moved = len(links)
    return Outcome(a.slug, f"Merged {b.slug} into {a.slug} ({moved} report{'s' if moved != 1 else ''} moved) {when}.")


Span = tuple[date, date, str]  # a report's main event: start, end, precision


def split(s: Session, resolver: Resolver, slug: str, url: str, frames: list[Frame] | None, actor: str,
          now: datetime, remaining: dict[int, Span] | None = None) -> Outcome:
    """The report at `url` (every revision and republished copy of it) leaves incident `slug` for one of its own,
    placed and dated by the report's own main event when it has one. `remaining` (article id -> the main event's
    dates of the incident's other reports) narrows the incident's dates back to its own reports, so that later
    reports of the split-off event do not find it wider than it is."""
    conn = s.connection()
    a = _incident(s, slug)
    url = url.strip().strip("<>")
    linked = dict(conn.execute(select(Article.id, Article.carrier_of).join(
        IncidentArticle, IncidentArticle.article_id == Article.id).where(IncidentArticle.incident_id == a.id)).all())
    own = set(conn.scalars(select(Article.id).where(Article.url == url))) & set(linked)
    if not own:
        raise BriefingError(f"{a.slug} has no report with the url {url}. See its reports with /sources {a.slug}.")
    ids = own | {i for i, carried in linked.items() if carried in own}
    if ids >= set(linked):
        raise BriefingError(f"{url} is the only report of {a.slug}: there is nothing to split it from.")
    resolver.lock_places(conn, _places(conn, a.id), Transaction())
    main = next((f for f in frames or [] if f.main and f.places), None)
    txn = Transaction()
    if main is not None:
        new = resolver._create(conn, main, primary_place(main), a.first_report_at or now, txn.seen)
    else:
        new = resolver._create(conn, _copy_frame(resolver, a), resolver.places.get(a.place_id) or _fail(a), now,
                               txn.seen)
    when = stamp(actor, now)
    why = f"{MANUAL}split from {a.slug} {when}"
    conn.execute(update(IncidentArticle).where(IncidentArticle.incident_id == a.id,
                                               IncidentArticle.article_id.in_(ids)).values(incident_id=new.id, why=why))
    conn.execute(update(Claim).where(Claim.incident_id == a.id, Claim.article_id.in_(ids)).values(incident_id=new.id))
    conn.execute(update(IncidentAlternative).where(IncidentAlternative.incident_id == a.id,
                                                   IncidentAlternative.article_id.in_(ids)).values(incident_id=new.id))
    _record(conn, "split", new.id, a.id, new.slug, a.slug, url, actor, now)
    _narrow(conn, a.id, [span for aid, span in (remaining or {}).items() if aid not in ids])
    refresh_statuses(s, [a.id, new.id])
    return Outcome(new.slug, f"Split {url} out of {a.slug} into {new.slug} {when}.")


def _narrow(conn: Connection, incident_id: int, spans: list[Span]) -> None:
    """The incident's dates from its remaining reports' main events (the most precise ones), when any are dated."""
    if not spans:
        return
    finest = min(_PRECISION.get(p, 3) for _s, _e, p in spans)
    kept = [(st, en, p) for st, en, p in spans if _PRECISION.get(p, 3) == finest]
    start, end, precision = min(st for st, _e, _p in kept), max(en for _s, en, _p in kept), kept[0][2]
    conn.execute(update(Incident).where(Incident.id == incident_id).values(
        start_date=start, end_date=end, date_precision=precision))
    conn.execute(update(IncidentPlace).where(IncidentPlace.incident_id == incident_id).values(
        start_date=start, end_date=end))


def remaining_spans(s: Session, kn: Knowledge, resolver: Resolver, slug: str) -> dict[int, Span]:
    """Article id -> the dates of its main event, for each report of the incident whose main event is at the
    incident's place (extracted again: frames are not stored; a manual split is rare, so this may take a second)."""
    found = s.execute(select(Incident.id, Incident.place_id).where(Incident.slug == slug.strip().lower())).first()
    place = resolver.places.get(found[1]) if found else None
    if found is None or place is None:
        return {}
    rows = s.execute(select(Article.id, Article.text, Article.title, Article.published_at, Article.language,
                            Article.url, Article.source_path)
                     .join(IncidentArticle, IncidentArticle.article_id == Article.id)
                     .where(IncidentArticle.incident_id == found[0], Article.carrier_of.is_(None))).all()
    out: dict[int, Span] = {}
    for aid, text, title, published, language, url, source in rows:
        doc = Document(text, title, url, None, _aware(published) if published else None, language, source or "?")
        main = next((f for f in frames_of(doc, kn) if f.main), None)
        if main is not None and main.start is not None and main.end is not None and main.places and any(
                resolver._related(p, place) for p in main.places):
            out[aid] = (main.start, main.end, main.precision or "day")
    return out


def report_frames(s: Session, kn: Knowledge, url: str) -> list[Frame] | None:
    """The frames of the newest stored revision of the report at `url` (extracted again: frames are not stored)."""
    row = s.execute(select(Article.text, Article.title, Article.published_at, Article.language, Article.source_path)
                    .where(Article.url == url.strip().strip("<>")).order_by(Article.revision.desc())).first()
    if row is None:
        return None
    text, title, published, language, source = row
    doc = Document(text, title, url, None, _aware(published) if published else None, language, source or url)
    return frames_of(doc, kn)


def _copy_frame(resolver: Resolver, a: Incident) -> Frame:
    """A frame like the incident's own (the report has no readable main event): same place, dates and kind."""
    place = resolver.places.get(a.place_id)
    return Frame(0, main=True, start=a.start_date, end=a.end_date,
                 precision=None if a.date_precision == "none" else a.date_precision,
                 places=[place] if place else [], types=[t for t in a.event_types.split(",") if t])


def _fail(a: Incident) -> Any:
    raise BriefingError(f"The place of {a.slug} is no longer known to the gazetteer; the report cannot be split.")


def _move_alternatives(conn: Connection, moved: dict[int, int]) -> None:
    """Re-point "possibly also" rows after a merge; a report is never "possibly also" in its own incident."""
    t = IncidentAlternative.__table__
    rows = conn.execute(select(t.c.id, t.c.incident_id, t.c.article_id, t.c.other_id, t.c.why).where(
        t.c.incident_id.in_(list(moved)) | t.c.other_id.in_(list(moved)))).all()
    if not rows:
        return
    conn.execute(delete(t).where(t.c.id.in_([r[0] for r in rows])))
    keep: dict[tuple[int, int, int], dict[str, Any]] = {}
    for _id, inc, art, other, why in rows:
        inc, other = moved.get(inc, inc), moved.get(other, other)
        if inc != other:
            keep[(inc, art, other)] = {"incident_id": inc, "article_id": art, "other_id": other, "why": why}
    targets = sorted({k[0] for k in keep})
    existing = set(conn.execute(select(t.c.incident_id, t.c.article_id, t.c.other_id)
                                .where(t.c.incident_id.in_(targets))).all()) if keep else set()
    fresh = [v for k, v in keep.items() if k not in existing]
    if fresh:
        conn.execute(insert(t), fresh)


def _record(conn: Connection, kind: str, incident_id: int, from_id: int | None, slug: str, other: str,
            url: str | None, actor: str, now: datetime) -> None:
    conn.execute(insert(IncidentDecision).values(kind=kind, incident_id=incident_id, from_id=from_id, slug=slug,
                                                 other_slug=other, article_url=url, actor=actor[:200], created_at=now))


def _earliest(a: datetime | None, b: datetime | None) -> datetime | None:
    both = [_aware(x) for x in (a, b) if x is not None]
    return min(both) if both else None


def _latest(a: datetime | None, b: datetime | None) -> datetime | None:
    both = [_aware(x) for x in (a, b) if x is not None]
    return max(both) if both else None
