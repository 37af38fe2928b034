"""Means (weapon), perpetrator/blame and target claims of one sentence.

Only means used in an attack count ("carried out by drones", "a drone strike", "ten missiles struck"), never an
arsenal or a habit ("stockpiling missiles", "numerous drone attacks in recent months"). Findings are ClaimDrafts with
sentence-relative offsets; holder "" means "whoever the sentence attributes it to", a non-empty holder is the
subject who makes the claim itself ("The US blamed …"). See claims.py for the extra keys.
"""
from __future__ import annotations

import re
from collections.abc import Iterator, Set

from briefings.extract.heads import (BLANK_QUOTES, BLANK_QUOTES_KEEP_APOSTROPHE, HEAD, HEAD_LIST, HEAD_RE, MODS, Stance,
                                     blanked, claim, ends_with_head)
from briefings.extract.numbers import NUMBER, fold, has, lowered, mentions
from briefings.extract.phrases import HABIT_WORDS, PRONOUNS, clean_np, habit_sentence, habitual, left_np, right_np
from briefings.extract.required import Gate, passes, required, stems
from briefings.extract.stems import Stems
from briefings.extract.targets import find_targets
from briefings.extract.types import ClaimDraft

__all__ = ["find_perpetrators", "find_targets", "find_weapons", "weapon_value"]

_BY = re.compile(r"\b(?:carried\s+out|conducted|launched|executed|perpetrated|staged|mounted|committed)\b"
                 r"(?:\s+(?!by\b)[^\s,;.]+){0,7}?\s+(?P<prep>by|with|using)\s+", re.I)
_NP_CUT = re.compile(r"\s+(?:against|on|at|in|targeting|from|near|over|into|with|during)\b.*$", re.I)
_KINDS = {"drone": ("drone", "drones"), "uav": ("UAV", "UAVs"), "ied": ("IED", "IEDs"), "artillery": ("artillery",) * 2,
          "suicide": ("suicide bomber", "suicide bombers"), "katyusha": ("Katyusha rocket", "Katyusha rockets"),
          "air": ("airstrike", "airstrike")}
_KIND = r"drone|UAV|rocket|missile|mortar|artillery|suicide|car\s+bomb|IED|grenade|projectile|Katyusha"
_ATTACK_NOUN = re.compile(rf"\b(?P<list>(?:{_KIND}|air)(?:(?:\s*,\s*|\s+(?:and|or|&)\s+)(?:{_KIND}))*)\s+"
                          r"(?P<noun>strikes?|attacks?|raids?|barrages?|fire|salvos?|bombardments?|shelling|assaults?|"
                          r"bombings?|blasts?|explosions?)\b", re.I)
_AIRSTRIKE = re.compile(r"\bair\s*-?\s*strikes?\b|\bair\s+raids?\b", re.I)
_PREFIX = re.compile(rf"(?<![\w-])(?:(?:{NUMBER})\s+)?(?:{MODS}\s+){{0,2}}$", re.I)  # "ten", "three F-35", "ballistic"
_VERB_AFTER = re.compile(r"\s+(?:(?:have|has|had|were|was|been|reportedly|also|then)\s+)*(?:struck|strike|strikes|"
                         r"hit|hits|targeted|slammed|landed|fell|exploded|crashed|rained|pounded|fired|launched)\b", re.I)
_USED_BEFORE = re.compile(r"(?:\b(?:hit|struck|targeted|attacked|bombed|shelled|pounded|destroyed|damaged|wrecked|"
                          r"flattened|level+ed|demolished|gutted)\s+by|"
                          r"\b(?:attacked|struck|hit|targeted|shelled|bombed|pounded|fired\s+on|fired\s+at)\b[^.;]{0,60}?"
                          r"\bwith|\b(?:fired|launched|lobbed|deployed)(?:\s+(?:at\s+least|more\s+than|about|around))?)"
                          r"\s+(?:an?\s+)?(?-i:[A-Z][a-z]+(?:i|ian|ean|ese|ish|an|ic)\s+)?$", re.I)  # "by a Russian missile"
