"""Means (weapon), perpetrator/blame and target claims of one sentence.

Only means used in an attack count ("carried out by drones", "a drone strike", "ten missiles struck"), never an
arsenal or a habit ("stockpiling missiles", "numerous drone attacks in recent months"). Findings are ClaimDrafts with
sentence-relative offsets; holder "" means "whoever the sentence attributes it to", a non-empty holder is the
subject who makes the claim itself ("The US blamed …"). See claims.py for the extra keys.
"""
from __future__ import annotations

import re
from typing import Literal

from briefings.extract.numbers import MONTHS, NUMBER, mentions
from briefings.extract.phrases import HABIT_SENTENCE, PRONOUNS, WEEKDAY, clean_np, habitual, left_np, right_np
from briefings.extract.types import ClaimDraft

Stance = Literal["asserts", "denies"]

HEAD = (r"(?:drones?|UAVs?|unmanned\s+aerial\s+vehicles?|missiles?|rockets?|mortars?(?:\s+(?:rounds?|shells?))?|"
        r"artillery(?:\s+shells?)?|shells|IEDs?|improvised\s+explosive\s+devices?|car\s+bombs?|roadside\s+bombs?|"
        r"bombs?|suicide\s+(?:bombers?|vests?|attackers?)|explosives?|grenades?|projectiles?|(?:fighter\s+|war)?jets|"
        r"(?:fighter|war)planes?|aircraft|helicopters?|gunships?|air\s*-?\s*strikes?|air\s+raids?)")
_MODS = (r"(?:ballistic|cruise|Katyusha|Grad|armed|explosive-laden|suicide|kamikaze|attack|one-way|Shahed|guided|"
         r"precision|unknown|unidentified|[A-Z]{1,3}-\d+[A-Z]?s?|[a-z]+-(?:range|laden|guided|made|propelled|way|armed))")
_LIST = rf"(?:{_MODS}\s+)?{HEAD}(?:(?:\s*,\s*|\s+(?:or|and|nor)\s+)(?:{_MODS}\s+)?{HEAD})*"
_HEAD_RE, _HEAD_FULL = re.compile(rf"\b{HEAD}\b", re.I), re.compile(HEAD, re.I)
_BY = re.compile(r"\b(?:carried\s+out|conducted|launched|executed|perpetrated|staged|mounted|committed)\b"
                 r"(?:\s+(?!by\b)[^\s,;.]+){0,7}?\s+(?P<prep>by|with|using)\s+", re.I)
_NP_CUT = re.compile(r"\s+(?:against|on|at|in|targeting|from|near|over|into|with|during)\b.*$", re.I)
_KINDS = {"drone": ("drone", "drones"), "uav": ("UAV", "UAVs"), "ied": ("IED", "IEDs"), "artillery": ("artillery",) * 2,
          "suicide": ("suicide bomber", "suicide bombers"), "katyusha": ("Katyusha rocket", "Katyusha rockets"),
          "air": ("airstrike", "airstrike")}
_KIND = r"drone|UAV|rocket|missile|mortar|artillery|suicide|car\s+bomb|IED|grenade|projectile|Katyusha"
_ATTACK_NOUN = re.compile(rf"\b(?P<list>(?:{_KIND}|air)(?:(?:\s*,\s*|\s+(?:and|or|&)\s+)(?:{_KIND}))*)\s+"
                          r"(?P<noun>strikes?|attacks?|raids?|barrages?|fire|salvos?|bombardments?|shelling|assaults?|"
                          r"bombings?)\b", re.I)
_AIRSTRIKE = re.compile(r"\bair\s*-?\s*strikes?\b|\bair\s+raids?\b", re.I)
_PREFIX = re.compile(rf"(?<![\w-])(?:(?:{NUMBER})\s+)?(?:{_MODS}\s+){{0,2}}$", re.I)  # "ten", "three F-35", "ballistic"
_VERB_AFTER = re.compile(r"\s+(?:(?:have|has|had|were|was|been|reportedly|also|then)\s+)*(?:struck|strike|strikes|"
                         r"hit|hits|targeted|slammed|landed|fell|exploded|crashed|rained|pounded|fired|launched)\b", re.I)
_USED_BEFORE = re.compile(r"(?:\b(?:hit|struck|targeted|attacked|bombed|shelled|pounded|destroyed|damaged)\s+by|"
                          r"\b(?:attacked|struck|hit|targeted|shelled|bombed|pounded|fired\s+on|fired\s+at)\b[^.;]{0,60}?"
                          r"\bwith|\b(?:fired|launched|lobbed|deployed)(?:\s+(?:at\s+least|more\s+than|about|around))?)"
                          r"\s+(?:an?\s+)?$", re.I)
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
                       r"(?:bombers?|vests?|car\s+bombs?)|booby[\s-]traps?|sticky\s+bombs?)\b", re.I)
