"""The gazetteer the engine uses: the curated regional file first, then the world (GeoNames).

The regional file (knowledge/regional.py) keeps what no public list holds: bases, camps, spellings such as
Kalso/Calso. The world index (knowledge/world.py) knows every country, first-level area and town of 500+ people.
A world place that the regional file already has (same country, same name, nearby) is *shadowed*: the regional
entry stands for it everywhere, so one city never has two ids.
"""
from __future__ import annotations

import os
from collections import Counter
from dataclasses import dataclass, field
from functools import partial
from pathlib import Path
from typing import Iterable, Iterator


from briefings.extract.types import Place, PlaceMention
from briefings.fastinit import direct_init
from briefings.knowledge.fuzzy import NamePools
from briefings.knowledge.learned import Learned, LearnedPlaces, learn, teaching_patterns
from briefings.knowledge.regional import _FILLER, KIND_RANK, RegionalGazetteer
from briefings.knowledge.text import Words, key_of
from briefings.knowledge.world import WorldIndex, haversine
from briefings.knowledge.worldmatch import Candidate, choose, context_of, scan
from briefings.knowledge.worldscript import CASELESS, scan_caseless

_REGIONAL_KINDS = {"country": ("country",), "region": ("province",), "province": ("province",)}
_NEAR_KM = 30.0


@direct_init
@dataclass(frozen=True)
class Scan:
    """What one sentence may name: regional mentions (spans in the report: `offset` added), phrases that are no
    place and world candidates (spans in the sentence)."""

    regional: list[PlaceMention]
    blocked: list[tuple[int, int]]
    world: list[Candidate]
    demonyms: list[str]  # country codes of the demonyms used ("Malian troops")
    caseless: list[Candidate] = field(default_factory=list)  # names in Arabic script (knowledge/worldscript.py):
    # the regional file cannot read them, so a place it shadows is taken through it, not skipped
    words: Words | None = field(default=None, compare=False, repr=False)  # the sentence's one tokenisation
    offset: int = 0  # where the sentence starts in the report: `resolve` at this offset keeps the regional mentions

