"""Who was named as a holder before: the per-article memory that resolves "the sources", "the statement", pronouns
and unattributed quote continuations to holders named earlier (holders.py finds the attributions themselves)."""
from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from briefings.extract.phrases import PRONOUNS, clean_np, quote_spans
from briefings.extract.types import Sentence


@dataclass(frozen=True)
class Attribution:
    holder: str
    char_start: int  # absolute span of the clause the holder governs
    char_end: int
    verb: str  # "said", "according to", "told", "reported by", "colon", "quote" (a quote continuing) ...
    holder_start: int = 0  # absolute span of the holder phrase as written
    holder_end: int = 0
    forward: bool = True  # governs what follows ("X said that …"), not what precedes ("…, X said")


_GENERIC_HEADS = frozenset(
    "source sources official officials statement report reports spokesperson spokesman spokeswoman ministry "
    "officer officers witness witnesses residents resident medic medics doctor doctors agency representative "
    "commander diplomat diplomats analyst analysts".split())
PERSON_HEADS = _GENERIC_HEADS - {"statement", "report", "reports", "ministry", "agency"}
ORG_HEADS = frozenset(
    "service ministry directorate government army military police forces group council agency office command "
    "coalition department committee militia faction movement organisation organization authority authorities "
    "administration cell embassy mission company".split())
_SPEAKER_WORDS = _GENERIC_HEADS | ORG_HEADS  # a sentence naming one of these may have a subject that can speak
_STATEMENT_HEADS = frozenset({"statement", "note", "communique", "communiqué", "release"})
_HEAD_CUT = re.compile(r"\s(?:of|in|at|from|for|with|on|near|to|by|who|close)\s|\s\(")
_PART_OF = re.compile(r"(?:one|two|some|both|all|each|either|neither|several)\s+of\s+(?=the\s)")
_DETERMINER, _PHRASE_WORDS = re.compile(r"(?:the|this|these|those|its|their)\s+"), re.compile(r"[\w'’-]+")


@lru_cache(maxsize=4096)  # a pure function of a short phrase, asked several times per holder
def head_noun(holder: str) -> str:
    if holder.endswith("(statement)"):
        return "statement"
    core = _HEAD_CUT.split(f" {holder} ")[0].split()
    head = core[-1].lower() if core else ""
    return "statement" if head in _STATEMENT_HEADS else head


@lru_cache(maxsize=4096)  # pure functions of a holder phrase, which recur within and across articles
def _reading(raw: str) -> tuple[str, str, str | None, str, frozenset[str] | None]:
    """What resolve needs of a phrase: display text, lower case, the rest after "one of", head, and the modifiers
    when it is "the <generic head>" (None otherwise)."""
    text, low = clean_np(raw), raw.strip().lower()
    part = _PART_OF.match(low)
    if part:
        return text, low, raw.strip()[part.end():], "", None
    det = _DETERMINER.match(low)
    head = head_noun(text)
    if low in PRONOUNS or not (det and (head in _GENERIC_HEADS or head == "statement")):
        return text, low, None, head, None
    mods = set(_PHRASE_WORDS.findall(low[det.end():])) - {head, "same", "above", "latest", "new"}
    return text, low, None, head, frozenset(mods - _STATEMENT_HEADS)


@lru_cache(maxsize=4096)
def _entry(holder: str) -> tuple[str, str, frozenset[str]]:
    return holder, head_noun(holder), frozenset(_PHRASE_WORDS.findall(holder.lower()))


