"""Target claims of one sentence: what was hit, as a short noun phrase ("three sites used by Iran-backed militias")."""
from __future__ import annotations

import re
from collections.abc import Set as AbstractSet

from briefings.extract.heads import BLANK_QUOTES, blanked, claim, ends_with_head
from briefings.extract.numbers import MONTHS, fold, lowered, mentions
from briefings.extract.phrases import HABIT_WORDS, WEEKDAY, habit_sentence, habitual
from briefings.extract.stems import Stems
from briefings.extract.types import ClaimDraft

_T_GATE = ("fire", "target", "struck", "hit", "attack", "bomb", "shell", "pound", "raid", "storm", "strike", "assault",
           "against", "offensive", "launched", "lobbed", "executed", "gunned", "singled", "mostly", "mainly", "largely",
           "predominantly", "most of them", "many of them")
_T_VERB = re.compile(r"\b(?:targeting|targeted|targets|struck|hit|hits|attacked|bombed|shelled|pounded|raided|stormed|"
                     r"opened\s+fire\s+(?:on|at)|executed|gunned\s+down|singled\s+out)\s+")
_T_NOUN = re.compile(r"\b(?:attacks?|strikes?|airstrikes?|air\s+strikes?|raids?|bombing|assault|shelling|offensive)\s+"
                     r"(?:on|against|targeting)\s+", re.I)
_T_AGAINST = re.compile(r"\b(?:attack|strike|airstrike|raid|assault|carried\s+out|conducted|launched)\b[^.;,]{0,90}?"
                        r"\bagainst\s+|\b(?:fired|launched|lobbed)\s+[^.;,]{0,40}?\s+(?:at|on|towards)\s+", re.I)
_T_END = re.compile(r"\s*(?:[,;:.!?–—]|\s-\s|$|(?-i:\b(?!family|assembly|supply|rally|ally)[a-z]{3,}ly\b)|"
                    r"\b(?:has|have|had|is|was|were|are|will|would|in|at|near|on|for|with|during|after|before|since|as|"
                    r"when|while|which|who|that|where|killing|wounding|injuring|leaving|using|from|outside|inside|"
                    r"according|overnight|early|late|last|this|yesterday|today|about|around|some|but|such\s+as|"
                    r"to\s+the\s+(?:south|north|east|west)|(?:north|south|east|west)(?:east|west)?(?:ern)?\s+of|"
                    r"and\s+(?:killed|wounded|injured|destroyed|damaged|left|caused|killing|did|does|has|have|had|was|"
                    r"were|is|are|will|would|said|says|that))\b|\d[\d,.]*\s*(?:km|kilomet\w*|miles?)\b)", re.I)
_T_LIST = re.compile(r",\s+(?=[\w'-]+(?:\s+[\w'-]+){0,3}\s+and\s+)")  # "headquarters, storage and training sites"
_BARE_PLURAL = re.compile(r"(?:\b(?:of|in|to|for|conduct|launch|carry\s+out|execute|plan|their|its|his)|[a-z]+ed)\s+$")
_BLAMED_BEFORE = re.compile(r"\bblam\w*\s+[^,;.]{0,30}$")
_ABSTRACT = re.compile(r"(?i)\b(?:sovereignty|security|stability|interests|peace|law|rights|independence)$")
_PLURAL = r"(?:[a-z-]+s|women|men|children|people)"
# who the victims were, as the casualty sentence says ("28 people, mostly tourists, were killed")
_VICTIMS = re.compile(r"(?:,|\s[-–—]|[-–—])\s*(?:mostly|mainly|largely|predominantly|most\s+of\s+them|many\s+of\s+them)\s+"
                      rf"(?P<who>(?:[a-z-]+\s+)?{_PLURAL}(?:\s+and\s+(?:[a-z-]+\s+)?{_PLURAL})?)"
                      r"(?=\s*(?:[,;.–—-]|$|\s(?:were|was|who|had|have|from|in|at|on|and)\b))")
_CASUALTY_WORDS = ("kill", "dead", "died", "wound", "injur", "victim", "casualt")
_NOT_VICTIMS = re.compile(r"(?i)^(?:civilians?\s+)?(?:were|was|is|are|has|have|had)$|^(?:in|at|on|from|near|during|after|"
                          r"before|by|with|among|across|around|inside|outside|the|those|these|its|their)\s")
