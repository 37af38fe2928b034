"""The in-memory index behind `/incident` autocomplete: incident names, slugs and place aliases.

Discord gives autocomplete 3 s and no defer (platforms.md §2.1), so a keystroke never touches the
database: the index is a snapshot loaded in a worker thread (every minute, and soon after an ingest
changes the incidents) and searched in memory. Place names, aliases and misspellings ("kalso") go
through the engine's own gazetteer search, so completion finds what `/incident` will find.
"""
from __future__ import annotations

import asyncio
import bisect
import heapq
import logging
import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from briefings.knowledge.text import key_of

log = logging.getLogger(__name__)

CHOICES = 25  # Discord's maximum
NAME, VALUE = 100, 100  # choice name / value length limits
PLACE_SCORE = 0.8  # gazetteer matches below this are not offered
ANCESTOR_WEIGHT = 0.85  # an incident inside a matched province or country ranks below direct matches
_TOKEN = re.compile(r"[a-z0-9]+")


@dataclass(frozen=True)
class Entry:
    slug: str
    title: str
    start: date | None
    places: tuple[str, ...] = ()  # gazetteer ids of the places it happened at

    def choice(self) -> tuple[str, str]:
        """(name shown to the user, value sent back: the slug, which `/incident` matches exactly)."""
        when = self.start.isoformat() if self.start else "date unknown"
        title = self.title if len(self.title) + len(when) + 3 <= NAME else self.title[: NAME - len(when) - 4] + "…"
        return f"{title} · {when}", self.slug


@dataclass(frozen=True)
class Snapshot:
    entries: tuple[Entry, ...] = ()  # most recent first
    by_place: Mapping[str, tuple[tuple[int, float], ...]] = field(default_factory=dict)  # place → (entry, weight)
    tokens: tuple[str, ...] = ()  # sorted words of titles and slugs, for prefix look-up
    by_token: Mapping[str, tuple[int, ...]] = field(default_factory=dict)
    signature: Any = None


def words(text: str) -> list[str]:
    """Lower-case ASCII-folded words, the same keys the gazetteer uses, plus the raw alphanumeric runs."""
    raw = _TOKEN.findall(text.casefold())
    try:
        keys = [k for k in key_of(text) if k]
    except Exception:  # a name the gazetteer's normaliser cannot read still has its raw words
        keys = []
    return list(dict.fromkeys(keys + raw))


class IncidentIndex:
    """A snapshot swapped whole on reload: readers on the event loop never see a half-built index."""

    def __init__(self, gazetteer: Any = None, max_entries: int = 100_000) -> None:
        self.gazetteer = gazetteer  # briefings.knowledge.places.Gazetteer, or None (no place search)
        self.max_entries = max_entries
        self.snapshot = Snapshot()
        self.loads = 0

    # -- loading (worker thread) ----------------------------------------------------------------
    def build(self, entries: list[Entry], signature: Any = None) -> Snapshot:
        by_place: dict[str, list[tuple[int, float]]] = {}
        by_token: dict[str, list[int]] = {}
        for pos, entry in enumerate(entries):
            for place_id in entry.places:
                by_place.setdefault(place_id, []).append((pos, 1.0))
                for parent in self._ancestors(place_id):
                    if parent not in entry.places:
                        by_place.setdefault(parent, []).append((pos, ANCESTOR_WEIGHT))
            for word in dict.fromkeys(words(entry.title) + words(entry.slug.replace("-", " ")) + [entry.slug]):
                by_token.setdefault(word, []).append(pos)
        return Snapshot(tuple(entries), {k: tuple(v) for k, v in by_place.items()}, tuple(sorted(by_token)),
                        {k: tuple(v) for k, v in by_token.items()}, signature)

    def _ancestors(self, place_id: str) -> list[str]:
        place = self.gazetteer.get(place_id) if self.gazetteer is not None else None
        return [p.id for p in self.gazetteer.ancestors(place)] if place is not None else []

    def load(self, engine: Any) -> bool:
        """Re-read the incidents (blocking: call it in a worker thread). True when something changed."""
        signature = current_signature(engine)
        entries = read_entries(engine, self.max_entries)
        snapshot = self.build(entries, signature)
        changed = snapshot.entries != self.snapshot.entries
        self.snapshot = snapshot
        self.loads += 1
        return changed

    # -- searching (event loop, in memory) ----------------------------------------------------------
    def complete(self, text: str, limit: int = CHOICES) -> list[tuple[str, str]]:
        """Up to `limit` (name, value) choices for what the user has typed so far, best first."""
        snap = self.snapshot
        query = " ".join(text.split())
        if not query:
            ranked = list(range(len(snap.entries)))
        else:
            scores = self._scores(snap, query)
            ranked = heapq.nsmallest(limit * 2, scores, key=lambda pos: (-scores[pos], pos))
        out: list[tuple[str, str]] = []
        for pos in ranked:
            name, value = snap.entries[pos].choice()
            if len(value) <= VALUE:
                out.append((name, value))
            if len(out) >= limit:
                break
        return out

    def _scores(self, snap: Snapshot, query: str) -> dict[int, float]:
        scores: dict[int, float] = {}

        def add(pos: int, score: float) -> None:
            scores[pos] = max(scores.get(pos, 0.0), score)

        lowered = query.casefold()
        for pos in snap.by_token.get(lowered, ()):
            if snap.entries[pos].slug == lowered:
                add(pos, 1.0)
        if self.gazetteer is not None and len(lowered) >= 3:
            for place, score in self.gazetteer.search(query, limit=10):
                if score >= PLACE_SCORE:
                    for pos, weight in snap.by_place.get(place.id, ()):
                        add(pos, score * weight)
        matched = self._prefix_match(snap, words(query) or [lowered])
        for pos in matched:
            add(pos, 0.9)
        return scores

    @staticmethod
    def _prefix_match(snap: Snapshot, query_words: list[str]) -> set[int]:
        """Entries having, for every query word, a word that starts with it ("jurf al" → Jurf al-Sakhar)."""
        found: set[int] | None = None
        for word in query_words:
            lo = bisect.bisect_left(snap.tokens, word)
            hits: set[int] = set()
            for token in snap.tokens[lo:]:
                if not token.startswith(word):
                    break
                hits.update(snap.by_token[token])
            found = hits if found is None else found & hits
            if not found:
                return set()
        return found or set()


