"""What only the whole report settles, after every sentence has its claims:

- "85 casualties" are the dead when the report gives the same number dead, or gives its wounded apart and no dead;
- a figure the report itself supersedes later ("Subsequently, the number of dead increased to 103") is a note,
  and so is the wounded figure given with it;
- a sentence that goes on about a tally ("Other estimates, however, put the toll at 130,000") is a tally too;
- a quotation running over several sentences belongs to the speaker named where it closes ("…,’ said X.").
"""
from __future__ import annotations

import re
from dataclasses import replace

from briefings.extract.counts import relabel
from briefings.extract.holders import Attribution, HolderMemory, find_attributions
from briefings.extract.types import ClaimDraft, Sentence

_COUNTS = ("killed", "wounded")
_LATER = re.compile(r"^\W*(?:subsequently|later|since\s+then|afterwards|thereafter|by\s+(?:the\s+)?(?:evening|morning|"
                    r"night|afternoon|next\s+day))\b|\b(?:later|subsequently)\s+(?:increased|rose|climbed|risen|reached|"
                    r"jumped|grew)\b", re.I)
_RISE = re.compile(r"\b(?:increased|rose|risen|climbed|reached|jumped|grew|went\s+up)\b", re.I)
_GOES_ON = re.compile(r"\bhowever\b|\b(?:other|some|another|separate)\s+estimates?\b", re.I)
_TALLY_NOTE = "tally over a period"
_OPENS = "‘“\"'"
_CLOSED_BEFORE = re.compile(r"[,.!?…]\s*[’”\"']\s*(?:\w+\s+){0,2}$")
_CLOSES_HERE = re.compile(r"[,.!?…]\s*[’”\"']")  # in every _CLOSED_BEFORE match: without it, no speaker to ask for


def revise(sentences: list[Sentence], claims: list[list[ClaimDraft]], memory: HolderMemory) -> None:
    """Rewrite `claims` (one list per sentence) in place with what the whole report settles."""
    if not any(c.field in _COUNTS or c.field == "note" for cs in claims for c in cs):
        return
    _casualties(claims)
    _superseded(sentences, claims)
    _tallies_continued(sentences, claims)
    _quotes_closed_later(sentences, claims, memory)


def _casualties(claims: list[list[ClaimDraft]]) -> None:
    killed = {c.value_num for cs in claims for c in cs if c.field == "killed" and c.value_num}
    wounded = {c.value_num for cs in claims for c in cs if c.field == "wounded" and c.value_num}
    for cs in claims:
        for i, c in enumerate(cs):
            extra = dict(c.extra)
            if c.field != "note" or "casualties" not in extra:
                continue
            n = float(extra["casualties"])
            if n in killed or wounded and not killed and n not in wounded:
                rest = tuple((k, v) for k, v in c.extra if k not in ("casualties", "qualifier"))
                cs[i] = ClaimDraft("killed", extra["casualties"], n, extra["qualifier"] or None, c.holder, c.stance,
                                   c.char_start, c.char_end, c.victims, None, rest)


def _superseded(sentences: list[Sentence], claims: list[list[ClaimDraft]]) -> None:
    for i, s in enumerate(sentences):
        if not claims[i] or not _LATER.search(s.text) or not _RISE.search(s.text):
            continue
        latest = {c.field: c.value_num for c in claims[i] if c.field in _COUNTS and c.value_num}
        for cs in claims[:i]:
            for k, c in enumerate(cs):
                if c.field in latest and c.value_num and c.value_num != latest[c.field]:
                    cs[k] = relabel(c, "earlier figure")
        if "killed" in latest and "wounded" not in latest:  # "73 died and another 171 were injured": one count
            for cs in claims[:i]:
                if any(c.value and c.value.startswith("earlier figure: killed") for c in cs):
                    cs[:] = [relabel(c, "earlier figure") if c.field == "wounded" else c for c in cs]


def _tallies_continued(sentences: list[Sentence], claims: list[list[ClaimDraft]]) -> None:
    for i in range(1, len(sentences)):
        before = any(c.field == "note" and (c.value or "").startswith(_TALLY_NOTE) for c in claims[i - 1])
        if before and _GOES_ON.search(sentences[i].text):
            claims[i][:] = [relabel(c, f"{_TALLY_NOTE}, not this incident's") if c.field in _COUNTS else c
                            for c in claims[i]]


def _quotes_closed_later(sentences: list[Sentence], claims: list[list[ClaimDraft]], memory: HolderMemory) -> None:
    for k, s in enumerate(sentences):
        if k == 0 or s.text.lstrip()[:1] in _OPENS or not _CLOSES_HERE.search(s.text):
            continue  # no quote closing after punctuation: no speaker named after a quote that closes here
        closing = _closing_speaker(s, find_attributions(s, memory))
        if closing is None:
            continue
        start = k - 1
        while start >= 0 and sentences[start].paragraph == s.paragraph and sentences[start].text.lstrip()[:1] not in _OPENS:
            start -= 1
        if start < 0 or sentences[start].paragraph != s.paragraph:
            continue
        for j in range(start, k):
            claims[j][:] = [replace(c, holder=closing.holder) if c.holder == "outlet" else c for c in claims[j]]


def _closing_speaker(s: Sentence, atts: list[Attribution]) -> Attribution | None:
    """ "Unfortunately, the toll could rise,’ said the committee.": a speaker named after a quote that closes here and
    opened in an earlier sentence."""
    for a in atts:
        if a.forward or a.verb == "quote":
            continue
        head = s.text[:a.holder_start - s.start if a.holder_start > s.start else len(s.text)]
        if _CLOSED_BEFORE.search(head) and not any(m in head for m in "‘“"):
            return a
    return None
