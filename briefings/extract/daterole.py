"""Whether a time expression dates the event or a statement about it ("said on Saturday", "Updated: …")."""
from __future__ import annotations

import re
from typing import Literal

from briefings.extract.numbers import fold, has, words
from briefings.extract.stems import Stems

_VERBS = (  # speech acts: a date right after one dates the statement
    r"said|says?|saying|told|tells?|wrote|writes|stated|posted|den(?:ied|ies)|(?:report|announc|add|confirm|claim|declar|tweet|warn|not|explain|"
    r"clarifi|insist|acknowledg|disclos|reveal|alleg|assert|affirm|admitt|indicat|inform|quot|cit|brief|comment|respond|repli|publish|accus|"
    r"blam|condemn|vow|threaten|estimat|reiterat)(?:e?d|e?s|ing)")
_NARROW_VERBS = r"said|says|told|tells|announced|announces|stated|states|reported|reports|confirmed|denied|denies|declared|added|warned|tweeted|wrote"
_NOUNS = r"statement|announcement|press\s+conference|news\s+conference|press\s+release|briefing|interview|communiqu[eé]|tweet|message|report|bulletin|speech|remarks|broadcast"
_REPORT_BEFORE = re.compile(
    rf"(?:\b(?i:{_VERBS})(?:\s+(?i:by|to))?(?:\s+(?:(?i:the)\s+)?[A-Z][\w.&'’-]*(?:\s+[A-Z][\w.&'’-]*){{0,3}}"
    rf"|\s+(?i:reporters|journalists|the\s+press|him|her|them|us)|\s+by\s+(?:the|an?|its|their)\s+(?:[\w'’-]+\s+){{0,2}}[\w'’-]+)?"
    rf"(?:\s+(?i:in|at|during|via|on|through)\s+(?i:a|an|the|its|his|her|their)\s+(?:[\w-]+\s+){{0,3}}?(?i:{_NOUNS})s?)?"
    rf"|\b(?i:{_NOUNS})s?(?:\s+(?i:issued|released|published|posted|made|given|delivered|aired))?)\s*,?\s*$"
)
_REPORT_LINE = re.compile(  # "Updated: ...", "By bne IntelliNews January 5, 2024" (but not "By the end of")
    r"\W*(?:(?i:updated|published|posted|last\s+updated|first\s+published|date)\s*(?i:on)?\s*:?"
    r"|By\s+(?:(?!(?:the|of|end|early|late|mid|this|last|next|a|an|then|now|on|in)\b)[\w.&'’-]+\s+){1,5})\s*")
_COMPARED = re.compile(r"\bsince\s+(?:the|a|an|its|their)\s+[^,;.]{1,60}$"
                       r"|\b(?:\w+est|worst|most\s+\w+|first)\b[^.;]{0,60}\bsince\s+(?:the|a|an|its|their)\s+$", re.I)
_ERA_AFTER = re.compile(r"\s*,?\s*(?:when|after)\s+(?:the\s+|a\s+|an\s+)?(?:[\w'’-]+\s+){0,2}?(?:war|conflict|invasion|"
                        r"crisis|insurgency|uprising|revolution)\s+(?:first\s+)?(?:began|started|erupted|broke\s+out)\b",
                        re.I)  # "since April 15, 2023, when a civil war erupted"
# the event an anniversary recalls ("on the anniversary of his death in a strike four years ago")
_ANNIVERSARY = re.compile(r"\banniversary\s+of\b[^.;]{0,120}$", re.I)
# a war's or a crisis's start dates no incident ("before the war began on February 24")
_ERAS = ("war", "conflict", "invasion", "crisis", "insurgency", "occupation", "uprising", "revolution")
_ERA_BEGAN = re.compile(rf"\b(?:{'|'.join(_ERAS)})\s+(?:that\s+|which\s+)?"
                        r"(?:first\s+)?(?:began|started|erupted|broke\s+out|was\s+launched)\s+(?:on\s+|in\s+)?$"
                        r"|\b(?:start|beginning|outbreak|onset)\s+of\s+(?:the\s+|its\s+)?(?:[\w'’-]+\s+){0,3}?"
                        rf"(?:{'|'.join(e for e in _ERAS if e != 'revolution')})\s+(?:on\s+|in\s+)?$", re.I)
