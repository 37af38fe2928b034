"""The lexical layer under the claim extractors: numbers, time phrases and noun-phrase spans.

Numbers as news reports write them ("One", "Twenty-five", "2,500", "a dozen", "dozens", "at least two"),
hand-written because casualty counts need the qualifier and the vague words ("dozens", coded 12 as ACLED
does), and because dates, times, years and model names ("F-35") must not count. The noun-phrase helpers
(left_np, right_np, clause_subject, clean_np) find holders, actors and subjects without a parser.
"""
from __future__ import annotations

import re

from briefings.extract.types import Quantity

UNITS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve thirteen "
                                     "fourteen fifteen sixteen seventeen eighteen nineteen".split())}
TENS = {w: 10 * i for i, w in enumerate("twenty thirty forty fifty sixty seventy eighty ninety".split(), start=2)}
SCALES = {"hundred": 100, "thousand": 1000, "million": 1_000_000}
# Plural/collective words: the value used when a report gives no figure (ACLED codes "dozens" as 12).
COLLECTIVE = {"dozens": 12, "scores": 20, "hundreds": 100, "thousands": 1000, "tens of thousands": 10_000,
              "hundreds of thousands": 100_000}
VAGUE = ("several", "a few", "a handful of", "many", "numerous", "multiple", "a number of")
MONTHS = ("January|February|March|April|May|June|July|August|September|October|November|December|"
          "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec")

_UNIT = "|".join(sorted(UNITS, key=len, reverse=True))
_TEN = "|".join(TENS)
_SMALL = rf"(?:(?:{_TEN})(?:[\s-]+(?:{_UNIT}))?|{_UNIT})"
_WORDNUM = (rf"(?:{_SMALL}|a)\s+(?:hundred|thousand|million)(?:(?:\s+and)?\s+(?:{_SMALL}|(?:{_SMALL})\s+hundred)"
            rf"(?:(?:\s+and)?\s+{_SMALL})?)*|{_SMALL}")
_DIGITS = r"\d{1,3}(?:,\d{3})+(?!\d)|\d+(?:\.\d+)?(?:\s+(?:million|thousand))?"
QUALIFIER = (r"at\s+least|at\s+most|more\s+than|no\s+(?:fewer|less)\s+than|fewer\s+than|less\s+than|over|nearly|"
             r"almost|about|around|approximately|roughly|some|up\s+to|as\s+many\s+as|upwards\s+of|an\s+estimated|"
             r"close\s+to|just\s+(?:over|under)|in\s+excess\s+of|a\s+total\s+of")
_COLLECT = r"tens\s+of\s+thousands|hundreds\s+of\s+thousands|dozens|scores|hundreds|thousands"
_VAGUE = "|".join(v.replace(" ", r"\s+") for v in VAGUE)
NUMBER = rf"(?:{_SMALL}|a|{_DIGITS})\s+dozen|a\s+dozen|{_COLLECT}|{_DIGITS}|{_WORDNUM}"
# A quantity phrase: optional qualifier + number, or a vague amount word. Group "q" = qualifier.
QUANTITY = rf"(?:(?P<q>{QUALIFIER})\s+)?(?P<n>{NUMBER})(?![\w-])|(?P<v>{_VAGUE})(?![\w-])"
_QUANTITY_RE = re.compile(rf"(?<![\w$:.,-])(?:{QUANTITY})", re.IGNORECASE)
_TIME_AFTER = re.compile(r"\s*(?:[:.]\d|(?:a\.?m\b|p\.?m\b|am\b|pm\b|GMT|UTC|hours?\b|o'clock|%|per\s?cent))", re.I)
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s*$", re.I)
_MONTH_AFTER = re.compile(rf"\s*(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b", re.I)
_DATE_DASH = re.compile(r"[-/]\d{1,4}\b")
_YEAR_PREFIX = re.compile(r"\b(?:in|since|until|till|by|of|during|from|before|after|year|early|late|mid-?)\s*$", re.I)
_PEOPLE_AFTER = re.compile(r"\s+(?:people|persons|civilians|soldiers|troops|fighters|dead|killed|wounded|injured)\b", re.I)


