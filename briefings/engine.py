"""The engine facade: what the bot, the CLI and scripts call. Sync; callers in async code use a worker thread."""
from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Literal

import logging
from datetime import timezone

from sqlalchemy import func, or_, select

from briefings import compose, queries, why
from briefings.briefing import Briefing, Item, Section
from briefings.db.models import Article, Incident, Outlet
from briefings.db.session import make_engine, session_factory, upgrade, writer
from briefings.digest import date_span, event_clock, event_period
from briefings.errors import NoMatch
from briefings import manual
from briefings.manual import Outcome, merged_into
from briefings.extract.article import Knowledge
from briefings.queries import learned_rows
from briefings.ingest.extractor import PoolExtractor
from briefings.ingest.formats import Document
from briefings.ingest.memory import give_back, is_big
from briefings.ingest.lookup import Hashed
from briefings.ingest.pipeline import Batch, Pipeline
from briefings.ingest.readers import Problem, max_bytes_from_env, plan, read
from briefings.search import search_articles

if TYPE_CHECKING:
    from briefings.digestwindow import DigestWindow
    from briefings.finder import IncidentRow

log = logging.getLogger(__name__)

Status = Literal["new", "duplicate", "carrier", "revision", "rejected", "skipped"]  # skipped: not a report


@dataclass(frozen=True)
class IngestOutcome:
    source: str  # path, url, or "path#3" for the 3rd record of a feed/jsonl file
    status: Status
    reason: str | None = None  # why rejected / what it duplicates
    article_id: int | None = None
    incidents: tuple[str, ...] = ()  # slugs touched


@dataclass(frozen=True)
class IngestReport:
    outcomes: tuple[IngestOutcome, ...]

    def count(self, status: Status) -> int:
        return sum(1 for o in self.outcomes if o.status == status)

    @property
    def ok(self) -> bool:
        return self.count("rejected") == 0


BATCH_SIZE = 64  # documents per write transaction: a commit costs about as much as storing 3 articles
BATCH_CHARS = 4_000_000  # and at most this much text per batch, so that big articles keep memory bounded
Since = timedelta | datetime | None
Progress = Callable[[IngestOutcome, int, int], None]  # (outcome, done, total inputs)
Entries = tuple[list[tuple[object, int]], list[Document], Callable[[], list[Hashed]] | None]  # a batch, its documents


