"""Places no list holds, learned from the text: "the village of Hroza in Kharkiv region", "Zamzam camp near El
Fasher", "Camp Kalsu", "al-Ahli Arab hospital in Gaza City".

A learned place takes its country, area and coordinates from its parent (the known place the sentence puts it in
or near, else the country the report is about). Its id is made from the country, the area when known, and the name,
so two reports that each teach "Tudun Biri" in Kaduna give the same place, a namesake in another state does not, and
the registry lets later reports name it without a cue. Spellings that differ by a hyphen, an article or one letter
are one place (`same_as`).
"""
from __future__ import annotations

import re
import threading
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from operator import attrgetter

from rapidfuzz.distance import Levenshtein

from briefings.extract.numbers import fold
from briefings.extract.stems import Stems
from briefings.extract.types import Place, PlaceMention
from briefings.knowledge.text import Words, key_of

_NAME = r"(?:(?:[Aa]l|[Ee]l)[-\s]|(?:ad|as|ash|an|ar|at)-)?[A-Z][\w'’\-]++(?:\s+(?:(?:al|el|ad|as|ash|an|ar|at)-)?[A-Z][\w'’\-]++){0,3}"
# A name's words are possessive runs (`++`): what follows a word in every pattern using _NAME is a space, a comma
# or the end, never a letter it could give back, so the engine need not keep its way back into the word.
_SETTLEMENT = r"(?i:village|town|hamlet|settlement|community|locality|commune|township)"
_SITE = (r"(?i:(?:refugee|displacement|displaced persons'?|idp|military|army|internment|detention)\s+camp|camp|"
         r"(?:air|military|army|naval)\s+base|airbase|air\s+field|airfield|hospital|market(?:place)?|bazaar|"
         r"(?:railway|train|bus)\s+station|mosque|church|shopping\s+(?:mall|centre|center)|mall|concert\s+hall|"
         r"hall|stadium|refinery|checkpoint)")
_OF = re.compile(rf"\b(?:the\s+)?(?P<kind>{_SETTLEMENT}|(?i:camp))\s+of\s+(?P<name>{_NAME})")
# (?=[A-Za-z]): every name opens with a letter of its article or its capital, so the other word starts fail at once
_BEFORE = re.compile(rf"\b(?=[A-Za-z])(?P<name>{_NAME})\s+(?P<kind>{_SETTLEMENT}|{_SITE})\b")
_CAMP = re.compile(rf"\bCamp\s+(?P<name>{_NAME})")


def _ending_stems(pattern: str) -> set[str]:
    """For each alternative of a kind pattern "(?i:a|b|...)", its last run of 4+ letters outside groups, classes
    and optional letters: every match of the alternative holds it ("military base" holds "base", "market(?:place)?"
    holds "market"); an alternative without such a run gives all its runs."""
    alternatives, depth, current = [], 0, ""
    for ch in pattern[len("(?i:"):-1]:
        depth += {"(": 1, ")": -1}.get(ch, 0)
        if ch == "|" and depth == 0:
            alternatives.append(current)
            current = ""
        else:
            current += ch
    out: set[str] = set()
    for alt in [*alternatives, current]:
        bare = re.sub(r"\\.", " ", alt)  # escapes ("\s") are no letters
        bare = re.sub(r"\[[^\]]*\][?*+]?", " ", bare)
        while "(" in bare:
            bare = re.sub(r"\([^()]*\)[?*+]?", " ", bare)
        bare = re.sub(r"[a-z](?:[?*]|\{0)", " ", bare)  # a letter that may be missing
        runs = re.findall(r"[a-z]{4,}", bare)
        out.update(runs[-1:] or re.findall(r"[a-z]{4,}", alt))
    return out


#: Every match of _OF and _BEFORE holds one of these runs of their kind words ("camp", "base", "field",
#: "station"), in any case: a sentence holding none of them skips both scans.
_KIND_STEMS = tuple(sorted(_ending_stems(_SETTLEMENT) | _ending_stems(_SITE) | _ending_stems("(?i:camp)")))


