"""A world-place candidate (worldmatch.scan) and the tests of the words around it, read when first asked for.

Most candidates are never weighed: a regional name or a longer phrase covers them, or the place needs no cue to be
accepted. So the scan stores what it read anyway (span, rows, the capitalised neighbours) and the regex tests behind
`cue`, `initial`, `titled` and `local_zipf` run on first access, once; equality, hash and repr read them as fields.
"""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any, Callable

from briefings.extract.numbers import fold
from briefings.knowledge.text import CUE_LAST_WORDS, CUE_WORDS, KIND_WORDS, OF_AFTER, PLACE_CUE, Words
from briefings.knowledge.words import TokenMemo
from briefings.knowledge.world import WorldRow

_TITLES = ("Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Capt", "Sgt", "Maj", "Gov", "Sen", "Rep", "President",
           "Secretary", "Minister", "Governor", "Senator", "General", "Colonel", "Commander", "Sheikh", "Imam", "Judge",
           "Ambassador", "Chancellor", "Premier", "spokesman", "spokeswoman", "spokesperson")
# A person's title, then up to two given names: what follows is a person's name, not a place.
_TITLE = re.compile(r"\b(?:" + "|".join(_TITLES) + r")\.?\s+(?:[A-Z][\w'’\-]+\s+){0,2}$")
_OPENER_MARKS = (":", '"', "“", "—", "–", "-")
_OPENER = re.compile(r"(?:[:\"“—–]|(?:^|\s)-)\s*$")  # a new phrase opens; not the hyphen of "Kofar-Gabas"
#: Locative words of the other languages we read: "en Cali", "à Moura", "em Kremenchuk" (English: PLACE_CUE).
_LOCAL_CUE = re.compile(r"\b(?:en|desde|cerca\s+de|à|dans|près\s+de|em|no|na|perto\s+de|a|in|nel|nella|presso|"
                        r"bei|nahe|im)\s+(?:(?:la|el|le|l'|los|las|les|o|os|as|der|die|das)\s+)?$", re.I)


def _ends_cue(raw: str) -> bool:
    """The word ends as a PLACE_CUE match must, before its closing spaces (fold: as re.IGNORECASE reads it)."""
    return fold(raw).endswith(CUE_LAST_WORDS)


def _may_open(gap: str) -> bool:
    """An _OPENER match holds one of its marks, and they stand between words."""
    return any(mark in gap for mark in _OPENER_MARKS)


_ENDS_CUE = TokenMemo(_ends_cue)
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


@lru_cache(maxsize=65536)
def local_zipf(phrase: str, language: str) -> float:
    """How common a phrase is in that language ("La Salud", "El Puesto" are towns, and everyday Spanish)."""
    from wordfreq import zipf_frequency

    try:
        return zipf_frequency(phrase, language)
    except (LookupError, ValueError, ImportError):  # ImportError: zh, ja, ko need optional tokenizers (jieba, mecab)
        return 0.0


def _ends_title(raw: str) -> bool:
    """A _TITLE match holds a title word that ends a word (it is followed by a dot or a space)."""
    return raw.endswith(_TITLES)


_ENDS_TITLE = TokenMemo(_ends_title)


class Source:
    """Where a candidate was found: its sentence, tokenisation and first word, for the tests read on demand."""

    __slots__ = ("text", "words", "i", "local")

    def __init__(self, text: str, words: Words, i: int, local: str | None) -> None:
        self.text, self.words, self.i, self.local = text, words, i, local

    def before(self, start: int) -> str:
        return self.text[max(0, start - 48):start]

    def after_title_word(self) -> bool:
        """A title word stands before the candidate's first word (else no _TITLE match can end at it)."""
        return any(_ENDS_TITLE.map(self.words.raws[:self.i]))


def _cue(c: Candidate, s: Source) -> bool:
    before = s.before(c.start)
    return _cued(s.words, s.i, c.start, before) or bool(s.local and _LOCAL_CUE.search(before))


def _initial(c: Candidate, s: Source) -> bool:
    i = s.i
    return i == 0 or (_MAY_OPEN(s.words.gap(i - 1)) and _OPENER.search(s.text[max(0, c.start - 8):c.start]) is not None)


def _titled(c: Candidate, s: Source) -> bool:
    return s.after_title_word() and _TITLE.search(s.before(c.start)) is not None


def _local_zipf(c: Candidate, s: Source) -> float:
    return local_zipf(s.text[c.start:c.end].lower(), s.local) if s.local else 0.0


_LAZY: dict[str, Callable[[Candidate, Source], Any]] = {
    "cue": _cue, "initial": _initial, "titled": _titled, "local_zipf": _local_zipf}


@dataclass(frozen=True, init=False)
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
    local_zipf: float  # how common the phrase is in the report's own language, when not English
    titled: bool  # a title or honorific stands before it: "Mr. Austin", "Secretary Lloyd Austin"
    article: bool  # it opens with an Arabic article: after "Tal" or "Ain", "al-Hamra" ends a longer name

    def __init__(self, start: int, end: int, words: int, rows: tuple[WorldRow, ...], cue: bool, initial: bool,
                 prev_cap: str | None, next_cap: str | None, local_zipf: float = 0.0, titled: bool = False,
                 article: bool = False) -> None:
        """Every value given, stored straight into the instance's dict. Written out, not `fastinit.direct_init`:
        the last three take defaults here but not as fields, since a class default would hide `__getattr__`."""
        d = self.__dict__
        d["start"], d["end"], d["words"], d["rows"], d["cue"], d["initial"] = start, end, words, rows, cue, initial
        d["prev_cap"], d["next_cap"], d["local_zipf"], d["titled"], d["article"] = \
            prev_cap, next_cap, local_zipf, titled, article

    @classmethod
    def found(cls, start: int, end: int, words: int, rows: tuple[WorldRow, ...], prev_cap: str | None,
              next_cap: str | None, article: bool, source: Source) -> Candidate:
        """A candidate whose cue, initial, titled and local_zipf are read from `source` when first asked for."""
        c = cls.__new__(cls)
        d = c.__dict__
        d["start"], d["end"], d["words"], d["rows"] = start, end, words, rows
        d["prev_cap"], d["next_cap"], d["article"], d["_source"] = prev_cap, next_cap, article, source
        return c

    def __getattr__(self, name: str) -> Any:  # only for what the instance's dict lacks: a value not yet read
        compute = _LAZY.get(name)
        source = self.__dict__.get("_source")
        if compute is None or source is None:
            raise AttributeError(name)
        value = compute(self, source)
        self.__dict__[name] = value
        return value