_MUNITIONS = re.compile(r"\b(?:explosion|blast|detonation)s?\s+(?:of|in|at)\s+(?:an?\s+|the\s+)?(?:stored\s+|"
                        r"stockpiled\s+)?(?:munitions|ammunition|weapons|explosives|arms)(?:\s+(?:depot|store|storage))?",
                        re.I)
_NEGATED = [re.compile(rf"\b(?:no|not\s+any)\s+(?P<list>{_LIST})\s+(?:were\s+|was\s+|had\s+been\s+|have\s+been\s+)?"
                       r"(?:detected|spotted|seen|observed|recorded|involved|used|present|flying|sighted|launched|fired)\b",
                       re.I),
            re.compile(rf"\bdid\s+not\s+(?:detect|see|observe|record|spot)\s+any\s+(?P<list>{_LIST})", re.I)]
_PREPS = frozenset("among in on at of for from with by to into during after before near".split())
_NOT_ACTOR_HEADS = frozenset("strike strikes attack attacks explosion blast bombing raid raids it this that which video "
                             "report fire".split())
_ACTOR_HEADS = frozenset("forces troops military army militia militias militants group groups fighters gunmen insurgents "
                         "rebels police soldiers coalition government navy assailants attackers".split())
_BLANK_QUOTES = str.maketrans("“”\"‘’", "     ")
_BLANK_QUOTES_KEEP_APOSTROPHE = str.maketrans("“”\"‘", "    ")
_W_GATE = ("drone", "uav", "unmanned", "missile", "rocket", "mortar", "artiller", "shell", "ied", "improvised", "bomb",
           "explosi", "grenade", "projectile", "jet", "plane", "aircraft", "helicopter", "gunship", "air", "blast",
           "detonat", "caused by", "katyusha", "booby")
_OBJ_PREP = re.compile(r"\s+(?:by|with|in|at|on|during|from|near|after|before|as|overnight)\b")


def _claim(field: str, value: str, start: int, end: int, stance: Stance = "asserts", holder: str = "",
           extra: tuple[tuple[str, str], ...] = ()) -> ClaimDraft:
    return ClaimDraft(field, value, None, None, holder, stance, start, end, extra=extra)


def weapon_value(np: str) -> str:
    """Display value of a means phrase: quotes and "a number of" dropped, airstrikes → "airstrike"."""
    s = re.sub(r"\s+", " ", np.strip(" “”\"'"))
    s = re.sub(r"(?i)^(?:a\s+number\s+of|an?|the|several|multiple|numerous)\s+", "", s)
    return "airstrike" if re.fullmatch(r"(?i)air\s*-?\s*strikes?|air\s+raids?|airstrikes?", s) else s


def _ends_with_head(np: str) -> bool:
    words = np.split()
    return any(_HEAD_FULL.fullmatch(" ".join(words[-k:])) for k in (1, 2, 3) if len(words) >= k)


def _kind(word: str, plural: bool) -> str:
    key = re.sub(r"\s+", " ", word.lower())
    return _KINDS.get(key, (key, key + "s"))[plural]


def _actor_like(np: str) -> bool:
    """An attacker, not a weapon or an event: "US forces", "Israel", "gunmen" (not "More strikes", "ten missiles")."""
    words = np.split()
    if not words or np.lower() in PRONOUNS or _ends_with_head(np) or words[0].lower() in _PREPS:
        return False
    core = re.split(r"\s(?:of|in|at|from|for|with|on|near|to|by)\s", f" {np} ")[0].split()
    head = core[-1].lower() if core else ""
    return head not in _NOT_ACTOR_HEADS and (head in _ACTOR_HEADS or any(w[:1].isupper() for w in words))