_OPEN_WORD = re.compile(r"(?<![\w-])\w")
_UNSURE_WORDS = ("whether", "if", "confirm", "unclear", "unknown", "possibl", "suspected", "may", "might", "could")
_CARRYING = re.compile(r"\s+(?:carrying|laden\s+with|packed\s+with|loaded\s+with|armed\s+with)\s+", re.I)
_AND = re.compile(r"\s*(?:,|and|or)\s*(?:(?:and|or)\s+)?")
_UNSURE_BEFORE = re.compile(r"\b(?:whether|if|confirm(?:ed)?\s+that|unclear|unknown|possible|possibly|suspected|"
                            r"may\s+have|might\s+have|could\s+have)\b[^,;.]{0,40}$", re.I)
_NOT_BEFORE = re.compile(r"\b(?:not(?:\s+by)?|rather\s+than|instead\s+of|no)\s+(?:an?\s+|any\s+)?$", re.I)
_CAUSED_BY = re.compile(r"\b(?:explosions?|blasts?|fire|detonations?)\b[^.;]{0,80}?\b(?:was|were|had\s+been)\s+"
                        r"(?:\w+\s+)?caused\s+by\s+(?P<cause>(?!(?:an?\s+|the\s+)?(?:\w+\s+)?(?:attack|strike|airstrike|"
                        r"air\s+strike|explosion|blast|detonation))[^,;.]+)", re.I)
_HEARD = re.compile(rf"\b(?:heard|saw|seen|spotted)\s+(?:what\s+(?:sounded|looked)\s+like\s+)?(?:an?\s+)?"
                    rf"(?:[\w-]+,?\s+){{0,3}}?(?P<head>{HEAD})\b", re.I)
_INHERENT = re.compile(r"\b(?:IEDs?|improvised\s+explosive\s+devices?|car\s+bombs?|roadside\s+bombs?|suicide\s+"
                       r"(?:bombers?|vests?|belts?|car\s+bombs?)|explosives?\s+(?:vests?|belts?)|booby[\s-]traps?|"
                       r"sticky\s+bombs?)\b", re.I)
_MUNITIONS = re.compile(r"\b(?:explosion|blast|detonation)s?\s+(?:of|in|at)\s+(?:an?\s+|the\s+)?(?:stored\s+|"
                        r"stockpiled\s+)?(?:munitions|ammunition|weapons|explosives|arms)(?:\s+(?:depot|store|storage))?",
                        re.I)
_NEGATED = [re.compile(rf"\b(?:no|not\s+any)\s+(?P<list>{HEAD_LIST})\s+(?:were\s+|was\s+|had\s+been\s+|have\s+been\s+)?"
                       r"(?:detected|spotted|seen|observed|recorded|involved|used|present|flying|sighted|launched|fired)\b",
                       re.I),
            re.compile(rf"\bdid\s+not\s+(?:detect|see|observe|record|spot)\s+any\s+(?P<list>{HEAD_LIST})", re.I)]
_PREPS = frozenset("among in on at of for from with by to into during after before near".split())
_NOT_ACTOR_HEADS = frozenset("strike strikes attack attacks explosion blast bombing raid raids it this that which video "
                             "report fire".split())
_ACTOR_HEADS = frozenset("forces troops military army militia militias militants group groups fighters gunmen insurgents "
                         "rebels police soldiers coalition government navy assailants attackers members operatives units "
                         "jihadists extremists terrorists separatists commandos paramilitaries mercenaries".split())
_W_GATE = ("drone", "uav", "unmanned", "missile", "rocket", "mortar", "artiller", "shell", "ied", "improvised", "bomb",
           "explosi", "grenade", "projectile", "jet", "plane", "aircraft", "helicopter", "gunship", "air", "blast",
           "detonat", "caused by", "katyusha", "booby")
_OBJ_PREP = re.compile(r"\s+(?:by|with|in|at|on|during|from|near|after|before|as|overnight)\b")
_DETERMINERS = re.compile(r"(?i)^(?:a\s+number\s+of|an?|the|several|multiple|numerous)\s+")
_AIRSTRIKE_WORD = re.compile(r"(?i)air\s*-?\s*strikes?|air\s+raids?|airstrikes?")
_CORE_CUT = re.compile(r"\s(?:of|in|at|from|for|with|on|near|to|by)\s")
_LIST_CUT = re.compile(r"\s*,\s*|\s+(?:and|or|&)\s+")


