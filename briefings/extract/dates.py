"""Time expressions resolved against the article's publication date.

Hand-written, not dateparser: that puts "on Saturday" in a Saturday article a week back, cannot read "overnight
between Friday and Saturday", and is ~15x slower. One combined regex, one pass per sentence."""
from __future__ import annotations

import calendar
import re
from datetime import date, datetime, timedelta
from functools import lru_cache
from bisect import bisect_left
from typing import Any, Iterator, Literal, Sequence

from briefings.extract.daterole import date_role
from briefings.extract.numbers import fold
from briefings.extract.stems import Stems
from briefings.extract.types import DateRef, Precision, Sentence
from briefings.lru import Recent

_WEEKDAYS = ("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday")
_MONTHS = {m.lower(): i for i, m in [*enumerate(calendar.month_name), *enumerate(calendar.month_abbr), (9, "Sept")] if m}
_NUMBERS = {w: i for i, w in enumerate("zero one two three four five six seven eight nine ten eleven twelve".split())} | {"a": 1, "an": 1}
_NAMES = frozenset(_MONTHS) | frozenset(_WEEKDAYS)

_WD = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)(?!\s+(?:Times|Telegraph|Mirror|Express|Post|Herald)\b)"
_MON = r"(?:(?:January|February|March|April|May|June|July|August|September|October|November|December)\b|(?:Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\b\.?)"
_MONFULL = r"(?:January|February|March|April|May|June|July|August|September|October|November|December)"
_DAY, _YEAR = r"(?:3[01]|[12]\d|0?[1-9])(?:st|nd|rd|th)?(?!\d)", r"(?:19|20)\d\d(?!\d)"
_NUM = r"(?:\d{1,3}|(?i:an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve))"
_TIME = (r"(?:(?:[01]?\d|2[0-3])(?:[:.][0-5]\d)?\s?(?:[ap]\.?m\b\.?|[AP]\.?M\b\.?)|(?:[01]?\d|2[0-3]):[0-5]\d"
         r"|(?i:noon|midnight|dawn|dusk|daybreak|sunrise|sunset))(?:\s+(?:local\s+time|GMT|UTC))?(?:\s*\([^()\n]{1,25}\))?")
_AT = r"(?:(?i:at|around|about|shortly\s+(?:before|after)|just\s+(?:before|after)|before|after)\s+)?(?:(?i:around|about|approximately|roughly)\s+)?"
_TPRE, _TSUF = rf"(?:{_AT}{_TIME},?\s+)", rf"(?:,?\s+{_AT}{_TIME})"  # "at 12:15am on Wednesday", "Sunday at 7 pm"
_DPRE = r"(?:(?i:(?:early|late)(?:\s+on)?|on|(?:(?:on|in|during)\s+)?the\s+(?:early\s+hours|small\s+hours|morning|afternoon|evening|night)\s+of)\s+)"
_PART, _POSS = r"(?:\s+(?i:morning|afternoon|evening|night))", r"(?:['’]s\b)"  # "Friday night", "Thursday's"
_PREP = r"in|since|during|until|till|by|from|through|throughout|before|after"
_MPRE = rf"(?:(?i:on|{_PREP})\s+)?(?:(?i:early|late|(?:the\s+)?(?:end|start|beginning|middle)\s+of)\s+|(?i:mid)-?)?"
_YPRE = (rf"(?:(?i:{_PREP})\s+(?:(?i:early|late)\s+|(?i:mid)-?)?"
         r"|(?i:(?:the\s+)?(?:end|start|beginning|middle|summer|spring|autumn|fall|winter|first\s+half|second\s+half)\s+of)\s+|(?i:mid)-)")
_UNITS = r"(?i:km|kilomet\w*|miles?|met(?:er|re)s?|kg|tons?|tonnes|people|persons|troops|soldiers|fighters|civilians|rockets|missiles|drones|dollars|euros|attacks|strikes|deaths|men|women|children|homes|houses|percent|per\s+cent)\b|%"
_WORDS = (r"(?i:day\s+before\s+yesterday|yesterday|today|tonight|last\s+night|overnight|(?:earlier|early|late)\s+today"
          r"|(?:earlier\s+|early\s+|late\s+)?this\s+(?:morning|afternoon|evening)|(?:earlier\s+)?this\s+(?:week|month|year)"
          r"|(?:the\s+)?(?:past|last|previous)\s+(?:week|month|year))")
