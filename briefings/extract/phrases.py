"""Noun-phrase spans without a parser: holders, actors and subjects (left_np, right_np, clause_subject,
clean_np), time phrases, and habitual statements ("in recent months", "a spate of") that carry no claim."""
from __future__ import annotations

import re
from collections.abc import Set as AbstractSet
from functools import lru_cache

from briefings.extract.numbers import MONTHS, fold, has


# Initialisms ("U.S."), words with inner ' ’ . - ("al-Shabaab", "don't"), single marks. Written so the engine
# backtracks little: \w+(?:['’.-]+\w+)* is \w(?:[\w'’.-]*\w)? (a run ending in a word character), in fewer steps.
TOKEN = re.compile(r"[A-Z]\.[A-Z]\.(?:[A-Z]\.)*|\w+(?:[’'.-]+\w+)*|[^\w\s]")
_ABBREV = frozenset("Mr Mrs Ms Dr Gen Lt Col Maj Sgt Capt Sen Rep Gov Prof St Brig Adm Cpl".split())
STOP = frozenset(
    "that which who whom whose where when while whereas although though because since after before if unless as "
    "than despite so is are was were be been being has have had do does did will would can could may might should "
    "must shall not also reportedly there here then why how what whether this amid".split())
_IRREG = frozenset(
    "said says say told tells hit hits struck strike strikes kill kills left took found made began came became lost put puts "
    "led fled shot held sent got gave went met kept brought thought fought sought caught knew threw drove rose fell "
    "ran wrote spoke broke chose stood saw denied denies blamed accused".split())
_KEEP = frozenset(
    "unnamed unidentified armed united allied concerned informed related based retired elected detained displaced "
    "hundred red need speed seed feed creed wing king building briefing meeting ruling governing leading morning "
    "evening spring thing acting incoming outgoing neighbouring neighboring".split())
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
_VERB_ENDS = ("ed", "ing")  # a token _verbish accepts is in _IRREG or ends so (it is lower case)
WEEKDAY = r"(?:Mon|Tues|Wednes|Thurs|Fri|Satur|Sun)day"
TEMPORAL = (rf"(?:(?:early|late|earlier|later)\s+)?(?:(?:on|this|last|next)\s+)?(?:{WEEKDAY}|(?-i:yesterday|today|"
            rf"tonight|overnight)|(?:{MONTHS})\.?\s+\d{{1,2}}(?:,\s*\d{{4}})?)(?:\s+(?:morning|afternoon|evening|night))?")
STMT = r"in\s+(?:a|an|its|their|his|her)\s+(?:[\w-]+\s+){0,2}?statement"
ADV_TAIL = re.compile(rf"(?:\s*(?:,\s*)?\b(?:also|reportedly|later|earlier|previously|separately|further|then|now|again|"
                      r"however|though|meanwhile|too|instead|"
                      rf"has|have|had|first|(?-i:[a-z]{{3,}}ly)|{STMT}|{TEMPORAL})\b(?:\s*,)?)+\s*$", re.I)
INTRO = re.compile(r"^(?:(?:additionally|however|meanwhile|also|but|and|separately|earlier|later|moreover|"
                   rf"furthermore|still|yet|instead|nonetheless|now|then|so|similarly|likewise|in\s+addition|{STMT}|"
                   r"for\s+(?:its|their|his|her)\s+part)\b[\s,]*)+", re.I)
_LEAD_CLAUSE = re.compile(r"^\s*(?:(?:following|after|before|on|in|during|despite|however|additionally|meanwhile|"
                          r"moreover|also|earlier|later|separately|for\s+its\s+part|according\s+to)\b[^,]{0,80},\s*)+", re.I)
_TEMPORAL_RE = re.compile(rf"\s*\b{TEMPORAL}\b", re.I)
_LAST_WORD = re.compile(r"(\w+)\W*$")
_TAIL_WORDS = frozenset("also reportedly later earlier previously separately further then now again has have had first "
                        "however though meanwhile too instead "
                        "statement yesterday today tonight overnight morning afternoon evening night".split())