def weapon_value(np: str) -> str:
    """Display value of a means phrase: quotes and "a number of" dropped, airstrikes → "airstrike"."""
    s = _SPACES.sub(" ", np.strip(" “”\"'"))
    s = _DETERMINERS.sub("", s)
    return "airstrike" if _AIRSTRIKE_WORD.fullmatch(s) else s


def _kind(word: str, plural: bool) -> str:
    key = _SPACES.sub(" ", word.lower())
    return _KINDS.get(key, (key, key + "s"))[plural]


def _actor_like(np: str) -> bool:
    """An attacker, not a weapon or an event: "US forces", "Israel", "gunmen" (not "More strikes", "ten missiles")."""
    words = np.split()
    if not words or np.lower() in PRONOUNS or ends_with_head(np) or words[0].lower() in _PREPS:
        return False
    core = _CORE_CUT.split(f" {np} ")[0].split()
    head = core[-1].lower() if core else ""
    # a name in the head phrase, not in a phrase after it ("a hospital in X's Y district" is a place)
    return head not in _NOT_ACTOR_HEADS and (head in _ACTOR_HEADS or any(w[:1].isupper() for w in core))


def _prefix(plain: str, window: int, end: int) -> re.Match[str] | None:
    """_PREFIX.search(plain, window, end), tried only where a match can start: at `window`, at a word that no word
    character or hyphen precedes (a number or modifier opens every non-empty match), and at `end`."""
    for p in (window, *(w.start() for w in _OPEN_WORD.finditer(plain, window + 1, end)), end):
        if m := _PREFIX.match(plain, p, end):
            return m
    return None


def find_weapons(text: str, hits: Set[str] | None = None, gated: bool = False) -> list[ClaimDraft]:
    """Means used in an attack; "denies" for means said to be absent ("no drones were detected", "not by an air
    strike"); nothing for means in doubt ("did not confirm that an air strike had taken place") or habits.
    `hits`: the STEMS in the sentence, when the caller found them already (cues.py; more is harmless).
    `gated`: the caller found one of the stems of the first gate (cues.py): not tested again."""
    out: list[ClaimDraft] = []
    plain = blanked(text, BLANK_QUOTES)
    if not gated and not mentions(plain, _W_GATE):
        return out
    hits = STEMS.found(fold(plain)) if hits is None else hits
    for rx in _NEGATED:
        out.extend(claim("weapon", _SPACES.sub(" ", m.group("list")), m.start(), m.end(), "denies")
                   for m in _found(rx, plain, hits))
    denied = [(c.char_start, c.char_end) for c in out]

    def emit(value: str, start: int, end: int, extra: tuple[tuple[str, str], ...] = ()) -> None:
        window = max(0, start - 70)
        near = fold(plain[window:start])
        if any(s <= start < e for s, e in denied) or habitual(plain, start, end) \
                or has(near, _UNSURE_WORDS) and _UNSURE_BEFORE.search(plain, window, start):
            return
        negated = has(near, ("no", "than", "instead")) and _NOT_BEFORE.search(plain, window, start)
        stance: Stance = "denies" if negated else "asserts"
        out.append(claim("weapon", value, start, end, stance, extra=extra))

    for m in _found(_BY, plain, hits):
        span = right_np(plain, m.end())
        if span and ends_with_head(np := _NP_CUT.sub("", plain[span[0]:span[1]])):
            emit(weapon_value(np), m.end(), span[1])
    ascii_low = plain.lower() if plain.isascii() else None  # re.I patterns run faster as plain ones on this
    open_ = not hits.isdisjoint(_GATE_OF[id(_ATTACK_NOUN)]) and passes(_NEEDS[id(_ATTACK_NOUN)], hits)
    attack_nouns = () if not open_ else \
        _ATTACK_NOUN.finditer(plain) if ascii_low is None else _ATTACK_NOUN_LOW.finditer(ascii_low)
    for m in attack_nouns:  # the groups as written (the list is cut on lower-case "and" only)
        kinds = [k for k in _LIST_CUT.split(plain[m.start("list"):m.end("list")]) if k]
        noun = plain[m.start("noun"):m.end("noun")].lower()
        plural = noun.endswith("s") or noun == "fire" or len(kinds) > 1
        for k in kinds:
            emit(_kind(k, plural), m.start(), m.end())
    carrier, carrier_used = None, False
    heads = HEAD_RE.finditer(plain) if ascii_low is None else _HEAD_LOW.finditer(ascii_low)
    for h in heads:  # "ten missiles struck", "hit by a missile", "fired three rockets"
        window = max(0, h.start() - 70)
        pre = _prefix(plain, window, h.start())
        start, np_end = (pre.start() if pre else h.start()), h.end()
        if carrier and _CARRYING.fullmatch(plain, carrier[1], start):  # "drones carrying explosives hit …"
            start, np_end = carrier
        used = _VERB_AFTER.match(plain, h.end()) or _USED_BEFORE.search(plain, window, start)
        joined = carrier is not None and _AND.fullmatch(plain, carrier[1], start)
        if used and joined:  # "Drones and rockets hit …"
            emit(weapon_value(plain[carrier[0]:carrier[1]]), carrier[0], h.end())
        used = used or joined and carrier_used  # "fired ballistic missiles and drones"
        carrier, carrier_used = (start, np_end), bool(used)
        if used:
            emit(weapon_value(plain[start:np_end]), start, h.end())
    for rx in (_INHERENT, _AIRSTRIKE):
        for m in _found(rx, plain, hits):
            emit(weapon_value(m.group(0)), m.start(), m.end())
    for m in _found(_HEARD, plain, hits):  # "residents said they heard what sounded like an unidentified aircraft"
        pre = _prefix(plain, max(0, m.start("head") - 70), m.start("head"))
        np = plain[pre.start() if pre else m.start("head"):m.end()]
        emit(weapon_value(np), m.start(), m.end(), (("observed", "heard"),))
    for m in _found(_CAUSED_BY, plain, hits):  # "… were caused by poor storage and high temperatures"
        cause = m.group("cause").strip()
        if not HEAD_RE.search(cause) and not _actor_like(clean_np(cause)):
            emit("explosion", m.start(), m.end(), (("cause", cause),))
            out.append(claim("note", f"cause: {cause}", m.start(), m.end()))
    for m in _found(_MUNITIONS, plain, hits):
        out.append(claim("weapon", "explosion", m.start(), m.end(), extra=(("detail", m.group(0)),)))
    return out


