"""The regional gazetteer: curated places (bases, camps, spellings no public list holds) with aliases.

Hand-made (dependencies.md §4-§5): the bases and Jurf al-Sakhar are in no public dataset, and
fuzzy matching against 50k world names picks wrong places. Text is matched exactly on normalised
names (see knowledge.text); fuzziness is only used for user look-ups, over this small list.
"""
from __future__ import annotations

import re
from importlib import resources
from pathlib import Path
from typing import Any, Iterable, Iterator

from rapidfuzz import process
from rapidfuzz.distance import JaroWinkler

from briefings.extract.types import Place, PlaceMention
from briefings.knowledge.text import (
    Alias,
    AliasIndex,
    Match,
    Words,
    key_of,
    longest_first,
    merge_records,
    read_table,
)

KIND_RANK = {"country": 0, "region": 1, "province": 2, "city": 3, "town": 4, "district": 5, "site": 6}
#: Single-word names that are also English words: only a place after a cue ("in Hit").
COMMON_WORDS = frozenset({"hit", "sour", "sur", "union", "victory", "tower", "dora", "mansour", "anah"})
_BASE_WORDS = frozenset({"base", "bases", "camp", "air", "airfield", "garrison", "field", "airport"})
_BASE_FORMS = ("{} base", "{} air base", "{} military base", "{} airfield", "Camp {}")
_PROVINCE_FORMS = ("{} province", "{} governorate", "province of {}", "governorate of {}")
_FILLER = frozenset(
    {"base", "bases", "camp", "air", "airbase", "military", "airfield", "garrison", "town", "city", "village",
     "province", "governorate", "district", "the", "of", "al", "el"}
)
_DIR = r"(?:north|south)(?:[- ]?(?:east|west))?|east|west"
_REFERENCE = re.compile(
    r"(?:\b(?:" + _DIR + r")(?:wards?)?\s+of"
    r"|\b(?:km|kms|kilomet(?:er|re)s?|miles?|mi)\b\s*(?:\([^)]{0,30}\)\s*)?(?:away\s+)?from"
    r"|\baway\s+from)"
    r"\s+(?:the\s+)?(?:(?:city|town|village|capital|province|governorate|border\s+town)(?:\s+of)?\s+)?$",
    re.IGNORECASE,
)
# "in the south of Iraq" locates; "to the south of Baghdad" / "south of Baghdad" refer.
_IN_THE_DIR_OF = re.compile(
    r"\b(?:in|across|throughout|into|from|of)\s+the\s+(?:" + _DIR + r")\s+of\s+(?:the\s+)?$", re.IGNORECASE
)
_PACKAGE_FILE = "data/places.json"


