"""Extraction for a batch of documents: in this process, or in worker processes while this one writes.

Extraction is pure CPU work (regexes over each sentence) and needs no database, so `--workers N` moves it to N
processes; the writer keeps one connection and one transaction per batch. So does hashing (language, content hash,
near-duplicate signature and bands: `hash`), a batch ahead of classifying, else the writer would spend ~0.25 ms of
its ~1 ms per article on it. Workers are spawned, not forked: the bot has threads and open connections that a fork
would copy.
"""
from __future__ import annotations

import logging
import multiprocessing
import time
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import replace
from datetime import date
from pathlib import Path
from typing import TypeVar

from briefings.extract.article import Knowledge, extract_article
from briefings.extract.datetext import infer_published
from briefings.extract.frames import Frame
from briefings.heap import freeze
from briefings.ingest.formats import Document
from briefings.ingest.learning import Journal, Op, Unseen, replay
from briefings.ingest.lookup import Hashed, Near
from briefings.ingest.urldate import date_in_url

Frames = list[list[Frame]]
T = TypeVar("T")
Hashes = tuple[str | None, str, Near]  # (language, content hash, near-duplicate signature and bands) of a document
LearnedRow = tuple[str, str, str | None, str | None, str | None]  # (id, name, admin1, country, parent id)
log = logging.getLogger(__name__)


def frames_of(doc: Document, kn: Knowledge) -> list[Frame]:
    """The event frames of one document; its date line, else the date in its address, is the reference when the
    input had no date."""
    try:
        ref: date | None = doc.published.date() if doc.published else (
            infer_published(doc.text) or date_in_url(doc.url))
        return extract_article(doc.text, ref, kn, doc.title, doc.language)
    except Exception:  # noqa: BLE001 - an extractor bug on odd text: store the article without claims, never lose it
        log.exception("extraction failed on %s: stored without claims", doc.source)
        return []


def hashed(doc: Document, kn: Knowledge) -> Hashed:
    """The document with its language (the declared one, normalised, or the detected one) and content hash; the
    near-duplicate signature is computed when first needed (an exact duplicate never needs it)."""
    return Hashed.of(replace(doc, language=kn.languages.language_of(doc.language, doc.text, doc.title)))


class InlineExtractor:
    """Extracts in the calling process, when asked (the default: no process start-up, least memory)."""

    ahead = 0  # batches hashed ahead of the one being classified: none, hashing here costs the same either way

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def hash(self, docs: list[Document]) -> Callable[[], list[Hashed]]:
        """Hashing when the result is asked for, as `submit` extracts."""
        return lambda: [hashed(d, self.knowledge) for d in docs]

    def submit(self, docs: list[Document]) -> Callable[[], Frames]:
        frames = [frames_of(d, self.knowledge) for d in docs]
        return lambda: frames

    def close(self) -> None:
        pass


_WORKER_KNOWLEDGE: list[Knowledge] = []  # set once in each worker process by _start (never in the parent)
Learning = list[Op]  # what one report taught, as registry operations (briefings/ingest/learning.py)


def _start(places_files: tuple[Path, ...], actors_files: tuple[Path, ...], learned: list[LearnedRow]) -> None:
    """A worker's knowledge: the writer's, learned places included (loaded from the same rows, so the same state).
    It lives as long as the worker: frozen, the collector's full passes never walk it (briefings/heap.py)."""
    kn = Knowledge.default(places_files, actors_files)
    kn.places.learned = Journal()
    kn.places.learned.load(learned)
    _WORKER_KNOWLEDGE.append(kn)
    freeze()


def _hash_chunk(docs: list[Document]) -> tuple[float, list[Hashes]]:
    """Language, content hash, signature and bands of each document (with the CPU seconds it took)."""
    started, kn = time.process_time(), _WORKER_KNOWLEDGE[0]
    out = [(h.doc.language, h.digest, Near.of(h.doc.text)) for h in (hashed(d, kn) for d in docs)]
    return time.process_time() - started, out


def _extract_chunk(docs: list[Document], news: list[Op]) -> tuple[float, list[tuple[list[Frame], Learning]]]:
    """Frames of consecutive documents, each with what it taught (and the CPU seconds it took). `news`: the
    writer's registry operations since this worker last heard; what the chunk teaches stays on a scratch copy (the
    writer decides what counts)."""
    started, kn = time.process_time(), _WORKER_KNOWLEDGE[0]
    registry = kn.places.learned
    assert isinstance(registry, Journal)
    replay(registry, news)
    out = []
    registry.begin_scratch()
    try:
        for d in docs:
            registry.ops = []
            out.append((frames_of(d, kn), registry.ops))
    finally:
        registry.end_scratch()
    return time.process_time() - started, out