_ADJ_STRIKE = re.compile(r"\b(?P<adj>(?:(?:U\.S\.|[A-Z]{2,5}|[A-Z][a-z]+(?:i|ian|ean|ese|ish|an|ic)|French|British|"
                         r"Dutch)\s+){1,2})(?:(?:drone|missile|rocket|air|aerial|artillery)\s+)?(?:air\s*-?\s*strikes?|"
                         r"strikes?|raids?|attacks?|bombardments?|bombing|shelling|assault)\b")
_ATTACK_VERB = re.compile(r"\b(?:opened\s+fire|struck|hit|attacked|bombed|shelled|targeted|launched|conducted|"
                          r"carried\s+out|fired|raided|pounded|killed|assassinated|stormed|overran|ambushed|"
                          r"seized\s+control\s+of)\b")
_P_GATE = ("fire", "struck", "hit", "attack", "bomb", "shell", "target", "launch", "conduct", "carried", "raid", "pound",
           "kill", "assassin", "strike", "blam", "accus", "held", "responsib", "suspect", "believed", "thought", "behind",
           "known", "clear", "staged", "perpetrat", "executed", "mounted", "committed", "assault", "storm",
           "overran", "ambush", "seized")
_ACTOR_NP = r"(?P<np>[^,;.]{1,80}?)"
_ATTACKS = r"(?:attacks?|strikes?|bombings?|blasts?|explosions?|assaults?|raids?|shelling|killings?|violence|incident|ambush)"
_BLAME = [  # the accused actor is group "np"; the speaker is the subject before the match
    re.compile(rf"\bblam(?:ed|es|ing)\s+(?:(?!\bfor\b)[^,;.]){{0,60}}?\b{_ATTACKS}\s+on\s+(?P<np>[^,;.]{{1,80}}?)"
               r"(?=\s*(?:[,;.]|$|\s(?:for|in|on|over|after|which|who|and)\b))"),
    re.compile(rf"\bblam(?:ed|es|ing)\s+{_ACTOR_NP}\s+for\b"),
    re.compile(rf"\baccus(?:ed|es|ing)\s+{_ACTOR_NP}\s+of\s+(?:carrying|being|launching|conducting|staging|"
               r"perpetrating|orchestrating|the|responsibility|involvement)"),
    re.compile(rf"\bheld\s+{_ACTOR_NP}\s+responsible\b"),
    re.compile(r"\b(?:suspect(?:ed|s)|blam(?:ed|es))\s+(?P<np>(?:the\s+)?[A-Z][\w'’.-]*(?:\s+(?:of\s+)?[A-Z][\w'’.-]*)"
               r"{0,4})(?=\s*(?:[,;.]|$))"),
]
_CLAIMED = re.compile(r"\b(?:claimed|claims|has\s+claimed|have\s+claimed)\s+responsibility\b")
_SUSPECTED = re.compile(r"\b(?:is|are|was|were)\s+(?:widely\s+)?(?:suspected|believed|thought|alleged)\s+(?:by\s+"
                        r"(?P<by>[^,;.]+?)\s+)?(?:of|to\s+(?:have|be))\b")