def adverb_tail(head: str) -> re.Match[str] | None:
    """Trailing adverbs/time/"in a statement" between a subject and its verb; cheap test before the regex."""
    window = head[-30:]
    body = window.rstrip()
    while body.endswith(","):
        body = body[:-1].rstrip()
    if not body or not (body[-1].isalnum() or body[-1] == "_"):
        return None  # every match ends in a word character, then only spaces and a comma
    word = body.rsplit(None, 1)[-1]  # that word when it is all letters/digits; else ask the regex
    if not word.isalnum():
        last = _LAST_WORD.search(window)
        word = last.group(1) if last else ""
    word = word.lower()
    if word in _TAIL_WORDS or word.endswith(("ly", "day")) or word.isdigit():
        return ADV_TAIL.search(head[-80:])
    return None


def _verbish(t: str) -> bool:
    low = t.lower()
    if low in _IRREG:
        return True
    if not t.isalpha() or not t.islower() or low in _KEEP:
        return False
    return (low.endswith("ed") and len(low) > 3) or (low.endswith("ing") and len(low) > 5)


# What a token is to _walk, a pure function of its text (cached: a small vocabulary recurs).
_WORD, _CONJ, _STOP, _PRONOUN, _SKIP, _DOT, _LPAR, _RPAR, _MARK = range(9)


@lru_cache(maxsize=8192)
def _kind(t: str) -> int:
    if t in ("(", ")"):
        return _LPAR if t == "(" else _RPAR
    if t in ("'", "’"):
        return _SKIP
    if not t[0].isalnum():
        return _DOT if t == "." else _MARK
    low = t.lower()
    if low in ("and", "or"):
        return _CONJ
    if low in STOP or low in _IRREG or t.endswith(_VERB_ENDS) and _verbish(t):  # _verbish, cheap tests first
        return _STOP
    return _PRONOUN if low in PRONOUNS else _WORD


def _walk(toks: list[re.Match[str]], order: range, limit: int) -> tuple[tuple[int, int] | None, int]:
    """Collect a noun phrase token by token in `order` until a clause boundary; -> ((first, last) token index, the
    last index visited). A visit to i reads toks[i - 1] .. toks[i + 1] and no other token."""
    first = last = None
    depth, n, step = 0, 0, order.step
    close, open_ = (_RPAR, _LPAR) if step < 0 else (_LPAR, _RPAR)
    i = order.start
    for i in order:
        if n >= limit:
            break
        k = _kind(toks[i].group())
        if k == close:
            depth += 1
        elif depth:  # inside brackets: every token belongs to the phrase
            if k == open_:
                depth -= 1
        elif k == _SKIP or k == _DOT and i and toks[i - 1].group() in _ABBREV:
            pass
        elif k >= _DOT:  # punctuation (an unopened bracket, a full stop): the clause ends
            break
        elif k == _CONJ:
            if first is None or not (0 < i < len(toks) - 1 and toks[i - 1].group()[:1].isupper()
                                     and toks[i + 1].group()[:1].isupper()):
                break
            continue
        elif k == _STOP:
            break
        elif k == _PRONOUN:
            if first is None:
                first = last = i
            break
        first = i if first is None else first
        last, n = i, n + 1
    if first is None or depth:
        return None, i
    return ((last, first) if step < 0 else (first, last)), i


_QUOTE_MARK = re.compile(r"[“”\"]")
_SPACE = re.compile(r"\s")


def quote_spans(text: str) -> list[tuple[int, int]]:
    """Quoted regions; an unclosed opening quote runs to the end, a lone closing one from the start."""
    spans, opened = [], None
    for m in _QUOTE_MARK.finditer(text):
        if m.group() == "“" or m.group() == '"' and opened is None:
            opened = m.start() if opened is None else opened
        else:
            spans.append((opened or 0, m.end()))
            opened = None
    return spans + ([(opened, len(text))] if opened is not None else [])


def ends_with_char(text: str, chars: str) -> bool:
    """One of `chars` ends the text, trailing whitespace aside: what a search for "[chars]\\s*$" finds."""
    body = text.rstrip()
    return bool(body) and body[-1] in chars


_LEFT_WINDOWS, _RIGHT_WINDOWS = (40, 120), (40, 100)  # short windows read first (most phrases are a few words)