_ALTERNATIVES = (
    rf"(?:(?i:overnight|late)\s+)?(?:(?i:(?:on\s+|in\s+)?the\s+night)\s+)?(?:(?i:overnight)\s+)?(?i:between|from)\s+(?P<b1>{_WD}){_PART}?\s+(?i:and|to|into|until|through)\s+(?:(?i:early)\s+)?(?P<b2>{_WD}){_PART}?",
    rf"(?:(?i:overnight|late|(?:on\s+|in\s+)?the\s+night\s+of)\s+(?:(?i:on)\s+)?|(?i:on)\s+)?(?P<i1>{_WD}){_PART}?\s*(?:(?i:into|to|and)\s+|[-–/]\s*)(?:(?i:early)\s+)?(?P<i2>{_WD}){_PART}?",
    rf"(?i:overnight)\s+(?:(?i:on|of)\s+)?(?P<o1>{_WD})(?:\s+(?i:night))?",
    rf"{_DPRE}?(?:{_WD},?\s+)?(?P<a_m>{_MON})\s+(?P<a_d>{_DAY}),?\s+(?P<a_y>{_YEAR})",
    rf"{_DPRE}?(?:{_WD},?\s+)?(?:(?i:the)\s+)?(?P<c_d>{_DAY})\s+(?:(?i:of)\s+)?(?P<c_m>{_MON}),?\s+(?P<c_y>{_YEAR})",
    rf"{_DPRE}?(?P<iso_y>{_YEAR})-(?P<iso_m>0[1-9]|1[0-2])-(?P<iso_d>0[1-9]|[12]\d|3[01])(?:[T ](?:[01]\d|2[0-3]):[0-5]\d(?::[0-5]\d(?:\.\d+)?)?(?:Z|[+-]\d\d:?\d\d)?)?(?![\d-])",
    rf"{_DPRE}?(?P<n1>\d{{1,2}})(?P<ns>[-/.])(?P<n2>\d{{1,2}})(?P=ns)(?P<ny>{_YEAR})(?![-.]\d)",
    rf"{_DPRE}?(?:{_WD},?\s+)?(?P<d_m>{_MON})\s+(?P<d_d>{_DAY})\b(?!\s*(?:,\s*\d{{3}}|%))",
    rf"{_DPRE}?(?:{_WD},?\s+)?(?:(?i:the)\s+)?(?P<e_d>{_DAY})\s+(?:(?i:of)\s+)?(?P<e_m>{_MON})",
    rf"{_MPRE}(?P<m_m>{_MON}),?\s+(?:(?i:of)\s+)?(?P<m_y>{_YEAR})",
    rf"(?i:from|between)\s+(?P<yr1>{_YEAR})\s*(?:(?i:to|and|until|through)\s+|[-–]\s*)(?P<yr2>{_YEAR})",
    rf"{_YPRE}(?P<yr>{_YEAR})(?![-,.]\d)(?!['’]?s\b)(?!\s*(?:{_UNITS}))",
    rf"(?P<ago_n>{_NUM})\s+(?P<ago_u>(?i:days?|weeks?|months?|years?))\s+(?i:ago)",
    rf"(?:(?i:in|over|during)\s+)?(?:(?i:the)\s+)?(?i:last|past|previous)\s+(?P<sp_n>{_NUM})\s+(?P<sp_u>(?i:days|weeks|months|years))",
    rf"(?:(?i:the)\s+(?=(?i:day)\s))?(?P<word>{_WORDS}){_POSS}?",
    rf"(?:(?P<w_rel>(?i:last|this\s+past|past|previous|this\s+coming|this|next|coming))\s+|{_DPRE})?(?P<w>{_WD}){_PART}?{_POSS}?",
    rf"(?P<bm_p>(?i:{_PREP}|last|this|early|late|mid|(?:the\s+)?(?:end|start|beginning|middle)\s+of))(?:\s+|-)(?:(?i:early|late|mid)(?:\s+|-))?(?P<bm>{_MONFULL})\b(?!\.?\s*\d){_POSS}?",
)
_EXPR = re.compile(rf"(?<![\w./-]){_TPRE}?(?:{'|'.join(_ALTERNATIVES)}){_TSUF}?")
# Every expression holds one of these within 50 chars of its start: _EXPR is tried only at word starts near one.
# Case-sensitive: fast ("Yesterday" holds "day"); words grouped by first letter: fewer branches to try per position.
# A month is a whole word in every expression (_MON, _MONFULL: "Sep" of "Separately" is none). Digits anchor only
# where no word does: a year (4 digits), a numeric date or time ("29-12-2019", "12:15", "3.30") or a clock hour
# ("7 pm"); a day of the month has its month beside it, "3 days ago" its unit word ("killed 12 people": no anchor).
_ANCHOR_WORDS = ("day", "dawn", "dusk", "night", "noon", "week", "month", "midnight", "morning", "year", "ago",
                 "afternoon", "sunrise", "sunset", "evening", "daybreak")
