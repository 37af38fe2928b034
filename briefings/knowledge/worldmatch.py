"""Which capitalised phrases of a sentence name a world place, and which place.

With 600k names nearly every capitalised word is a place somewhere ("Police", "Mission", "Victoria"), so a name
counts only when the text says it is one: capitalised, not part of a person's or an outlet's name, a common
English word only after a place cue ("in Mission") unless the place is big enough to be what a reader thinks of,
and, among places sharing a name, the one in a country the report is about (its context).
"""
from __future__ import annotations

import re
from collections import Counter
from itertools import compress

from briefings.knowledge.text import Words
from briefings.knowledge.words import ANY_ARTICLE as _ANY_ARTICLE
from briefings.knowledge.words import TokenMemo, word_key
from briefings.knowledge.world import WorldIndex, WorldRow
# The candidate and the tests of the words around it live in worldcand.py (the tests read _cued, _OPENER ... here).
from briefings.knowledge.worldcand import (_OPENER, _TITLE, _TITLES, Candidate, Source, _cued,  # noqa: F401
                                           _may_open, local_zipf)

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


_ARTICLE_OPEN = ("al-", "al ", "el-", "el ", "al'", "el'")


_DEMONYM_END = ("an", "ian", "ese", "i", "ish", "ic", "ch", "ot")


_SETTLED = frozenset({"town", "village", "city", "capital", "region", "province", "state", "district", "hamlet"})


def _may_start(raw: str) -> int:
    """A name starts at a capital or at an article (the scan's own tests decide the rest): 0 when it cannot start
    here, 2 when the word may also be a demonym (capitalised, with a demonym's ending), else 1."""
    if raw[:1].isupper():
        return 2 if word_key(raw).endswith(_DEMONYM_END) else 1
    return 1 if word_key(raw) in _ANY_ARTICLE else 0


_MAY_START = TokenMemo(_may_start)


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
    starts = _MAY_START.map(w.raws)
    for i in compress(range(n), starts):
        if starts[i] == 2:
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
    out = []
    for i, (m, key) in best.items():
        if key in _FUNCTION_WORDS:
            continue
        start, end = w.start(i), w.end(m)
        prev_cap = w.raws[i - 1] if i > 0 and caps[i - 1] and w.link(i - 1) else None
        next_cap = w.raws[m + 1] if m + 1 < n and caps[m + 1] and w.link(m) else None
        out.append(Candidate.found(start, end, key.count(" ") + 1, found[key], prev_cap, next_cap,
                                   text[start:start + 3].lower() in _ARTICLE_OPEN, Source(text, w, i, local)))
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