class RegionalGazetteer:
    """Places by id, mentions in sentences, user look-up, hierarchy and capitals."""

    def __init__(self, tables: list[dict[str, Any]]) -> None:
        records, alias_layer = merge_records([t["places"] for t in tables], ("name", "kind", "country"), "gazetteer")
        self._records = records
        for rid, rec in records.items():
            if rec["kind"] not in KIND_RANK:
                raise ValueError(f"gazetteer: {rid!r} has unknown kind {rec['kind']!r}")
            if rec.get("parent") and rec["parent"] not in records:
                raise ValueError(f"gazetteer: {rid!r} has unknown parent {rec['parent']!r}")
        self._places: dict[str, Place] = {rid: self._place(rid) for rid in records}
        self._capitals = {rid: r["capital"] for rid, r in records.items() if r.get("capital") in records}
        self._demonyms = {" ".join(key_of(d)): rid for rid, r in records.items() for d in r.get("demonyms", ())}
        aliases = list(self._aliases(alias_layer))
        blockers = [Alias(None, s, priority=(99, 0)) for t in tables for s in t.get("not_places", ())]
        self._index = AliasIndex(aliases + blockers)
        self._capital_re = self._capital_regex()
        self._search: dict[str, list[tuple[str, str]]] = {}
        for rid, rec in records.items():
            for name in [rec["name"], *rec["aliases"]]:
                full = key_of(name)
                short = " ".join(k for k in full if k not in _FILLER) or " ".join(full)
                self._search.setdefault(short, []).append((rid, " ".join(full)))
        self._search_keys = list(self._search)

    @classmethod
    def default(cls, extra: Iterable[Path] = ()) -> RegionalGazetteer:
        """The packaged gazetteer plus user files (same JSON schema, or TOML [[place]] tables)."""
        tables = [read_table(resources.files("briefings").joinpath(_PACKAGE_FILE), "places", "place")]
        tables += [read_table(p, "places", "place") for p in extra]
        return cls(tables)

    def _place(self, rid: str) -> Place:
        rec = self._records[rid]
        admin1 = rec.get("admin1")
        if admin1 is None:  # the nearest enclosing province, when the file does not say
            seen, cur = set(), rid
            while cur and cur not in seen and admin1 is None:
                seen.add(cur)
                if self._records[cur]["kind"] == "province":
                    admin1 = self._records[cur]["name"]
                cur = self._records[cur].get("parent")
        lat, lon = rec.get("lat"), rec.get("lon")
        return Place(
            id=rid, name=rec["name"], kind=rec["kind"], country=rec["country"], admin1=admin1,
            lat=None if lat is None else float(lat), lon=None if lon is None else float(lon),
            aliases=tuple(rec["aliases"]), parent=rec.get("parent"),
        )

    def _aliases(self, alias_layer: dict[tuple[str, str], int]) -> Iterator[Alias]:
        for rid, rec in self._records.items():
            rank = KIND_RANK[rec["kind"]]
            cue_only = {" ".join(key_of(a)) for a in rec.get("cue_only", ())}
            for name in [rec["name"], *rec["aliases"]]:
                prio = (alias_layer.get((rid, name), 0), rank)
                key = key_of(name)
                needs_cue = " ".join(key) in cue_only or (len(key) == 1 and key[0] in COMMON_WORDS)
                yield Alias(rid, name, needs_cue=needs_cue, priority=prio)
                if rec.get("base") and not set(key) & _BASE_WORDS:
                    yield from (Alias(rid, f.format(name), priority=prio) for f in _BASE_FORMS)
                if rec["kind"] == "province":
                    yield from (Alias(rid, f.format(name), priority=prio) for f in _PROVINCE_FORMS)

    def _capital_regex(self) -> re.Pattern[str] | None:
        names = [n for rid in self._capitals for n in [self._records[rid]["name"], *self._records[rid]["aliases"]]]
        dems = [d for rid, r in self._records.items() if rid in self._capitals for d in r.get("demonyms", ())]
        if not names:
            return None

        def alt(words: list[str]) -> str:
            return "|".join(re.escape(w).replace(r"\ ", r"[\s\-]+") for w in sorted(words, key=len, reverse=True))

        dem = rf"(?P<d>{alt(dems)})\s+capital|" if dems else ""
        return re.compile(
            rf"\b(?:the\s+)?(?:{dem}(?P<n>{alt(names)})['’]s\s+capital"
            rf"|capital\s+of\s+(?:the\s+)?(?P<o>{alt(names)}))\b",
            re.IGNORECASE,
        )

    # -- public API --------------------------------------------------------------------------

    def __iter__(self) -> Iterator[Place]:
        return iter(self._places.values())

    def __len__(self) -> int:
        return len(self._places)

    def get(self, place_id: str) -> Place | None:
        return self._places.get(place_id)

    def find(self, text: str, offset: int = 0) -> list[PlaceMention]:
        """Place mentions in one sentence, longest match first, no overlaps; spans are text offsets
        plus `offset` (the sentence start in the article)."""
        return self.find_blocked(text, offset)[0]

    def find_blocked(self, text: str, offset: int = 0,
                     words: Words | None = None) -> tuple[list[PlaceMention], list[tuple[int, int]]]:
        """`find`, plus the spans (in `text`) of phrases that contain a name but are no place ("Jerusalem Post").
        `words`: the text's tokenisation, when the caller has it."""
        matches = self._index.scan(text, words=words)
        if self._capital_re is not None and "apital" in text:  # cheap pre-check: the regex is large
            for m in self._capital_re.finditer(text):
                place = self.capital_of(m.group("d") or m.group("n") or m.group("o"))
                if place is not None:
                    matches.append(Match(Alias(place.id, m.group()), m.start(), m.end()))
        out: list[PlaceMention] = []
        blocked: list[tuple[int, int]] = []
        for m in longest_first(matches):
            if m.alias.target is None:
                blocked.append((m.start, m.end))
                continue
            out.append(
                PlaceMention(self._places[m.alias.target], text[m.start : m.end], offset + m.start, offset + m.end,
                             self.role(text, m.start))
            )
        return out, blocked

    @staticmethod
    def role(text: str, start: int) -> str:
        before = text[max(0, start - 64) : start]
        tail = before[-40:].lower()
        if "of " not in tail and "from " not in tail:  # cheap pre-check: every reference form has one
            return "location"
        if _REFERENCE.search(before) and not _IN_THE_DIR_OF.search(before):
            return "reference"
        return "location"

    def search(self, query: str, limit: int = 10) -> list[tuple[Place, float]]:
        """User look-up ('kalso', 'jurf', 'ain al assad'): best first, score 0..1.

        Exact alias 1.0 (0.98 when only equal without words like base/camp/province), prefix of a
        name 0.9-0.99 (of a later word 0.85-0.94), else Jaro-Winkler similarity x 0.9."""
        full = key_of(query)
        raw = " ".join(full)
        q = " ".join(k for k in full if k not in _FILLER)
        if not q:
            return []
        scores: dict[str, float] = {}

        def add(entries: list[tuple[str, str]], score: float) -> None:
            for rid, _ in entries:
                scores[rid] = max(scores.get(rid, 0.0), score)

        for rid, alias_raw in self._search.get(q, ()):
            scores[rid] = max(scores.get(rid, 0.0), 1.0 if alias_raw == raw else 0.98)
        if len(q) >= 3:
            for key, entries in self._search.items():
                if key.startswith(q) and key != q:
                    add(entries, 0.9 + 0.09 * len(q) / len(key))
                elif f" {q}" in f" {key}" and key != q:
                    add(entries, 0.85 + 0.09 * len(q) / len(key))
        for key, sim, _ in process.extract(q, self._search_keys, scorer=JaroWinkler.normalized_similarity,
                                           score_cutoff=0.84, limit=limit * 3):
            add(self._search[key], 0.9 * sim)
        ranked = sorted(scores.items(), key=lambda kv: (-kv[1], -KIND_RANK[self._places[kv[0]].kind], kv[0]))
        return [(self._places[rid], round(score, 4)) for rid, score in ranked[:limit]]

    def ancestors(self, place: Place) -> list[Place]:
        """Enclosing places, nearest first: Kalsu -> [Babil, Iraq]."""
        out: list[Place] = []
        seen = {place.id}
        parent = place.parent
        while parent and parent not in seen and parent in self._places:
            seen.add(parent)
            out.append(self._places[parent])
            parent = self._places[parent].parent
        return out

    def capital_of(self, adjective_or_country: str) -> Place | None:
        """'Iraqi' / 'Iraq' / 'Kurdistan Region' -> its capital, when the gazetteer knows one."""
        key = key_of(adjective_or_country)
        rid = self._demonyms.get(" ".join(key))
        if rid is None:
            rid = next((a.target for a in self._index.lookup(key) if a.target in self._capitals), None)
        capital = self._capitals.get(rid) if rid else None
        return self._places.get(capital) if capital else None