_STEMS = Stems(_KIND_STEMS)  # all the stems in one pass over the sentence


def _has_kind_stem(text: str) -> bool:
    return _STEMS.any(fold(text))  # lower case as re.IGNORECASE reads it ("ſ", "ı")


def _placed_in_known(text: str, mentions: list[PlaceMention], offset: int) -> bool:
    """False when no _IN_KNOWN match can end where a known place starts: the cheap test before the regex."""
    for p in mentions:
        at = p.char_start - offset
        if p.role == "dateline" or at <= 0:
            continue
        before = text[:at].rstrip()
        if before and (before.endswith(_IN_KNOWN_ENDS)
                       or before.rsplit(None, 1)[-1].rsplit(",", 1)[-1].startswith(_PLACED_DIR)):  # north-west too
            return True
    return False


def teaching_patterns(text: str, mentions: list[PlaceMention], offset: int) -> tuple[re.Pattern[str], ...]:
    """The teaching patterns that can match in this sentence, in `learn`'s order: each pattern's own cheap test
    (a kind word for _OF and _BEFORE, "of" for _OF, "Camp" for _CAMP, a known place the text before may end an
    _IN_KNOWN match at). Most sentences get none, and `learn` then costs one call."""
    found: tuple[re.Pattern[str], ...] = ()
    if _has_kind_stem(text):
        found = (_OF, _BEFORE) if "of" in text else (_BEFORE,)
    if "Camp" in text:
        found += (_CAMP,)
    if mentions and _placed_in_known(text, mentions, offset):
        found += (_IN_KNOWN,)
    return found
# "in Moura in central Mali", "near Hroza, Kharkiv region": an unknown name placed in a known place
_PLACED_DIR = ("north", "south", "east", "west", "central", "northern", "southern", "eastern", "western")
_IN_KNOWN = re.compile(rf"\b(?:in|at|near)\s+(?P<name>{_NAME})\s*(?:,\s*|\s+in\s+)(?:the\s+)?"
                       r"(?:(?:" + "|".join(_PLACED_DIR) + r"|north-?\w+|south-?\w+)\s+)?")
# What the text before the known place ends with in an _IN_KNOWN match (spaces dropped): ", ", "in", "the", or a
# compass word standing alone after a space or a comma ("north-west", "central").
_IN_KNOWN_ENDS = (",", "in", "the")
_STOP = frozenset({"the", "a", "an", "this", "that", "its", "their", "his", "her", "our", "one", "two", "three", "monday",
                   "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february", "march",
                   "april", "may", "june", "july", "august", "september", "october", "november", "december",
                   "new", "old", "main", "central", "local", "general", "state", "federal", "national", "military",
                   "government", "police", "army", "islamic", "district", "regional", "provincial", "big"})


_START = attrgetter("char_start")
_SITE_NAME = re.compile(rf"^Camp\s|\s(?:{_SITE})$")  # "Camp Kalsu", "Dawa marketplace", "Rasheed air field"


@dataclass(frozen=True)
class Learned:
    place: Place
    names: tuple[str, ...]  # ways later text may name it: "Zamzam camp", "Zamzam"


_ARTICLES = frozenset({"al", "el", "ad", "as", "ash", "an", "ar", "at", "the"})
_SITE_TAIL = re.compile(r"\s+(?:displacement|displaced|refugee|idp)\s+camp$|\s+camp$", re.I)


@lru_cache(maxsize=65536)
def _squash(name: str) -> str:
    """A name's letters without articles, separators or a camp's kind: "Tel al-Hamra displacement camp" -> telhamra."""
    return "".join(w for w in key_of(_SITE_TAIL.sub("", name)) if w not in _ARTICLES)


def spelled_alike(old: Place, new: Place) -> bool:
    """Whether `same_as` takes `new` for the registered `old`: another place of its country, kind and area whose
    name differs by separators, articles or one letter."""
    if old.id == new.id or old.country != new.country or old.kind != new.kind or (
            old.admin1 and new.admin1 and old.admin1 != new.admin1):
        return False
    mine, theirs = _squash(new.name), _squash(old.name)
    return mine == theirs or (min(len(mine), len(theirs)) >= 6 and Levenshtein.distance(mine, theirs) <= 1)