_BEHIND = re.compile(r"\b(?:was|were|is|are|had\s+been)\s+(?:behind|responsible\s+for)\s+(?:the|this|that|these|"
                     rf"[\w-]+'s)?\s*(?:[\w-]+\s+)?{_ATTACKS}")
_UNKNOWN = re.compile(r"\b(?:not|un)\s*(?:yet\s+)?(?:known|clear)\s+who\s+(?:was|is|were|had\s+been)?\s*(?:responsible|"
                      r"behind|carried\s+out|launched|conducted|fired)", re.I)
_NO_CLAIM = re.compile(r"\bno\s+(?:group|one|party|faction|organi[sz]ation)\s+(?:has\s+|had\s+)?(?:yet\s+|immediately\s+)?"
                       r"claimed\s+responsibility", re.I)


_DONE_BY = ("carried", "conducted", "launched", "executed", "perpetrated", "staged", "mounted", "committed")
_ATTACK_NOUNS = ("strike", "raid", "attack", "bombard", "bombing", "shelling", "assault")
# Gates: a match of the pattern contains one of these words (folded); a sentence without any is not scanned.
_GATES: dict[re.Pattern[str], tuple[str, ...]] = {
    _NEGATED[0]: ("detected", "spotted", "seen", "observed", "recorded", "involved", "used", "present", "flying",
                  "sighted", "launched", "fired"),
    _NEGATED[1]: ("did",), _BY: _DONE_BY, _ATTACK_NOUN: _ATTACK_NOUNS + ("barrage", "fire", "salvo", "blast", "explosion"),
    _INHERENT: ("ied", "improvised", "bomb", "suicide", "booby", "explosive"), _AIRSTRIKE: ("strike", "raid"),
    _HEARD: ("heard", "saw", "seen", "spotted"), _CAUSED_BY: ("caused",),
    _MUNITIONS: ("munitions", "ammunition", "weapons", "explosives", "arms"), _ADJ_STRIKE: _ATTACK_NOUNS,
    _ATTACK_VERB: ("opened", "struck", "hit", "attacked", "bombed", "shelled", "targeted", "launched", "conducted",
                   "carried", "fired", "raided", "pounded", "killed", "assassinated", "stormed", "overran",
                   "ambushed", "seized"),
    _BLAME[0]: ("blam",), _BLAME[1]: ("blam",), _BLAME[2]: ("accus",), _BLAME[3]: ("held",),
    _BLAME[4]: ("suspect", "blam"), _CLAIMED: ("responsibility",), _SUSPECTED: ("suspected", "believed", "thought",
    "alleged"), _BEHIND: ("behind", "responsible"), _UNKNOWN: ("known", "clear"), _NO_CLAIM: ("claimed",),
}
_GATE_OF = {id(rx): frozenset(words) for rx, words in _GATES.items()}  # by id: hashing a pattern hashes its code
# And the words read from each pattern itself (required.py), several of which a match needs together.
_NEEDS: dict[int, Gate] = {id(rx): required(rx) for rx in _GATES}
_ATTACK_NOUN_LOW, _HEAD_LOW = lowered(_ATTACK_NOUN), lowered(HEAD_RE)
_BLAME_STEMS = frozenset().union(*(_GATE_OF[id(rx)] for rx in _BLAME))  # one test before five
_SUSPECTED_STEMS = _GATE_OF[id(_SUSPECTED)] | _GATE_OF[id(_BEHIND)]
#: Every gate stem of this module's patterns (and the habit words): found once per sentence, each gate a set test.
STEMS = Stems({stem for words in (*_GATES.values(), HABIT_WORDS) for stem in words} | stems(_NEEDS.values()))
_SPACES = re.compile(r"\s+")