_MONTH_WORDS = tuple(sorted({m.capitalize() for m in _MONTHS}, key=lambda m: (-len(m), m)))  # "Sept" before "Sep"


def _grouped(words: tuple[str, ...]) -> str:
    """An alternation of words grouped by first letter ("d(?:ay|awn)"): fewer branches tried at each position."""
    firsts = dict.fromkeys(w[0] for w in words)
    return "|".join(f"{c}(?:{'|'.join(w[1:] for w in words if w[0] == c)})" for c in firsts)


_ANCHOR = re.compile(rf"\d+|{_grouped(_ANCHOR_WORDS)}|(?:{_grouped(_MONTH_WORDS)})\b")
_CLOCK = re.compile(r"[-/.:]\d|\s?[aApP]\.?[mM]\b")  # what follows the digits of "29-12-2019", "12:15", "7 pm"
# The pre-test (most sentences hold no date): a digit, or an anchor word or month as a substring ("Sep" for both).
_DIGIT = re.compile(r"\d")
_STEMS = tuple(w for w in _ANCHOR_WORDS + _MONTH_WORDS if not any(o != w and o in w for o in _ANCHOR_WORDS + _MONTH_WORDS))


_ANCHOR_STEMS = Stems(_STEMS)
# Every _ANCHOR match starts with a run of digits or with one of these whole words (the alternatives as written).
_ANCHOR_STARTS = Stems(_ANCHOR_WORDS + _MONTH_WORDS)
_DIGITS = re.compile(r"\d+")


def may_hold_date(sentence: str) -> bool:
    """False when no expression can be in `sentence` (it holds no anchor): one automaton pass and one digit search
    cost less than the anchor regex, which tries its alternatives at every position."""
    return _ANCHOR_STEMS.any(sentence) or _DIGIT.search(sentence) is not None


_OPENERS = ("at|around|about|shortly|just|before|after|approximately|roughly|noon|midnight|dawn|dusk|daybreak|sunrise|sunset|"
            "overnight|late|on|in|the|between|from|early|during|since|until|till|by|through|throughout|end|start|beginning|"
            "middle|mid|summer|spring|autumn|fall|winter|first|second|an?|one|two|three|four|five|six|seven|eight|nine|ten|"
            "eleven|twelve|over|last|past|previous|day|yesterday|today|tonight|earlier|this|next|coming")
# a word that can open an expression (every first word of _EXPR, or any capitalised word)
_WORD_START = re.compile(rf"(?<![\w./-])(?=[\dA-Z]|(?:{_OPENERS})\b)(\w+)")  # group 1: the word
# The first word of every match, folded (or a number): _EXPR is not tried at a capitalised word outside this set.
_FIRST_WORDS = frozenset(_OPENERS.replace("an?", "a|an").split("|")) | _NAMES
# What must follow the commonest first words for _EXPR to match there (read off _ALTERNATIVES, case-insensitive and
# looser: a prefix of the next word). "the area", "a day after", "for the second time" are not tried.
_THE_NEXT = (r"night|early|small|morning|afternoon|evening|end|start|beginning|middle|summer|spring|autumn|fall|winter|"
             r"(?:first|second)\s+half|last|past|previous|day|\d")