def read_entries(engine: Any, limit: int) -> list[Entry]:
    """Incidents, most recent first, with the places they happened at (read-only, from the engine's DB)."""
    sessions = getattr(engine, "sessions", None)
    if sessions is None:  # an engine without a database (a test double): its incident list will do
        listing = engine.incidents()
        return [Entry(i.label, i.text.split(" · ")[0], None) for s in listing.sections for i in s.items if i.label]
    from sqlalchemy import select

    from briefings.db.models import Incident, IncidentPlace

    with sessions() as s:
        rows = s.execute(select(Incident.id, Incident.slug, Incident.title, Incident.start_date, Incident.place_id)
                         .order_by(Incident.start_date.desc().nulls_last(), Incident.id.desc()).limit(limit)).all()
        places: dict[int, list[str]] = {}
        for incident_id, place_id in s.execute(select(IncidentPlace.incident_id, IncidentPlace.place_id)):
            places.setdefault(incident_id, []).append(place_id)
    return [Entry(slug, title, start, tuple(dict.fromkeys([main, *places.get(iid, [])])))
            for iid, slug, title, start, main in rows]


def current_signature(engine: Any) -> Any:
    """A cheap fingerprint of the incident table (count, last change): it moves when an ingest lands."""
    sessions = getattr(engine, "sessions", None)
    if sessions is None:
        return None
    from sqlalchemy import func, select

    from briefings.db.models import Incident

    with sessions() as s:
        return tuple(s.execute(select(func.count(Incident.id), func.max(Incident.updated_at))).one())


async def keep_fresh(index: IncidentIndex, engine: Any, stop: asyncio.Event, every: float, check: float,
                     loaded: bool = False) -> None:
    """Load (unless `loaded`), then reload every `every` seconds and whenever the cheap signature (checked
    every `check` seconds) changes. Failures are logged and retried; the old snapshot keeps serving."""
    loop = asyncio.get_running_loop()
    last_load = loop.time() if loaded else float("-inf")
    while not stop.is_set():
        try:
            due = loop.time() - last_load >= every
            if not due and check > 0:
                due = await asyncio.to_thread(current_signature, engine) != index.snapshot.signature
            if due:
                await asyncio.to_thread(index.load, engine)
                last_load = loop.time()
        except Exception:
            log.exception("refreshing the Discord autocomplete index failed; keeping the previous one")
        try:
            await asyncio.wait_for(stop.wait(), timeout=max(0.01, min(every, check) if check > 0 else every))
        except asyncio.TimeoutError:
            pass
