"""When two claims are really the same thing, and what a claim is about (issue 18).

Only real disagreements are shown as disputes:
- the same means in other words ("explosive-laden drones" and "drone"; "a drone strike" and "drones") is one
  value, and a general word does not contradict a specific one ("an airstrike" by "drones" or "jets";
  "unknown aircraft" and "drones");
- "at least 2" does not contradict "2" (but "at least 12" and "at least 19" are a disagreement on the toll);
- a figure about part of the victims ("none of its personnel had been hurt", "34 of his family") is a
  subgroup, never the incident's total;
- a place the attack came from ("fired from farmland on the eastern bank") is a launch site, not a target.
Pure functions over `ClaimView`-like values: reconcile, history and the table share them.
"""
from __future__ import annotations

import re
from functools import lru_cache
from typing import Protocol

from briefings.extract.numbers import UNITS

NUMERIC = ("killed", "wounded", "missing", "distance_km")


class ClaimLike(Protocol):
    field: str
    value: str | None
    value_num: float | None
    qualifier: str | None
    stance: str
    quote: str


# -- means: one head word per kind of weapon ------------------------------------------------------------
_LEAD = re.compile(r"^(?:(?:a|an|the|one|two|three|four|five|six|seven|eight|nine|ten|several|some|a number of|"
                   r"number of|multiple|\d+)\s+)+")
_JOINED = re.compile(r"\b(air|drone|missile|rocket|artillery|mortar)\s+(?:strikes?|attacks?|fire|shells?|rounds?)\b")
_SPLIT = re.compile(r"\s+(?:or|and|and/or)\s+|,\s*")
_SYNONYM = {"air": "airstrike", "airstrike": "airstrike", "bombing": "airstrike", "raid": "airstrike",
            "uav": "drone", "warplane": "jet", "plane": "aircraft", "fighter": "jet", "katyusha": "rocket",
            "projectile": "rocket", "shell": "artillery", "mortar": "mortar"}
# general word -> the specific ones it covers (a drone strike is an airstrike; a jet is an aircraft)
_COVERS = {
    "airstrike": {"drone", "jet", "aircraft", "missile", "helicopter", "bomb"},
    "aircraft": {"drone", "jet", "helicopter"},
    "attack": {"drone", "jet", "aircraft", "missile", "helicopter", "bomb", "rocket", "airstrike", "mortar",
               "artillery", "explosion", "ied"},
    "strike": {"drone", "jet", "aircraft", "missile", "helicopter", "bomb", "rocket", "airstrike", "mortar",
               "artillery"},
    "device": {"bomb", "ied", "grenade", "explosive", "explosion", "mine", "vest"},  # "an explosive device"
    "missile": {"rocket"}, "rocket": {"missile"},  # one projectile, named either way in reports and translations
}
# guns are used alongside any other means (gunmen who also threw grenades): a firearm contradicts no other means
_FIREARMS = frozenset({"gun", "gunfire", "rifle", "weapon", "firearm", "kalashnikov", "pistol", "shooting", "shotgun",
                       "machine-gun", "ak-47", "gunshot", "bullet"})


def _singular(word: str) -> str:
    if word.endswith("ies") and len(word) > 4:
        return word[:-3] + "y"
    if word.endswith("s") and not word.endswith("ss") and len(word) > 3:
        return word[:-1]
    return word


@lru_cache(maxsize=4096)
def means_heads(value: str) -> frozenset[str]:
    """'explosive-laden drones' -> {'drone'}; 'drones or fighter jets' -> {'drone', 'jet'}; 'air strike' ->
    {'airstrike'}: the kinds of means a value names (its last word, singular, synonyms folded)."""
    text = _JOINED.sub(lambda m: m.group(1), value.lower().replace("air strike", "airstrike"))
    heads = set()
    for part in _SPLIT.split(text):
        words = re.findall(r"[a-z][a-z0-9-]*", _LEAD.sub("", part.strip()))
        if words:
            head = _singular(words[-1].split("-")[-1])
            heads.add(_SYNONYM.get(head, head))
    return frozenset(heads)


