"""Name normalisation and alias matching shared by the gazetteer and the actor table.

Names from this region come in many spellings (al-Qaim, Al Qaim, al-Qa'im, Qaim; Mobilisation /
Mobilization). Fuzzy matching against big lists picks wrong names (dependencies.md §4), so both
tables match *exact normalised token sequences* through a token trie built once at load time:
one dict lookup per token, so a 30-word sentence costs a few tens of microseconds.
"""
from __future__ import annotations

import json
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib.resources.abc import Traversable
from itertools import compress
from pathlib import Path
from typing import Any, Iterable

from briefings.knowledge.words import ANY_ARTICLE as _ANY_ARTICLE
from briefings.knowledge.words import ARTICLES, SPELLING, SUN_ARTICLES, Words, word_key  # noqa: F401 (re-exported)

_END = 0  # trie terminal marker (word keys are strings)
JOINED = {("air", "base"): "airbase", ("air", "bases"): "airbases"}  # "air base" = "airbase"

_DIR = r"(?:north|south)(?:[- ]?(?:east|west))?|east|west"
#: The single words that make the next capitalised word a place.
CUE_WORDS = ("in", "at", "near", "outside", "around", "into", "inside", "through", "across", "nearby")
#: Kind words that may stand between a cue and a name ("in the town of Hit").
KIND_WORDS = ("town", "city", "village", "district", "area", "province")
_OF_WORDS = (*KIND_WORDS, "governorate", "region", "outskirts", "suburbs", "suburb", "border")  # "X of Hit"
_CUE = (
    r"\b(?:" + "|".join(CUE_WORDS) + ")"
    r"|\b(?:" + "|".join(_OF_WORDS) + "|" + _DIR + r")\s+of"
)
_TAIL = r"\s+(?:the\s+)?(?:(?:" + "|".join(KIND_WORDS) + r")\s+(?:of\s+)?)?$"
# Gates cheaper than the regex: how the word a PLACE_CUE match ends with (before its closing spaces) may end, and
# how the word before an "of" may end ("outskirts of", "north-west of").
CUE_LAST_WORDS = (*CUE_WORDS, "of", "the", *KIND_WORDS)
OF_AFTER = (*_OF_WORDS, *re.findall(r"[a-z]+", _DIR))
#: Words that make the next capitalised word a place ("in Hit", "the town of Hit", "north of Hit").
PLACE_CUE = re.compile(r"(?:" + _CUE + r")" + _TAIL, re.IGNORECASE)
#: Wider: also "trip to Baghdad", "eastern Baghdad". A city used as a government is not one here.
LOCATIVE = re.compile(
    r"(?:" + _CUE
    + r"|\b(?:to|from|towards?|via|visit(?:ed|ing|s)?|(?:north|south|east|west)ern|central|downtown|greater))"
    + _TAIL,
    re.IGNORECASE,
)
_LOOKBACK = 48


def _content_words(text: str) -> list[tuple[str, str]]:
    """(key, surface) of each word of a name, articles dropped."""
    w = Words(text)
    return [(w.keys[i], w.raws[i]) for i in range(len(w.keys)) if w.keys[i] and not w.article(i)]


@lru_cache(maxsize=65536)
def key_of(text: str) -> tuple[str, ...]:
    """The key sequence of a name: its words' keys without articles ("air base" kept as two words)."""
    return tuple(k for k, _ in _content_words(text))


def _variants(text: str) -> list[tuple[tuple[str, ...], tuple[str, ...]]]:
    """(key, surface) pairs of an alias: as written, and with "air base" <-> "airbase"."""
    words = _content_words(text)
    out = [words]
    split = {v: k for k, v in JOINED.items()}
    joined: list[tuple[str, str]] = []
    i = 0
    while i < len(words):
        pair = tuple(k for k, _ in words[i : i + 2])
        if pair in JOINED:
            joined.append((JOINED[pair], words[i][1] + words[i + 1][1]))
            i += 2
        elif words[i][0] in split:
            joined.extend(zip(split[words[i][0]], (words[i][1], words[i][1])))
            i += 1
        else:
            joined.append(words[i])
            i += 1
    if joined != words:
        out.append(joined)
    return [(tuple(k for k, _ in ws), tuple(r for _, r in ws)) for ws in out]


@dataclass(frozen=True)
class Alias:
    """One way of writing a name, with the conditions under which a text occurrence counts."""

    target: str | None  # entry id; None blocks ("Jerusalem Post" is not the place Jerusalem)
    text: str
    cased: bool = False  # each capitalised alias word must be capitalised in the text ("Popular Crowd")
    needs_cue: bool = False  # only after a place cue: "in Hit", "town of Hit" (not "strikes Hit")
    not_after_locative: bool = False  # metonym: "Washington said" yes, "in Washington" no
    priority: tuple[int, int] = (0, 0)  # higher wins when two entries share a key


@dataclass(frozen=True)
class Match:
    alias: Alias
    start: int
    end: int


def _is_acronym(word: str) -> bool:
    return len(word) >= 2 and word.isupper()