def _kind(word: str) -> str:
    return "town" if re.fullmatch(_SETTLEMENT, word) else "site"


class LearnedPlaces:
    """The registry of learned places (shared by every report this process reads)."""

    def __init__(self) -> None:
        self._by_first: dict[str, list[tuple[tuple[str, ...], Place]]] = {}
        self._by_id: dict[str, Place] = {}
        self._by_country: dict[str, list[Place]] = {}
        self._lock = threading.Lock()

    def get(self, pid: str) -> Place | None:
        return self._by_id.get(pid)

    def add(self, learned: Learned) -> None:
        with self._lock:
            if learned.place.id in self._by_id:
                return
            self._by_id[learned.place.id] = learned.place
            self._by_country.setdefault(learned.place.country, []).append(learned.place)
            self._names(learned.place, learned.names)

    def _names(self, place: Place, names: tuple[str, ...]) -> None:
        for n in names:
            key = key_of(n)
            if key and (key, place) not in self._by_first.get(key[0], ()):
                self._by_first.setdefault(key[0], []).append((key, place))

    def same_as(self, learned: Learned) -> Learned:
        """An earlier spelling of the same place ("Kofar Gabas", "Kofar-Gabas", "Kofa Gabas", "Tal Hamra" and
        "Tal al-Hamra") in the same country and area: that place, which now answers to this spelling too."""
        new = learned.place
        for old in self._by_country.get(new.country, ()):
            if spelled_alike(old, new):
                with self._lock:
                    self._names(old, learned.names)
                return Learned(old, learned.names)
        return learned

    def __len__(self) -> int:
        return len(self._by_id)

    def copy(self) -> LearnedPlaces:
        """An independent registry with the same places and names (what later additions to either do not change)."""
        new = type(self).__new__(type(self))
        new.__dict__.update(self.__dict__)
        new._by_first = {k: list(v) for k, v in self._by_first.items()}
        new._by_id = dict(self._by_id)
        new._by_country = {k: list(v) for k, v in self._by_country.items()}
        new._lock = threading.Lock()
        return new

    def load(self, rows: list[tuple[str, str, str | None, str | None, str | None]]) -> None:
        """Register places stored by earlier runs: (id, name, admin1, country, parent id)."""
        for pid, name, admin1, country, parent in rows:
            if country:
                kind = "site" if _SITE_NAME.search(name) else "town"  # as it was learned (learn's display names)
                self.add(Learned(Place(id=pid, name=name, kind=kind, country=country, admin1=admin1, parent=parent),
                                 (name,)))

    def search(self, query: str) -> list[tuple[Place, float]]:
        """Learned places named exactly (1.0) or beginning with the query (0.95)."""
        q = key_of(query)
        if not q:
            return []
        out = []
        for key, place in self._by_first.get(q[0], ()):
            if key == q:
                out.append((place, 1.0))
            elif key[: len(q)] == q:
                out.append((place, 0.95))
        return out

    def with_mentions(self, text: str, offset: int, countries: set[str], places: list[PlaceMention],
                      words: Words | None = None) -> list[PlaceMention]:
        """`places` (a sentence's known places, spans in the report) and the registered names `find` reads in the
        spans they leave free, in text order. Most sentences hold no word a learned name begins with: they skip
        building the taken spans."""
        words = words if words is not None else Words(text)
        if self._by_first.keys().isdisjoint(words.keys):
            return sorted(places, key=_START) if len(places) > 1 else list(places)
        taken = [(m.char_start - offset, m.char_end - offset) for m in places]
        return sorted(places + self.find(text, offset, countries, taken, words), key=_START)

    def find(self, text: str, offset: int, countries: set[str], taken: list[tuple[int, int]],
             words: Words | None = None) -> list[PlaceMention]:
        """Capitalised mentions of registered names, in a report about the place's country (`words`: the
        tokenisation of `text` the other place passes used, when the caller has it)."""
        w = words if words is not None else Words(text)
        if self._by_first.keys().isdisjoint(w.keys):  # no word of the sentence begins a learned name
            return []
        out = []
        for i, k in enumerate(w.keys):
            for key, place in self._by_first.get(k, ()):
                if place.country not in countries or not w.raws[i][:1].isupper():
                    continue
                j = i + len(key) - 1
                if j >= len(w.keys) or tuple(w.keys[i:j + 1]) != key:
                    continue
                s, e = w.start(i), w.end(j)
                if any(s < b and a < e for a, b in taken):
                    continue
                taken.append((s, e))
                out.append(PlaceMention(place, text[s:e], s + offset, e + offset))
        return out