class Engine:
    """`Engine(database_url)`; None means BRIEFBOT_DATABASE_URL or the embedded SQLite file."""

    def __init__(self, database_url: str | None = None, *, places_files: tuple[Path, ...] = (),
                 actors_files: tuple[Path, ...] = (), max_file_mb: float | None = None, workers: int = 1,
                 batch_size: int = BATCH_SIZE) -> None:
        """`workers` > 1: extraction runs in that many worker processes while this one writes (`ingest`)."""
        self.db = make_engine(database_url)
        upgrade(self.db)
        self.sessions = session_factory(self.db)
        self.knowledge = Knowledge.default(tuple(places_files), tuple(actors_files))
        with self.sessions() as s:  # places earlier reports taught: later reports and look-ups know them
            learned = learned_rows(s)
        extractor = None
        if workers > 1:  # the workers load the same rows; the pool keeps their registries in step with this one
            extractor = PoolExtractor(workers, self.knowledge, tuple(places_files), tuple(actors_files), learned)
        else:
            self.knowledge.places.learned.load(learned)
        self.pipeline = Pipeline(session_factory(writer(self.db)), self.knowledge, extractor)
        self.batch_size = max(1, batch_size)
        self.max_bytes = int(max_file_mb * 1024 * 1024) if max_file_mb else max_bytes_from_env()

    @property
    def url(self) -> str:
        return self.db.url.render_as_string(hide_password=True)

    # -- write side ------------------------------------------------------------------------------
    def ingest(self, sources: Iterable[str | Path], progress: Progress | None = None) -> IngestReport:
        """Read every source and store its documents in batches; one bad input never stops the others.

        While one batch is written, the next is already classified and (with workers) being extracted, and the one
        after that hashed."""
        inputs, skipped = plan(sources)
        outcomes = [IngestOutcome(p.source, "skipped", p.reason) for p in skipped]
        waiting: tuple[list[tuple[object, int]], Batch | Exception] | None = None

        def finish(entries: list[tuple[object, int]], batch: Batch | Exception | None) -> None:
            try:
                if isinstance(batch, Exception):
                    raise batch
                results = iter(self.pipeline.commit(batch) if batch is not None else ())
            except Exception as exc:  # the database went away: each document of the batch says so, none is lost
                log.error("storing a batch failed: %s", exc)
                results = iter([exc] * len(entries))
            for item, done in entries:
                outcome = self._outcome(item, None if isinstance(item, Problem) else next(results))
                outcomes.append(outcome)
                if progress is not None:
                    progress(outcome, done, len(inputs))
            if len(self.pipeline.touched) >= 500:
                self.pipeline.refresh()

        try:
            for entries, docs, hashing in self._hashed_ahead(self._batches(inputs)):
                batch = self._prepare(docs, hashing) if docs else None
                if waiting is not None:
                    finish(*waiting)
                waiting = (entries, batch) if batch is not None else None
                if batch is None:
                    finish(entries, None)
            if waiting is not None:
                finish(*waiting)
        finally:
            self.pipeline.refresh()
        return IngestReport(tuple(outcomes))

    def _batches(self, inputs: list[str]) -> Iterable[list[tuple[object, int]]]:
        entries: list[tuple[object, int]] = []
        chars = 0
        for done, source in enumerate(inputs, 1):
            for item in self._read(source):
                entries.append((item, done))
                chars += len(item.text) if isinstance(item, Document) else 0
                if len(entries) >= self.batch_size or chars >= BATCH_CHARS:
                    yield entries
                    entries, chars = [], 0
            if is_big(source):  # its parse is garbage now: give the pages back before the next input
                give_back()
        if entries:
            yield entries

    def _hashed_ahead(self, batches: Iterable[list[tuple[object, int]]]) -> Iterator[Entries]:
        """Each batch with its documents and their hashing, started `extractor.ahead` batches early (in workers)."""
        started: deque[Entries] = deque()
        ahead = self.pipeline.extractor.ahead
        for entries in batches:
            docs = [item for item, _ in entries if not isinstance(item, Problem)]
            started.append((entries, docs, self.pipeline.hash(docs) if docs else None))
            if len(started) > ahead:
                yield started.popleft()
        yield from started

    def _prepare(self, docs: list[Document], hashing: Callable[[], list[Hashed]] | None) -> Batch | Exception:
        try:
            return self.pipeline.prepare(docs, hashing)
        except Exception as exc:  # the database could not be read: each document of the batch says so
            log.exception("classifying a batch of %d failed", len(docs))
            return exc

    def _read(self, source: str) -> Iterable[object]:
        try:
            yield from read(source, max_bytes=self.max_bytes)
        except Exception as exc:  # a reader bug must not stop the batch
            log.exception("reading %s failed", source)
            yield Problem(source, f"could not be read ({type(exc).__name__}: {exc})")

    @staticmethod
    def _outcome(item: object, result: object) -> IngestOutcome:
        if isinstance(item, Problem):
            return IngestOutcome(item.source, "rejected", item.reason)
        source = getattr(item, "source", "?")
        if isinstance(result, Exception):  # one transaction per batch, retried per article: nothing half-written
            first = " ".join(str(result).split("\n", 1)[0].split())[:200]
            return IngestOutcome(source, "rejected", f"could not be stored ({type(result).__name__}: {first}); "
                                                     "nothing of it was written: check the database and ingest it again")
        return IngestOutcome(source, result.status, result.reason, result.article_id, result.incidents)  # type: ignore[attr-defined]

    # -- read side -------------------------------------------------------------------------------
    def _window(self, on: date | tuple[date, date] | None) -> tuple[date, date] | None:
        if on is None:
            return None
        return on if isinstance(on, tuple) else (on, on)

    def incident(self, query: str, on: date | tuple[date, date] | None = None) -> Briefing:
        """Briefing of the best match (most recent first). Raises briefings.errors.NoMatch."""
        with self.sessions() as s:
            gaz = self.knowledge.places
            notes: tuple[str, ...] = ()
            if moved := merged_into(s, query):  # an analyst merged it away: the incident it joined answers
                found, notes = queries.find(s, gaz, moved[0]), (moved[1],)
            else:
                found = queries.find(s, gaz, query, self._window(on))
            if not found and (guess := queries.clear_guess(s, gaz, query, self._window(on))):
                found, notes = guess[1], (f"Showing {guess[0]} for “{query.strip()}” (closest name).",)
            if not found:
                close = queries.suggestions(s, gaz, query)
                raise NoMatch(query, close, None if close else queries.known_place(gaz, query))
            inc, rest = found[0], found[1:]
            claims, articles, outlets = queries.load(s, inc)
            rec = queries.reconcile(claims, outlets)
            view = queries.incident_view(inc, self.knowledge.places)
            others = [queries.incident_view(o, self.knowledge.places) for o in rest]
            b = compose.incident_briefing(view, rec, articles, claims, others)
            data = compose.incident_json(query, view, rec, articles, claims, others, b.summary)
            b = why.apply(b, data, articles, why.load_reasons(s, inc.id))
            b = replace(b, notes=notes + b.notes)
            data["incident"].update(compose.table_json(b))
            return replace(b, data=data)

    def merge(self, keep: str, gone: str, actor: str) -> Outcome:
        """An analyst's merge of incident `gone` into `keep`, recorded (briefings/manual.py). Raises BriefingError."""
        with self.pipeline.sessions.begin() as s:
            return manual.merge(s, self.pipeline.resolver, keep, gone, actor, datetime.now(timezone.utc))

    def split(self, slug: str, url: str, actor: str) -> Outcome:
        """An analyst's split of the report at `url` out of incident `slug`, recorded. Raises BriefingError."""
        with self.sessions() as s:  # extraction before the write transaction: no lock held meanwhile
            frames = manual.report_frames(s, self.knowledge, url)
            remaining = manual.remaining_spans(s, self.knowledge, self.pipeline.resolver, slug)
        with self.pipeline.sessions.begin() as s:
            return manual.split(s, self.pipeline.resolver, slug, url, frames, actor, datetime.now(timezone.utc),
                                remaining)

    def evidence(self, query: str, on: date | tuple[date, date] | None = None) -> Briefing:
        """What sits behind an incident's table: the numbered quotes, the figure history and the sources (the
        chat follow-up to /incident; the CLI prints it with `incident --full`)."""
        b = self.incident(query, on)
        return Briefing(f"Evidence — {b.title}", b.summary, b.sections, b.status, b.footer, "evidence", b.data,
                        notes=b.notes, ref=b.ref)

    def _since(self, since: Since) -> datetime | None:
        if since is None:
            return None
        if isinstance(since, timedelta):
            return datetime.now(timezone.utc) - since
        return since if since.tzinfo else since.replace(tzinfo=timezone.utc)

    def _list(self, since: Since, contested: bool = False, limit: int = 100) -> list[Incident]:
        """Incidents whose events reach `since` or later, by event date (the digest counts by report time)."""
        with self.sessions() as s:
            stmt = select(Incident)
            t = self._since(since)
            if t is not None:
                day = t.date()  # undated incidents stay listed (last, "date unknown"): their dates are not known
                last = func.coalesce(Incident.end_date, Incident.start_date)
                stmt = stmt.where(or_(last >= day, last.is_(None)))
            if contested:
                stmt = stmt.where(Incident.status == "contested")
            stmt = stmt.order_by(Incident.start_date.desc().nulls_last(), Incident.id.desc()).limit(limit)
            return list(s.scalars(stmt))

    def _row(self, inc: Incident) -> dict[str, object]:
        return {"slug": inc.slug, "title": inc.title, "place": inc.place_name, "country": inc.country,
                "start": inc.start_date.isoformat() if inc.start_date else None,
                "end": inc.end_date.isoformat() if inc.end_date else None, "status": inc.status}

    def incidents(self, since: Since = None) -> Briefing:
        rows = self._list(since)
        items = tuple(Item(label=i.slug, text=f"{i.title} · {date_span(i)} · {i.status}") for i in rows)
        summary = f"{len(rows)} incident(s)" + event_period(self._since(since)) + "."
        return Briefing("Incidents", summary, (Section("Incidents", "incidents", items),), kind="incidents",
                        data={"incidents": [self._row(i) for i in rows], "clock": "event"},
                        notes=(event_clock(since is not None),))

    def disputes(self, since: Since = None) -> Briefing:
        rows = self._list(since, contested=True)
        items = []
        data = []
        for inc in rows:
            with self.sessions() as s:
                claims, _a, outlets = queries.load(s, s.merge(inc))
            rec = queries.reconcile(claims, outlets)
            fields = ", ".join(dict.fromkeys(compose.LABEL.get(d.field, d.field).lower() for d in rec.disputes))
            items.append(Item(label=inc.slug, text=f"{inc.title}: sources disagree on {fields}"))
            data.append({**self._row(inc), "disputed_fields": [d.field for d in rec.disputes]})
        summary = (f"{len(items)} contested incident(s){event_period(self._since(since))}." if items
                   else f"No open disputes{event_period(self._since(since))}.")
        return Briefing("Open disputes", summary, (Section("Contested incidents", "incidents", tuple(items)),),
                        kind="disputes", data={"disputes": data, "clock": "event"}, notes=(event_clock(since is not None),))

    def digest(self, since: Since = timedelta(hours=24), filters: object = None, until: datetime | None = None) -> Briefing:
        """News in [since, until): new incidents, changed figures with their history, open disputes (issue 5).

        `filters`: a briefings.digest.DigestFilter, or a mapping of its fields (place, country, actor, keyword,
        min_status)."""
        from briefings.digest import build_digest

        return build_digest(self.sessions, self.knowledge, self._since(since), until, filters)  # type: ignore[arg-type]

    def digest_window(self, since: Since = timedelta(hours=24), until: datetime | None = None) -> DigestWindow:
        """The news of [since, until) loaded once, for many digests: `.digest(filters)` equals `digest(since,
        filters, until)` and costs a filter pass in memory (issue 6: subscriptions due at the same instant)."""
        from briefings.digestwindow import DigestWindow

        return DigestWindow.load(self.sessions, self.knowledge, self._since(since), until)

    def sources(self, query: str, on: date | tuple[date, date] | None = None) -> Briefing:
        """The reports behind the incident that matches; else the reports whose text matches the words."""
        try:
            b = self.incident(query, on)
        except NoMatch:
            return self._reports_matching(query)
        srcs = tuple(sec for sec in b.sections if sec.kind == "sources")
        return Briefing(f"Sources — {b.title}", b.summary, srcs, b.status, b.footer, "sources",
                        {"incident": b.data["incident"]["slug"], "articles": b.data["incident"]["articles"]})

    def _reports_matching(self, query: str) -> Briefing:
        with self.sessions() as s:
            ids = search_articles(s, query, limit=25)
            if not ids:
                close = queries.suggestions(s, self.knowledge.places, query)
                raise NoMatch(query, close, None if close else queries.known_place(self.knowledge.places, query))
            rows = {r.id: r for r in s.execute(
                select(Article.id, Article.url, Article.title, Article.published_at, Outlet.name.label("outlet"))
                .join(Outlet, Article.outlet_id == Outlet.id).where(Article.id.in_(ids)))}
        found = [rows[i] for i in ids if i in rows]
        items = tuple(Item(label=a.outlet, text=" — ".join(x for x in (a.title, a.published_at and a.published_at.date().isoformat()) if x) or "report", url=a.url) for a in found)
        data = [{"id": a.id, "outlet": a.outlet, "url": a.url, "title": a.title,
                 "published": a.published_at.date().isoformat() if a.published_at else None} for a in found]
        return Briefing(f"Reports mentioning “{query}”", f"{len(found)} report(s), best match first.",
                        (Section("Sources", "sources", items),), kind="sources", data={"query": query, "articles": data})

    def suggest(self, prefix: str, limit: int = 25) -> list[str]:
        """Incident slugs for autocomplete: place matches (aliases, misspellings) first, then slug prefixes."""
        with self.sessions() as s:
            found = queries.find(s, self.knowledge.places, prefix, limit=limit) if prefix.strip() else []
            out = [i.slug for i in found]
            if len(out) < limit:
                more = s.scalars(select(Incident.slug).where(Incident.slug.like(f"{prefix.strip().lower()}%"))
                                 .order_by(Incident.start_date.desc().nulls_last()).limit(limit))
                out += [x for x in more if x not in out]
            return out[:limit]

    def lookup(self, **cues: object) -> list[IncidentRow]:
        """Candidate incidents for a question (briefings.finder.lookup: slugs, place_ids, near, span, words)."""
        from briefings.finder import lookup

        with self.sessions() as s:
            return lookup(s, **cues)  # type: ignore[arg-type]

    def is_empty(self) -> bool:
        with self.sessions() as s:
            return (s.scalar(select(func.count(Article.id))) or 0) == 0

    def close(self) -> None:
        self.pipeline.extractor.close()
        self.db.dispose()


