"""Extraction for a batch of documents: in this process, or in worker processes while this one writes.

Extraction is pure CPU work (regexes over each sentence) and needs no database, so `--workers N` moves it to N
processes; the writer keeps one connection and one transaction per batch. Workers are spawned, not forked: the bot
has threads and open connections that a fork would copy.
"""
from __future__ import annotations

import logging
import multiprocessing
from collections.abc import Callable
from concurrent.futures import Future, ProcessPoolExecutor
from datetime import date
from pathlib import Path

from briefings.extract.article import Knowledge, extract_article
from briefings.extract.dates import infer_published
from briefings.extract.frames import Frame
from briefings.ingest.formats import Document
from briefings.ingest.urldate import date_in_url

Frames = list[list[Frame]]
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


class InlineExtractor:
    """Extracts in the calling process, when asked (the default: no process start-up, least memory)."""

    def __init__(self, knowledge: Knowledge) -> None:
        self.knowledge = knowledge

    def submit(self, docs: list[Document]) -> Callable[[], Frames]:
        frames = [frames_of(d, self.knowledge) for d in docs]
        return lambda: frames

    def close(self) -> None:
        pass


_WORKER_KNOWLEDGE: list[Knowledge] = []  # set once in each worker process by _start (never in the parent)


def _start(places_files: tuple[Path, ...], actors_files: tuple[Path, ...]) -> None:
    _WORKER_KNOWLEDGE.append(Knowledge.default(places_files, actors_files))


def _extract_chunk(docs: list[Document]) -> Frames:
    return [frames_of(d, _WORKER_KNOWLEDGE[0]) for d in docs]


class PoolExtractor:
    """Extracts in `workers` spawned processes; `submit` returns at once and the result is collected later."""

    def __init__(self, workers: int, knowledge: Knowledge, places_files: tuple[Path, ...] = (),
                 actors_files: tuple[Path, ...] = ()) -> None:
        self.workers = workers
        self.inline = InlineExtractor(knowledge)  # when the pool cannot start (e.g. no `if __name__ == "__main__"`)
        self.pool: ProcessPoolExecutor | None = ProcessPoolExecutor(
            workers, multiprocessing.get_context("spawn"), _start, (tuple(places_files), tuple(actors_files)))

    def submit(self, docs: list[Document]) -> Callable[[], Frames]:
        if self.pool is None or not docs:
            return self.inline.submit(docs)
        size = max(1, -(-len(docs) // self.workers))
        try:
            futures: list[Future[Frames]] = [self.pool.submit(_extract_chunk, docs[i:i + size])
                                             for i in range(0, len(docs), size)]
        except Exception as exc:
            log.warning("extraction workers could not start (%s): extracting in this process", exc)
            self.close()
            return self.inline.submit(docs)
        return lambda: [f for fut in futures for f in fut.result()]

    def close(self) -> None:
        if self.pool is not None:
            self.pool.shutdown(wait=True, cancel_futures=True)
            self.pool = None


Extractor = InlineExtractor | PoolExtractor