def means_compatible(a: str, b: str) -> bool:
    """Same kind of means, or one names a kind that covers the other's ('airstrike' covers 'drone')."""
    ha, hb = means_heads(a), means_heads(b)
    if not ha or not hb:
        return a.strip().lower() == b.strip().lower()
    if ha & hb or ha <= _FIREARMS or hb <= _FIREARMS:
        return True
    return all(any(y in _COVERS.get(x, ()) for x in ha) for y in hb) or \
        all(any(x in _COVERS.get(y, ()) for y in hb) for x in ha)


def compatible(a: ClaimLike, b: ClaimLike) -> bool:
    """Two claims of one field that do not contradict each other."""
    if a.stance != b.stance:
        return False
    if a.field in NUMERIC:
        if a.value_num is None or b.value_num is None:
            return True  # "casualties, no figure" contradicts no figure
        return a.value_num == b.value_num  # "at least 2" and "2" agree; "at least 12" and "at least 19" do not
    if a.field == "weapon":
        return means_compatible(a.value or "", b.value or "")
    if a.field == "perpetrator":
        return actor_compatible(a.value or "", b.value or "")
    return norm(a.value) == norm(b.value)


_GENERIC = {"the", "a", "an", "group", "groups", "terrorist", "organization", "organisation", "movement", "militia",
            "forces", "force", "of", "and", "its", "their"}


def _actor_words(value: str) -> frozenset[str]:
    return frozenset(re.findall(r"[a-z0-9]+", re.sub(r"\([^)]*\)", " ", value.lower()))) - _GENERIC


_FORCES = frozenset({"military", "army", "troops", "soldiers", "armed", "air", "navy", "naval"})
_ACRONYM = re.compile(r"(?<![\w.])([A-Z][a-z]?[A-Z]{1,5})(?![\w.])")  # "RSF", "IS", "TTP", "(BLA)"
_GIVEN = re.compile(r"\(([A-Z][a-z]?[A-Z]{1,5})\)")  # the acronym a report gives with the name
_NAME_WORD = re.compile(r"[A-Z][\w’'.]*|(?<=-)[a-z]+(?=-)")  # "Tehreek-e-Taliban": the 'e' is no initial
_LINK_WORDS = frozenset({"of", "the", "and", "for", "al", "el", "e", "i"})


def actor_compatible(a: str, b: str) -> bool:
    """Two names of one actor: one's words hold the other's ('Islamic State' and 'Islamic State (IS) terrorist
    group'), an acronym and its expansion ('RSF', 'Rapid Support Forces'), two spellings sharing their acronym
    ('Baloch Liberation Army (BLA)', 'Balochistan Liberation Army (BLA)'), or a state's forces unnamed and named
    ('the military', 'the Nigerian Army')."""
    wa, wb = _actor_words(a), _actor_words(b)
    if wa and wb and (wa <= wb or wb <= wa):
        return True
    if wa and wb and (wa <= _FORCES and wb & _FORCES or wb <= _FORCES and wa & _FORCES):
        return True
    xa, xb = _stated_acronyms(a), _stated_acronyms(b)
    return bool(xa & (xb | _initials(b)) or xb & (xa | _initials(a)))


def actor_spellings(values: list[str]) -> dict[str, str]:
    """Each name as its fullest spelling among `values` (one incident's): where some value gives a name with its
    acronym ('Islamic State (ISIS)'), the bare acronym and the bare name both become that spelling."""
    given: dict[str, str] = {}
    for v in values:
        for acr in _GIVEN.findall(v):
            given.setdefault(acr, v)
    out = {}
    for v in values:
        bare = _stated_acronyms(v) if "(" not in v else frozenset()
        full = next((given[x] for x in bare if x in given), None)
        if full is None:
            words = _actor_words(v)
            full = next((f for f in given.values() if words and words == _actor_words(f)), None)
        if full is not None and full != v:
            out[v] = full
    return out


@lru_cache(maxsize=4096)
def _stated_acronyms(value: str) -> frozenset[str]:
    """'Rapid Support Forces (RSF)' -> {'RSF'}; 'RSF' -> {'RSF'}; 'Rapid Support Forces' -> {}."""
    return frozenset(_ACRONYM.findall(value))