def _found(rx: re.Pattern[str], plain: str, hits: Set[str]) -> Iterator[re.Match[str]] | tuple[()]:
    """rx.finditer(plain), or nothing when the sentence lacks every gate word of rx or a word it needs (`hits`: the
    stems it holds)."""
    return () if hits.isdisjoint(_GATE_OF[id(rx)]) or not passes(_NEEDS[id(rx)], hits) else rx.finditer(plain)


def find_perpetrators(text: str, hits: Set[str] | None = None, gated: bool = False) -> list[ClaimDraft]:
    """Who did it, as claimed: attackers named as subjects or by "carried out by", blame, claims of responsibility.
    `hits` and `gated` as for find_weapons."""
    out: list[ClaimDraft] = []
    plain = blanked(text, BLANK_QUOTES_KEEP_APOSTROPHE)
    if not gated and not mentions(plain, _P_GATE):
        return out
    hits = STEMS.found(fold(plain)) if hits is None else hits
    out.extend(claim("perpetrator", m.group("adj").strip(), m.start(), m.end())
               for m in _found(_ADJ_STRIKE, plain, hits) if not habitual(plain, m.start(), m.end()))
    for m in _found(_ATTACK_VERB, plain, hits) if not habit_sentence(plain, hits) else ():
        passive = _OBJ_PREP.match(plain, m.end()) and not m.group(0).startswith("opened")  # "X hit with …"
        span = None if passive else left_np(plain, m.start())
        np = clean_np(plain[span[0]:span[1]]) if span else ""
        if span and np.lower() in ("it", "we"):  # "The Israeli military said it struck …": the speaker did it
            out.append(claim("perpetrator", "", span[0], m.end(), extra=(("value_from_holder", "organisation"),)))
        elif span and _actor_like(np):
            out.append(claim("perpetrator", np, span[0], m.end()))
    for m in _found(_BY, plain, hits):
        span = right_np(plain, m.end()) if m.group("prep").lower() == "by" else None
        if span and not habitual(plain, m.start(), span[1]):
            if _actor_like(np := clean_np(_NP_CUT.sub("", plain[span[0]:span[1]]))):
                out.append(claim("perpetrator", np, m.start(), span[1]))
    for m in (m for rx in _BLAME for m in _found(rx, plain, hits)) if not hits.isdisjoint(_BLAME_STEMS) else ():
        if not habitual(plain, m.start(), m.end()):
            speaker = left_np(plain, m.start())
            holder = clean_np(plain[speaker[0]:speaker[1]]) if speaker else ""
            out.append(claim("perpetrator", clean_np(m.group("np")), m.start(), m.end(), holder=holder))
    for m in _found(_CLAIMED, plain, hits):
        span = left_np(plain, m.start())
        if span and not habitual(plain, m.start(), m.end() + 20) and not _NO_CLAIM.search(plain):
            np = clean_np(plain[span[0]:span[1]])
            out.append(claim("perpetrator", np, span[0], m.end(), holder=np, extra=(("claimed", "responsibility"),)))
    for m in (m for rx in (_SUSPECTED, _BEHIND) for m in _found(rx, plain, hits)) \
            if not hits.isdisjoint(_SUSPECTED_STEMS) else ():
        span = left_np(plain, m.start())
        np, by = (clean_np(plain[span[0]:span[1]]) if span else ""), m.groupdict().get("by")
        if span and np.lower() in PRONOUNS:
            out.append(claim("perpetrator", "", span[0], m.end(), extra=(("value_from_holder", "organisation"),)))
        elif span and _actor_like(np) and not (by is not None and habitual(plain, m.start(), m.end())):
            out.append(claim("perpetrator", np, span[0], m.end(), holder=clean_np(by) if by else ""))
    out.extend(claim("perpetrator", "unknown", m.start(), m.end()) for m in _found(_UNKNOWN, plain, hits))
    out.extend(claim("note", "no claim of responsibility", m.start(), m.end()) for m in _found(_NO_CLAIM, plain, hits))
    return out
