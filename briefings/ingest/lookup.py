"""What each document of a batch is before anything is written: a duplicate, a revision, a wire copy, or new.

Four indexed queries answer it for a whole batch (hashes, URLs, LSH bands, the candidates' signatures); documents
earlier in the same batch count as if already stored, so a batch gives the same verdicts as storing one by one.
Under the write lock the verdicts are decided again from what was read plus what this process stored since
(`caught_up`, SQLite), or read again when another process wrote meanwhile.
"""
from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import NamedTuple

from sqlalchemy import Connection, bindparam, func, select, text

from briefings.db.models import Article, NearDupBand
from briefings.db.raw import Raw
from briefings.ingest import dedup
from briefings.ingest.formats import Document

BAND_HITS_PER_DOC = 200  # candidate articles looked up per document (common bands: boilerplate)
COMPARED = 32  # of which at most this many, those sharing the most bands, are compared signature to signature
_NEAR = select(Article.id, Article.near_signature, Article.carrier_of, Article.source_path, Article.url)
_NEAR_AMONG = _NEAR.where(Article.id.in_(bindparam("ids", expanding=True))).order_by(Article.id)
_BY_HASH = (select(Article.id, Article.content_hash, Article.source_path, Article.url)
            .where(Article.content_hash.in_(bindparam("digests", expanding=True))).order_by(Article.id))
_BY_URL = (select(Article.url, func.max(Article.revision))
           .where(Article.url.in_(bindparam("urls", expanding=True))).group_by(Article.url))
_LAST_ID = select(func.max(Article.id))
_BANDS_PER_QUERY = 400  # SQLite allows 500 terms in one compound SELECT


@lru_cache(maxsize=16)
def _by_band(count: int) -> Raw:
    """The first BAND_HITS_PER_DOC articles of each of `count` bands: one index probe each, capped in the database.

    A band that thousands of copies of one template share costs 200 rows, not thousands fetched into Python
    (issue 15: a 10,000-item feed of near-identical items)."""
    table = NearDupBand.__tablename__
    one = (f"SELECT * FROM (SELECT band, article_id FROM {table} WHERE band = :b{{i}} ORDER BY article_id "
           f"LIMIT {BAND_HITS_PER_DOC}) AS b{{i}}")
    return Raw(text(" UNION ALL ".join(one.format(i=i) for i in range(count))))  # on the driver's cursor


@dataclass(frozen=True)
class Hashed:
    """A document with what dedup needs, computed once without the database. The near-duplicate signature is
    computed only when asked: an exact duplicate (the common case when a feed is polled again) never needs it."""

    doc: Document
    digest: str
    near: Near | None = field(default=None, compare=False, repr=False)  # signature and bands, if computed already

    @classmethod
    def of(cls, doc: Document) -> "Hashed":
        return cls(doc, dedup.content_hash(doc.text))

    @cached_property
    def signature(self) -> tuple[int, ...]:
        return self.near.signature if self.near else dedup.signature(self.doc.text)

    @cached_property
    def bands(self) -> tuple[int, ...]:
        return self.near.bands if self.near else tuple(dedup.bands(self.signature))


class Near(NamedTuple):
    """A text's near-duplicate signature and LSH bands, computed where CPU is spare (extraction workers)."""

    signature: tuple[int, ...]
    bands: tuple[int, ...]

    @classmethod
    def of(cls, text: str) -> "Near":
        signature = dedup.signature(text)
        return cls(signature, tuple(dedup.bands(signature)))


class Known(NamedTuple):
    """A stored article: the fields a later document needs when it duplicates or carries this one."""

    id: int
    near_signature: str | None
    carrier_of: int | None
    source_path: str | None
    url: str | None


@dataclass(frozen=True)
class Verdict:
    """duplicate / original: a stored article (Known) or the index of an earlier document of the batch."""

    duplicate: Known | int | None = None
    revision: int = 1
    original: Known | int | None = None

    @property
    def needs_frames(self) -> bool:
        return self.duplicate is None and self.original is None


class Written(NamedTuple):
    """An article this process stored: what `look` would read of it."""

    known: Known
    digest: str
    revision: int
    bands: tuple[int, ...]


@dataclass(frozen=True)
class Looked:
    """What `look` read for a batch: enough to decide its verdicts, and to bring up to date with articles this
    process stored since (`caught_up`) instead of reading it all again under the write lock."""

    by_hash: dict[str, Known]
    revisions: dict[str, int]
    stored: _Candidates
    wanted: frozenset[int]  # the bands looked up
    last_id: int | None  # the largest article id when read (SQLite only, where ids grow under the write lock)
    asked: frozenset[str] = frozenset()  # the batch's digests and URLs: what `decide` looks up besides the bands
    # set by `caught_up`: the digests, URLs and bands of the batch that articles stored since share (None: unknown)
    changed: frozenset[str | int] | None = None


def classify(conn: Connection, batch: list[Hashed]) -> list[Verdict]:
    """One verdict per document, in order, as if the batch were stored one document at a time."""
    return decide(batch, look(conn, batch))