_TIME_NEXT = r"\s+(?:around|about|approximately|roughly|noon|midnight|dawn|dusk|daybreak|sunrise|sunset|\d)"
_NEXT = {lead: re.compile(rx, re.I) for leads, rx in (
    ("the", rf"\s+(?:{_THE_NEXT})"),
    ("in", rf"-|\s+(?:the\s+(?:{_THE_NEXT})|early|late|mid|end|start|beginning|middle|last|past|previous|\d|"
           r"jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)"),
    ("a an", r"\s+(?:day|week|month|year)s?\s+ago"),  # "a day ago"
    ("day", r"\s+before\s"),  # "the day before yesterday"
    ("first second", r"\s+half\s"),  # "the first half of 2023"
    ("at about around approximately roughly", _TIME_NEXT),  # "at around 3 pm", "about noon"
) for lead in leads.split()}
_ROLLING = {"this week": 6, "earlier this week": 6, "past week": 6, "the past week": 6, "the last week": 6, "the past month": 30,
            "past month": 30, "the last month": 30, "the past year": 365, "past year": 365, "the last year": 365}
_DAY_WORDS = {"day before yesterday": (-2, -2), "yesterday": (-1, -1), "last night": (-1, 0), "overnight": (-1, 0)}

Span = tuple[date | None, date | None, Precision, bool]  # start, end, precision, relative


def _month_span(y: int, m: int, relative: bool = True) -> Span:
    return date(y, m, 1), date(y, m, calendar.monthrange(y, m)[1]), "month", relative


def _year_span(y1: int, y2: int, relative: bool = True) -> Span:
    return date(y1, 1, 1), date(y2, 12, 31), "year", relative


def _month(name: str) -> int:
    return int(name) if name.isdigit() else _MONTHS[name.rstrip(".").lower()]


def _back(d: date, n: int, unit: str) -> date:
    """`d` moved back n days/weeks/months/years (month ends clamp: 31 March - 1 month = 29 February)."""
    if unit not in ("month", "year"):
        return d - timedelta(n * (7 if unit == "week" else 1))
    y, m = divmod(d.month - 1 - n * (12 if unit == "year" else 1), 12)
    return date(d.year + y, m + 1, min(d.day, calendar.monthrange(d.year + y, m + 1)[1]))


def _weekday(pub: date, name: str, rel: str = "") -> date:
    """Most recent such day on/before `pub`; "last X" strictly before, "next X" strictly after."""
    wd = _WEEKDAYS.index(name.lower())
    if rel in ("last", "past", "previous", "this past"):
        return pub - timedelta((pub.weekday() - wd - 1) % 7 + 1)
    if rel in ("next", "coming", "this coming"):
        return pub + timedelta((wd - pub.weekday() - 1) % 7 + 1)
    return pub - timedelta((pub.weekday() - wd) % 7)


def _pair(pub: date | None, first: str, second: str) -> Span:
    """"Friday into Saturday": the first day is the most recent on/before publication."""
    start = _weekday(pub, first) if pub else None
    end = start + timedelta((_WEEKDAYS.index(second.lower()) - start.weekday()) % 7) if start else None
    return start, end, "day", True


def _yearless(pub: date | None, month: int, day: int) -> Span:
    """"January 4": the year that puts it on/before publication (December in a January article: last year)."""
    date(2000, month, day)  # ValueError for 31 April (2000 is a leap year)
    if pub is None:
        return None, None, "day", True
    year = pub.year if (month, day) <= (pub.month, pub.day) else pub.year - 1
    while (month, day) == (2, 29) and not calendar.isleap(year):
        year -= 1
    return date(year, month, day), date(year, month, day), "day", True


def _words(pub: date, key: str) -> Span:
    if days := _DAY_WORDS.get(key):
        return pub + timedelta(days[0]), pub + timedelta(days[1]), "day", True
    if key in _ROLLING:
        return pub - timedelta(_ROLLING[key]), pub, "day", True
    if key in ("last week", "previous week"):  # the calendar week before
        monday = pub - timedelta(pub.weekday() + 7)
        return monday, monday + timedelta(6), "day", True
    if key.endswith(("month", "year")):
        this = key.endswith(("this month", "this year"))
        d = pub if this else _back(pub.replace(day=1), 1, key[-5:].strip())
        return _month_span(d.year, d.month) if key.endswith("month") else _year_span(d.year, d.year)
    return pub, pub, "day", True  # today, tonight, this morning, ...