def learn(text: str, mentions: list[PlaceMention], offset: int, fallback: Callable[[], Place | None],
          country_code: Callable[[str], str | None],
          patterns: tuple[re.Pattern[str], ...] | None = None) -> list[Learned]:
    """Places one sentence teaches. `mentions` are its known places (absolute offsets); `fallback()` is the country
    the report is about (asked only when the sentence names no parent); `country_code(country name)` gives the id
    part; `patterns`: `teaching_patterns(text, mentions, offset)` when the caller has it."""
    out: list[Learned] = []
    seen: set[str] = set()
    if patterns is None:  # cheap tests first: without a kind word, "Camp" or a known place here, a pattern finds nothing
        patterns = teaching_patterns(text, mentions, offset)
    for rx in patterns:
        for m in rx.finditer(text):
            if rx is _IN_KNOWN and not any(p.char_start == m.end() + offset and p.role != "dateline" for p in mentions):
                continue
            name = m.group("name").strip()
            words = key_of(name)
            if not words or words[0] in _STOP or any(w in _STOP for w in words[-1:]):
                continue
            if any(len(w) <= 5 and w.isupper() for w in name.split()):
                continue  # "US military base", "UN camp": an actor's base, not a place's name
            s, e = m.start("name") + offset, m.end("name") + offset
            if any(p.char_start < e and s < p.char_end for p in mentions):
                continue  # a known place ("Quetta railway station" is in Quetta)
            kind_word = m.groupdict().get("kind") or ("camp" if rx is _CAMP else "town")
            parent = _parent(mentions, m.end() + offset) or fallback()
            if parent is None:
                continue
            kind = _kind(kind_word)
            display = name if kind == "town" or rx in (_OF, _IN_KNOWN) else f"{name} {kind_word}"
            if rx is _CAMP:
                display = f"Camp {name}"
            cc = country_code(parent.country) or parent.country[:2].upper()
            admin1 = parent.name if parent.kind == "province" else parent.admin1
            area = "-".join(key_of(admin1)) + ":" if admin1 else ""  # two villages of one name in two states
            pid = f"l:{cc}:{area}{'-'.join(words)}"
            if pid in seen:
                continue
            seen.add(pid)
            place = Place(id=pid, name=display, kind=kind, country=parent.country, admin1=admin1,
                          lat=parent.lat if parent.kind in ("city", "town") else None,
                          lon=parent.lon if parent.kind in ("city", "town") else None,
                          aliases=(name,) if display != name else (), parent=parent.id)
            out.append(Learned(place, tuple(dict.fromkeys((display, name)))))
    return out


def _parent(mentions: list[PlaceMention], after: int) -> Place | None:
    """The known place the sentence puts the learned one in: the first named after it, else the last before."""
    later = [m for m in mentions if m.char_start >= after and m.role != "dateline"]
    if later:
        return later[0].place
    earlier = [m for m in mentions if m.char_end <= after and m.role != "dateline"]
    return earlier[-1].place if earlier else None


def mention_of(learned: Learned, text: str, offset: int) -> PlaceMention | None:
    """The teaching mention itself, to add to the sentence's places."""
    for n in learned.names:
        i = text.find(n)
        if i >= 0:
            return PlaceMention(learned.place, n, i + offset, i + len(n) + offset)
    return None