def find_weapons(text: str) -> list[ClaimDraft]:
    """Means used in an attack; "denies" for means said to be absent ("no drones were detected", "not by an air
    strike"); nothing for means in doubt ("did not confirm that an air strike had taken place") or habits."""
    out: list[ClaimDraft] = []
    plain = text.translate(_BLANK_QUOTES)
    if not mentions(plain, _W_GATE):
        return out
    for rx in _NEGATED:
        out.extend(_claim("weapon", re.sub(r"\s+", " ", m.group("list")), m.start(), m.end(), "denies")
                   for m in rx.finditer(plain))
    denied = [(c.char_start, c.char_end) for c in out]

    def emit(value: str, start: int, end: int, extra: tuple[tuple[str, str], ...] = ()) -> None:
        window = max(0, start - 70)
        if any(s <= start < e for s, e in denied) or habitual(plain, start, end) \
                or _UNSURE_BEFORE.search(plain, window, start):
            return
        stance: Stance = "denies" if _NOT_BEFORE.search(plain, window, start) else "asserts"
        out.append(_claim("weapon", value, start, end, stance, extra=extra))

    for m in _BY.finditer(plain):
        span = right_np(plain, m.end())
        if span and _ends_with_head(np := _NP_CUT.sub("", plain[span[0]:span[1]])):
            emit(weapon_value(np), m.end(), span[1])
    for m in _ATTACK_NOUN.finditer(plain):
        kinds = [k for k in re.split(r"\s*,\s*|\s+(?:and|or|&)\s+", m.group("list")) if k]
        plural = m.group("noun").lower().endswith("s") or m.group("noun").lower() == "fire" or len(kinds) > 1
        for k in kinds:
            emit(_kind(k, plural), m.start(), m.end())
    carrier, carrier_used = None, False
    for h in _HEAD_RE.finditer(plain):  # "ten missiles struck", "hit by a missile", "fired three rockets"
        window = max(0, h.start() - 70)
        pre = _PREFIX.search(plain, window, h.start())
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
        for m in rx.finditer(plain):
            emit(weapon_value(m.group(0)), m.start(), m.end())
    for m in _HEARD.finditer(plain):  # "residents said they heard what sounded like an unidentified aircraft"
        pre = _PREFIX.search(plain, max(0, m.start("head") - 70), m.start("head"))
        np = plain[pre.start() if pre else m.start("head"):m.end()]
        emit(weapon_value(np), m.start(), m.end(), (("observed", "heard"),))
    for m in _CAUSED_BY.finditer(plain):  # "… were caused by poor storage and high temperatures"
        cause = m.group("cause").strip()
        if not _HEAD_RE.search(cause) and not _actor_like(clean_np(cause)):
            emit("explosion", m.start(), m.end(), (("cause", cause),))
            out.append(_claim("note", f"cause: {cause}", m.start(), m.end()))
    for m in _MUNITIONS.finditer(plain):
        out.append(_claim("weapon", "explosion", m.start(), m.end(), extra=(("detail", m.group(0)),)))
    return out


_ADJ_STRIKE = re.compile(r"\b(?P<adj>(?:(?:U\.S\.|[A-Z]{2,5}|[A-Z][a-z]+(?:i|ian|ean|ese|ish|an|ic)|French|British|"
                         r"Dutch)\s+){1,2})(?:(?:drone|missile|rocket|air|aerial|artillery)\s+)?(?:air\s*-?\s*strikes?|"
                         r"strikes?|raids?|attacks?|bombardments?|bombing|shelling|assault)\b")
_ATTACK_VERB = re.compile(r"\b(?:opened\s+fire|struck|hit|attacked|bombed|shelled|targeted|launched|conducted|"
                          r"carried\s+out|fired|raided|pounded|killed|assassinated)\b")
_P_GATE = ("fire", "struck", "hit", "attack", "bomb", "shell", "target", "launch", "conduct", "carried", "raid", "pound",
           "kill", "assassin", "strike", "blam", "accus", "held", "responsib", "suspect", "believed", "thought", "behind",
           "known", "clear", "staged", "perpetrat", "executed", "mounted", "committed", "assault")
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


