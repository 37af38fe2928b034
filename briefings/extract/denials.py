"""Denials of involvement ("Israel denied participation"), of the event ("denied the reports of targeting") and of
other assertions ("denied it was working with the US"), plus existential assertions in reported speech ("there
was cooperation with the Iraqi side") kept as notes so the lead can pair an assertion with its denial.

Conventions (see claims.py): holder "" = whoever the sentence attributes it to; a non-empty holder = the subject
who denies; extra "fallback_holder" = holder when nobody else is quoted; "value_from_holder" = the value is
the quoted holder itself ("X said it had nothing to do with the attack"); "needs_attribution" = drop unless quoted.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Set
from typing import Literal

from briefings.extract.numbers import fold, mentions
from briefings.extract.phrases import PRONOUNS, clause_subject, clean_np, left_np
from briefings.extract.required import Gate, passes, required, stems
from briefings.extract.stems import Stems
from briefings.extract.types import ClaimDraft

Stance = Literal["asserts", "denies"]

EVENT_VALUE = "the reported attack"
_DENY = r"(?:denied|denies|deny|denying|rejected|rejects|reject|dismissed|dismisses|refuted|refutes|refute)"
_GATE = ("deni", "deny", "reject", "dismiss", "refut", "nothing to do", "not ", "played no", "no ", "none ", "there ",
         "justif", "defended")
# a rebuttal by justification: "X justified the offensive by alleging that the army used the camp as a base"
_JUSTIFIED = re.compile(r"\b(?:justified|justifies|defended|defends)\s+(?:the|its|their|this|that)\s+(?:\w+\s+)?(?:attack|"
                        r"offensive|strike|assault|operation|raid|bombing|shelling|incursion)s?\s*,?\s+(?:by\s+)?"
                        r"(?:alleging|saying|claiming|arguing|insisting|accusing)\s+(?:that\s+)?(?P<what>[^;.:”\"]+)", re.I)
_DENY_RE = re.compile(rf"\b{_DENY}\b", re.I)
_NEGATED = re.compile(r"\b(?:not|n't|nor|neither|refused\s+to|declined\s+to|would\s+not)\s+(?:\w+\s+)?$", re.I)
_INVOLVE = re.compile(r"\s+(?:(?:any|all|its|their|his|her|our)\s+)?(?:(?:direct|indirect|military|alleged)\s+)?"
                      r"(?:involvement|participation|responsibility|role|part|connection|links?|complicity)\b"
                      r"|\s+(?:the\s+)?(?:claims?|reports?|allegations?|accusations?|suggestions?)\s+(?:that\s+)?"
                      r"(?:it|they|he|she|its\s+\w+|\w+\s+forces)\s+(?:was|were|is|are|had\s+been|has\s+been)\s+"
                      r"(?:behind|responsible|involved)", re.I)
_REPORTS = re.compile(r"\s+(?:that\s+)?(?:the\s+)?(?:(?:reports?|claims?|news|allegations?|rumou?rs?)\s+(?:of|about|that|on)\b"
                      r"|(?:an?|any|the)\s+(?:\w+\s+)?(?:attack|strike|bombing|explosion|incident)\s+(?:had\s+)?"
                      r"(?:took\s+place|happened|occurred|taken\s+place))", re.I)
_EVENT_WORD = re.compile(r"\b(?:target\w*|attack\w*|strikes?|struck|hit|bomb\w*|explosion|incident|shelling|raid)\b", re.I)
_OBJECT = re.compile(r"\s+(?:that\s+)?(?:(?:it|they|he|she|we|its\s+\w+)\s+(?:was|were|is|are|had|has|have)\s+(?:been\s+)?)?"
                     r"(?:(?:any|the\s+existence\s+of|the|such|all)\s+)*(?P<what>[^,;.:”\"]+)", re.I)
_OBJECT_CUT = re.compile(r"\s+(?:saying|adding|while|and\s+(?:said|added|called|stressed)|but|as)\b.*$", re.I)
_NOT_INVOLVED = re.compile(r"\s+(?:(?:had|has|have)\s+nothing\s+to\s+do\s+with|(?:was|were|is|are|had\s+been|has\s+been)"
                           r"\s+not\s+(?:involved|behind|responsible)|(?:had\s+|has\s+|have\s+)?played\s+no\s+"
                           r"(?:part|role))\b", re.I)  # the subject precedes: "Iran had nothing to do with …"
_NONE_OF_OURS = re.compile(r"\bnone\s+of\s+(?:its|their|our)\s+(?:units|forces|members|personnel|fighters|troops|"
                           r"aircraft|drones|men)\s+(?:had|has|have|were|was)\s+(?:been\s+)?(?:involved|deployed|present|"
                           r"taken\s+part|participated)", re.I)
_DID_NOT = re.compile(r"\b(?:had|has|have|did|does|do)\s+not\s+(?:carried\s+out|carry\s+out|conducted|conduct|launched|"
                      r"launch|fired|fire|struck|strike)\s+(?:any|the|an?|this|that)\s+(?:\w+\s+)?(?:strikes?|attacks?|"
                      r"raids?|operations?|bombings?|missiles?|rockets?|drones?)\b", re.I)
_ACCUSATION = re.compile(r"\b(?:an?\s+)?(?:accusation|allegation|claim|charge)s?\s+(?:that\s+|which\s+)?(?P<subj>(?:the\s+)?"
                         r"[\w'’-]+(?:\s+[\w'’-]+){0,3}?)\s+(?:has\s+|had\s+|have\s+)?(?:rejected|denied|dismissed)\b")
_NO_ACTIVITY = re.compile(r"\bno\s+(?P<actor>(?:(?:U\.S\.|[A-Z][\w.'’-]*)\s+){1,3})(?:military\s+|air\s+|armed\s+|naval\s+)?"
                          r"(?:activity|activities|involvement|operations?|participation|role|strikes?|aircraft|presence)\b"
                          r"|\bno\s+(?:\w+\s+)?(?:involvement|role|participation)\s+(?:by|of|from)\s+"
                          r"(?P<actor2>[A-Z][\w'’.-]*(?:\s+[A-Z][\w'’.-]*){0,3})")
_EXIST = re.compile(r"\bthere\s+(?:was|were|had\s+been|has\s+been|have\s+been|is|are)\s+(?P<neg>no\s+)?(?P<what>[^,;.:”\"]+)",
                    re.I)
_EXIST_CUT = re.compile(r"\s+(?:in\s+the\s+(?:attack|strike|operation|raid|bombing)|that|which|who|during|when|while|"
                        r"before|after|and\s+(?:a|an|the|that|it|he|she|they)|but)\b.*$", re.I)
_DENIABLE = re.compile(r"\b(?:cooperation|co-operation|coordination|collaboration|involvement|participation|contact|"
                       r"communication|agreement|attack|strikes?|explosion|bombing|operations?)\b", re.I)
_SKIP_EXIST = re.compile(r"^(?:no\s+)?(?:immediate\s+)?(?:word|reports?|casualties|injuries|deaths|one|drones?|missiles?|"
                         r"significant|any|not|some|several|many|\d)", re.I)


_NOT_CAUSED = re.compile(r"\b(?:could|can|was|were|is|did)\s*(?:not|n't)\s+(?:have\s+been\s+|be\s+)?(?:the\s+result\s+of|"
                         r"caused\s+by|due\s+to|from|result\s+from|come\s+from)\s+(?:an?\s+|the\s+|any\s+)?"
                         r"(?P<adj>[A-Z][\w'’-]+)\s+(?:air\s*-?\s*strikes?|airstrikes?|strikes?|attacks?|missiles?|rockets?|"
                         r"bombs?|bombing|shells?|drones?)\b")
_EVENT_NOUN = re.compile(r"(?i)(?:an?\s+)?(?:attack|strikes?|explosion|bombing)\b")
_AND_BEFORE = re.compile(r"\b(?:and|but)\s+(?:\w+ly\s+)?$")
# Each pattern the sentence is scanned with runs only when the sentence holds the words it cannot match without.
_GATE_OF: dict[int, Gate] = {id(rx): required(rx) for rx in (
    _ACCUSATION, _DENY_RE, _NOT_INVOLVED, _DID_NOT, _NOT_CAUSED, _JUSTIFIED, _NONE_OF_OURS, _NO_ACTIVITY, _EXIST)}
#: The words of those gates: found once per sentence (by cues.py for every finder), each gate a few set tests.
STEMS = Stems(stems(_GATE_OF.values()))


def _claim(value: str, start: int, end: int, holder: str = "", extra: tuple[tuple[str, str], ...] = (),
           field: str = "denial", stance: Stance = "denies") -> ClaimDraft:
    return ClaimDraft(field, value, None, None, holder, stance, start, end, extra=extra)


def _subject(text: str, pos: int) -> str:
    span = left_np(text, pos)
    if span is None and _AND_BEFORE.search(text, max(0, pos - 20), pos):
        span = clause_subject(text)
    return clean_np(text[span[0]:span[1]]) if span else ""


def _short(what: str, words: int = 14) -> str:
    return " ".join(_OBJECT_CUT.sub("", what).split()[:words]).strip(" ,")


def _involvement(subject: str, start: int, end: int) -> ClaimDraft:
    if not subject or subject.lower() in PRONOUNS:
        return _claim("", start, end, extra=(("denial", "involvement"), ("value_from_holder", "yes")))
    return _claim(subject, start, end, extra=(("denial", "involvement"), ("fallback_holder", subject)))


def _found(rx: re.Pattern[str], text: str, hits: Set[str]) -> Iterator[re.Match[str]] | tuple[()]:
    """rx.finditer(text), or nothing when the sentence lacks a word every match of rx holds."""
    return rx.finditer(text) if passes(_GATE_OF[id(rx)], hits) else ()


def find_denials(text: str, hits: Set[str] | None = None, gated: bool = False) -> list[ClaimDraft]:
    """Denials and existential assertions of one sentence (offsets relative to the sentence). `hits`: the STEMS
    in the sentence, when the caller found them already (cues.py; more is harmless).
    `gated`: the caller found one of the stems of the first gate (cues.py): not tested again."""
    out: list[ClaimDraft] = []
    taken: list[tuple[int, int]] = []
    if not gated and not mentions(text, _GATE):
        return out
    hits = STEMS.found(fold(text)) if hits is None else hits
    accusations = list(_found(_ACCUSATION, text, hits))
    accused = [a.span() for a in accusations]
    for m in _found(_DENY_RE, text, hits):
        if _NEGATED.search(text, max(0, m.start() - 30), m.start()) or any(s <= m.start() < e for s, e in accused):
            continue
        subject = _subject(text, m.start())
        speaker = "" if subject.lower() in PRONOUNS else subject
        if (inv := _INVOLVE.match(text, m.end())) is not None:
            out.append(_involvement(subject, m.start(), inv.end()))
        elif (rep := _REPORTS.match(text, m.end())) and _EVENT_WORD.search(text, m.end(), rep.end() + 60):
            out.append(_claim(EVENT_VALUE, m.start(), rep.end(), speaker, (("denial", "event"),)))
        elif (obj := _OBJECT.match(text, m.end())) and (what := _short(obj.group("what"))):
            out.append(_claim(what, m.start(), obj.end(), speaker, (("denial", "assertion"),)))
        else:
            continue
        taken.append((m.start(), out[-1].char_end))
    for m in accusations:  # "…, an accusation the group rejected"
        out.append(_involvement(clean_np(m.group("subj")), m.start(), m.end()))
    for m in (m for rx in (_NOT_INVOLVED, _DID_NOT) for m in _found(rx, text, hits)):  # "US forces had not carried out …"
        if not any(s <= m.start() < e for s, e in taken):
            out.append(_involvement(_subject(text, m.start()), m.start(), m.end()))
    for m in _found(_NOT_CAUSED, text, hits):  # "the blast could not have been the result of an Israeli airstrike"
        out.append(_claim(m.group("adj"), m.start(), m.end(), extra=(("denial", "involvement"),)))
    for m in _found(_JUSTIFIED, text, hits):
        subject = _subject(text, m.start())
        what = " ".join(m.group("what").split()[:14]).strip(" ,")  # "… using the camp as a base": keep the "as"
        out.append(_claim(what, m.start(), m.end(), "" if subject.lower() in PRONOUNS else subject,
                          (("denial", "justification"),)))
    for m in _found(_NONE_OF_OURS, text, hits):  # "none of its units had been deployed": the speaker's own
        out.append(_involvement("", m.start(), m.end()))
    for m in _found(_NO_ACTIVITY, text, hits):
        actor = (m.group("actor") or m.group("actor2")).strip()
        out.append(_claim(actor, m.start(), m.end(), extra=(("denial", "involvement"),)))
        taken.append(m.span())
    for m in _found(_EXIST, text, hits):
        what = _EXIST_CUT.sub("", m.group("what")).strip()
        if any(s <= m.start() < e for s, e in taken) or not what or _SKIP_EXIST.match(what):
            continue
        what = " ".join(what.split()[:8])
        if m.group("neg") and _DENIABLE.search(what):
            value = EVENT_VALUE if _EVENT_NOUN.match(what) else what
            out.append(_claim(value, m.start(), m.end(), extra=(("denial", "existence"), ("needs_attribution", "yes"))))
        elif not m.group("neg"):
            out.append(_claim(what, m.start(), m.end(), field="note", stance="asserts",
                              extra=(("assertion", "existence"), ("needs_attribution", "yes"))))
    return out