def _resolve(g: dict[str, Any], pub: date | None) -> Span:
    """Dates for one match of _EXPR (ValueError for impossible dates such as 31 February)."""
    if g["b1"] or g["i1"]:
        return _pair(pub, g["b1"] or g["i1"], g["b2"] or g["i2"])
    if g["o1"]:
        return _pair(pub, g["o1"], _WEEKDAYS[(_WEEKDAYS.index(g["o1"].lower()) + 1) % 7])
    for d, m, y in (("a_d", "a_m", "a_y"), ("c_d", "c_m", "c_y"), ("iso_d", "iso_m", "iso_y"), ("n1", "n2", "ny")):
        if g[y]:  # numeric dates are day-month-year unless that is impossible (12/29/2019)
            day, month = int(g[d].rstrip("stndrh")), _month(g[m])
            v = date(int(g[y]), month, day) if month <= 12 else date(int(g[y]), day, month)
            return v, v, "day", False
    if g["d_m"] or g["e_m"]:
        return _yearless(pub, _month(g["d_m"] or g["e_m"]), int((g["d_d"] or g["e_d"]).rstrip("stndrh")))
    if g["m_y"]:
        return _month_span(int(g["m_y"]), _month(g["m_m"]), False)
    if g["yr1"] or g["yr"]:
        return _year_span(int(g["yr1"] or g["yr"]), int(g["yr2"] or g["yr"]), False)
    unit = (g["ago_u"] or g["word"] or "-").lower().rstrip("s").split()[-1]  # days / weeks / "last month" / ...
    if pub is None:
        return None, None, "month" if g["bm"] or unit == "month" else "year" if unit == "year" else "day", True
    if raw := (g["ago_n"] or g["sp_n"] or "").lower():
        n = int(raw) if raw.isdigit() else _NUMBERS[raw]
        if g["sp_n"]:  # "the past two weeks": a window ending at publication
            return _back(pub, n, g["sp_u"].lower().rstrip("s")), pub, "day", True
        v = _back(pub, n, unit)  # "two days ago", "three months ago"
        return _month_span(v.year, v.month) if unit == "month" else _year_span(v.year, v.year) if unit == "year" else (v, v, "day", True)
    if g["word"]:
        return _words(pub, " ".join(g["word"].lower().split()))
    if g["w"]:
        v = _weekday(pub, g["w"], " ".join((g["w_rel"] or "").lower().split()))
        return v, v, "day", True
    month, last = _month(g["bm"]), g["bm_p"].lower() == "last"  # "in March": the latest March on/before publication
    return _month_span(pub.year if month < pub.month or (month == pub.month and not last) else pub.year - 1, month)


@lru_cache(maxsize=4096)
def _gate(lead: str) -> re.Pattern[str] | bool | None:
    """For the word at a word start: None when no expression opens with it, else the _NEXT pattern that must match
    right after it (True: none). Words repeat: each is folded and looked up once."""
    if lead[0].isdigit():
        return True
    key = fold(lead)
    if key not in _FIRST_WORDS:
        return None
    return _NEXT.get(key, True)


_ASCII_DIGITS = "0123456789"
_WITH_DIGITS = Stems(_ANCHOR_WORDS + _MONTH_WORDS + tuple(_ASCII_DIGITS))._automaton


def _starts(text: str) -> list[int]:
    """Where an anchor word or a digit run starts in `text`, in order (duplicates where words overlap)."""
    if _WITH_DIGITS is not None and text.isascii():  # one automaton pass finds both (\d is 0-9 in ASCII text)
        digits = _ASCII_DIGITS
        starts = [at for end, stem in _WITH_DIGITS.iter(text)
                  if (at := end - len(stem) + 1) == 0 or stem not in digits or text[at - 1] not in digits]
    else:
        starts = _ANCHOR_STARTS.starts(text)
        starts.extend(d.start() for d in _DIGITS.finditer(text))
    starts.sort()
    return starts


def _anchors(sentence: str, starts: list[int] | None = None, offset: int = 0) -> Iterator[re.Match[str]]:
    """What _ANCHOR.finditer(sentence) yields, matched only where one of its words or a digit run starts (one
    automaton pass and one digit scan cost less than trying the anchor's alternatives at every character).
    `starts`: those places when already known, `offset` after the sentence's (find_dates_in scans a whole text)."""
    if starts is None:
        starts = _starts(sentence)
    pos = 0
    for at in starts:
        at -= offset
        if at >= pos and (a := _ANCHOR.match(sentence, at)):
            yield a
            pos = a.end()