def _words_value(words: list[str]) -> int | None:
    total = current = 0
    seen = False
    for w in words:
        if w == "and":
            continue
        if w in UNITS or w in TENS:
            current += UNITS.get(w, 0) + TENS.get(w, 0)
        elif w == "hundred":
            current = max(current, 1) * 100
        elif w in ("thousand", "million"):
            total += max(current, 1) * SCALES[w]
            current = 0
        elif w == "a" and not seen:
            current = 1
        else:
            return None
        seen = True
    return total + current if seen else None


def mentions(text: str, stems: tuple[str, ...]) -> bool:
    """Cheap gate before the regexes: does the text contain any of these lowercase stems?"""
    low = text.lower()
    return any(stem in low for stem in stems)


def parse_number(phrase: str, allow_article: bool = False) -> int | None:
    """The integer a number phrase stands for; None when it is not one. "a"/"an" count as 1 only on request."""
    p = re.sub(r"\s+", " ", phrase.strip().lower().replace("\u2011", "-"))
    if not p:
        return None
    if p in ("a", "an"):
        return 1 if allow_article else None
    if p in COLLECTIVE:
        return COLLECTIVE[p]
    m = re.fullmatch(r"(.+?) dozen", p)
    if m:
        base = 1 if m.group(1) in ("a", "an") else parse_number(m.group(1))
        return None if base is None else base * 12
    if p == "dozen":
        return 12
    m = re.fullmatch(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?: (million|thousand))?", p)
    if m:
        num = float(m.group(1).replace(",", ""))
        scale = SCALES.get(m.group(2) or "", 1)
        if scale == 1 and "." in m.group(1):
            return None  # a decimal is not a count
        return int(round(num * scale))
    return _words_value(re.split(r"[\s-]+", p))