def look(conn: Connection, batch: list[Hashed]) -> Looked:
    """Four indexed reads for a whole batch: hashes, URLs, LSH bands, the candidates' signatures."""
    last_id = conn.scalar(_LAST_ID) or 0 if conn.dialect.name == "sqlite" else None  # first: a consistent snapshot
    by_hash: dict[str, Known] = {}
    for row in conn.execute(_BY_HASH, {"digests": sorted({h.digest for h in batch})}):
        by_hash.setdefault(row.content_hash, Known(row.id, None, None, row.source_path, row.url))
    fresh = [h for h in batch if h.digest not in by_hash]  # exact duplicates need nothing more: O(1) each
    urls = sorted({h.doc.url for h in fresh if h.doc.url})
    revisions: dict[str, int] = dict(conn.execute(_BY_URL, {"urls": urls}).all()) if urls else {}  # type: ignore[arg-type]
    wanted = frozenset(b for h in fresh for b in h.bands)
    asked = frozenset(h.digest for h in batch) | frozenset(h.doc.url for h in batch if h.doc.url)
    return Looked(by_hash, revisions, _near_candidates(conn, fresh, wanted), wanted, last_id, asked)


def caught_up(conn: Connection, looked: Looked, written: list[Written], batch: list[Hashed]) -> Looked | None:
    """`looked` with the articles written since it was read, as `look` would read them now; None when someone else
    wrote too (then read again). Exact because the articles written since all have larger ids (SQLite gives the
    largest id + 1 under the write lock) and stored articles do not change: each band keeps its oldest ids."""
    if looked.last_id is None:
        return None
    last = conn.scalar(_LAST_ID) or 0
    mine = sorted((w for w in written if w.known.id > looked.last_id), key=lambda w: w.known.id)
    if [w.known.id for w in mine] != list(range(looked.last_id + 1, last + 1)):
        return None
    by_hash, revisions = dict(looked.by_hash), dict(looked.revisions)
    by_band = defaultdict(list, {b: list(ids) for b, ids in looked.stored.by_band.items()})
    rows = dict(looked.stored.rows)
    for w in mine:
        by_hash.setdefault(w.digest, w.known)
        if w.known.url:
            revisions[w.known.url] = max(revisions.get(w.known.url, 0), w.revision)
        for b in w.bands:
            if b in looked.wanted and len(by_band[b]) < BAND_HITS_PER_DOC:
                by_band[b].append(w.known.id)
                rows[w.known.id] = w.known
    _compared_rows(conn, batch, by_band, rows)
    changed = frozenset(k for w in mine for k in (w.digest, w.known.url, *w.bands)
                        if k is not None and (k in looked.asked or k in looked.wanted))
    known = _Candidates(by_band, rows, looked.stored.signatures, looked.stored.similarities)  # both never go stale
    return Looked(by_hash, revisions, known, looked.wanted, last, looked.asked, changed)


def decide(batch: list[Hashed], looked: Looked, before: list[Verdict] | None = None) -> list[Verdict]:
    """The verdicts from what `look` read; documents earlier in the batch count as if already stored.

    `before`: the verdicts decided from what `looked` was caught up from. A document none of whose look-ups changed
    (`Looked.changed`), after documents whose verdicts all stand, keeps its verdict without comparing signatures
    again: every value its decision reads is the same (stored articles only gain later ids; carriers were chased)."""
    keep = before is not None and looked.changed is not None and len(before) == len(batch)
    changed = looked.changed or frozenset()
    by_hash, revisions, stored = looked.by_hash, dict(looked.revisions), looked.stored
    verdicts: list[Verdict] = []
    hashes: dict[str, int] = {}  # digest -> index of the earlier document stored with it
    bands: dict[int, list[int]] = defaultdict(list)  # band -> earlier documents (of this batch) with it
    for i, h in enumerate(batch):
        if (dup := by_hash.get(h.digest, hashes.get(h.digest))) is not None:
            verdicts.append(Verdict(duplicate=dup))
            keep = keep and before is not None and verdicts[-1] == before[i]
            continue
        revision = 1
        if h.doc.url:
            revision = revisions.get(h.doc.url, 0) + 1
            revisions[h.doc.url] = revision
        if keep and before is not None and h.digest not in changed and h.doc.url not in changed \
                and changed.isdisjoint(h.bands) and before[i].duplicate is None and before[i].revision == revision:
            verdicts.append(before[i])
        else:
            original = _original(h, i, stored, bands, batch, verdicts) if revision == 1 else None
            verdicts.append(Verdict(revision=revision, original=original))
            keep = keep and before is not None and verdicts[-1] == before[i]
        hashes[h.digest] = i
        for b in h.bands:
            bands[b].append(i)
    return verdicts


class _Candidates(NamedTuple):
    by_band: dict[int, list[int]]  # band -> stored article ids, oldest first
    rows: dict[int, Known]
    signatures: dict[int, tuple[int, ...]]  # decoded once per batch, not once per comparison
    # (digest, article id) -> similarity: compared once per batch, not again under the write lock (`caught_up`)
    similarities: dict[tuple[str, int], float]