def _matches(sentence: str, starts: list[int] | None = None, offset: int = 0) -> Iterator[re.Match[str]]:
    """What _EXPR.finditer(sentence) yields, ~10x faster: only word starts shortly before an anchor are tried."""
    pos = 0
    for a in _anchors(sentence, starts, offset):
        if a.start() < pos:  # inside the expression just found
            continue
        if a.end() - a.start() < 4 and sentence[a.start()].isdigit() and not _CLOCK.match(sentence, a.end()):
            continue  # "killed 12 people": no expression needs these digits as its anchor
        for w in _WORD_START.finditer(sentence, max(pos, a.start() - 50)):
            if w.start() > a.start():
                break
            gate = _gate(w.group(1))
            if gate is None or gate is not True and not gate.match(sentence, w.end()):
                continue
            if m := _EXPR.match(sentence, w.start()):
                yield m
                pos = m.end()
                break
        pos = max(pos, a.start() + 1)


_Found = tuple[int, int, str, dict[str, Any], Literal["event", "report", "comparison"]]  # start, end, text, groups, role


_SEEN_MAX = 1024
_SEEN: Recent[str, tuple[_Found, ...]] = Recent(_SEEN_MAX)  # _expressions of the last sentences read


def _expressions(sentence: str, starts: list[int] | None = None, offset: int = 0) -> tuple[_Found, ...]:
    """The expressions of `sentence` and their roles: all that find_dates reads that does not depend on the
    publication date, found once per distinct sentence among the last 1,024 read (wire copies of a story repeat
    its date-bearing sentences word for word; ≈ 1 MB). `starts` (its anchor starts, when known, `offset` after its
    own) follow from the sentence: a sentence seen before needs none."""
    found = _SEEN.get(sentence)
    if found is not None:
        return found
    out: list[_Found] = []
    for m in _matches(sentence, starts, offset):
        text = m.group()
        if text.startswith(("Today", "Tonight", "Yesterday")):
            prev = sentence[: m.start()].rstrip()[-1:]
            if prev and prev not in ".!?:;\"“‘'(—–-":  # "Baghdad Today reported"
                continue
        start, end = m.span()
        out.append((start, end, text, m.groupdict(), date_role(sentence, start, end, text)))
    return _SEEN.put(sentence, tuple(out))


def find_dates(sentence: str, offset: int, published: date | None) -> list[DateRef]:
    """Every time expression in `sentence`; spans are absolute (offset = sentence start in the article)."""
    if not may_hold_date(sentence):
        return []
    published = published.date() if isinstance(published, datetime) else published  # datetime - date cannot compare
    return _dated(_expressions(sentence), offset, published)


def find_dates_in(text: str, sentences: Sequence[Sentence], published: date | None) -> list[list[DateRef]]:
    """find_dates for each of the sentences of `text` (`text[s.start:s.end] == s.text`), with one anchor scan of
    the whole text instead of one pre-test and one scan per sentence: a sentence where no anchor word or digit run
    starts holds no expression, and the others are read from the anchors that start inside them."""
    published = published.date() if isinstance(published, datetime) else published
    starts = _starts(text)
    out: list[list[DateRef]] = []
    i, n = 0, len(starts)
    for s in sentences:
        first, end = s.start, s.end
        if first > 0 and text[first - 1].isdigit() and s.text[:1].isdigit():  # a digit run cut by the sentence
            out.append(find_dates(s.text, first, published))
            continue
        if i < n and starts[i] < first or i > 0 and starts[i - 1] >= first:  # sentences out of order: look it up
            i = bisect_left(starts, first)
        if i == n or starts[i] >= end:  # no anchor starts in the sentence
            out.append([])
            continue
        j = bisect_left(starts, end, i)
        out.append(_dated(_expressions(s.text, starts[i:j], first), first, published))
        i = j
    return out


def _dated(found: tuple[_Found, ...], offset: int, published: date | None) -> list[DateRef]:
    out: list[DateRef] = []
    for start, end, text, groups, role in found:
        try:
            first, last, precision, relative = _resolve(groups, published)
        except ValueError:
            continue
        out.append(DateRef(first, last, precision, text, offset + start, offset + end, role, relative))
    return out
