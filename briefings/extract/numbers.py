"""Numbers as news reports write them, with their qualifiers.

Numbers as news reports write them ("One", "Twenty-five", "2,500", "a dozen", "dozens", "at least two"),
hand-written because casualty counts need the qualifier and the vague words ("dozens", coded 12 as ACLED
does), and because dates, times, years and model names ("F-35") must not count.
"""
from __future__ import annotations

import re
from collections.abc import Iterator

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
# Where a quantity can start: a word run no word character, "$", ":", ".", "," or "-" precedes, that is a number or
# the first word of a qualifier, number word, collective or vague amount (folded). _QUANTITY_RE is tried only there.
_RUN = re.compile(r"(?<![\w$:.,-])\w+")
_LEADS = frozenset(
    "at more no fewer less over nearly almost about around approximately roughly some up as upwards an close just in a "
    "several many numerous multiple tens hundreds dozens scores thousands".split()) | frozenset(UNITS) | frozenset(TENS)
# In lower-case ASCII text, the runs the loop below accepts: a number, or a lead word as a whole run.
_LEAD_LOW = re.compile(rf"(?<![\w$:.,-])(?:\d|(?:{'|'.join(sorted(_LEADS, key=len, reverse=True))})(?!\w))")
_TIME_AFTER = re.compile(r"\s*(?:[:.]\d|(?:a\.?m\b|p\.?m\b|am\b|pm\b|GMT|UTC|hours?\b|o'clock|%|per\s?cent))", re.I)
_MONTH_BEFORE = re.compile(rf"\b(?:{MONTHS})\.?\s*$", re.I)
_MONTH_AFTER = re.compile(rf"\s*(?:st|nd|rd|th)?\s+(?:of\s+)?(?:{MONTHS})\b", re.I)
_DATE_DASH = re.compile(r"[-/]\d{1,4}\b")
_YEAR_PREFIX = re.compile(r"\b(?:in|since|until|till|by|of|during|from|before|after|year|early|late|mid-?)\s*$", re.I)
_WORD_RUN = re.compile(r"\w+")
_PEOPLE_AFTER = re.compile(r"\s+(?:people|persons|civilians|soldiers|troops|fighters|dead|killed|wounded|injured)\b", re.I)
_SPACE_RUN, _SPLIT_WORDS, _YEAR = re.compile(r"\s+"), re.compile(r"[\s-]+"), re.compile(r"(?:19|20)\d\d")
_DOZEN_OF = re.compile(r"(.+?) dozen")
_NUMERAL = re.compile(r"(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)(?: (million|thousand))?")
_COLLECTIVE_RES = tuple((k, re.compile(k.replace(" ", r"\s+"))) for k in COLLECTIVE)


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
    for stem in stems:  # a plain loop: any() over a generator costs more than the searches
        if stem in low:
            return True
    return False


def fold(text: str) -> str:
    """Lower case for gates: every ASCII word a case-insensitive regex can match in `text` is a substring of
    fold(text) (re.IGNORECASE also matches "İ", "ı" and "ſ" as i/i/s; str.lower keeps them or adds a dot)."""
    low = text.lower()
    if not low.isascii():
        low = low.replace("\u0307", "").replace("ı", "i").replace("ſ", "s")
    return low


def lowered(rx: re.Pattern[str]) -> re.Pattern[str]:
    """The case-insensitive pattern `rx` as a case-sensitive one that finds the same spans in the lower-cased text
    of an ASCII sentence (re.I costs about twice as much); only for patterns with no upper-case escape (\\S, \\W),
    no character code (\\x41) and no case-sensitive part."""
    pattern = rx.pattern
    if not rx.flags & re.I or re.search(r"\\[A-Zxu0-7]|\(\?-i", pattern) or not pattern.isascii() \
            or any(name != name.lower() for name in rx.groupindex):
        raise ValueError(f"no lower-case twin for {pattern[:40]!r}")
    return re.compile(pattern.lower().replace("(?p<", "(?P<").replace("(?p=", "(?P="))