_REPORT_AFTER = re.compile(rf"\s*(?:(?:also|later|again|separately|\w+ly)\s+)?(?:{_NARROW_VERBS})\b")
_REPORT_AFTER_OPENING = re.compile(rf"\s*,?\s*(?:[\w'’.-]+\s+){{0,4}}?(?:{_NARROW_VERBS})\b")
_OPENING = re.compile(r"\W*(?:(?:And|But|Then|Later|Earlier|Also)\s+)?")
_VERB_STEMS = ("report announc add confirm claim declar tweet warn not explain clarifi insist acknowledg disclos reveal alleg "
               "assert affirm admitt indicat inform quot cit brief comment respond repli publish accus blam condemn vow "
               "threaten estimat reiterat").split()
_NOUN_WORDS = ("statement announcement press news briefing interview communique communiqué tweet message report bulletin "
               "speech remarks broadcast").split()
# The first word of every _REPORT_BEFORE match (a verb or noun form): a tail without one cannot match.
_REPORT_WORDS = frozenset(
    "said says say saying told tells tell wrote writes stated posted denied denies".split()
    + [stem + end for stem in _VERB_STEMS for end in ("d", "ed", "s", "es", "ing")]
    + _NOUN_WORDS + [n + "s" for n in _NOUN_WORDS])

_REPORT_STEMS = Stems(_REPORT_WORDS)  # a word of words(tail) is a substring of fold(tail)


def _reported_before(tail: str) -> bool:
    """_REPORT_BEFORE.search(tail), tried only where it can start: every match opens with a whole report word
    (a verb or noun form of _REPORT_WORDS), so the pattern is matched at each occurrence of the tail's report words
    instead of at every character (a tail without one cannot match)."""
    if not _REPORT_STEMS.any(fold(tail)):  # one automaton pass: most tails hold no report word even as a substring
        return False
    found = _REPORT_WORDS.intersection(words(tail))
    if not found:
        return False
    if not tail.isascii():  # folding may move offsets: the plain search
        return _REPORT_BEFORE.search(tail) is not None
    low = tail.lower()
    for word in found:
        at = low.find(word)
        while at >= 0:
            if _REPORT_BEFORE.match(tail, at):
                return True
            at = low.find(word, at + 1)
    return False


def date_role(sentence: str, start: int, end: int, text: str) -> Literal["event", "report", "comparison"]:
    """'report' when the expression dates a statement ("said on Saturday", "Updated: ..."), not the event;
    'comparison' when it dates another event the sentence compares with ("the deadliest since the 2019 bombing")."""
    if text.endswith(("'s", "’s")):  # "Friday's attack" always dates an event
        return "event"
    before, after = sentence[:start], sentence[end:]
    if not before.strip() and not after.strip(" .\t"):  # a lone date line: the publication stamp
        return "report"
    tail = before[-150:]
    era = tail[-80:]  # every _ERA_BEGAN match names one of _ERAS: most tails name none
    if "since" in tail and _COMPARED.search(tail) or has(fold(era), _ERAS) and _ERA_BEGAN.search(era) \
            or _ERA_AFTER.match(after) \
            or "anniversary" in tail and _ANNIVERSARY.search(tail):
        return "comparison"
    reported = _reported_before(tail) or _REPORT_LINE.fullmatch(before) or _REPORT_AFTER.match(after)
    if reported:
        return "report"
    opening = _OPENING.fullmatch(before) and _REPORT_AFTER_OPENING.match(after)  # "On Saturday, officials said"
    return "report" if opening else "event"