class Gazetteer:
    """Places by id, mentions in sentences, user look-up, hierarchy, capitals and neighbours."""

    def __init__(self, regional: RegionalGazetteer, world: WorldIndex | None = None) -> None:
        self.regional = regional
        self.world = world
        self.learned = LearnedPlaces()  # places the reports taught (knowledge/learned.py)
        self._shadow: dict[str, str] = self._shadows() if world is not None else {}
        self._pools = NamePools(world.keys_from) if world is not None else None

    @classmethod
    def default(cls, extra: Iterable[Path] = (), world: bool | None = None) -> Gazetteer:
        """The packaged regional file plus user files, and the world index (built once on first use).
        BRIEFBOT_WORLD_GAZETTEER=off leaves the world out (the regional file alone)."""
        if world is None:
            world = os.environ.get("BRIEFBOT_WORLD_GAZETTEER", "on").lower() not in ("off", "0", "false", "no")
        return cls(RegionalGazetteer.default(extra), WorldIndex.open() if world else None)

    def _shadows(self) -> dict[str, str]:
        assert self.world is not None
        out: dict[str, str] = {}
        for p in self.regional:
            keys = sorted({" ".join(key_of(n)) for n in (p.name, *p.aliases)} - {""})
            for rows in self.world.lookup(keys).values():
                for r in rows:
                    if r.place.country != p.country or r.place.id in out:
                        continue
                    kinds = _REGIONAL_KINDS.get(p.kind, ("city", "town"))
                    if r.place.kind not in kinds:
                        continue
                    if r.place.kind in ("city", "town"):
                        if p.lat is None or r.place.lat is None:
                            if r is not rows[0]:
                                continue
                        elif haversine(p.lat, p.lon, r.place.lat, r.place.lon) > _NEAR_KM:  # type: ignore[arg-type]
                            continue
                    out[r.place.id] = p.id
        return out

    def _canon(self, place: Place) -> Place:
        rid = self._shadow.get(place.id)
        return (self.regional.get(rid) or place) if rid else place

    # -- mentions ----------------------------------------------------------------------------------
    def scan(self, text: str, language: str | None = None, offset: int = 0) -> Scan:
        """The regional, world and demonym passes over one tokenisation of `text` (kept for the learned pass);
        `offset`: where `text` starts in the report (the regional mentions are built there once)."""
        words = Words(text)
        mentions, blocked = self.regional.find_blocked(text, offset, words)
        if self.world is None:
            return Scan(mentions, blocked, [], [], words=words, offset=offset)
        cands, ccs = scan(self.world, text, language, words)
        caseless = scan_caseless(self.world, text, language, words) if language in CASELESS else []  # no capitals
        if language and language != "en":  # "l'armée malienne": the language's own demonyms (data files)
            from briefings.extract.lang.demonyms import demonym_countries

            ccs = ccs + demonym_countries(text, language)
        return Scan(mentions, blocked, cands, ccs, caseless, words, offset)

    def context(self, scans: Iterable[Scan]) -> Counter[str]:
        """Country codes the report is about (see worldmatch.context_of), regional countries included."""
        scans = list(scans)
        ctx = context_of([s.world + s.caseless for s in scans], [cc for s in scans for cc in s.demonyms]) \
            if self.world is not None else Counter()
        if self.world is not None:
            for s in scans:
                for m in s.regional:
                    cc = self.world.country_code(m.place.country)
                    if cc:
                        ctx[cc] += 3 if m.place.kind == "country" else 1
        return ctx

    def resolve(self, found: Scan, text: str, offset: int = 0, context: Counter[str] | None = None) -> list[PlaceMention]:
        """The place mentions of a scanned sentence; spans are offsets in `text` plus `offset`."""
        shift = offset - found.offset  # 0 when scanned at this offset: the scan's mentions are the ones to return
        out = list(found.regional) if not shift else [
            PlaceMention(m.place, m.text, m.char_start + shift, m.char_end + shift, m.role) for m in found.regional]
        if not found.world and not found.caseless:
            return out  # the regional mentions, in text order and apart
        taken = [(m.char_start - found.offset, m.char_end - found.offset) for m in found.regional] + found.blocked
        ctx = context if context is not None else Counter()
        caseless = {id(c) for c in found.caseless}
        for c in sorted(found.world + found.caseless, key=lambda c: (c.start - c.end, c.start)):
            if any(c.start < e and s < c.end for s, e in taken):
                continue
            row = choose(c, text, ctx)
            if row is None or (row.place.id in self._shadow and id(c) not in caseless):  # the regional file had
                # its say, with its own rules
                continue
            taken.append((c.start, c.end))
            out.append(PlaceMention(self._canon(row.place), text[c.start:c.end], c.start + offset, c.end + offset,
                                    self.regional.role(text, c.start)))  # type: ignore[arg-type]
        return sorted(out, key=lambda m: m.char_start)

    def find(self, text: str, offset: int = 0, context: Counter[str] | None = None) -> list[PlaceMention]:
        """Place mentions in one sentence, longest first, no overlaps (see `resolve`)."""
        return self.resolve(self.scan(text, None, offset), text, offset, context)

    # -- places --------------------------------------------------------------------------------------
    def __iter__(self) -> Iterator[Place]:
        """The regional places only: the world is looked up, never listed."""
        return iter(self.regional)

    def __len__(self) -> int:
        return len(self.regional)

    def get(self, place_id: str) -> Place | None:
        found = self.regional.get(place_id) or self.learned.get(place_id)
        if found is None and self.world is not None and ":" in place_id:
            world = self.world.place(place_id)
            found = self._canon(world) if world is not None else None
        return found

    def country_place(self, cc: str) -> Place | None:
        return self.get(f"c:{cc}") if self.world is not None else None

    def country_code(self, country: str) -> str | None:
        return self.world.country_code(country) if self.world is not None else None

    def learn(self, text: str, mentions: list[PlaceMention], offset: int, context: Counter[str]) -> list[Learned]:
        """Places this sentence teaches (registered for later reports too)."""
        patterns = teaching_patterns(text, mentions, offset)
        if not patterns:  # most sentences: no kind word, no "Camp", no known place an unknown name is placed in
            return []
        fallback = partial(self._main_country, context)  # asked only when the sentence names no parent
        found = [item for item in learn(text, mentions, offset, fallback, self.country_code, patterns)
                 if not self._is_demonym(item.names[-1])]
        found = [self.learned.same_as(item) for item in found]
        for item in found:
            self.learned.add(item)
        return found

    def _main_country(self, context: Counter[str]) -> Place | None:
        """The country the report is most about."""
        top = context.most_common(1)[0][0] if context else None
        return self.country_place(top) if top else None

    def _is_demonym(self, name: str) -> bool:
        """"Ukrainian mall", "Nigerian army base": a nationality, not a place's name."""
        key = " ".join(key_of(name))
        return self.regional.capital_of(name) is not None or (
            self.world is not None and bool(self.world.demonym_map([key])))

    def ancestors(self, place: Place) -> list[Place]:
        """Enclosing places, nearest first: Kremenchuk -> [Poltava, Ukraine]."""
        if self.regional.get(place.id) is not None:
            return self.regional.ancestors(place)
        out: list[Place] = []
        seen = {place.id}
        parent = place.parent
        while parent and parent not in seen:
            seen.add(parent)
            p = self.get(parent)
            if p is None:
                break
            out.append(p)
            if self.regional.get(p.id) is not None:
                return out + self.regional.ancestors(p)
            parent = p.parent
        return out

    def nearby(self, place: Place, km: float = _NEAR_KM, limit: int = 50) -> list[Place]:
        """Towns, cities and sites within `km` (not the place itself), the regional ones first."""
        if place.lat is None or place.lon is None:
            return []
        out = [q for q in self.regional if q.id != place.id and q.lat is not None and q.lon is not None
               and KIND_RANK.get(q.kind, 0) >= 3 and haversine(place.lat, place.lon, q.lat, q.lon) <= km]
        if self.world is not None:
            ids = {q.id for q in out} | {place.id}
            for q in self.world.near(place.lat, place.lon, km, limit):
                q = self._canon(q)
                if q.id not in ids:
                    ids.add(q.id)
                    out.append(q)
        return out[:limit]

    def capital_of(self, adjective_or_country: str) -> Place | None:
        """'Iraqi' / 'Ukraine' / 'Ukrainian' -> its capital."""
        found = self.regional.capital_of(adjective_or_country)
        if found is not None or self.world is None:
            return found
        key = " ".join(key_of(adjective_or_country))
        cc = self.world.demonym_map([key]).get(key)
        if cc is None:
            rows = self.world.lookup([key]).get(key, [])
            cc = next((r.cc for r in rows if r.place.kind == "country"), None)
        cap = self.world.capital(cc) if cc else None
        return self._canon(cap) if cap is not None else None

    def search(self, query: str, limit: int = 10) -> list[tuple[Place, float]]:
        """User look-up, best first, score 0..1: the regional file (typos forgiven), then world names (exact 1.0,
        a prefix 0.9+, a close spelling ≥ 0.88 similar x 0.9); ties go to the bigger place."""
        scores: dict[str, tuple[float, int, Place]] = {}
        for p, s in self.regional.search(query, limit=limit):
            scores[p.id] = (s, 10**9, p)
        for p, s in self.learned.search(query):
            scores[p.id] = (s, 10**8, p)
        if self.world is not None:
            words = key_of(query)
            q = " ".join(words)
            if len(q) >= 3 and not set(words) <= _FILLER:
                for key, rows in self.world.lookup([q]).items():
                    for r in rows:
                        self._score(scores, r.place, 0.99 if r.main else 0.97, r.population)
                ids = self._pools.close_names(q) if self._pools is not None else {}
                for pid, s in sorted(ids.items(), key=lambda kv: -kv[1])[: limit * 5]:
                    place = self.world.place(pid)
                    if place is not None:
                        self._score(scores, place, s, self.world.population(pid))
        ranked = sorted(scores.values(), key=lambda t: (-t[0], -t[1], t[2].id))
        return [(p, round(s, 4)) for s, _, p in ranked[:limit]]

    def _score(self, scores: dict[str, tuple[float, int, Place]], place: Place, s: float, pop: int) -> None:
        place = self._canon(place)
        old = scores.get(place.id)
        if old is None or s > old[0]:
            scores[place.id] = (s, max(pop, old[1] if old else 0), place)
