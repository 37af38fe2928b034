"""Whose figure is it? A casualty count in a sentence may be this incident's toll, or something else that reports
quote beside it: a share of the toll (one family's dead, the children among them, two named officers), a tally over a
period (a year's or a war's dead), or the toll of another event ("… came a week after a blast that killed eight").

Those become labelled notes ("share of the toll: killed 34 (family members)"): shown as context, never a toll.
"""
from __future__ import annotations

import re

from briefings.extract.counts import relabel
from briefings.extract.numbers import fold, has
from briefings.extract.types import ClaimDraft

_YEAR = r"(?:19|20)\d\d"
_TALLY = re.compile(
    rf"\bsince\s+(?:{_YEAR}\b|(?:\w+\s+)?\d{{1,2}},?\s+{_YEAR}\b|the\s+(?:start|beginning|outbreak)\s+of\b|the\s+"
    r"(?:war|conflict|insurgency|fighting)\s+(?:began|started|erupted|broke\s+out)\b)"
    r"|\b(?:so\s+far|since\s+January)\s+this\s+year\b"
    r"|\b(?:during|in|over)\s+the\s+(?:first|past|last)\s+(?:[\w-]+\s+)?(?:months|years|decades?)\b"
    rf"|\b(?:in|during|of)\s+{_YEAR}\b(?!\s*[,-]?\s*\d)"
    r"|\bacross\s+the\s+(?:country|region|nation|state)\b|\bnationwide\b|\bcountrywide\b"
    r"|\b(?:war|conflict|insurgency|violence|fighting)(?:\s*,\s*which\b[^,.;]{0,60},)?\s+(?:has|have|had)\s+"
    r"(?:already\s+|now\s+|so\s+far\s+)?(?:killed|claimed|left)\b",
    re.I)
_TALLY_GATE = ("since", "this year", "first", "past", "last", "19", "20", "across", "nationwide", "countrywide", "war",
               "conflict", "insurgency", "violence")
_COMPARED = re.compile(r"\b(?:deadliest|worst|biggest|largest|bloodiest|first|most\s+\w+)\b[^.;]{0,80}$", re.I)
_OTHER_EVENT = re.compile(
    r"\b(?:comes?|came|coming|follows?|followed|following)\s+(?:(?:just|only|barely|nearly)\s+)?(?:(?:a|one|two|three|"
    r"four|five|six|several|few|\d+)\s+(?:days?|weeks?|months?|hours?)\s+)?(?:after|on\s+the\s+heels\s+of)\b"
    r"|\bfollow(?:s|ed)\s+(?:a|an)\s+(?:similar|separate|earlier|previous)\b"
    r"|\b(?:a|one|two|three|several)\s+(?:days?|weeks?|months?)\s+(?:after|before)\b"
    r"|\bin\s+(?:a|an)\s+(?:similar|separate|earlier|previous|unrelated)\s+(?:attack|incident|strike|bombing|blast)"
    r"|\b(?:deadliest|worst|bloodiest|biggest|largest)\b[^.;]{0,60}?\bsince\b",
    re.I)
_OTHER_GATE = ("come", "came", "coming", "follow", "after", "before", "similar", "separate", "earlier", "previous",
               "unrelated", "since")
_SHARE_IN = re.compile(
    r"\b(?:his|her|their|my|our)\s+(?:own\s+)?(?:immediate\s+|extended\s+)?(?:family|relatives|loved\s+ones|children|"
    r"sons|daughters|kin)\b|\bmembers\s+of\s+(?:his|her|their|my|our|the\s+same|one)\s+(?:[\w-]+\s+)?family\b"
    r"|\bof\s+(?:the|those)\s+(?:dead|wounded|injured|victims|killed|casualties)\b", re.I)
_SHARE_LEAD = re.compile(r"[,;]?\s*\b(?:with|including|among\s+(?:them|whom)|of\s+whom)\b(?:\s+the)?\s*$", re.I)
_ALSO = re.compile(r"\balso\s+$", re.I)
_NAMED_LIST = re.compile(r"\s*,\s*(?:[A-Z][\w.'’-]*\s+){1,5}?[A-Z][\w'’-]+(?:\s*,\s*[A-Z][\w'’-]+(?:\s+[A-Z][\w'’-]+)*)*"
                         r"\s+and\s+[A-Z]")
_COUNTS = ("killed", "wounded")


def rescope(text: str, found: list[ClaimDraft]) -> list[ClaimDraft]:
    """The findings with counts that are not this incident's toll turned into labelled notes."""
    if not any(c.field in _COUNTS and c.value is not None for c in found):
        return found
    low = fold(text)
    tally = has(low, _TALLY_GATE) and _tally(text)
    other = _OTHER_EVENT.search(text) if has(low, _OTHER_GATE) else None
    out: list[ClaimDraft] = []
    for c in found:
        if c.field not in _COUNTS or c.value is None:
            out.append(c)
        elif tally:
            out.append(relabel(c, "tally over a period, not this incident's"))
        elif other is not None and c.char_start >= other.start() and _in_cue_scope(text, other, c.char_start):
            out.append(relabel(c, "another event"))
        elif _share(text, c, found):
            out.append(relabel(c, "share of the toll"))
        else:
            out.append(c)
    return out


def _tally(text: str) -> bool:
    for m in _TALLY.finditer(text):
        if not (m.group(0)[:5].lower() == "since" and _COMPARED.search(text, max(0, m.start() - 80), m.start())):
            return True
    return False


def _in_cue_scope(text: str, cue: re.Match[str], pos: int) -> bool:
    """A cue inside an aside (", which came a day after …,") or a comparison ("the deadliest since 2019, …")
    reaches only to the next comma."""
    if "since" not in cue.group(0).lower() and not text[:cue.start()].rstrip().endswith(
            (", which", ", coming", ", following", ",")):
        return True
    close = text.find(",", cue.end())
    return close < 0 or pos < close


def _share(text: str, c: ClaimDraft, found: list[ClaimDraft]) -> bool:
    if _SHARE_IN.search(text, c.char_start, c.char_end):
        return True  # "34 of his family members were killed", "nine of the wounded were killed"
    if _ALSO.search(text, max(0, c.char_start - 8), c.char_start) and _NAMED_LIST.match(text, c.char_end):
        return True  # "it also injured two officers, Constables A and B"
    value = c.value_num or 0
    for p in found:  # "rose to 35, with the bodies of two children recovered", "killed 8, including five children"
        total = p.value_num or float(dict(p.extra).get("casualties", 0))
        if p is not c and (p.field == c.field or p.field == "note") and total > value and p.char_end <= c.char_start \
                and _SHARE_LEAD.search(text, p.char_end, c.char_start):
            return True
    return False