def _is_date_or_time(text: str, start: int, end: int, digits: bool) -> bool:
    after, before = text[end:end + 12], text[max(0, start - 12):start]
    if _TIME_AFTER.match(after) and digits:
        return True
    if digits and (_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after) or _DATE_DASH.match(after)):
        return True
    raw = text[start:end]
    if digits and re.fullmatch(r"(?:19|20)\d\d", raw):
        return not _PEOPLE_AFTER.match(text, end) or bool(_YEAR_PREFIX.search(before))
    return False


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every number phrase with its qualifier; offsets are shifted by `offset` (the sentence start)."""
    out: list[Quantity] = []
    for m in _QUANTITY_RE.finditer(text):
        if m.group("v"):
            word = re.sub(r"\s+", " ", m.group("v").lower())
            out.append(Quantity(None, word.removesuffix(" of"), m.group(0), m.start() + offset, m.end() + offset))
            continue
        num = m.group("n")
        start_n = m.start("n")
        if _is_date_or_time(text, start_n, m.end("n"), num[0].isdigit()):
            continue
        if text[m.end():m.end() + 2] in ("st", "nd", "rd", "th"):
            continue
        value = parse_number(num)
        if value is None:
            continue
        low = num.lower()
        qualifier = re.sub(r"\s+", " ", m.group("q").lower()) if m.group("q") else None
        collective = next((k for k in COLLECTIVE if re.fullmatch(k.replace(" ", r"\s+"), low)), None)
        if collective and not qualifier:
            qualifier = collective
        out.append(Quantity(value, qualifier, m.group(0), m.start() + offset, m.end() + offset))
    return out


TOKEN = re.compile(r"(?:[A-Z]\.){2,}|\w(?:[\w'’.-]*\w)?|[^\w\s]")
_ABBREV = frozenset("Mr Mrs Ms Dr Gen Lt Col Maj Sgt Capt Sen Rep Gov Prof St Brig Adm Cpl".split())
STOP = frozenset(
    "that which who whom whose where when while whereas although though because since after before if unless as "
    "than despite so is are was were be been being has have had do does did will would can could may might should "
    "must shall not also reportedly there here then why how what whether this amid".split())
_IRREG = frozenset(
    "said says say told tells hit hits struck strike strikes kill kills left took found made began came became lost "
    "led fled shot held sent got gave went met kept brought thought fought sought caught knew threw drove rose fell "
    "ran wrote spoke broke chose stood saw denied denies blamed accused".split())
_KEEP = frozenset(
    "unnamed unidentified armed united allied concerned informed related based retired elected detained displaced "
    "hundred red need speed seed feed creed wing king building briefing meeting ruling governing leading morning "
    "evening spring thing acting incoming outgoing neighbouring neighboring".split())
PRONOUNS = frozenset({"he", "she", "it", "they", "we", "i"})
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
    last = _LAST_WORD.search(head[-30:])
    word = last.group(1).lower() if last else ""
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


def _walk(toks: list[re.Match[str]], order: range, limit: int) -> tuple[int, int] | None:
    """Collect a noun phrase token by token in `order` until a clause boundary; -> (first, last) token index."""
    first = last = None
    depth, n, step = 0, 0, order.step
    close, open_ = (")", "(") if step < 0 else ("(", ")")
    for i in order:
        t = toks[i].group()
        low = t.lower()
        if n >= limit:
            break
        if t == close:
            depth += 1
        elif t == open_ and depth:
            depth -= 1
        elif depth or t in ("'", "’") or t == "." and i and toks[i - 1].group() in _ABBREV:
            pass
        elif not t[0].isalnum():
            break
        elif low in ("and", "or", "&"):
            if first is None or not (0 < i < len(toks) - 1 and toks[i - 1].group()[:1].isupper()
                                     and toks[i + 1].group()[:1].isupper()):
                break
            continue
        elif low in STOP or _verbish(t):
            break
        elif low in PRONOUNS:
            if first is None:
                first = last = i
            break
        first = i if first is None else first
        last, n = i, n + 1
    if first is None or depth:
        return None
    return (last, first) if step < 0 else (first, last)


def left_np(text: str, pos: int, limit: int = 16) -> tuple[int, int] | None:
    """Span of the noun phrase that ends just before `pos` (skipping "also", "on Saturday", "in a statement")."""
    head = text[:pos]
    tail = adverb_tail(head)
    end = len(head) - 80 + tail.start() if tail and len(head) > 80 else (tail.start() if tail else len(head.rstrip()))
    toks = list(TOKEN.finditer(text, max(0, end - 400), end))  # a phrase of `limit` tokens fits in 400 chars
    got = _walk(toks, range(len(toks) - 1, -1, -1), limit)
    return None if got is None else (toks[got[0]].start(), toks[got[1]].end())


def right_np(text: str, pos: int, limit: int = 14) -> tuple[int, int] | None:
    """Span of the noun phrase that starts at `pos`."""
    toks = list(TOKEN.finditer(text, pos, min(len(text), pos + 300)))
    got = _walk(toks, range(len(toks)), limit)
    return None if got is None else (toks[got[0]].start(), toks[got[1]].end())


def clause_subject(text: str, pos: int = 0) -> tuple[int, int] | None:
    """The subject at the start of a clause, after an introductory phrase ("Following the strike, X …")."""
    m = _LEAD_CLAUSE.match(text, pos)
    return right_np(text, m.end() if m else pos)


_QUOTES = str.maketrans("", "", "“”\"‘")
_DUPLICATE = re.compile(r"\b(\w+)\s+\1\b")
_REPORT_BY = re.compile(r"(?i)(?:an?\s+|another\s+|the\s+)?(?:(?:new|latest|separate|preliminary)\s+)?"
                        r"(?:report|reports|figures|data|post|posts)\s+(?:from|by|of)\s+(.+)")
_STATEMENT_BY = re.compile(r"(?i)(?:an?\s+|the\s+)?(?:joint\s+|written\s+|official\s+)?statement\s+"
                           r"(?:from|by|issued\s+by|released\s+by|of)\s+(.+)")
_LEAD_DET = re.compile(r"(?i)^(?:the|these|those)\s+")
_SPACES = re.compile(r"\s+")


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


def habitual(text: str, start: int, end: int) -> bool:
    """A habit or a tally, not one event: "numerous drone attacks in recent months", "a spate of attacks"."""
    before = re.split(r"[.;,]", text[max(0, start - 50):start])[-1]
    return bool(_HABIT_BEFORE.search(before) or _HABIT_AFTER.match(text[end:]))