def words(text: str) -> set[str]:
    """The words (\\w+ runs) of `text`, folded: a case-insensitive `\\bW\\b` (W ASCII letters) matches in `text`
    exactly when W is in words(text). A case-sensitive one can match only then."""
    if text.isascii():
        return set(_WORD_RUN.findall(text.lower()))
    return {fold(w) for w in _WORD_RUN.findall(text)}


def has(low: str, stems: tuple[str, ...]) -> bool:
    """Gate: does the folded text contain one of these lowercase stems? (False: a regex needing one of them
    cannot match; True says nothing, run it.)"""
    for stem in stems:
        if stem in low:
            return True
    return False


def parse_number(phrase: str, allow_article: bool = False) -> int | None:
    """The integer a number phrase stands for; None when it is not one. "a"/"an" count as 1 only on request."""
    p = _SPACE_RUN.sub(" ", phrase.strip().lower().replace("\u2011", "-"))
    if not p:
        return None
    if p in ("a", "an"):
        return 1 if allow_article else None
    if p in COLLECTIVE:
        return COLLECTIVE[p]
    m = _DOZEN_OF.fullmatch(p)
    if m:
        base = 1 if m.group(1) in ("a", "an") else parse_number(m.group(1))
        return None if base is None else base * 12
    if p == "dozen":
        return 12
    m = _NUMERAL.fullmatch(p)
    if m:
        num = float(m.group(1).replace(",", ""))
        scale = SCALES.get(m.group(2) or "", 1)
        if scale == 1 and "." in m.group(1):
            return None  # a decimal is not a count
        return int(round(num * scale))
    return _words_value(_SPLIT_WORDS.split(p))


def _is_date_or_time(text: str, start: int, end: int, digits: bool) -> bool:
    after, before = text[end:end + 12], text[max(0, start - 12):start]
    if _TIME_AFTER.match(after) and digits:
        return True
    if digits and (_MONTH_BEFORE.search(before) or _MONTH_AFTER.match(after) or _DATE_DASH.match(after)):
        return True
    raw = text[start:end]
    if digits and _YEAR.fullmatch(raw):
        return not _PEOPLE_AFTER.match(text, end) or bool(_YEAR_PREFIX.search(before))
    return False


_QUANTITY_LOW = lowered(_QUANTITY_RE)


def _quantity_matches(text: str) -> Iterator[re.Match[str]]:
    """What _QUANTITY_RE.finditer(text) yields, tried only at the word runs that can open a quantity. In an ASCII
    sentence the matches are made on its lower-cased text (same spans; read the words as written from `text`)."""
    pos = 0
    if text.isascii():  # the same runs, found by one search of the lower-cased text (same offsets)
        low = text.lower()
        for lead in _LEAD_LOW.finditer(low):
            start = lead.start()
            if start >= pos and (m := _QUANTITY_LOW.match(low, start)):
                yield m
                pos = m.end()
        return
    for run in _RUN.finditer(text):
        start = run.start()
        if start < pos:
            continue
        lead = run.group()
        if (lead[0].isdigit() or (lead.lower() if lead.isascii() else fold(lead)) in _LEADS) \
                and (m := _QUANTITY_RE.match(text, start)):
            yield m
            pos = m.end()


def find_quantities(text: str, offset: int = 0) -> list[Quantity]:
    """Every number phrase with its qualifier; offsets are shifted by `offset` (the sentence start)."""
    out: list[Quantity] = []
    for m in _quantity_matches(text):
        if m.group("v"):
            word = _SPACE_RUN.sub(" ", m.group("v").lower())
            out.append(Quantity(None, word.removesuffix(" of"), text[m.start():m.end()], m.start() + offset,
                                m.end() + offset))
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
        qualifier = _SPACE_RUN.sub(" ", m.group("q").lower()) if m.group("q") else None
        collective = None if low[0].isdigit() else next((k for k, rx in _COLLECTIVE_RES if rx.fullmatch(low)), None)
        if collective and not qualifier:
            qualifier = collective
        out.append(Quantity(value, qualifier, text[m.start():m.end()], m.start() + offset, m.end() + offset))
    return out