def left_np(text: str, pos: int, limit: int = 16) -> tuple[int, int] | None:
    """Span of the noun phrase that ends just before `pos` (skipping "also", "on Saturday", "in a statement")."""
    head = text[:pos]
    tail = adverb_tail(head)
    end = len(head) - 80 + tail.start() if tail and len(head) > 80 else (tail.start() if tail else len(head.rstrip()))
    # A phrase of `limit` tokens fits in 400 chars; most walks stop within a few tokens, so the last 120 are read
    # first. Tokens never hold whitespace: after the first space of the short window its tokens are the long one's,
    # and a walk that read only those (and not the window's first two tokens) gives the long window's answer.
    start = max(0, end - 400)
    for size in _LEFT_WINDOWS:
        if end - start <= size:
            break
        short = end - size
        toks = list(TOKEN.finditer(text, short, end))
        got, stop = _walk(toks, range(len(toks) - 1, -1, -1), limit)
        space = _SPACE.search(text, short, end)
        if stop >= 2 and space is not None and toks[stop - 1].start() > space.start():
            return None if got is None else (toks[got[0]].start(), toks[got[1]].end())
    toks = list(TOKEN.finditer(text, start, end))
    got, _ = _walk(toks, range(len(toks) - 1, -1, -1), limit)
    return None if got is None else (toks[got[0]].start(), toks[got[1]].end())


def right_np(text: str, pos: int, limit: int = 14) -> tuple[int, int] | None:
    """Span of the noun phrase that starts at `pos`."""
    end = min(len(text), pos + 300)
    # As in left_np: the first 100 chars are read first; their tokens before the window's last space are the long
    # window's, and a walk that read only those (and not its last two tokens) gives the long window's answer.
    for size in _RIGHT_WINDOWS:
        if end - pos <= size:
            break
        short = pos + size
        toks = list(TOKEN.finditer(text, pos, short))
        got, stop = _walk(toks, range(len(toks)), limit)
        space = text.rfind(" ", pos, short)  # the last space (any whitespace would do; a space is the common one)
        if stop <= len(toks) - 3 and space >= 0 and toks[stop + 1].end() <= space:
            return None if got is None else (toks[got[0]].start(), toks[got[1]].end())
    toks = list(TOKEN.finditer(text, pos, end))
    got, _ = _walk(toks, range(len(toks)), limit)
    return None if got is None else (toks[got[0]].start(), toks[got[1]].end())


def clause_subject(text: str, pos: int = 0) -> tuple[int, int] | None:
    """The subject at the start of a clause, after an introductory phrase ("Following the strike, X …")."""
    m = _LEAD_CLAUSE.match(text, pos)
    return right_np(text, m.end() if m else pos)


_APPOSITIVE = re.compile(r"\s*(?:the|a|an|who|which|whose|[A-Z]|(?:[a-z]+\s+){1,3}(?:of|for|at|to|in)\s)[^;:“”\"]{2,160}$")


def appositive_subject(text: str, vs: int) -> tuple[int, int] | None:
    """The subject before an appositive that ends just before the verb: "Ali Hassan, a local official, said"."""
    body = text[:vs].rstrip()
    if not body.endswith(","):
        return None
    k = body.rfind(",", 0, len(body) - 1)
    if k < 0 or not _APPOSITIVE.fullmatch(body, k + 1, len(body) - 1):
        return None
    j = body.rfind(",", 0, k) + 1
    start = j + len(body[j:k]) - len(body[j:k].lstrip())
    span = right_np(text, start)
    return span if span and span[1] == len(body[:k].rstrip()) and clean_np(text[span[0]:span[1]]) else None


_QUOTES = str.maketrans("", "", "“”\"‘")
_DUPLICATE = re.compile(r"\b(\w+)\s+\1\b")
_REPORT_BY = re.compile(r"(?i)(?:an?\s+|another\s+|the\s+)?(?:(?:new|latest|separate|preliminary)\s+)?"
                        r"(?:report|reports|figures|data|post|posts)\s+(?:from|by|of)\s+(.+)")
_STATEMENT_BY = re.compile(r"(?i)(?:an?\s+|the\s+)?(?:joint\s+|written\s+|official\s+)?statement\s+"
                           r"(?:from|by|issued\s+by|released\s+by|of)\s+(.+)")
