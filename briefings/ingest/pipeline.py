"""Store one document: dedupe, extract, resolve, keep its claims — all in one transaction.

A crash or a bad sentence never leaves half an article: the row, its claims and its incident links
commit together or not at all.

Cost per article matters (issue 6: hundreds of articles per second on one core), so the write path uses Core
statements on one connection, not the ORM unit of work: a read-only look-up before extraction (duplicate, revision,
near-duplicate: a wire copy needs no extraction at all), then one short write transaction that repeats those checks
under the lock (unless SQLite's data_version shows that nobody committed in between) and inserts the rows.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from datetime import date, datetime, timezone
from typing import Any, NamedTuple
from urllib.parse import urlparse

from sqlalchemy import Connection, Engine, bindparam, func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from briefings.db.models import Article, Claim, Incident, IncidentArticle, NearDupBand, Outlet
from briefings.extract.article import Knowledge, extract_article
from briefings.extract.dates import infer_published
from briefings.extract.frames import Frame
from briefings.ingest import dedup
from briefings.ingest.readers import Document
from briefings.queries import refresh_status
from briefings.resolve import ResolvedIncident, Resolver, Seen

log = logging.getLogger(__name__)
# Statements built once (SQLAlchemy caches their compiled form); values come as parameters.
_NEAR = select(Article.id, Article.near_signature, Article.carrier_of, Article.source_path, Article.url)
_NEAR_AMONG = _NEAR.where(Article.id.in_(bindparam("ids", expanding=True))).order_by(Article.id)  # ties: the oldest
_NEAR_ONE = _NEAR.where(Article.id == bindparam("article"))
_DUPLICATE = select(Article.id, Article.source_path, Article.url).where(Article.content_hash == bindparam("digest"))
_REVISION = select(func.max(Article.revision)).where(Article.url == bindparam("url"))
_BAND_KEYS = [f"band{i}" for i in range(dedup.BANDS)]  # always BANDS keys: a fixed IN list compiles once
_BAND_HITS = select(NearDupBand.article_id).where(NearDupBand.band.in_([bindparam(k) for k in _BAND_KEYS])).limit(200)
_OUTLET = select(Outlet.id).where(Outlet.name == bindparam("name"))
_LINKS_OF = (select(IncidentArticle.incident_id, IncidentArticle.main)
             .where(IncidentArticle.article_id == bindparam("article")).order_by(IncidentArticle.id))
_SLUGS = select(Incident.id, Incident.slug).where(Incident.id.in_(bindparam("ids", expanding=True)))
_ADD_ARTICLE, _ADD_BANDS, _ADD_OUTLET = insert(Article.__table__), insert(NearDupBand.__table__), insert(Outlet.__table__)
_ADD_LINKS, _ADD_CLAIMS = insert(IncidentArticle.__table__), insert(Claim.__table__)


class LookUp(NamedTuple):
    """What the read before extraction found. Still true under the lock when nothing was committed in between:
    SQLite's PRAGMA data_version is unchanged (None on other databases: there the checks run again)."""

    version: int | None
    revision: int
    original: Any  # the near-duplicate's first report (id, near_signature, carrier_of, source_path, url) or None


@dataclass(frozen=True)
class Prepared:
    """What can be computed before taking any lock: hashes and the extracted event frames.
    frames is None when the look-up found a near-duplicate original (a carrier needs no extraction)."""

    digest: str
    signature: tuple[int, ...]
    bands: list[str]
    frames: list[Frame] | None
    seen: LookUp | None = None


@dataclass(frozen=True)
class Stored:
    status: str  # new | duplicate | carrier | revision
    article_id: int | None
    incidents: tuple[str, ...]
    reason: str | None = None


class StoredArticle(NamedTuple):
    id: int
    fetched_at: datetime


class _NeedFrames(Exception):
    """The look-up saw a near-duplicate that the locked check no longer sees: extract, then try again."""