def _near_candidates(conn: Connection, batch: list[Hashed], bands: frozenset[int]) -> _Candidates:
    wanted = sorted(bands)
    by_band: dict[int, list[int]] = defaultdict(list)
    for at in range(0, len(wanted), _BANDS_PER_QUERY):
        chunk = wanted[at:at + _BANDS_PER_QUERY]
        if len(chunk) < _BANDS_PER_QUERY:  # a few statement sizes only, so that compiled statements are reused
            chunk += [-1] * (-len(chunk) % 50)  # no key is negative
        for band, article_id in _by_band(len(chunk)).execute(conn, {f"b{i}": b for i, b in enumerate(chunk)}):
            by_band[band].append(article_id)
    rows: dict[int, Known] = {}
    _compared_rows(conn, batch, by_band, rows)
    return _Candidates(by_band, rows, {}, {})


def _compared_rows(conn: Connection, batch: list[Hashed], by_band: dict[int, list[int]],
                   rows: dict[int, Known]) -> None:
    """Read the rows `_original` will compare and `rows` lacks: at most COMPARED of each document's (up to 200)
    candidates, not all of them. Run again after articles stored since were added to the bands: a full candidate
    list then loses its last id, and an older candidate can move into the compared set."""
    ids = {a for h in batch for a in _most_shared(h, by_band)}.difference(rows)
    if ids:
        rows.update((r.id, Known(*r)) for r in conn.execute(_NEAR_AMONG, {"ids": sorted(ids)}))
    _chase(conn, rows)


def _chase(conn: Connection, rows: dict[int, Known]) -> None:
    """Add the originals of carriers: a copy always points at the first report."""
    chase = {r.carrier_of for r in rows.values() if r.carrier_of is not None and r.carrier_of not in rows}
    while chase:
        found = [Known(*r) for r in conn.execute(_NEAR_AMONG, {"ids": sorted(chase)})]
        rows.update((r.id, r) for r in found)
        chase = {r.carrier_of for r in found if r.carrier_of is not None and r.carrier_of not in rows}


def _first_ids(h: Hashed, by_band: dict[int, list[int]]) -> list[int]:
    ids: dict[int, None] = {}
    for b in h.bands:
        for article_id in by_band.get(b, ()):
            ids[article_id] = None
            if len(ids) >= BAND_HITS_PER_DOC:
                return list(ids)
    return list(ids)


def _most_shared(h: Hashed, by_band: dict[int, list[int]]) -> list[int]:
    """The COMPARED candidates that share the most bands with `h` (the likeliest copies), oldest first.

    Sharing more bands means more equal signature values, so the best match is nearly always among them; the cap
    keeps a document that shares bands with thousands of copies of one template at a few dozen comparisons."""
    first = _first_ids(h, by_band)
    if len(first) <= COMPARED:
        return sorted(first)
    shared = dict.fromkeys(first, 0)
    for b in h.bands:
        for article_id in by_band.get(b, ()):
            if article_id in shared:
                shared[article_id] += 1
    return sorted(sorted(first, key=lambda a: (-shared[a], a))[:COMPARED])


def _original(h: Hashed, index: int, stored: _Candidates, bands: dict[int, list[int]], batch: list[Hashed],
              verdicts: list[Verdict]) -> Known | int | None:
    """The first report this document is a near-duplicate of: stored articles (oldest first win ties), then
    earlier documents of the batch."""
    best: Known | int | None = None
    best_sim = 0.0
    for article_id in _most_shared(h, stored.by_band):
        row = stored.rows.get(article_id)
        if row is None or not row.near_signature:
            continue
        sim = stored.similarities.get((h.digest, article_id))
        if sim is None:
            sig = stored.signatures.get(article_id)
            if sig is None:
                sig = stored.signatures[article_id] = dedup.decode(row.near_signature)
            sim = stored.similarities[h.digest, article_id] = dedup.similarity(h.signature, sig)
        if sim > best_sim:
            best, best_sim = row, sim
    for j in sorted({j for b in h.bands for j in bands.get(b, ())}):
        sim = dedup.similarity(h.signature, batch[j].signature)
        if sim > best_sim:
            best, best_sim = j, sim
    if best is None or best_sim < dedup.NEAR_DUP_THRESHOLD:
        return None
    while True:  # always the first report, not another copy
        if isinstance(best, int):
            earlier = verdicts[best].original
            if earlier is None:
                return best
            best = earlier
        elif best.carrier_of is not None and best.carrier_of in stored.rows:
            best = stored.rows[best.carrier_of]
        else:
            return best


def describe(target: Known | int, batch: list[Hashed], ids: dict[int, int]) -> tuple[int, str]:
    """(article id, how to name it) of a duplicate's or copy's target; batch documents by their stored id."""
    if isinstance(target, int):
        doc = batch[target].doc
        return ids[target], doc.source or doc.url or f"article {ids[target]}"
    return target.id, target.source_path or target.url or f"article {target.id}"


__all__ = ["Hashed", "Known", "Looked", "Near", "Verdict", "Written", "caught_up", "classify", "decide", "describe", "look"]