_LEAD_DET = re.compile(r"(?i)^(?:the|these|those)\s+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=4096)  # a pure function of a short phrase: holders and actors recur within an article
def clean_np(raw: str) -> str:
    """Display text of a holder/actor phrase: no quotes, times, intro adverbs or leading "the"."""
    s = raw.translate(_QUOTES)
    if "day" in s or "night" in s or any(ch.isdigit() for ch in s):
        s = _TEMPORAL_RE.sub("", s)
    s = INTRO.sub("", s.strip(" ,;:-–—"))
    s = _DUPLICATE.sub(r"\1", s)
    if m := _REPORT_BY.match(s):
        s = m.group(1)
    if m := _STATEMENT_BY.match(s):
        return f"{clean_np(m.group(1))} (statement)"
    s = _LEAD_DET.sub("", s)
    if s[:1] == "A" and (s[:2] in ("A ", "An") or s.startswith("Another")):
        s = s[0].lower() + s[1:]
    return _SPACES.sub(" ", s).strip(" ,;:.")


# Habits and tallies over time ("in recent months", "a spate of"): not one event.
_HABIT_BEFORE = re.compile(r"\b(?:numerous|scores\s+of|a\s+series\s+of|a\s+spate\s+of|dozens\s+of|hundreds\s+of|"
                           r"repeated(?:ly)?|frequent(?:ly)?|regular(?:ly)?|stockpil\w*|arsenal\s+of|recent|"
                           r"more\s+than\s+\d+|future|possible|potential|planned|execute|conduct|previously|similar)\s+"
                           r"(?:[\w-]+\s+){0,3}$", re.I)
_HABIT_AFTER = re.compile(r"^[^.;]{0,60}?\b(?:in\s+recent\s+(?:days|weeks|months|years)|over\s+the\s+(?:past|last)\s+"
                          r"\w+|since\s+(?:the\s+(?:start|outbreak|beginning)|October|last)|on\s+several\s+occasions|"
                          r"in\s+the\s+(?:past|last)\s+(?:few\s+|two\s+|three\s+)?(?:days|weeks|months|years)|"
                          r"(?:several|many|multiple|numerous)\s+times|since\s+\d{4}|similar\s+(?:attacks|strikes|"
                          r"incidents))", re.I)
HABIT_SENTENCE = re.compile(r"\b(?:in\s+recent\s+(?:weeks|months|years)|repeatedly|on\s+several\s+occasions|"
                             r"a\s+spate\s+of|a\s+series\s+of|scores\s+of|(?:several|many|multiple|numerous)\s+times|"
                             r"since\s+\d{4})\b", re.I)


# Gates: a word every match of the pattern contains (folded), so a text without one is not searched.
HABIT_WORDS = ("recent", "repeatedly", "occasions", "spate", "series", "scores", "times", "since")
_HABIT_BEFORE_WORDS = ("numerous", "scores", "series", "spate", "dozens", "hundreds", "repeated", "frequent", "regular",
                       "stockpil", "arsenal", "recent", "more", "future", "possible", "potential", "planned", "execute",
                       "conduct", "previously", "similar")
_HABIT_AFTER_WORDS = ("recent", "over", "since", "occasions", "past", "last", "times", "similar")
_CLAUSE_CUT = re.compile(r"[.;,]")


def habit_sentence(text: str, hits: AbstractSet[str] | None = None) -> bool:
    """HABIT_SENTENCE.search(text), skipped when no gate word is there (`hits`: stems found in the sentence already,
    HABIT_WORDS among them)."""
    gate = has(fold(text), HABIT_WORDS) if hits is None else not hits.isdisjoint(HABIT_WORDS)
    return gate and HABIT_SENTENCE.search(text) is not None


def habitual(text: str, start: int, end: int) -> bool:
    """A habit or a tally, not one event: "numerous drone attacks in recent months", "a spate of attacks"."""
    before = _CLAUSE_CUT.split(text[max(0, start - 50):start])[-1]
    if has(fold(before), _HABIT_BEFORE_WORDS) and _HABIT_BEFORE.search(before):
        return True
    after = text[end:]
    return has(fold(after), _HABIT_AFTER_WORDS) and _HABIT_AFTER.match(after) is not None