class Pipeline:
    def __init__(self, sessions: sessionmaker[Session], knowledge: Knowledge) -> None:
        self.sessions = sessions
        self.kn = knowledge
        self.db: Engine = sessions.kw["bind"]  # the writer engine: BEGIN IMMEDIATE on SQLite
        self.resolver = Resolver(knowledge.places)
        self.touched: set[int] = set()  # incidents whose status must be recomputed (see refresh)
        self._outlets: dict[str, int] = {}  # outlet name -> id, for outlets known to be committed

    def refresh(self) -> None:
        """Recompute the status of every incident touched since the last call: once per batch, not per article."""
        ids, self.touched = sorted(self.touched), set()
        for i in range(0, len(ids), 200):
            with self.sessions.begin() as s:
                for inc in s.scalars(select(Incident).where(Incident.id.in_(ids[i:i + 200]))):
                    refresh_status(s, inc)

    def store(self, doc: Document) -> Stored:
        """Extract outside the transaction (pure work, no lock held), then one short write transaction.
        A unique-key race with another process (same text, same new outlet) is retried once."""
        with self.db.connect() as conn:  # one connection: data_version compares its two transactions
            prepared = self._prepare(conn, doc)
            if isinstance(prepared, Stored):
                return prepared
            attempt = 1
            while True:
                try:
                    with conn.begin():
                        return self._store(conn, doc, prepared)
                except _NeedFrames:
                    prepared = replace(prepared, frames=self._extract(doc), seen=None)
                except IntegrityError:
                    if attempt == 2:
                        raise
                    attempt += 1
                    prepared = replace(prepared, seen=None)
                    log.info("retrying %s after a concurrent insert", doc.source)

    def _extract(self, doc: Document) -> list[Frame]:
        ref: date | None = doc.published.date() if doc.published else infer_published(doc.text)
        return extract_article(doc.text, ref, self.kn, doc.title)

    def _prepare(self, conn: Connection, doc: Document) -> Prepared | Stored:
        digest = dedup.content_hash(doc.text)
        sig = dedup.signature(doc.text)
        bands = dedup.bands(sig)
        conn.execution_options(writer=False)  # a plain read transaction: no write lock while looking
        try:
            with conn.begin():
                dup = self._duplicate(conn, digest)
                if dup is not None:
                    return dup
                revision = self._revision(conn, doc.url)
                original = self._near_duplicate(conn, sig, bands) if revision == 1 else None
                seen = LookUp(_data_version(conn), revision, original)
        finally:
            conn.execution_options(writer=True)
        return Prepared(digest, sig, bands, None if original is not None else self._extract(doc), seen)

    @staticmethod
    def _duplicate(conn: Connection, digest: str) -> Stored | None:
        row = conn.execute(_DUPLICATE, {"digest": digest}).first()
        if row is None:
            return None
        return Stored("duplicate", row.id, (), f"same text as {row.source_path or row.url or f'article {row.id}'}")

    @staticmethod
    def _revision(conn: Connection, url: str | None) -> int:
        if not url:
            return 1
        return (conn.scalar(_REVISION, {"url": url}) or 0) + 1

    def _store(self, conn: Connection, doc: Document, p: Prepared) -> Stored:
        seen = p.seen
        if seen is None or seen.version is None or seen.version != _data_version(conn):
            dup = self._duplicate(conn, p.digest)  # again, inside the lock: another process may have just stored it
            if dup is not None:
                return dup
            revision = self._revision(conn, doc.url)
            original = self._near_duplicate(conn, p.signature, p.bands) if revision == 1 else None
        else:
            revision, original = seen.revision, seen.original
        outlet_id = self._outlet(conn, doc)
        if original is None and p.frames is None:
            raise _NeedFrames()
        now = datetime.now(timezone.utc)
        art_id = conn.execute(_ADD_ARTICLE, {
            "outlet_id": outlet_id, "url": doc.url, "revision": revision, "title": doc.title or _guess_title(doc.text),
            "published_at": doc.published, "fetched_at": now, "language": doc.language, "text": doc.text,
            "content_hash": p.digest, "near_signature": dedup.encode(p.signature),
            "carrier_of": original.id if original else None, "source_path": doc.source,
        }).inserted_primary_key[0]
        art = StoredArticle(art_id, now)
        conn.execute(_ADD_BANDS, [{"band": b, "article_id": art_id} for b in p.bands])
        if original is not None:
            slugs = self._carry(conn, art, original.id)
            return Stored("carrier", art_id, slugs, f"near-duplicate of {original.source_path or original.url}")
        slugs = self._attach(conn, art, doc, p.frames or [])
        return Stored("revision" if revision > 1 else "new", art_id, slugs)

    def _outlet(self, conn: Connection, doc: Document) -> int:
        name = (doc.outlet or (urlparse(doc.url).hostname if doc.url else None) or "Unknown outlet").strip()[:200]
        known = self._outlets.get(name)
        if known is not None:
            return known
        outlet_id = conn.scalar(_OUTLET, {"name": name})
        if outlet_id is None:
            outlet_id = conn.execute(_ADD_OUTLET, {
                "name": name, "domain": urlparse(doc.url).hostname if doc.url else None, "language": doc.language,
            }).inserted_primary_key[0]
        else:
            self._outlets[name] = outlet_id  # committed by someone already: safe to remember
        return outlet_id

    def _reference(self, ref: str | None, inc: ResolvedIncident) -> str | None:
        """'the capital' means the capital of the incident's country."""
        if ref and ref.strip().lower() in _CAPITAL and inc.country:
            cap = self.kn.places.capital_of(inc.country)
            return cap.name if cap else ref
        return ref[:200] if ref else None

    @staticmethod
    def _near_duplicate(conn: Connection, sig: tuple[int, ...], bands: list[str]) -> Any:
        """The first report this text is a near-duplicate of (id, source_path, url), or None."""
        ids = list(dict.fromkeys(conn.scalars(_BAND_HITS, dict(zip(_BAND_KEYS, bands, strict=True)))))
        if not ids:
            return None
        best, best_sim = None, 0.0
        for art in conn.execute(_NEAR_AMONG, {"ids": ids}):
            if not art.near_signature:
                continue
            sim = dedup.similarity(sig, dedup.decode(art.near_signature))
            if sim > best_sim:
                best, best_sim = art, sim
        if best is None or best_sim < dedup.NEAR_DUP_THRESHOLD:
            return None
        while best.carrier_of is not None:  # always point at the first report, not at another carrier
            best = conn.execute(_NEAR_ONE, {"article": best.carrier_of}).first()
        return best

    def _carry(self, conn: Connection, art: StoredArticle, original_id: int) -> tuple[str, ...]:
        links = conn.execute(_LINKS_OF, {"article": original_id}).all()
        if not links:
            return ()
        conn.execute(_ADD_LINKS, [{"incident_id": i, "article_id": art.id, "main": main} for i, main in links])
        rows = conn.execute(_SLUGS, {"ids": [i for i, _ in links]})
        slug_of = {incident_id: slug for incident_id, slug in rows}
        slugs = []
        for incident_id, _main in links:
            if incident_id in slug_of:
                self.touched.add(incident_id)
                slugs.append(slug_of[incident_id])
        return tuple(slugs)

    def _attach(self, conn: Connection, art: StoredArticle, doc: Document, frames: list[Frame]) -> tuple[str, ...]:
        reported = doc.published or art.fetched_at
        slugs: list[str] = []
        now = datetime.now(timezone.utc)
        links: dict[int, dict[str, Any]] = {}
        claims: list[dict[str, Any]] = []
        seen: Seen = {}
        for frame in frames:
            inc = self.resolver.resolve(conn, frame, reported, seen)
            links.setdefault(inc.id, {"incident_id": inc.id, "article_id": art.id, "main": frame.main})
            claims.extend({
                "incident_id": inc.id, "article_id": art.id, "field": c.field,
                "value": (c.value or None) and c.value[:500], "value_num": c.value_num, "qualifier": c.qualifier,
                "victims": c.victims and c.victims[:200], "reference": self._reference(c.reference, inc),
                "attributed_to": (c.holder or "outlet")[:300], "stance": c.stance,
                "quote": doc.text[c.char_start:c.char_end], "span_start": c.char_start, "span_end": c.char_end,
                "created_at": now,
            } for c in frame.claims)
            self.touched.add(inc.id)
            slugs.append(inc.slug)
        if links:
            conn.execute(_ADD_LINKS, list(links.values()))
        if claims:
            conn.execute(_ADD_CLAIMS, claims)
        return tuple(dict.fromkeys(slugs))


def _data_version(conn: Connection) -> int | None:
    """SQLite: a number that changes when another connection commits (None on other databases)."""
    if conn.dialect.name != "sqlite":
        return None
    return conn.connection.dbapi_connection.execute("PRAGMA data_version").fetchone()[0]  # type: ignore[union-attr]


_CAPITAL = ("the capital", "capital", "the country's capital", "the national capital")


def _guess_title(text: str) -> str | None:
    first = text.strip().split("\n", 1)[0].strip()
    return first[:200] if first and len(first) < 200 and not first.endswith(".") else None
