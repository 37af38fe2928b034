"""Store one document: dedupe, extract, resolve, keep its claims — all in one transaction.

A crash or a bad sentence never leaves half an article: the row, its claims and its incident links
commit together or not at all.
"""
from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import date, datetime, timezone
from urllib.parse import urlparse

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker

from briefings.db.models import Article, Claim, Incident, IncidentArticle, NearDupBand, Outlet
from briefings.extract.article import Knowledge, extract_article
from briefings.extract.dates import infer_published
from briefings.ingest import dedup
from briefings.ingest.readers import Document
from briefings.queries import refresh_status
from briefings.resolve import Resolver

log = logging.getLogger(__name__)


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

    def refresh(self) -> None:
        """Recompute the status of every incident touched since the last call: once per batch, not per article."""
        ids, self.touched = sorted(self.touched), set()
        for i in range(0, len(ids), 200):
            with self.sessions.begin() as s:
                for inc in s.scalars(select(Incident).where(Incident.id.in_(ids[i:i + 200]))):
                    refresh_status(s, inc)

    def store(self, doc: Document) -> Stored:
        """One transaction; a unique-key race with another process (same text, same new outlet) is retried once."""
        for attempt in (1, 2):
            try:
                with self.sessions.begin() as s:
                    return self._store(s, doc)
            except IntegrityError:
                if attempt == 2:
                    raise
                log.info("retrying %s after a concurrent insert", doc.source)
        raise AssertionError("unreachable")

    def _store(self, s: Session, doc: Document) -> Stored:
        text = doc.text
        digest = dedup.content_hash(text)
        dup = s.scalar(select(Article).where(Article.content_hash == digest))
        if dup is not None:
            return Stored("duplicate", dup.id, (), f"same text as {dup.source_path or dup.url or f'article {dup.id}'}")
        outlet = self._outlet(s, doc)
        revision = 1
        if doc.url:
            prev = s.scalar(select(func.max(Article.revision)).where(Article.url == doc.url))
            revision = (prev or 0) + 1
        sig = dedup.signature(text)
        bands = dedup.bands(sig)
        original = self._near_duplicate(s, sig, bands) if revision == 1 else None
        now = datetime.now(timezone.utc)
        art = Article(
            outlet_id=outlet.id, url=doc.url, revision=revision, title=doc.title or _guess_title(text),
            published_at=doc.published, fetched_at=now, language=doc.language, text=text, content_hash=digest,
            near_signature=dedup.encode(sig), carrier_of=original.id if original else None, source_path=doc.source,
        )
        s.add(art)
        s.flush()
        s.add_all(NearDupBand(band=b, article_id=art.id) for b in bands)
        if original is not None:
            slugs = self._carry(s, art, original)
            return Stored("carrier", art.id, slugs, f"near-duplicate of {original.source_path or original.url}")
        slugs = self._extract(s, art, doc)
        return Stored("revision" if revision > 1 else "new", art.id, slugs)

    def _outlet(self, s: Session, doc: Document) -> Outlet:
        name = (doc.outlet or (urlparse(doc.url).hostname if doc.url else None) or "Unknown outlet").strip()[:200]
        outlet = s.scalar(select(Outlet).where(Outlet.name == name))
        if outlet is None:
            outlet = Outlet(name=name, domain=urlparse(doc.url).hostname if doc.url else None, language=doc.language)
            s.add(outlet)
            s.flush()
        return outlet

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

    def _extract(self, s: Session, art: Article, doc: Document) -> tuple[str, ...]:
        ref: date | None = doc.published.date() if doc.published else infer_published(doc.text)
        frames = extract_article(doc.text, ref, self.kn, doc.title)
        reported = doc.published or art.fetched_at
        slugs: list[str] = []
        now = datetime.now(timezone.utc)
        for frame in frames:
            inc = self.resolver.resolve(s, frame, reported)
            if not s.scalar(select(IncidentArticle.id).where(
                IncidentArticle.incident_id == inc.id, IncidentArticle.article_id == art.id)):
                s.add(IncidentArticle(incident_id=inc.id, article_id=art.id, main=frame.main))
            for c in frame.claims:
                s.add(Claim(
                    incident_id=inc.id, article_id=art.id, field=c.field, value=(c.value or None) and c.value[:500],
                    value_num=c.value_num, qualifier=c.qualifier, victims=c.victims and c.victims[:200],
                    reference=self._reference(c.reference, inc), attributed_to=(c.holder or "outlet")[:300],
                    stance=c.stance, quote=doc.text[c.char_start:c.char_end], span_start=c.char_start,
                    span_end=c.char_end, created_at=now,
                ))
            s.flush()
            self.touched.add(inc.id)
            slugs.append(inc.slug)
        return tuple(dict.fromkeys(slugs))


_CAPITAL = ("the capital", "capital", "the country's capital", "the national capital")


def _guess_title(text: str) -> str | None:
    first = text.strip().split("\n", 1)[0].strip()
    return first[:200] if first and len(first) < 200 and not first.endswith(".") else None