@lru_cache(maxsize=4096)
def _initials(value: str) -> frozenset[str]:
    """The acronyms a name can have, from its last run of capitalised words: "Sudan's paramilitary Rapid Support
    Forces" -> {'RSF'}; 'The Resistance Front' -> {'TRF', 'RF'}; 'Islamic State of Iraq' -> {'ISOI', 'ISI'}."""
    name = re.sub(r"\([^)]*\)", " ", value).replace("-", " ")
    runs, run = [], []  # type: list[list[str]], list[str]
    for w in re.findall(r"[\w’'.]+", name):
        if w[:1].isupper() and not w.endswith(("'s", "’s")) or run and w.lower() in _LINK_WORDS:
            run.append(w)
        else:
            runs, run = runs + [run], []
    words = next((r for r in reversed(runs + [run]) if r), [])
    while words and words[-1].lower() in _LINK_WORDS:
        words.pop()
    if len(words) < 2:
        return frozenset()
    found = set()
    for ws in (words, words[1:] if words[0].lower() == "the" else words):
        found.add("".join(w[0] for w in ws).upper())
        found.add("".join(w[0] for w in ws if w.lower() not in _LINK_WORDS).upper())
    return frozenset(x for x in found if len(x) >= 2)


def norm(value: str | None) -> str:
    v = (value or "").lower()
    v = re.sub(r"^(?:a|an|the|one|two|three|four|five|six|several|a number of|some)\s+", "", v)
    return re.sub(r"(?<=[a-z])s\b", "", v).strip()


# -- subgroups: "none of its personnel", "34 of his family", "no American personnel" ---------------------
_NUM_WORD = "|".join(sorted(UNITS, key=len, reverse=True))
_PART = re.compile(
    rf"\b(?P<n>none|no one|nobody|\d+|{_NUM_WORD})\s+of\s+(?P<who>(?:its|their|his|her|our|the\s+\w+'s)\s+[a-z-]+"
    rf"(?:\s+(?:members|personnel|staff|family|relatives|soldiers|troops|employees|workers|crew))?)", re.I)
_OF = re.compile(r"\sof\s", re.I)  # what every _PART match contains (its "\s+of\s+"), with the same flags
_NONE_OF_KIND = re.compile(r"\bno\s+(?P<who>(?:[A-Z][a-z]+|US|U\.S\.)\s+(?:personnel|troops|soldiers|citizens|"
                           r"nationals|staff|service\s?members|forces))\b")


def subgroup(c: ClaimLike) -> str | None:
    """The part of the victims a casualty figure is about ('its personnel'), when the quote says so."""
    if c.field not in ("killed", "wounded", "missing") or c.value_num is None:
        return None
    return _subgroup(c.value_num, c.quote)


@lru_cache(maxsize=8192)
def _subgroup(value_num: float, quote: str) -> str | None:
    parts = _PART.finditer(quote) if _OF.search(quote) else ()  # every _PART match holds "of" between spaces;
    for m in parts:  # 94 % of casualty quotes do not, and the gate costs a seventh of the full pattern
        n = m.group("n").lower()
        value = 0 if n in ("none", "no one", "nobody") else int(n) if n.isdigit() else UNITS.get(n)
        if value == value_num:
            return " ".join(m.group("who").split())
    if value_num == 0 and (m := _NONE_OF_KIND.search(quote)):
        return " ".join(m.group("who").split())
    return None


# -- places: where an attack came from is not its target --------------------------------------------------
_FROM = re.compile(r"\b(?:fired|launched|took\s+off|flown|flew|came|originated|coming)\s+from\b[^.;:!?]{0,80}$", re.I)
_AIMED = re.compile(r"\b(?:hit|hits|struck|strikes?|targeted|targeting|slammed|landed|exploded|killed|wounded|damaged|"
                    r"destroyed|against|toward|towards|into|at)\b", re.I)


def launch_site(c: ClaimLike) -> bool:
    """A target claim whose words follow 'fired/launched from …' in its quote names where it came from."""
    if c.field != "target" or not c.value:
        return False
    at = c.quote.lower().find(c.value.lower())
    if at < 0:
        return False
    m = _FROM.search(c.quote[:at])
    return bool(m) and not _AIMED.search(m.group(0))  # "fired from X struck <value>": the value is the target