def find_perpetrators(text: str) -> list[ClaimDraft]:
    """Who did it, as claimed: attackers named as subjects or by "carried out by", blame, claims of responsibility."""
    out: list[ClaimDraft] = []
    plain = text.translate(_BLANK_QUOTES_KEEP_APOSTROPHE)
    if not mentions(plain, _P_GATE):
        return out
    out.extend(_claim("perpetrator", m.group("adj").strip(), m.start(), m.end())
               for m in _ADJ_STRIKE.finditer(plain) if not habitual(plain, m.start(), m.end()))
    for m in _ATTACK_VERB.finditer(plain) if not HABIT_SENTENCE.search(plain) else ():
        passive = _OBJ_PREP.match(plain, m.end()) and not m.group(0).startswith("opened")  # "X hit with …"
        span = None if passive else left_np(plain, m.start())
        np = clean_np(plain[span[0]:span[1]]) if span else ""
        if span and np.lower() in ("it", "we"):  # "The Israeli military said it struck …": the speaker did it
            out.append(_claim("perpetrator", "", span[0], m.end(), extra=(("value_from_holder", "organisation"),)))
        elif span and _actor_like(np):
            out.append(_claim("perpetrator", np, span[0], m.end()))
    for m in _BY.finditer(plain):
        span = right_np(plain, m.end()) if m.group("prep").lower() == "by" else None
        if span and not habitual(plain, m.start(), span[1]):
            if _actor_like(np := clean_np(_NP_CUT.sub("", plain[span[0]:span[1]]))):
                out.append(_claim("perpetrator", np, m.start(), span[1]))
    for m in (m for rx in _BLAME for m in rx.finditer(plain)):
        if not habitual(plain, m.start(), m.end()):
            speaker = left_np(plain, m.start())
            holder = clean_np(plain[speaker[0]:speaker[1]]) if speaker else ""
            out.append(_claim("perpetrator", clean_np(m.group("np")), m.start(), m.end(), holder=holder))
    for m in _CLAIMED.finditer(plain):
        span = left_np(plain, m.start())
        if span and not habitual(plain, m.start(), m.end() + 20) and not _NO_CLAIM.search(plain):
            np = clean_np(plain[span[0]:span[1]])
            out.append(_claim("perpetrator", np, span[0], m.end(), holder=np, extra=(("claimed", "responsibility"),)))
    for m in (m for rx in (_SUSPECTED, _BEHIND) for m in rx.finditer(plain)):
        span = left_np(plain, m.start())
        np, by = (clean_np(plain[span[0]:span[1]]) if span else ""), m.groupdict().get("by")
        if span and np.lower() in PRONOUNS:
            out.append(_claim("perpetrator", "", span[0], m.end(), extra=(("value_from_holder", "organisation"),)))
        elif span and _actor_like(np) and not (by is not None and habitual(plain, m.start(), m.end())):
            out.append(_claim("perpetrator", np, span[0], m.end(), holder=clean_np(by) if by else ""))
    out.extend(_claim("perpetrator", "unknown", m.start(), m.end()) for m in _UNKNOWN.finditer(plain))
    out.extend(_claim("note", "no claim of responsibility", m.start(), m.end()) for m in _NO_CLAIM.finditer(plain))
    return out


_T_GATE = ("fire", "target", "struck", "hit", "attack", "bomb", "shell", "pound", "raid", "storm", "strike", "assault",
           "against", "offensive", "launched", "lobbed")
_T_VERB = re.compile(r"\b(?:targeting|targeted|targets|struck|hit|hits|attacked|bombed|shelled|pounded|raided|stormed|"
                     r"opened\s+fire\s+(?:on|at))\s+")
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
_T_BAD = re.compile(rf"(?i)(?:by|with|in|at|on|of|from|to|them|it|him|her|us|back|out|up|hard|{WEEKDAY}|{MONTHS})\b"
                    r"|(?:(?:its|their)\s+)?(?:targets?|positions|sites)$")


def _target_np(plain: str, pos: int) -> tuple[str, int] | None:
    end = stop = pos
    while (m := _T_END.search(plain, end)) is not None:
        stop = m.start()
        if plain[stop:stop + 1] != "," or not (lst := _T_LIST.match(plain, stop)):
            break
        end = lst.end()
    np = re.sub(r"\s+(?:and|or|the)$", "", re.sub(r"\s+", " ", plain[pos:stop]).strip(" ,"))
    if not np or len(np.split()) > 14 or _T_BAD.match(np) or _ABSTRACT.search(np) or _ends_with_head(np):
        return None
    return np, stop


def find_targets(text: str) -> list[ClaimDraft]:
    """What was hit, as a short noun phrase ("three sites used by Iran-backed militias")."""
    out: list[ClaimDraft] = []
    plain = text.translate(_BLANK_QUOTES)
    if not mentions(plain, _T_GATE):
        return out
    for rx, m in ((rx, m) for rx in (_T_VERB, _T_NOUN, _T_AGAINST) for m in rx.finditer(plain)):
        before = plain[max(0, m.start() - 12):m.start()].lower()
        if rx is _T_VERB and (re.search(r"\b(?:the|a|an|were|was|been|be|being|is|are)\s+$", before)
                              or HABIT_SENTENCE.search(plain)):
            continue
        if rx is _T_NOUN and (_BLAMED_BEFORE.search(plain, max(0, m.start() - 60), m.start())
                              or _BARE_PLURAL.search(plain, max(0, m.start() - 30), m.start())
                              and m.group(0).lower().startswith("attacks")):
            continue
        got = _target_np(plain, m.end())
        if got and not habitual(plain, m.start(), got[1]):
            out.append(_claim("target", got[0], m.start(), got[1]))
    return out
