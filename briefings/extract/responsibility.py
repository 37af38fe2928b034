"""Who did it, in the forms means.py does not read: claims of responsibility however worded ("took responsibility on
social media", "an attack claimed by the Islamic State"), the attacker named by its means ("the first bomb by the
army", "destroyed by a Russian missile", "a failed launch by the group"), a state's forces named by their strike
("a military drone attack", "an army drone strike": a mistaken strike is still theirs, marked so) and causes
("the blasts were caused by terrorist attacks").

Findings are perpetrator ClaimDrafts with sentence-relative offsets (see claims.py for holders and extras).
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Set

from briefings.extract.heads import BLANK_QUOTES_KEEP_APOSTROPHE, blanked, claim
from briefings.extract.numbers import fold, has
from briefings.extract.phrases import appositive_subject, clean_np, habitual, left_np, right_np
from briefings.extract.required import Gate, passes, required, stems
from briefings.extract.stems import Stems
from briefings.extract.types import ClaimDraft

_GATE = ("responsib", "claimed by", " by ", "military", "army", "air force", "caused by")
_RESPONSIBLE = re.compile(r"\b(?:(?:has|have|had)\s+(?:since\s+|also\s+|already\s+|quickly\s+|now\s+|later\s+)?)?"
                          r"(?:since\s+|quickly\s+|later\s+|also\s+)?(?:took|takes|taken|taking|accepted|accepts|assumed|"
                          r"claimed|claiming)\s+(?:the\s+|full\s+)?responsibility\b")
_CLAIMED_BY = re.compile(r"\b(?:attacks?|bombings?|blasts?|strikes?|assaults?|explosions?|killings?|massacre|ambush|"
                         r"raid)\b[^.;]{0,60}?\bclaimed\s+by\s+")
_MEANS_BY = re.compile(r"\b(?:bombs?|missiles?|rockets?|drones?|shells?|launch|strikes?|airstrikes?|shelling|attack|"
                       r"assault|bombing|raid|fire)\s+by\s+(?=(?:the\s+)?[A-Z])")  # "attacks by X": a habit, not one
_ADJ = r"(?P<adj>[A-Z][a-z]+(?:i|ian|ean|ese|ish|an|ic)|U\.S\.|US)"
_BY_ADJ_MEANS = re.compile(rf"\bby\s+(?:an?\s+|the\s+)?{_ADJ}\s+(?:(?:cruise|ballistic|guided|military)\s+)?(?:missiles?|"
                           r"rockets?|drones?|warplanes?|jets?|bombs?|shells?|air\s*strikes?|strikes?)\b")
_INTERCEPTED = re.compile(r"\b(?:shot\s+down|intercepted|downed|repelled|repulsed)\s+$", re.I)
_FORCES = (r"(?P<actor>(?:[A-Z][a-z]+(?:n|ian|ese|ish|i)\s+)?(?:military|army|air\s+force|navy|security\s+forces|police|"
           r"troops))")
_FORCE_STRIKE = re.compile(rf"\b(?:an?|the|its)\s+{_FORCES}(?:'s|’s)?\s+(?:(?:drone|air|aerial|missile|rocket|artillery|"
                           r"helicopter)\s+)?(?:strike|attack|raid|bombardment|bombing|assault)s?\b", re.I)
_MISTAKEN = re.compile(r"\b(?:mistaken(?:ly)?|inadvertent(?:ly)?|accidental(?:ly)?|erroneous(?:ly)?|by\s+mistake|"
                       r"in\s+error|errant|misfired|wrongly)\b", re.I)
_CAUSED_BY = re.compile(r"\bcaused\s+by\s+(?:an?\s+|the\s+)?(?P<adj>terrorist|militant|insurgent|jihadist|[A-Z][a-z]+"
                        r"(?:i|ian|ean|ese|ish|an|ic))\s+(?:attacks?|strikes?|bombings?|missiles?|rockets?|drones?)\b")
_PERSONS = {"terrorist": "terrorists", "militant": "militants", "insurgent": "insurgents", "jihadist": "jihadists"}
_DESCRIPTORS = re.compile(r"^(?:[Tt]he\s+)?(?:(?:[Bb]anned|[Oo]utlawed|[Pp]roscribed|[Mm]ilitant|[Tt]error(?:ist)?|"
                          r"[Ee]xtremist|[Ss]eparatist|[Ii]nsurgent|[Jj]ihadist|[Ss]hadowy|[Ll]ittle-known)\s+)+"
                          r"(?:(?:group|organi[sz]ation|outfit|movement)\s+)?(?=[A-Z])")
_CUT = re.compile(r"\s+(?:on|in|at|for|after|during|from|against|via|through|who|which|that)\b.*$", re.I)
# Each pattern runs only when the sentence holds the words read from it (required.py), several together.
_NEEDS: dict[int, Gate] = {id(rx): required(rx) for rx in (_RESPONSIBLE, _CLAIMED_BY, _MEANS_BY, _BY_ADJ_MEANS,
                                                           _FORCE_STRIKE, _CAUSED_BY)}
#: The words of those gates: found once per sentence (by cues.py for every finder), each gate a few set tests.
STEMS = Stems(stems(_NEEDS.values()))


def _found(rx: re.Pattern[str], plain: str, hits: Set[str]) -> Iterator[re.Match[str]] | tuple[()]:
    return rx.finditer(plain) if passes(_NEEDS[id(rx)], hits) else ()


def _mistaken(plain: str) -> tuple[tuple[str, str], ...]:
    """The extra of a strike said to be a mistake; asked only once there is a finding to mark."""
    return (("mistaken", "yes"),) if _MISTAKEN.search(plain) else ()


def find_responsibility(text: str, hits: Set[str] | None = None, gated: bool = False) -> list[ClaimDraft]:
    """Perpetrator claims from responsibility, means, forces and causes. `hits`: the STEMS in the sentence, when the
    caller found them already (cues.py; more is harmless)."""
    if not gated and not has(text.lower(), _GATE):
        return []
    plain = blanked(text, BLANK_QUOTES_KEEP_APOSTROPHE)
    low = fold(plain)
    hits = STEMS.found(low) if hits is None else hits
    out: list[ClaimDraft] = []
    if "responsib" in low:
        for m in _found(_RESPONSIBLE, plain, hits):
            span = left_np(plain, m.start()) or appositive_subject(plain, m.start())
            np = _DESCRIPTORS.sub("", clean_np(plain[span[0]:span[1]])) if span else ""
            negated = np.lower().startswith(("no ", "none", "nobody")) or np.lower().endswith((" never", " not", " no"))
            if np and not negated and not habitual(plain, m.start(), m.end()):
                out.append(claim("perpetrator", np, span[0], m.end(), holder=np,  # type: ignore[index]
                                 extra=(("claimed", "responsibility"),)))
    if "claimed by" in low:
        for m in _found(_CLAIMED_BY, plain, hits):
            if np := _np_after(plain, m.end()):
                out.append(claim("perpetrator", np, m.start(), m.end() + len(np), holder=np,
                                 extra=(("claimed", "responsibility"),)))
    if " by " in low:
        for m in _found(_MEANS_BY, plain, hits):
            if (np := _np_after(plain, m.end())) and not habitual(plain, m.start(), m.end()):
                out.append(claim("perpetrator", np, m.start(), m.end() + len(np), extra=_mistaken(plain)))
        for m in _found(_BY_ADJ_MEANS, plain, hits):
            if not _INTERCEPTED.search(plain, max(0, m.start() - 20), m.start()):
                out.append(claim("perpetrator", m.group("adj"), m.start(), m.end(), extra=_mistaken(plain)))
    if has(low, ("military", "army", "air force", "navy", "security forces", "police", "troops")):
        for m in _found(_FORCE_STRIKE, plain, hits):
            if not habitual(plain, m.start(), m.end()):
                out.append(claim("perpetrator", m.group("actor"), m.start(), m.end(), extra=_mistaken(plain)))
    if "caused by" in low:
        for m in _found(_CAUSED_BY, plain, hits):
            adj = m.group("adj")
            out.append(claim("perpetrator", _PERSONS.get(adj.lower(), adj), m.start(), m.end()))
    return out


def _np_after(plain: str, pos: int) -> str:
    span = right_np(plain, pos)
    return _DESCRIPTORS.sub("", clean_np(_CUT.sub("", plain[span[0]:span[1]]))) if span else ""
