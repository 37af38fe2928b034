"""Store documents in batches: dedupe, extract, resolve, keep their claims — all or nothing per batch.

A crash or a bad sentence never leaves half an article: a batch commits as one transaction, and when any document of
it fails the batch is rolled back and stored again one document per transaction, so only the bad one is lost.

Cost per article matters (issue 14: a thousand articles per second on one core), so the write path uses Core
statements on one connection, not the ORM unit of work, and few of them: `prepare` classifies a batch with a few
indexed reads (duplicate, revision, near-duplicate: a wire copy needs no extraction) and starts extraction, without
any lock; `commit` takes the write lock once per batch and classifies again under it — from what `prepare` read plus
the articles this process stored since, when no other process wrote (lookup.caught_up), else by reading again —
then inserts the batch's articles in one statement, resolves each frame (two statements: resolve.py), and writes the
links, claims, alternatives and bands of the whole batch with one executemany per table.
"""
from __future__ import annotations

import logging
from collections import deque
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from typing import Any, NamedTuple

from sqlalchemy import Connection, Engine, bindparam, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from briefings.db.models import Incident, IncidentArticle, Outlet
from briefings.extract.article import Knowledge
from briefings.extract.frames import Frame
from briefings.ingest import dedup
from briefings.ingest.extractor import Extractor, InlineExtractor, frames_of
from briefings.ingest.formats import host_of
from briefings.ingest.lookup import Hashed, Known, Looked, Verdict, Written, caught_up, decide, describe, look
from briefings.ingest.readers import Document
from briefings.ingest.writing import SET_CARRIER, Writing, insert_articles
from briefings.manual import pinned_urls
from briefings.queries import refresh_statuses
from briefings.resolution import ResolvedIncident
from briefings.resolve import Resolver

log = logging.getLogger(__name__)
# Statements built once (SQLAlchemy caches their compiled form); values come as parameters.
_OUTLET = select(Outlet.id).where(Outlet.name == bindparam("name"))
_LINKS_OF = (select(IncidentArticle.incident_id, IncidentArticle.main, Incident.slug)
             .join(Incident, Incident.id == IncidentArticle.incident_id)
             .where(IncidentArticle.article_id == bindparam("article")).order_by(IncidentArticle.id))
_ADD_OUTLET = insert(Outlet.__table__)


OUTLETS_KEPT = 20_000  # outlet ids remembered by a Pipeline


@dataclass(frozen=True)
class Stored:
    status: str  # new | duplicate | carrier | revision
    article_id: int | None
    incidents: tuple[str, ...]
    reason: str | None = None


Result = Stored | Exception  # an exception: that document could not be stored (and nothing of it was)


@dataclass
class Batch:
    """Documents classified without a lock; `frames` gives the frames of those that need them (by index)."""

    items: list[Hashed]
    frames: Callable[[], dict[int, list[Frame]]]
    looked: Looked | None = None  # what classifying read, brought up to date under the lock (lookup.caught_up)
    verdicts: list[Verdict] | None = None  # what classifying decided from it (lookup.decide keeps what still holds)


class StoredArticle(NamedTuple):
    id: int
    fetched_at: datetime