class HolderMemory:
    """Per-article memory: holders named so far, and the speaker whose quote may continue."""

    def __init__(self) -> None:
        self._holders: list[tuple[str, str, frozenset[str]]] = []  # (holder, head, lowercase words)
        self._done: dict[tuple[int, str], list[Attribution]] = {}
        self._waiting: list[Sentence] = []  # read, holders not yet asked for (wait), in order
        self.quote_speaker: str | None = None
        self._speaker_paragraph = -10
        self.in_quote = False
        self._subject: tuple[str, int] | None = None
        self.actors: list[str] = []  # perpetrators named so far: "the group" in a later denial means the latest

    def wait(self, sentence: Sentence) -> None:
        """A sentence passed without asking for its holders (no claim there needs one). They are found only when a
        later sentence's are asked (catch_up), since "he said" there may mean someone named here: the sentences
        after a report's last claim, most of them, are never read."""
        self._waiting.append(sentence)

    def catch_up(self, sentence: Sentence) -> list[Sentence]:
        """The waiting sentences whose holders must be read, in order, before `sentence`'s, taken off the queue:
        those queued before it when it waits itself, else all. Read in that order, the memory is what it would be
        had every sentence been read as it came."""
        waiting = self._waiting
        if not waiting:
            return waiting
        key = (sentence.start, sentence.text)
        for i, s in enumerate(waiting):
            if s.start == key[0] and s.text == key[1]:
                self._waiting = waiting[i + 1:]
                return waiting[:i]
        self._waiting = []
        return waiting

    def resolve(self, raw: str) -> str:
        """"the sources" → the latest holder headed "sources" ("security sources"); "it" → latest singular."""
        text, low, part_rest, head, mods = _reading(raw)
        if part_rest is not None:  # "one of the sources" → the sources named before
            found = self.resolve(part_rest)
            return found if found != clean_np(part_rest) else text
        if low in PRONOUNS:
            for holder, h, _ in reversed(self._holders):
                if h.endswith("s") == (low in ("they", "we")):
                    return holder
            return text
        if mods is not None:
            for holder, h, words in reversed(self._holders):
                if h == head and mods <= words:
                    return holder
        return text

    def remember(self, holder: str) -> None:
        if holder.lower() not in PRONOUNS:
            self._holders.append(_entry(holder))

    def observe(self, sentence: Sentence, atts: list[Attribution]) -> None:
        """After a sentence: who was last quoted, and is a quotation still open."""
        text = sentence.text
        if '"' not in text and "“" not in text and "”" not in text and not text.rstrip().endswith(":"):
            return  # no quote mark: no quote is opened or closed here, no speaker introduced
        spans = quote_spans(text)
        outside = [a for a in atts if a.verb != "quote"
                   and not any(s <= a.holder_start - sentence.start < e for s, e in spans)]
        if outside and (spans or text.rstrip().endswith(":")):
            self.quote_speaker, self._speaker_paragraph = outside[0].holder, sentence.paragraph
        opens, closes = text.count("“"), text.count("”")
        if opens != closes:
            self.in_quote = opens > closes
        elif text.count('"') % 2:
            self.in_quote = not self.in_quote

    def continuing_speaker(self, sentence: Sentence) -> str | None:
        """The speaker of an unattributed sentence that opens with a quote or lies inside an open one; for a quote
        whose attribution only follows later ("“… There were no casualties,” it said"), the subject just named."""
        quoted = sentence.text.lstrip()[:1] in "“\"‘" or self.in_quote
        if quoted and self.quote_speaker and sentence.paragraph - self._speaker_paragraph <= 1:
            return self.quote_speaker
        opens = sentence.text.lstrip()[:1] in "“\"" and sentence.text.count("”") < sentence.text.count("“") + (
            sentence.text.count('"') % 2)
        if opens and self._subject and sentence.paragraph - self._subject[1] <= 1:
            return self._subject[0]
        return None

    def note_subject(self, sentence: Sentence, span: tuple[int, int] | None, holder_starts: list[int]) -> None:
        """Remember a sentence subject that can speak ("Two security officials gave a higher toll.") for "they",
        "the officials" and a quote that follows."""
        self._subject = None
        if span is None or span[0] in holder_starts:
            return
        np = clean_np(sentence.text[span[0]:span[1]])
        if np.lower() not in PRONOUNS and head_noun(np) in _GENERIC_HEADS | ORG_HEADS:
            self.remember(np)
            self._subject = (np, sentence.paragraph)