_T_BAD = re.compile(rf"(?i)(?:by|with|in|at|on|of|from|to|them|it|him|her|us|back|out|up|hard|{WEEKDAY}|{MONTHS})\b"
                    r"|(?:(?:its|their)\s+)?(?:targets?|positions|sites)$")


_SPACE_RUN, _NP_TAIL = re.compile(r"\s+"), re.compile(r"\s+(?:and|or|the)$")
_PASSIVE_BEFORE = re.compile(r"\b(?:the|a|an|were|was|been|be|being|is|are)\s+$")
_T_GATES = (  # each pattern with words one of which every match contains (folded)
    (_T_VERB, ("target", "struck", "hit", "attacked", "bombed", "shelled", "pounded", "raided", "stormed", "opened",
               "executed", "gunned", "singled")),
    (_T_NOUN, ("attack", "strike", "raid", "bombing", "assault", "shelling", "offensive")),
    (_T_AGAINST, ("against", "fired", "launched", "lobbed")),
)
_T_TWINS = tuple((rx, lowered(rx) if rx.flags & re.I else None, gate) for rx, gate in _T_GATES)
_MOSTLY = ("mostly", "mainly", "largely", "predominantly", "of them")
#: Every gate stem of this module (and the habit words): found once per sentence, each gate a set test.
STEMS = Stems(stem for words in (*(g for _, g in _T_GATES), _MOSTLY, _CASUALTY_WORDS, HABIT_WORDS) for stem in words)


def _target_np(plain: str, pos: int) -> tuple[str, int] | None:
    end = stop = pos
    while (m := _T_END.search(plain, end)) is not None:
        stop = m.start()
        if plain[stop:stop + 1] != "," or not (lst := _T_LIST.match(plain, stop)):
            break
        end = lst.end()
    np = _NP_TAIL.sub("", _SPACE_RUN.sub(" ", plain[pos:stop]).strip(" ,"))
    if not np or len(np.split()) > 14 or _T_BAD.match(np) or _ABSTRACT.search(np) or ends_with_head(np):
        return None
    return np, stop


def find_targets(text: str, hits: AbstractSet[str] | None = None, gated: bool = False) -> list[ClaimDraft]:
    """What was hit, as a short noun phrase ("three sites used by Iran-backed militias"). `hits`: the STEMS in the
    sentence, when the caller found them already (cues.py; more is harmless).
    `gated`: the caller found one of the stems of the first gate (cues.py): not tested again."""
    out: list[ClaimDraft] = []
    plain = blanked(text, BLANK_QUOTES)
    if not gated and not mentions(plain, _T_GATE):
        return out
    hits = STEMS.found(fold(plain)) if hits is None else hits
    low = plain.lower() if plain.isascii() else None  # for the plain twins: matches read as spans, groups lower-cased
    scans = [(rx, rx.finditer(plain) if low is None or twin is None else twin.finditer(low))
             for rx, twin, gate in _T_TWINS if not hits.isdisjoint(gate)]
    for rx, m in ((rx, m) for rx, found in scans for m in found):
        before = plain[max(0, m.start() - 12):m.start()].lower()
        if rx is _T_VERB and (_PASSIVE_BEFORE.search(before) or habit_sentence(plain, hits)):
            continue
        if rx is _T_NOUN and (_BLAMED_BEFORE.search(plain, max(0, m.start() - 60), m.start())
                              or _BARE_PLURAL.search(plain, max(0, m.start() - 30), m.start())
                              and m.group(0).lower().startswith("attacks")):
            continue
        got = _target_np(plain, m.end())
        if got and not habitual(plain, m.start(), got[1]) and not _EVENT_OBJECT.match(got[0]):
            out.append(claim("target", got[0], m.start(), got[1]))
    if not hits.isdisjoint(_MOSTLY) and not hits.isdisjoint(_CASUALTY_WORDS):
        out.extend(claim("target", m.group("who"), m.start(), m.end()) for m in _VICTIMS.finditer(plain)
                   if not _NOT_VICTIMS.match(m.group("who")))
    return out


_EVENT_OBJECT = re.compile(r"(?i)(?:the\s+|an?\s+|this\s+|that\s+)?(?:\w+\s+)?(?:attacks?|plans?|plots?|operations?|"
                           r"strikes?|orders?|raids?|bombings?|assaults?)$")
