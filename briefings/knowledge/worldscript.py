"""Place names in a script without capital letters (Arabic): "الفاشر", "بالسودان", "في مدينة كرمان".

The Latin-script scan (worldmatch.scan) starts a name only at a capitalised word; Arabic has no capitals, so here
every word may start one. What keeps everyday words out is how common the phrase is in the report's language
(wordfreq): a common word names a place only when the place is big enough to be what a reader thinks of, and never
when it is one of the language's most common words ("المدينة", "the city", is also Medina). Words carry attached
prefixes ("و" and, "ب" in, "ل" to, "ك" as; "لل" is "ل" + "ال"): each word is also tried without them. The place cues
("في", "قرب", "مدينة") come from the language's data file (briefings/data/lang/<code>.json, "place_cues").
"""
from __future__ import annotations

import re
from functools import lru_cache

from briefings.knowledge.text import Words
from briefings.knowledge.world import WorldIndex
from briefings.knowledge.worldcand import Candidate, local_zipf

CASELESS = frozenset({"ar", "fa", "ur"})  # languages written in Arabic script
MAX_WORDS = 4
_SCRIPT = re.compile(r"[\u0600-\u06ff]")
_CONJ, _PREP = ("", "و", "ف"), ("", "ب", "ل", "ك")
_TOO_COMMON = 5.5  # zipf: among the language's few hundred most used words, whatever the cue


def variants(key: str) -> list[str]:
    """The word as written and without its attached prefixes: "وبالفاشر" -> ["وبالفاشر", "بالفاشر", "الفاشر"]."""
    out = [key]
    for conj in _CONJ:
        for prep in _PREP:
            pre = conj + prep
            if pre and key.startswith(pre) and len(key) - len(pre) >= 3:
                out.append(key[len(pre):])
        if conj and key.startswith(conj + "لل") and len(key) > 4:
            out.append("ال" + key[len(conj) + 2:])
    if key.startswith("لل") and len(key) > 4:
        out.append("ال" + key[2:])
    return list(dict.fromkeys(out))


@lru_cache(maxsize=16)
def _cues(language: str) -> re.Pattern[str] | None:
    from briefings.extract.lang.rules import phrase, rules_for

    rules = rules_for(language)
    words = rules.raw.get("place_cues", []) if rules is not None else []
    return re.compile(rf"(?<!\w)[وفبل]{{0,2}}(?:{phrase(words)})\s+$") if words else None


def scan_caseless(world: WorldIndex, text: str, language: str, words: Words | None = None) -> list[Candidate]:
    """Every phrase of an Arabic-script text that names a world place: the longest at each word, no overlaps."""
    if not _SCRIPT.search(text):
        return []
    w = words if words is not None else Words(text)  # the sentence's one tokenisation, when the scan has it
    n = len(w.keys)
    spans: list[tuple[int, int, str]] = []
    for i in range(n):
        if not _SCRIPT.match(w.raws[i]):
            continue
        for first in variants(w.keys[i]):
            parts, m = [first], i
            spans.append((i, m, first))
            while len(parts) < MAX_WORDS and m + 1 < n and w.link(m):
                m += 1
                parts.append(w.keys[m])
                spans.append((i, m, " ".join(parts)))
    if not spans:
        return []
    found = world.lookup(sorted({k for _, _, k in spans}))
    best: dict[int, tuple[int, str]] = {}
    for i, m, key in spans:
        if key in found and (i not in best or m > best[i][0]):
            best[i] = (m, key)
    cue_re = _cues(language)
    out: list[Candidate] = []
    last_end = -1
    for i in sorted(best):
        m, key = best[i]
        if i <= last_end:
            continue
        start, end = w.start(i), w.end(m)
        zipf = local_zipf(key, language)
        rows = tuple(found[key])
        if zipf >= _TOO_COMMON and all(r.place.kind != "country" for r in rows):
            continue
        cue = bool(cue_re and cue_re.search(text[max(0, start - 40):start]))
        out.append(Candidate(start, end, m - i + 1, rows, cue, False, None, None, zipf))
        last_end = m
    return out
