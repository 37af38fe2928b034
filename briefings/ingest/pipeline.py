"""Store one document: dedupe, extract, resolve, keep its claims — all in one transaction.

A crash or a bad sentence never leaves half an article: the row, its claims and its incident links
commit together or not at all.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timezone
from urllib.parse import urlparse

from sqlalchemy import func, insert, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from briefings.db.models import Article, Claim, Incident, IncidentArticle, NearDupBand, Outlet
from briefings.extract.article import Knowledge, extract_article
from briefings.extract.dates import infer_published
from briefings.extract.frames import Frame
from briefings.ingest import dedup
from briefings.ingest.readers import Document
from briefings.queries import refresh_status
from briefings.resolve import Resolver

log = logging.getLogger(__name__)


@dataclass(frozen=True)
class Prepared:
    """What can be computed before taking any lock: hashes and the extracted event frames."""

    digest: str
    signature: tuple[int, ...]
    bands: list[str]
    frames: list[Frame]


@dataclass(frozen=True)
class Stored:
    status: str  # new | duplicate | carrier | revision
    article_id: int | None
    incidents: tuple[str, ...]
    reason: str | None = None


class Pipeline:
    def __init__(self, sessions: sessionmaker[Session], knowledge: Knowledge) -> None:
        self.sessions = sessions
        self.kn = knowledge
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
        prepared = self._prepare(doc)
        if isinstance(prepared, Stored):
            return prepared
        for attempt in (1, 2):
            try:
                with self.sessions.begin() as s:
                    return self._store(s, doc, prepared)
            except IntegrityError:
                if attempt == 2:
                    raise
                log.info("retrying %s after a concurrent insert", doc.source)
        raise AssertionError("unreachable")

    def _prepare(self, doc: Document) -> Prepared | Stored:
        digest = dedup.content_hash(doc.text)
        with self.sessions() as s:
            dup = self._duplicate(s, digest)
        if dup is not None:
            return dup
        sig = dedup.signature(doc.text)
        ref: date | None = doc.published.date() if doc.published else infer_published(doc.text)
        return Prepared(digest, sig, dedup.bands(sig), extract_article(doc.text, ref, self.kn, doc.title))

    @staticmethod
    def _duplicate(s: Session, digest: str) -> Stored | None:
        row = s.execute(select(Article.id, Article.source_path, Article.url).where(Article.content_hash == digest)).first()
        if row is None:
            return None
        return Stored("duplicate", row.id, (), f"same text as {row.source_path or row.url or f'article {row.id}'}")

    def _store(self, s: Session, doc: Document, p: Prepared) -> Stored:
        dup = self._duplicate(s, p.digest)  # again, inside the lock: another process may have just stored it
        if dup is not None:
            return dup
        outlet_id = self._outlet(s, doc)
        revision = 1
        if doc.url:
            prev = s.scalar(select(func.max(Article.revision)).where(Article.url == doc.url))
            revision = (prev or 0) + 1
        original = self._near_duplicate(s, p.signature, p.bands) if revision == 1 else None
        now = datetime.now(timezone.utc)
        art = Article(
            outlet_id=outlet_id, url=doc.url, revision=revision, title=doc.title or _guess_title(doc.text),
            published_at=doc.published, fetched_at=now, language=doc.language, text=doc.text, content_hash=p.digest,
            near_signature=dedup.encode(p.signature), carrier_of=original.id if original else None,
            source_path=doc.source,
        )
        s.add(art)
        s.flush()
        s.execute(insert(NearDupBand), [{"band": b, "article_id": art.id} for b in p.bands])
        if original is not None:
            slugs = self._carry(s, art, original)
            return Stored("carrier", art.id, slugs, f"near-duplicate of {original.source_path or original.url}")
        slugs = self._attach(s, art, doc, p.frames)
        return Stored("revision" if revision > 1 else "new", art.id, slugs)

    def _outlet(self, s: Session, doc: Document) -> int:
        name = (doc.outlet or (urlparse(doc.url).hostname if doc.url else None) or "Unknown outlet").strip()[:200]
        known = self._outlets.get(name)
        if known is not None:
            return known
        outlet_id = s.scalar(select(Outlet.id).where(Outlet.name == name))
        if outlet_id is None:
            outlet = Outlet(name=name, domain=urlparse(doc.url).hostname if doc.url else None, language=doc.language)
            s.add(outlet)
            s.flush()
            outlet_id = outlet.id
        else:
            self._outlets[name] = outlet_id  # committed by someone already: safe to remember
        return outlet_id

    def _reference(self, ref: str | None, inc: Incident) -> str | None:
        """'the capital' means the capital of the incident's country."""
        if ref and ref.strip().lower() in _CAPITAL and inc.country:
            cap = self.kn.places.capital_of(inc.country)
            return cap.name if cap else ref
        return ref[:200] if ref else None

    def _near_duplicate(self, s: Session, sig: tuple[int, ...], bands: list[str]) -> Article | None:
        ids = list(dict.fromkeys(s.scalars(select(NearDupBand.article_id).where(NearDupBand.band.in_(bands)).limit(200))))
        if not ids:
            return None
        best, best_sim = None, 0.0
        for art in s.scalars(select(Article).where(Article.id.in_(ids))):
            if not art.near_signature:
                continue
            sim = dedup.similarity(sig, dedup.decode(art.near_signature))
            if sim > best_sim:
                best, best_sim = art, sim
        if best is None or best_sim < dedup.NEAR_DUP_THRESHOLD:
            return None
        while best.carrier_of is not None:  # always point at the first report, not at another carrier
            best = s.get(Article, best.carrier_of)  # type: ignore[assignment]
        return best

    def _carry(self, s: Session, art: Article, original: Article) -> tuple[str, ...]:
        links = list(s.scalars(select(IncidentArticle).where(IncidentArticle.article_id == original.id)))
        slugs = []
        for link in links:
            s.add(IncidentArticle(incident_id=link.incident_id, article_id=art.id, main=link.main))
        s.flush()
        for link in links:
            inc = s.get(Incident, link.incident_id)
            if inc is not None:
                self.touched.add(inc.id)
                slugs.append(inc.slug)
        return tuple(slugs)

    def _attach(self, s: Session, art: Article, doc: Document, frames: list[Frame]) -> tuple[str, ...]:
        reported = doc.published or art.fetched_at
        slugs: list[str] = []
        now = datetime.now(timezone.utc)
        links, claims = [], []
        for frame in frames:
            inc = self.resolver.resolve(s, frame, reported)
            if inc.id not in {link["incident_id"] for link in links}:
                links.append({"incident_id": inc.id, "article_id": art.id, "main": frame.main})
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
            s.execute(insert(IncidentArticle), links)
        if claims:
            s.execute(insert(Claim), claims)
        return tuple(dict.fromkeys(slugs))


_CAPITAL = ("the capital", "capital", "the country's capital", "the national capital")


def _guess_title(text: str) -> str | None:
    first = text.strip().split("\n", 1)[0].strip()
    return first[:200] if first and len(first) < 200 and not first.endswith(".") else None
