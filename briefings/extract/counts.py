"""The working state of one sentence's casualty scan and the findings it makes, shared by the casualty steps
(casualties.py: verbs and tolls; nominal.py: nouns and periphrases; scope.py: whose figure it is)."""
from __future__ import annotations

import re
from collections.abc import Iterator
from collections.abc import Set as AbstractSet
from dataclasses import dataclass, field

from briefings.extract.numbers import has
from briefings.extract.types import ClaimDraft, Quantity

_WOUND_VERB = re.compile(r"wound|injur|hurt", re.I)
_SPACE_RUN = re.compile(r"\s+")
_OF_THEM = re.compile(r"^(?:of\s+(?:the|them|those|my|our|his|her|their|its)\s*)")
_MORE = re.compile(r"^(?:more|other|others|people\s+and)\s+(?=\w)")
# "as many as 57" is "up to 57": the vague words ("many") mark amounts without a figure.
_QUALIFIER_SPELLING = {"as many as": "up to"}


def field_of(verb: str) -> str:
    return "wounded" if _WOUND_VERB.match(verb) else "killed"


def victims_of(raw: str) -> str | None:
    v = _OF_THEM.sub("", _SPACE_RUN.sub(" ", raw).strip(" ,"))
    v = _MORE.sub("", v)
    return None if v.lower() in ("", "others", "other", "more", "of them", "each") else v


def count(field_: str, q: Quantity, start: int, end: int, victims: str | None, pre: bool) -> ClaimDraft:
    value = None if q.value is None else str(q.value)
    qualifier = _QUALIFIER_SPELLING.get(q.qualifier or "", q.qualifier) or ("preliminary" if pre else None)
    extra = (("preliminary", "yes"),) if pre and q.qualifier else ()
    return ClaimDraft(field_, value, None if q.value is None else float(q.value), qualifier, "", "asserts", start, end,
                      victims, None, extra)


def note(text: str, start: int, end: int) -> ClaimDraft:
    return ClaimDraft("note", text, None, None, "", "asserts", start, end)


def casualties_note(q: Quantity, start: int, end: int) -> ClaimDraft:
    """ "85 casualties": killed, or killed and wounded together; the whole report decides (across.py)."""
    shown = q.value if q.value is not None else q.qualifier
    extra = (("casualties", str(q.value)), ("qualifier", q.qualifier or "")) if q.value is not None else ()
    return ClaimDraft("note", f"casualties: {shown}", None, None, "", "asserts", start, end, extra=extra)


def plain(field_: str, value: int | None, qualifier: str | None, start: int, end: int) -> ClaimDraft:
    return ClaimDraft(field_, None if value is None else str(value), None if value is None else float(value),
                      qualifier, "", "asserts", start, end)


@dataclass
class Scan:
    """Working state while one sentence is scanned: findings, numbers already used, spans no zero may claim."""

    text: str
    quants: list[Quantity]
    pre: bool  # "according to a preliminary toll"
    out: list[ClaimDraft] = field(default_factory=list)
    used: set[int] = field(default_factory=set)
    blocked: list[tuple[int, int]] = field(default_factory=list)
    low: str = ""  # fold(text), for the gates
    hits: AbstractSet[str] | None = None  # the gate stems found in `low` (or more), when the caller found them
    ascii_low: str | None = None  # text.lower() when the text is ASCII

    def at(self, pos: int) -> Quantity | None:
        return next((q for q in self.quants if q.char_start == pos), None)

    def found(self, rx: re.Pattern[str], gate: AbstractSet[str] | tuple[str, ...],
              twin: re.Pattern[str] | None = None) -> Iterator[re.Match[str]] | tuple[()]:
        """rx.finditer(text), or nothing when the sentence lacks every gate word of rx. `twin`: rx's plain twin
        (numbers.lowered), run on the lower-cased ASCII sentence: for a caller that reads only spans and
        lower-cased groups."""
        if self.hits is not None and self.hits.isdisjoint(gate) or self.hits is None and not has(self.low, gate):
            return ()
        return rx.finditer(self.text) if twin is None or self.ascii_low is None else twin.finditer(self.ascii_low)

    def take(self, q: Quantity) -> None:
        self.used.add(q.char_start)


def relabel(c: ClaimDraft, label: str) -> ClaimDraft:
    """A count turned into a labelled note: shown as context, never a toll."""
    what = f" ({c.victims})" if c.victims else ""
    value = f"{c.qualifier} {c.value}" if c.qualifier and c.qualifier not in ("preliminary",) else c.value
    return ClaimDraft("note", f"{label}: {c.field} {value}{what}", None, None, c.holder, c.stance, c.char_start,
                      c.char_end, extra=c.extra)