class PoolExtractor:
    """Extracts in `workers` spawned processes; `submit` returns at once and the result is collected later.

    One single-process pool per worker, so that the writer knows what each worker has heard of its learned places
    and sends each only what is new (briefings/ingest/learning.py: the output equals extraction in one process).
    `cpu_seconds`: what the workers' jobs took, for the bench."""

    ahead = 1  # hash a batch while the one before it is classified and the one before that written

    def __init__(self, workers: int, knowledge: Knowledge, places_files: tuple[Path, ...] = (),
                 actors_files: tuple[Path, ...] = (), learned: list[LearnedRow] | None = None) -> None:
        self.workers = workers
        self.inline = InlineExtractor(knowledge)  # when the pool cannot start (e.g. no `if __name__ == "__main__"`)
        rows = list(learned or ())
        self.journal = Journal()  # the writer's registry: every change journalled for the workers
        self.journal.load(rows)
        self.journal.recording = True
        knowledge.places.learned = self.journal
        spawn = multiprocessing.get_context("spawn")
        self.pools: list[ProcessPoolExecutor] | None = [
            ProcessPoolExecutor(1, spawn, _start, (tuple(places_files), tuple(actors_files), rows))
            for _ in range(workers)]
        self.heard = [self.journal.version] * workers  # journal version each worker has replayed up to
        self.waiting: list[int] = []  # journal version at which each batch not yet collected was sent
        self.cpu_seconds = 0.0

    def hash(self, docs: list[Document]) -> Callable[[], list[Hashed]]:
        """Start hashing the documents in the workers; the callable returns them hashed (here, if a worker failed)."""
        if self.pools is None or not docs:
            return self.inline.hash(docs)
        chunks = self._chunks(docs)
        try:
            futures = [self.pools[w].submit(_hash_chunk, chunk) for w, chunk in enumerate(chunks)]
        except Exception as exc:
            log.warning("extraction workers could not start (%s): extracting in this process", exc)
            self.close()
            return self.inline.hash(docs)
        return lambda: self._hashed(docs, futures)

    def _hashed(self, docs: list[Document], futures: list[Future[tuple[float, list[Hashes]]]]) -> list[Hashed]:
        try:
            hashes = [h for f in futures for h in self._result(f)]
        except Exception as exc:  # a worker died: hash here
            log.warning("hashing in a worker failed (%s): hashing here", exc)
            return self.inline.hash(docs)()
        return [Hashed(replace(d, language=language), digest, near)
                for d, (language, digest, near) in zip(docs, hashes, strict=True)]

    def _result(self, future: Future[tuple[float, list[T]]]) -> list[T]:
        cpu, out = future.result()
        self.cpu_seconds += cpu
        return out

    def _chunks(self, docs: list[Document]) -> list[list[Document]]:
        size = max(1, -(-len(docs) // self.workers))
        return [docs[i:i + size] for i in range(0, len(docs), size)]

    def submit(self, docs: list[Document]) -> Callable[[], Frames]:
        if self.pools is None or not docs:
            return self.inline.submit(docs)
        chunks = self._chunks(docs)
        sent = self.journal.version
        try:
            futures: list[Future[tuple[float, list[tuple[list[Frame], Learning]]]]] = []
            for w, chunk in enumerate(chunks):
                futures.append(self.pools[w].submit(_extract_chunk, chunk, self.journal.since(self.heard[w])))
                self.heard[w] = sent
        except Exception as exc:
            log.warning("extraction workers could not start (%s): extracting in this process", exc)
            self.close()
            return self.inline.submit(docs)
        self.waiting.append(sent)
        self.journal.trim(min(self.heard + self.waiting))
        return lambda: self._collect(chunks, futures, sent)

    def _collect(self, chunks: list[list[Document]],
                 futures: list[Future[tuple[float, list[tuple[list[Frame], Learning]]]]], sent: int) -> Frames:
        """The frames in document order; what each report taught joins the writer's registry in that order, and a
        report that learning elsewhere could have changed is extracted again here (learning.py)."""
        kn, main = self.inline.knowledge, self.journal
        self.waiting.remove(sent)
        before_batch = main.since(sent)  # learned here after the batch was sent (the previous batch, in order)
        start = main.version
        out: Frames = []
        for chunk, future in zip(chunks, futures):
            unseen = Unseen()
            unseen.note(before_batch)
            unseen.note(main.since(start))  # what the earlier chunks of this batch taught
            for doc, (frames, taught) in zip(chunk, self._result(future)):
                if unseen.may_change(doc.text, doc.title, taught):
                    log.debug("%s: extracted again here (places learned in another worker may change it)", doc.source)
                    here = main.version
                    frames = frames_of(doc, kn)
                    unseen.note(taught)  # the worker's registry went its own way from here: both count
                    unseen.note(main.since(here))
                else:
                    replay(main, taught)
                out.append(frames)
        return out

    def close(self) -> None:
        if self.pools is not None:
            for pool in self.pools:
                pool.shutdown(wait=True, cancel_futures=True)
            self.pools = None
            self.journal.recording = False  # no worker will ask: the journal must not grow for ever
            self.journal.trim(self.journal.version)


Extractor = InlineExtractor | PoolExtractor