class AliasIndex:
    """A token trie over alias keys; `scan` finds, at each token, the longest acceptable alias."""

    def __init__(self, aliases: Iterable[Alias]) -> None:
        self._by_key: dict[tuple[str, ...], list[tuple[Alias, tuple[str, ...]]]] = {}
        for alias in aliases:
            for key, surface in _variants(alias.text):
                if key:
                    self._by_key.setdefault(key, []).append((alias, surface))
        self._root: dict[Any, Any] = {}
        for key, rules in self._by_key.items():
            rules.sort(key=lambda r: r[0].priority, reverse=True)
            node = self._root
            for part in key:
                node = node.setdefault(part, {})
            # the trie keeps, with each rule, the positions of its acronyms ("US"), which the text must capitalise
            node[_END] = [(a, surface, tuple(k for k, w in enumerate(surface) if _is_acronym(w)))
                          for a, surface in rules]
        # The words a walk can start at: an alias's first word, or an article (which names may drop).
        self._starts = frozenset(self._root) | _ANY_ARTICLE

    def lookup(self, key: tuple[str, ...]) -> list[Alias]:
        """Aliases with exactly this key, best first."""
        return [a for a, _ in self._by_key.get(key, ())]

    def scan(self, text: str, strict: bool = True, words: Words | None = None) -> list[Match]:
        """Longest acceptable alias starting at each word (overlapping; see `longest_first`).

        strict=False drops the case and context conditions (for short user phrases); `words`: the text's
        tokenisation when the caller already has it (one per sentence for every place pass)."""
        w = words if words is not None else Words(text)
        keys = w.keys
        root = self._root
        if root.keys().isdisjoint(keys):  # every alias, articles dropped, starts with a first-level word
            return []
        out: list[Match] = []
        for i in compress(range(len(keys)), map(self._starts.__contains__, keys)):  # the other words start nothing
            j = i
            while keys[j] in _ANY_ARTICLE and w.article(j):
                j += 1
            node = root.get(keys[j])
            best: Alias | None = None
            last = j
            while node is not None:
                rules = node.get(_END)
                if rules:
                    alias = self._accept(rules, w, i, j, strict)
                    if alias is not None:
                        best, last = alias, j  # the longest so far; its Match is built once, below
                if not w.link(j):
                    break
                j += 1
                while keys[j] in _ANY_ARTICLE and w.article(j):
                    j += 1
                node = node.get(keys[j])
            if best is not None:
                out.append(Match(best, w.start(i), w.end(last)))
        return out

    @staticmethod
    def _accept(rules: list[tuple[Alias, tuple[str, ...], tuple[int, ...]]], w: Words, i: int, j: int,
                strict: bool) -> Alias | None:
        if not strict:
            return rules[0][0]
        words = [w.raws[i]] if i == j else [  # one word (most names): word j is never a dropped article
            w.raws[k] for k in range(i, j + 1) if not (w.keys[k] in _ANY_ARTICLE and w.article(k))]
        for alias, surface, acronyms in rules:
            if len(surface) != len(words):
                continue
            if len(words) == 1 and not words[0][:1].isupper():
                continue
            if acronyms and any(not words[k].isupper() for k in acronyms):
                continue
            if alias.cased and any(s[:1].isupper() and not t[:1].isupper() for s, t in zip(surface, words)):
                continue
            if alias.needs_cue or alias.not_after_locative:
                start = w.start(i)
                before = w.text[max(0, start - _LOOKBACK) : start]
                if alias.needs_cue and not PLACE_CUE.search(before):
                    continue
                if alias.not_after_locative and LOCATIVE.search(before):
                    continue
            return alias
        return None


def longest_first(matches: list[Match]) -> list[Match]:
    """Non-overlapping matches, longer ones winning (then the earlier one), in text order."""
    if len(matches) < 2:
        return list(matches)
    taken: list[Match] = []
    for m in sorted(matches, key=lambda m: (m.start - m.end, m.start)):
        if all(m.end <= t.start or m.start >= t.end for t in taken):
            taken.append(m)
    return sorted(taken, key=lambda m: m.start)


def read_table(path: Path | str | Traversable, plural: str, singular: str) -> dict[str, Any]:
    """A knowledge file as {plural: [records], ...}: JSON ({plural: [...]} or a bare list) or TOML
    ([[singular]] tables)."""
    p = Path(path) if isinstance(path, str) else path
    text = p.read_text(encoding="utf-8")
    try:
        doc: Any = tomllib.loads(text) if p.name.lower().endswith(".toml") else json.loads(text)
    except (tomllib.TOMLDecodeError, json.JSONDecodeError) as exc:
        raise ValueError(f"{p}: {exc}") from exc
    if isinstance(doc, list):
        doc = {plural: doc}
    if not isinstance(doc, dict):
        raise ValueError(f"{p}: expected a table of {plural}")
    records = list(doc.get(plural, [])) + list(doc.get(singular, []))
    for r in records:
        if not isinstance(r, dict) or not r.get("id"):
            raise ValueError(f"{p}: every {singular} needs an 'id': {r!r}")
    return {**doc, plural: records}


def merge_records(layers: Iterable[Iterable[dict[str, Any]]], required: tuple[str, ...],
                  source: str) -> tuple[dict[str, dict[str, Any]], dict[tuple[str, str], int]]:
    """Merge record layers by id: later layers add aliases and override given fields.

    Returns the records and, for every (id, alias), the layer that introduced it (later layers win
    alias conflicts)."""
    merged: dict[str, dict[str, Any]] = {}
    alias_layer: dict[tuple[str, str], int] = {}
    for layer, records in enumerate(layers):
        for rec in records:
            rid = str(rec["id"])
            old = merged.get(rid)
            if old is None:
                missing = [f for f in required if not rec.get(f)]
                if missing:
                    raise ValueError(f"{source}: new entry {rid!r} lacks {', '.join(missing)}")
                old = merged[rid] = {"aliases": []}
            for k, v in rec.items():
                if k != "aliases":
                    old[k] = v
            names = [rec["name"]] if rec.get("name") else []
            for alias in names + [str(a) for a in rec.get("aliases", ())]:
                if alias not in old["aliases"]:
                    old["aliases"].append(alias)
                alias_layer[(rid, alias)] = layer
    for rec in merged.values():
        rec["aliases"] = [a for a in rec["aliases"] if a != rec["name"]]
    return merged, alias_layer