class Pipeline:
    def __init__(self, sessions: sessionmaker[Session], knowledge: Knowledge, extractor: Extractor | None = None) -> None:
        self.sessions = sessions
        self.kn = knowledge
        self.db: Engine = sessions.kw["bind"]  # the writer engine: BEGIN IMMEDIATE on SQLite
        self.resolver = Resolver(knowledge.places)
        self.extractor: Extractor = extractor or InlineExtractor(knowledge)
        self.touched: set[int] = set()  # incidents whose status must be recomputed (see refresh)
        self._outlets: dict[str, int] = {}  # outlet name -> id, for outlets known to be committed
        self._written: deque[list[Written]] = deque(maxlen=2)  # articles of the last commits (lookup.caught_up)

    def refresh(self) -> None:
        """Recompute the status of every incident touched since the last call: once per batch, not per article."""
        ids, self.touched = sorted(self.touched), set()
        for i in range(0, len(ids), 200):
            with self.sessions.begin() as s:
                refresh_statuses(s, ids[i:i + 200])

    def store(self, doc: Document) -> Stored:
        """One document (raises when it cannot be stored)."""
        result = self.store_many([doc])[0]
        if isinstance(result, Exception):
            raise result
        return result

    def store_many(self, docs: list[Document]) -> list[Result]:
        return self.commit(self.prepare(docs))

    def hash(self, docs: list[Document]) -> Callable[[], list[Hashed]]:
        """Start hashing the documents (in the workers, if any: `extractor.ahead` batches before `prepare`). Each
        document gets its language there: the declared one (normalised) or the detected one."""
        return self.extractor.hash(docs)

    def prepare(self, docs: list[Document], hashing: Callable[[], list[Hashed]] | None = None) -> Batch:
        """Classify the documents (hashed by `hashing`, else here) in a plain read transaction, and start extracting
        those that are new."""
        items = (hashing or self.hash(docs))()
        with self.db.connect() as conn:
            conn.execution_options(writer=False)  # a plain read transaction: no write lock while looking
            with conn.begin():
                looked = look(conn, items)
        verdicts = decide(items, looked)
        wanted = [i for i, v in enumerate(verdicts) if v.needs_frames]
        pending = self.extractor.submit([items[i].doc for i in wanted])
        return Batch(items, lambda: dict(zip(wanted, pending(), strict=True)), looked, verdicts)

    def commit(self, batch: Batch) -> list[Result]:
        """Write the batch in one transaction; if that fails, store its documents one per transaction."""
        try:
            frames = batch.frames()
        except Exception as exc:  # a worker died: extract here, one document at a time
            log.warning("extraction in a worker failed (%s): extracting here", exc)
            frames = {}
        if not batch.items:
            return []
        with self.db.connect() as conn:
            try:
                w = Writing(batch.items, frames)
                with conn.begin():
                    out = self._write(conn, batch, w)
                self.resolver.committed(w.resolution)
                self._remember(w.outlets)
                self._written.append(w.written)
                return out
            except Exception as exc:
                if len(batch.items) == 1 and not isinstance(exc, IntegrityError):
                    log.exception("storing %s failed", batch.items[0].doc.source)
                    return [exc]
                log.info("batch of %d failed (%s): storing one by one", len(batch.items), type(exc).__name__)
            return [self._one(conn, h, frames.get(i)) for i, h in enumerate(batch.items)]

    def _remember(self, outlets: dict[str, int]) -> None:
        """Outlet ids known to be committed, forgotten past a limit (then looked up again): hostile or simply
        endless input names ever more outlets, and a bot ingests for months."""
        if len(self._outlets) + len(outlets) > OUTLETS_KEPT:
            self._outlets.clear()
        self._outlets.update(outlets)

    def _one(self, conn: Connection, item: Hashed, frames: list[Frame] | None) -> Result:
        """One document in its own transaction; a unique-key race with another process is retried once."""
        for attempt in (1, 2):
            try:
                w = Writing([item], {0: frames} if frames is not None else {})
                with conn.begin():
                    result = self._write(conn, Batch([item], dict), w)[0]
                self.resolver.committed(w.resolution)
                self._remember(w.outlets)
                self._written.append(w.written)
                return result
            except IntegrityError as exc:
                if attempt == 2:
                    return exc
                log.info("retrying %s after a concurrent insert", item.doc.source)
            except Exception as exc:  # one document's failure: reported, the rest go on
                log.exception("storing %s failed", item.doc.source)
                return exc
        raise AssertionError("unreachable")

    def _write(self, conn: Connection, batch: Batch, w: Writing) -> list[Result]:
        self.resolver.begin(conn, w.resolution)  # under the write lock: what the last transaction read, if still true
        # again, under the lock: documents may have been stored since (by this process: what it wrote is added to
        # what prepare read; by another: read again)
        looked = (caught_up(conn, batch.looked, [a for done in self._written for a in done], batch.items)
                  if batch.looked else None)
        verdicts = decide(batch.items, looked, batch.verdicts) if looked else decide(batch.items, look(conn, batch.items))
        for i, v in enumerate(verdicts):
            if v.needs_frames and i not in w.frames:
                w.frames[i] = frames_of(batch.items[i].doc, self.kn)
        self.resolver.lock(conn, [f for i, v in enumerate(verdicts) if v.needs_frames for f in w.frames[i]],
                           w.resolution)
        w.resolution.pinned = pinned_urls(conn, [batch.items[i].doc.url for i, v in enumerate(verdicts)
                                                 if v.needs_frames])  # analysts' splits: one query per batch
        w.resolution.before_read = lambda: w.flush(conn)
        self._add_articles(conn, w, verdicts)
        out: list[Result] = [self._store(conn, w, i, v) for i, v in enumerate(verdicts)]
        w.flush(conn)
        self.resolver.flush(conn, w.resolution)
        return out

    def _add_articles(self, conn: Connection, w: Writing, verdicts: list[Verdict]) -> None:
        """Every stored document of the batch in one insert (ids in batch order); a copy of an earlier document of
        the batch gets its carrier_of once that one has an id."""
        order: list[int] = []
        rows: list[dict[str, Any]] = []
        later: list[tuple[int, int]] = []  # (copy, original): batch indexes
        for i, v in enumerate(verdicts):
            if v.duplicate is not None:
                continue
            item = w.items[i]
            doc = item.doc
            if isinstance(v.original, int):
                later.append((i, v.original))
            rows.append({
                "outlet_id": self._outlet(conn, doc, w), "url": doc.url, "revision": v.revision,
                "title": doc.title or _guess_title(doc.text), "published_at": doc.published, "fetched_at": w.now,
                "language": doc.language, "text": doc.text, "content_hash": item.digest,
                "near_signature": dedup.encode(item.signature),
                "carrier_of": v.original.id if isinstance(v.original, Known) else None, "source_path": doc.source,
            })
            order.append(i)
        if not rows:
            return
        ids = insert_articles(conn, rows)
        w.ids.update(zip(order, ids))
        if later:
            conn.execute(SET_CARRIER, [{"article": w.ids[i], "original": w.ids[j]} for i, j in later])
        copies = dict(later)
        for i, row, article_id in zip(order, rows, ids):
            carrier_of = w.ids[copies[i]] if i in copies else row["carrier_of"]
            w.written.append(Written(Known(article_id, row["near_signature"], carrier_of, row["source_path"],
                                           row["url"]), row["content_hash"], row["revision"], w.items[i].bands))

    def _store(self, conn: Connection, w: Writing, i: int, v: Verdict) -> Stored:
        doc = w.items[i].doc
        if v.duplicate is not None:
            article_id, name = describe(v.duplicate, w.items, w.ids)
            return Stored("duplicate", article_id, (), f"same text as {name}")
        art_id = w.ids[i]
        w.bands.extend({"band": b, "article_id": art_id} for b in w.items[i].bands)
        art = StoredArticle(art_id, w.now)
        if v.original is not None:
            original = describe(v.original, w.items, w.ids)
            return Stored("carrier", art_id, self._carry(conn, w, art, original[0]), f"near-duplicate of {original[1]}")
        slugs = self._attach(conn, art, doc, w.frames[i], w)
        return Stored("revision" if v.revision > 1 else "new", art_id, slugs)

    def _outlet(self, conn: Connection, doc: Document, w: Writing) -> int:
        name = (doc.outlet or host_of(doc.url) or "Unknown outlet").strip()[:200]
        known = self._outlets.get(name) or w.outlets.get(name)
        if known is not None:
            return known
        outlet_id = conn.scalar(_OUTLET, {"name": name})
        if outlet_id is None:
            outlet_id = conn.execute(_ADD_OUTLET, {
                "name": name, "domain": (host_of(doc.url) or "")[:200] or None, "language": (doc.language or "")[:16] or None,
            }).inserted_primary_key[0]
        w.outlets[name] = outlet_id
        return outlet_id

    def _reference(self, ref: str | None, inc: ResolvedIncident) -> str | None:
        """'the capital' means the capital of the incident's country."""
        if ref and ref.strip().lower() in _CAPITAL and inc.country:
            cap = self.kn.places.capital_of(inc.country)
            return cap.name if cap else ref
        return ref[:200] if ref else None

    def _carry(self, conn: Connection, w: Writing, art: StoredArticle, original_id: int) -> tuple[str, ...]:
        """A copy follows its original into each of its incidents (held links of this batch, else stored ones)."""
        seen = w.resolution.seen
        if original_id in w.links_of:
            links = [(i, main, seen[i].slug) for i, main in w.links_of[original_id]]
        else:
            links = [tuple(row) for row in conn.execute(_LINKS_OF, {"article": original_id})]  # type: ignore[misc]
        w.links_of[art.id] = [(i, main) for i, main, _slug in links]
        if not links:
            return ()
        why = f"a near-duplicate of report #{original_id}: follows it"
        # not `touched`: a copy brings no claim, and its outlet counts only with a report that is not a copy
        # (status.py), so no status changes (and a batch of wire copies refreshes nothing)
        w.links.extend({"incident_id": i, "article_id": art.id, "main": main, "why": why} for i, main, _slug in links)
        return tuple(slug for _i, _main, slug in links)

    def _attach(self, conn: Connection, art: StoredArticle, doc: Document, frames: list[Frame],
                w: Writing) -> tuple[str, ...]:
        reported = doc.published or art.fetched_at
        slugs: list[str] = []
        links: dict[int, dict[str, Any]] = {}
        also: dict[tuple[int, int], dict[str, Any]] = {}
        for frame in frames:
            found = self.resolver.resolve(conn, frame, reported, w.resolution, doc.url)
            inc = found.incident
            links.setdefault(inc.id, {"incident_id": inc.id, "article_id": art.id, "main": frame.main,
                                      "why": found.why})
            for other, why in found.also:
                also[(inc.id, other)] = {"incident_id": inc.id, "article_id": art.id, "other_id": other, "why": why}
            w.claims.extend({
                "incident_id": inc.id, "article_id": art.id, "field": c.field,
                "value": (c.value or None) and c.value[:500], "value_num": c.value_num, "qualifier": c.qualifier,
                "victims": c.victims and c.victims[:200], "reference": self._reference(c.reference, inc),
                "attributed_to": (c.holder or "outlet")[:300], "stance": c.stance,
                "quote": doc.text[c.char_start:c.char_end], "span_start": c.char_start, "span_end": c.char_end,
                "created_at": w.now,
            } for c in frame.claims)
            self.touched.add(inc.id)
            slugs.append(inc.slug)
        w.links.extend(links.values())
        w.also.extend(also.values())
        w.links_of[art.id] = [(i, row["main"]) for i, row in links.items()]
        return tuple(dict.fromkeys(slugs))


_CAPITAL = ("the capital", "capital", "the country's capital", "the national capital")


def _guess_title(text: str) -> str | None:
    first = text.strip().split("\n", 1)[0].strip()
    return first[:200] if first and len(first) < 200 and not first.endswith(".") else None
