"""Which capitalised phrases of a sentence name a world place, and which place.

With 600k names nearly every capitalised word is a place somewhere ("Police", "Mission", "Victoria"), so a name
counts only when the text says it is one: capitalised, not part of a person's or an outlet's name, a common
English word only after a place cue ("in Mission") unless the place is big enough to be what a reader thinks of,
and, among places sharing a name, the one in a country the report is about (its context).
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from itertools import compress

from briefings.extract.numbers import fold
from briefings.knowledge.text import CUE_LAST_WORDS, CUE_WORDS, KIND_WORDS, OF_AFTER, PLACE_CUE, Words
from briefings.knowledge.words import ANY_ARTICLE as _ANY_ARTICLE
from briefings.knowledge.words import TokenMemo, word_key
from briefings.knowledge.world import WorldIndex, WorldRow

#: Words of the other languages we read that open sentences and are towns somewhere ("Une" is Ünye, Turkey).
_FUNCTION_WORDS = frozenset({"une", "un", "le", "la", "les", "des", "du", "de", "el", "los", "las", "una", "uno", "um",
                             "uma", "os", "il", "lo", "gli", "der", "die", "das", "ein", "eine", "und", "et", "y",
                             "dans", "sur", "pour", "con", "por", "para", "per", "mit", "von", "zu", "im", "am", "au",
                             "aux", "ce", "cette", "ces", "este", "esta", "esto", "questo", "questa", "dieser", "diese",
                             "selon", "segun", "secondo", "laut", "apres", "despues", "dopo", "nach", "tras"})
MAX_WORDS = 6
#: Lower-case words that may continue a name ("Kharkiv region", "Gaza city", "Bahr el Ghazal").
_CONTINUE = frozenset({"oblast", "region", "province", "state", "governorate", "division", "department", "prefecture",
                       "county", "district", "city", "krai", "territory", "of", "de", "del", "la", "do", "da", "dos",
                       "das", "des", "du", "and", "y", "e", "di", "al", "el", "ad", "as", "ash", "ar", "an", "at", "the",
                       "au", "aux", "sur", "le", "les", "en", "van", "von", "der", "den", "am", "im", "bin", "ibn"})
#: A capitalised word after a place name that makes it something else: an outlet, a company, a team.
_ORG_NEXT = frozenset({"times", "post", "independent", "herald", "tribune", "today", "news", "daily", "express",
                       "airways", "airlines", "air", "university", "club", "fc", "united", "gazette", "observer",
                       "journal", "telegraph", "mail", "chronicle", "standard", "guardian", "insider", "monitor",
                       "star", "review", "broadcasting", "television", "tv", "radio", "press", "bank", "group",
                       "international", "online", "live", "network", "agency", "street", "avenue", "road"})
_ORG_PREV = re.compile(r"\b(?:times|university|bank|gazette|voice|radio|republic|people|news)\s+of\s+(?:the\s+)?$", re.I)
#: A capitalised word after a place name that keeps it a place ("Quetta Railway Station", "Kaduna State").
_PLACE_NEXT = frozenset({"oblast", "region", "province", "state", "governorate", "division", "city", "town",
                         "village", "district", "railway", "station", "airport", "hospital", "camp", "base",
                         "market", "bridge", "valley", "area", "border", "governor", "police", "mosque", "square",
                         "municipality", "county", "stadium", "port", "harbour", "harbor", "junction", "highway"})
#: Capitalised words before a place name that keep it a place ("Northern Kaduna", "Greater Cairo").
_PLACE_PREV = frozenset({"northern", "southern", "eastern", "western", "central", "north", "south", "east", "west",
                         "upper", "lower", "greater", "downtown", "in", "at", "near", "from", "to", "of", "the",
                         "outside", "across", "into", "inside", "around"})


@dataclass(frozen=True)
class Candidate:
    """A capitalised phrase of one sentence that names at least one world place."""

    start: int
    end: int
    words: int
    rows: tuple[WorldRow, ...]
    cue: bool  # a place cue stands before it: "in", "near", "the village of"
    initial: bool  # the first word of the sentence (capitalised whatever it is)
    prev_cap: str | None  # the capitalised word right before it, if any
    next_cap: str | None  # the capitalised word right after it, if any
    local_zipf: float = 0.0  # how common the phrase is in the report's own language, when not English
    titled: bool = False  # a title or honorific stands before it: "Mr. Austin", "Secretary Lloyd Austin"
    article: bool = False  # it opens with an Arabic article: after "Tal" or "Ain", "al-Hamra" ends a longer name


_TITLES = ("Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Capt", "Sgt", "Maj", "Gov", "Sen", "Rep", "President",
           "Secretary", "Minister", "Governor", "Senator", "General", "Colonel", "Commander", "Sheikh", "Imam", "Judge",
           "Ambassador", "Chancellor", "Premier", "spokesman", "spokeswoman", "spokesperson")
# A person's title, then up to two given names: what follows is a person's name, not a place.
_TITLE = re.compile(r"\b(?:" + "|".join(_TITLES) + r")\.?\s+(?:[A-Z][\w'’\-]+\s+){0,2}$")


_OPENER_MARKS = (":", '"', "“", "—", "–", "-")
_OPENER = re.compile(r"(?:[:\"“—–]|(?:^|\s)-)\s*$")  # a new phrase opens; not the hyphen of "Kofar-Gabas"
_ARTICLE_OPEN = ("al-", "al ", "el-", "el ", "al'", "el'")


_DEMONYM_END = ("an", "ian", "ese", "i", "ish", "ic", "ch", "ot")


_SETTLED = frozenset({"town", "village", "city", "capital", "region", "province", "state", "district", "hamlet"})


def _may_start(raw: str) -> bool:
    """A name starts at a capital or at an article (the scan's own tests decide the rest)."""
    return raw[:1].isupper() or word_key(raw) in _ANY_ARTICLE


def _may_be_demonym(raw: str) -> bool:
    return raw[:1].isupper() and word_key(raw).endswith(_DEMONYM_END)


def _ends_cue(raw: str) -> bool:
    """The word ends as a PLACE_CUE match must, before its closing spaces (fold: as re.IGNORECASE reads it)."""
    return fold(raw).endswith(CUE_LAST_WORDS)


def _ends_title(raw: str) -> bool:
    """A _TITLE match holds a title word that ends a word (it is followed by a dot or a space)."""
    return raw.endswith(_TITLES)


def _may_open(gap: str) -> bool:
    """An _OPENER match holds one of its marks, and they stand between words."""
    return any(mark in gap for mark in _OPENER_MARKS)


_MAY_START = TokenMemo(_may_start)
_MAY_BE_DEMONYM = TokenMemo(_may_be_demonym)
_ENDS_CUE = TokenMemo(_ends_cue)
_ENDS_TITLE = TokenMemo(_ends_title)
_MAY_OPEN = TokenMemo(_may_open, 4096)
_CUE_WORD = frozenset(CUE_WORDS)
_FOLDED = TokenMemo(fold)
# In a PLACE_CUE match, what the word before its last word ends with: "town of", "in the", "the town".
_AFTER = {"of": OF_AFTER, "the": (*CUE_WORDS, "of"), **{k: (*CUE_WORDS, "of", "the") for k in KIND_WORDS}}


def _cued(w: Words, i: int, start: int, before: str) -> bool:
    """PLACE_CUE.search(before), `before` ending where word i starts. The regex runs only when the words before
    end as its matches do (a cue word, or "of", "the", a kind word after what may precede them), and not for the
    plain "in Moura", "near Moura". The words of a match other than its cue word follow spaces: whole words."""
    if i == 0 or not w.gap(i - 1).isspace() or not _ENDS_CUE(w.raws[i - 1]):
        return False
    last = _FOLDED(w.raws[i - 1])
    if last in _CUE_WORD:  # a cue word after a word boundary, then spaces: a match
        at = len(before) - (start - w.start(i - 1))  # where the cue word starts in `before`
        if at == 0 or (at > 0 and before[at - 1] != "_"):  # "_" is the one word character that is in no word
            return True
    else:
        after = _AFTER.get(last)  # how the word before it must end
        if after is not None and (i < 2 or not w.gap(i - 2).isspace() or not _FOLDED(w.raws[i - 2]).endswith(after)):
            return False
    return PLACE_CUE.search(before) is not None


def _demonyms_at(world: WorldIndex, keys: list[str], at: list[int]) -> list[str]:
    """Country codes of the demonyms a sentence uses ("Malian troops" -> ML): they tell what a report is about.
    "the Malian town of Moura" counts three times: it places the report, where "a Russian missile" need not.
    `at`: the capitalised words with a demonym's ending."""
    if not at:
        return []
    found = world.demonym_map(sorted({keys[i] for i in at}))
    out = []
    for i in at:
        cc = found.get(keys[i])
        if cc:
            out += [cc] * (3 if i + 1 < len(keys) and keys[i + 1] in _SETTLED else 1)
    return out


#: Locative words of the other languages we read: "en Cali", "à Moura", "em Kremenchuk" (English: PLACE_CUE).
_LOCAL_CUE = re.compile(r"\b(?:en|desde|cerca\s+de|à|dans|près\s+de|em|no|na|perto\s+de|a|in|nel|nella|presso|"
                        r"bei|nahe|im)\s+(?:(?:la|el|le|l'|los|las|les|o|os|as|der|die|das)\s+)?$", re.I)


@lru_cache(maxsize=65536)
def local_zipf(phrase: str, language: str) -> float:
    """How common a phrase is in that language ("La Salud", "El Puesto" are towns, and everyday Spanish)."""
    from wordfreq import zipf_frequency

    try:
        return zipf_frequency(phrase, language)
    except (LookupError, ValueError, ImportError):  # ImportError: zh, ja, ko need optional tokenizers (jieba, mecab)
        return 0.0


def scan(world: WorldIndex, text: str, language: str | None = None,
         words: Words | None = None) -> tuple[list[Candidate], list[str]]:
    """Every phrase that names a world place (the longest one at each capitalised word), and the country codes
    of the sentence's demonyms: one tokenisation for both (`words`, when the caller has tokenised `text`)."""
    local = language if language and language != "en" else None
    w = words if words is not None else Words(text)
    keys = w.keys
    n = len(keys)
    caps = w.caps
    spans: list[tuple[int, int, str]] = []  # (first word, last word, key)
    dem: list[int] = []  # capitalised words with a demonym's ending (each is also a start)
    # Most words are skipped at once: a name starts at a capital or at an article (the tests below say no as well).
    for i in compress(range(n), _MAY_START.map(w.raws)):
        if _MAY_BE_DEMONYM(w.raws[i]):
            dem.append(i)
        if i > 0 and keys[i - 1] in _ANY_ARTICLE and w.article(i - 1):
            continue  # "al-Shuhada" is read from its article, with what stands before it
        j = i
        while j < n and keys[j] in _ANY_ARTICLE and w.article(j):
            j += 1
        if j >= n or not caps[j] or (i != j and not caps[i] and i > 0 and keys[i] not in _ANY_ARTICLE):
            continue
        if not world.begins(keys[j]):  # every phrase from here starts with this word: none is a name
            continue
        parts = [keys[j]]
        m = j
        spans.append((i, m, parts[0]))
        while len(parts) < MAX_WORDS and w.link(m) and m + 1 < n:
            m += 1
            if not caps[m] and keys[m] not in _CONTINUE:
                break
            if keys[m] in _ANY_ARTICLE and w.article(m):
                continue
            parts.append(keys[m])
            spans.append((i, m, " ".join(parts)))
    if not spans:
        return [], _demonyms_at(world, keys, dem)
    found = world.named(sorted({k for _, _, k in spans}))
    if not found:
        return [], _demonyms_at(world, keys, dem)
    best: dict[int, tuple[int, str]] = {}
    for i, m, key in spans:
        if key in found and (i not in best or m > best[i][0]):
            best[i] = (m, key)
    titled_from = next(compress(range(n), _ENDS_TITLE.map(w.raws)), n)  # no title word before: no _TITLE match
    out = []
    for i, (m, key) in best.items():
        if key in _FUNCTION_WORDS:
            continue
        start, end = w.start(i), w.end(m)
        before = text[max(0, start - 48):start]
        prev_cap = w.raws[i - 1] if i > 0 and caps[i - 1] and w.link(i - 1) else None
        next_cap = w.raws[m + 1] if m + 1 < n and caps[m + 1] and w.link(m) else None
        initial = i == 0 or (_MAY_OPEN(w.gap(i - 1)) and _OPENER.search(text[max(0, start - 8):start]) is not None)
        cue = _cued(w, i, start, before) or bool(local and _LOCAL_CUE.search(before))
        titled = titled_from < i and _TITLE.search(before) is not None
        out.append(Candidate(start, end, key.count(" ") + 1, found[key], cue, initial, prev_cap, next_cap,
                             local_zipf(text[start:end].lower(), local) if local else 0.0,
                             titled, text[start:start + 3].lower() in _ARTICLE_OPEN))
    return out, _demonyms_at(world, keys, dem)


def context_of(candidates: list[list[Candidate]], demonym_ccs: list[str] = ()) -> Counter[str]:  # type: ignore[assignment]
    """The countries a report is about, from the mentions that leave no doubt: countries, areas, big cities,
    demonyms."""
    ctx: Counter[str] = Counter()
    for cc in demonym_ccs:  # "Malian troops", but also "a Russian missile": a hint, weaker than a named country
        ctx[cc] += 1
    for cands in candidates:
        for c in cands:
            top = c.rows[0]
            if top.zipf >= 4.0 and top.place.kind != "country" and not c.cue:
                continue
            if len({r.cc for r in c.rows}) > 1 and top.place.kind != "country":
                continue
            if top.place.kind == "country":
                ctx[top.cc] += 3
            elif top.place.kind == "province" and (c.words > 1 or top.zipf < 3.0):
                ctx[top.cc] += 2
            elif top.population >= 100_000 and _accept(c, top, Counter()):
                ctx[top.cc] += 1
    return ctx


def _org_before(before: str) -> bool:
    """_ORG_PREV.search(before): its matches end with "of" or "the", then spaces (no other letters fold to these)."""
    if not before[-1:].isspace() or not before.rstrip()[-3:].lower().endswith(("of", "the")):
        return False
    return _ORG_PREV.search(before) is not None


def choose(c: Candidate, text: str, context: Counter[str]) -> WorldRow | None:
    """The place a candidate names in this report, or None when the phrase is no place here."""
    nxt = c.next_cap.lower() if c.next_cap else None
    if nxt in _ORG_NEXT or _org_before(text[max(0, c.start - 30):c.start]):
        return None
    def order(r: WorldRow) -> tuple:  # type: ignore[type-arg]
        kind = r.place.kind  # a big city beats its area of the same name ("Kharkiv"), a hamlet does not ("Alabama")
        rank = 3 if kind == "country" else 2 if kind == "city" and r.population >= 50_000 else 1 if kind == "province" else 0
        return (context.get(r.cc, 0), rank, r.main, r.population)

    named = {cc for cc, weight in context.items() if weight >= 3}  # countries the report names, not only "Russian"
    for row in sorted(c.rows, key=order, reverse=True) if len(c.rows) > 1 else c.rows:
        if named and row.cc not in context and row.place.kind in ("city", "town") and row.population < 200_000:
            continue  # a namesake in a country the report is not about
        if _accept(c, row, context):
            return row
    return None


def _accept(c: Candidate, row: WorldRow, context: Counter[str]) -> bool:
    kind = row.place.kind
    if kind == "country":  # a country's name wins over a town's, but not in a person's name ("Michael Jordan")
        return not (c.words == 1 and c.prev_cap and c.prev_cap.lower() not in _PLACE_PREV and not c.initial)
    if c.titled:
        return False  # "Mr. Austin", "Secretary Lloyd Austin", "President Kennedy": a person
    if c.prev_cap and c.prev_cap.lower() not in _PLACE_PREV and not c.initial and (c.words == 1 or c.article):
        return False  # "Khawaja Asif", "Michael Jordan"; "Tal al-Hamra": the end of a longer name
    if c.words == 1 and c.next_cap and c.next_cap.lower() not in _PLACE_NEXT:
        return False  # "Victoria Beckham", "Sumy Regional ..." (names and titles)
    big = row.population >= 10 ** (row.zipf + 1.5)
    if row.zipf >= 3.0 and not big and not c.cue:
        return False  # "Police", "Mission", "Union": places only after "in", "near", "town of"
    if c.local_zipf >= 3.0 and row.population < 10 ** (c.local_zipf + 1) and not c.cue:
        return False  # in a Spanish report "La Salud", "El Puesto", "Valle" are words before they are towns
    if c.initial and c.words == 1 and row.zipf >= 2.0 and not big and not c.cue and row.cc not in context:
        return False
    if row.population < 1000 and kind == "city" and not c.cue and row.cc not in context:
        return False
    return True
