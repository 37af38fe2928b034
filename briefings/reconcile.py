"""Reconciliation: per incident and field, values grouped with their holders, and where sources disagree.

Two holders disagree on a field when each says something the other does not (neither's set of values
contains the other's): a source that repeats one figure and adds a later one is not a dispute; "1 killed"
against "at least 2 killed", or "drones" against "three F-35 jets", is.
"""
from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, replace
from functools import lru_cache
from itertools import combinations

from briefings.compat import NUMERIC, actor_spellings, compatible, launch_site, means_heads, subgroup

DISPUTABLE = ("killed", "wounded", "missing", "weapon", "perpetrator", "distance_km")
FIELD_ORDER = ("killed", "wounded", "missing", "weapon", "perpetrator", "target", "launch_site", "distance_km",
               "denial", "note")
_NATIONS = {
    "us": "us", "u.s.": "us", "american": "us", "americans": "us", "iraqi": "iq", "iraqis": "iq",
    "iranian": "ir", "israeli": "il", "syrian": "sy", "turkish": "tr", "kurdish": "kurd", "british": "uk",
    "jordanian": "jo", "lebanese": "lb", "french": "fr",
}
_EVENT_DENIAL = re.compile(r"\b(?:attacks?|event|reports?|targeting|strikes?|incident|took place|happened)\b", re.I)
_STOP = {"with", "that", "there", "their", "which", "about", "would", "could", "have", "were", "this", "from", "such",
         "civilian", "civilians", "people"}
# "denies (deliberately) targeting civilians": a denial of intent, not of the event
_INTENT = re.compile(r"^\W*(?:(?:deliberately|intentionally|knowingly|ever)\s+)?(?:targeting|hitting|attacking|striking)\s+"
                     r"(?:civilians?|residential|non-military|homes)\b", re.I)


@dataclass(frozen=True)
class ClaimView:
    """A stored claim with its source, detached from the ORM."""

    id: int
    field: str
    value: str | None
    value_num: float | None
    qualifier: str | None
    attributed_to: str
    stance: str
    quote: str
    victims: str | None
    reference: str | None
    article_id: int
    outlet: str
    url: str | None
    published: str | None
    language: str | None = None  # the report's language code ("es"); None or "en" for English

    @property
    def holder(self) -> str:
        return self.outlet if self.attributed_to == "outlet" else self.attributed_to

    def holder_key(self) -> str:
        """"police sources" quoted by two outlets are two sources: the key includes the outlet."""
        return _holder_key(self.holder, self.outlet)


@lru_cache(maxsize=8192)
def _holder_key(holder: str, outlet: str) -> str:
    """Pure and called for every claim of an incident several times: memoised (holders repeat a lot)."""
    return _NON_WORD.sub(" ", f"{holder} @ {outlet}".lower()).strip()


_NON_WORD = re.compile(r"\W+")


@dataclass(frozen=True)
class ValueGroup:
    value: str  # display value
    value_num: float | None
    qualifier: str | None
    stance: str
    victims: str | None
    claims: tuple[ClaimView, ...]
    subgroup: str | None = None  # "its personnel": a figure about part of the victims, never a total

    @property
    def holders(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(c.holder for c in self.claims))


@dataclass(frozen=True)
class FieldSummary:
    field: str
    groups: tuple[ValueGroup, ...]
    disputed: bool
    low: float | None = None  # range over asserted figures ("killed: 0–2")
    high: float | None = None

    @property
    def conservative(self) -> float | None:
        return self.low


@dataclass(frozen=True)
class Reconciliation:
    fields: tuple[FieldSummary, ...]
    disputes: tuple[FieldSummary, ...]  # disputed fields plus derived ones ("occurred", assertion vs denial)
    status: str


def _key(c: ClaimView) -> tuple[object, ...]:
    if c.field in NUMERIC:
        return (c.value_num if c.value_num is not None else ("vague", c.qualifier), c.stance, subgroup(c))
    if c.field == "weapon" and len(heads := means_heads(c.value or "")) == 1:
        return (("means", *heads), c.stance)  # "explosive-laden drones" ~ "drone" ~ "a drone strike"
    v = _ARTICLE.sub("", (c.value or "").lower())
    v = _PLURAL.sub("", v)  # drones ~ drone
    return (v.strip(), c.stance)


_ARTICLE = re.compile(r"^(?:a|an|the|one|two|three|four|five|six|several|a number of|some)\s+")
_PLURAL = re.compile(r"(?<=[a-z])s\b")


def _groups(claims: list[ClaimView]) -> list[ValueGroup]:
    buckets: dict[tuple[object, ...], list[ClaimView]] = {}
    for c in claims:
        buckets.setdefault(_key(c), []).append(c)
    out = []
    for cs in buckets.values():
        values = [c.value for c in cs if c.value]
        counts = Counter(values)  # counted once: a big incident's group holds hundreds of claims
        # the most common wording; among equals the shortest, which every holder of the group said or implied
        display = min(values, key=lambda v: (-counts[v], len(v))) if values else (cs[0].qualifier or "unspecified")
        quals = {c.qualifier for c in cs}
        qualifier = quals.pop() if len(quals) == 1 else None  # "around 50" only when every holder hedges alike
        out.append(ValueGroup(display, cs[0].value_num, qualifier, cs[0].stance, cs[0].victims, tuple(cs), subgroup(cs[0])))
    if claims and claims[0].field in NUMERIC:
        out.sort(key=lambda g: (g.subgroup is not None, g.value_num is None, g.value_num or 0))
    return out


@lru_cache(maxsize=4096)
def _nation(victims: str | None) -> frozenset[str]:
    """Pure and asked for every casualty claim of an incident, whose claims share a few victim phrases: memoised."""
    if not victims:
        return frozenset()
    words = _NATION_WORD.findall(victims.lower())
    return frozenset(_NATIONS[w] for w in words if w in _NATIONS)


_NATION_WORD = re.compile(r"[a-z.]+(?:-backed|-aligned)?")


def _pools(claims: list[ClaimView]) -> list[list[ClaimView]]:
    """Casualty figures about different victim groups (US contractor vs Iraqi police) are not compared; a
    figure about part of the victims ("none of its personnel") is compared with nothing."""
    parts = [[c] for c in claims if subgroup(c)]
    if parts:
        return [p for p in [[c for c in claims if not subgroup(c)]] if p] + parts
    classes = {_nation(c.victims) for c in claims} - {frozenset()}
    if len(classes) >= 2 and all(not (a & b) for a, b in combinations(classes, 2)):
        pools: dict[frozenset[str], list[ClaimView]] = {}
        for c in claims:
            pools.setdefault(_nation(c.victims), []).append(c)
        return list(pools.values())
    return [claims]


def _disputed(claims: list[ClaimView]) -> bool:
    """Two holders disagree when each says something the other's values do not allow.

    `compatible` reads only a claim's stance and value (one field here), so holders are compared by the set of
    (stance, value) they hold: hundreds of holders repeating a few figures are a few sets, not every pair of
    holders (an incident where 250 sources agree was 31,000 pairs). Two holders with the same set are still
    compared with each other, once."""
    sets: dict[str, dict[tuple[object, ...], ClaimView]] = {}
    if claims and claims[0].field == "perpetrator":  # "ISIS" where another holder wrote "Islamic State (ISIS)"
        spelled = actor_spellings([c.value for c in claims if c.value])
        claims = [replace(c, value=spelled.get(c.value or "", c.value)) for c in claims]
    for c in claims:
        if c.field in NUMERIC and c.value_num is None:
            continue
        if c.field == "perpetrator" and _vague_blame(c.value):
            continue
        sets.setdefault(c.holder_key(), {})[(c.stance, c.value_num if c.field in NUMERIC else c.value)] = c
    kinds: dict[frozenset[tuple[object, ...]], list[ClaimView]] = {}
    twice: set[frozenset[tuple[object, ...]]] = set()
    for held in sets.values():
        kind = frozenset(held)
        if kind in kinds:
            twice.add(kind)
        else:
            kinds[kind] = list(held.values())
    if any(not _within(kinds[k], kinds[k]) for k in twice):
        return True
    return any(not (_within(a, b) or _within(b, a)) for a, b in combinations(kinds.values(), 2))


def _within(a: list[ClaimView], b: list[ClaimView]) -> bool:
    return all(any(compatible(x, y) for y in b) for x in a)


def roles(claims: list[ClaimView]) -> list[ClaimView]:
    """Claims with their place roles apart: a target 'fired from' somewhere is a launch site."""
    return [replace(c, field="launch_site") if launch_site(c) else c for c in claims]


def reconcile(claims: list[ClaimView], outlets: set[str]) -> Reconciliation:
    claims = roles(claims)
    by_field: dict[str, list[ClaimView]] = {}
    for c in claims:
        by_field.setdefault(c.field, []).append(c)
    fields: list[FieldSummary] = []
    disputes: list[FieldSummary] = []
    for name in sorted(by_field, key=lambda f: FIELD_ORDER.index(f) if f in FIELD_ORDER else 99):
        cs = by_field[name]
        disputed = field_disputed(cs)
        nums = [c.value_num for c in cs if c.value_num is not None and c.stance == "asserts" and not subgroup(c)]
        summary = FieldSummary(name, tuple(_groups(cs)), disputed, min(nums) if nums else None, max(nums) if nums else None)
        fields.append(summary)
        if disputed:
            disputes.append(summary)
    for extra in _derived(claims, by_field):
        same = next((i for i, d in enumerate(disputes) if d.field == extra.field), None)
        if same is None:
            disputes.append(extra)
        else:  # one section per field: blame-vs-denial joins the perpetrator dispute
            kept = set(disputes[same].groups)  # a set: a big incident has thousands of groups (issue 15)
            groups = disputes[same].groups + tuple(g for g in extra.groups if g not in kept)
            disputes[same] = FieldSummary(extra.field, groups, True, disputes[same].low, disputes[same].high)
    return Reconciliation(tuple(fields), tuple(disputes), status_of(bool(disputes), len(outlets)))


def status_of(disputed: bool, outlets: int) -> str:
    """The status from whether anything is disputed and the number of independent outlets."""
    return "contested" if disputed else "corroborated" if outlets >= 2 else "single-source"


def field_disputed(claims: list[ClaimView]) -> bool:
    """Whether one field's claims (place roles applied: `roles`) disagree; the status refresh (status.py) asks it
    field by field, as the claims arrive, and stops at the first that does."""
    return bool(claims) and claims[0].field in DISPUTABLE and any(_disputed(p) for p in _pools(claims))


def denies_event(denials: list[ClaimView]) -> bool:
    """Whether a denial says the event did not happen: only then does `across_fields` read the other fields'
    assertions (which holders assert anything)."""
    return any(d.value and _EVENT_DENIAL.search(d.value) and not _INTENT.match(d.value) for d in denials)


def across_fields(asserting: list[ClaimView], by_field: dict[str, list[ClaimView]]) -> bool:
    """Disputes across fields (`_derived`), from the claims of the fields it reads (denial, perpetrator, note) and,
    when `denies_event`, the incident's asserting claims of any field but notes (holders are what counts)."""
    return bool(_derived(asserting, by_field))


def _derived(claims: list[ClaimView], by_field: dict[str, list[ClaimView]]) -> list[FieldSummary]:
    """Disputes across fields: blame against denial, an event reported against its denial, assertion vs denial."""
    out: list[FieldSummary] = []
    denials = by_field.get("denial", [])
    event_denials = [d for d in denials if d.value and _EVENT_DENIAL.search(d.value) and not _INTENT.match(d.value)]
    if event_denials:
        deniers = {d.holder_key() for d in event_denials}
        asserting = [c for c in claims if c.stance == "asserts" and c.holder_key() not in deniers and c.field != "note"]
        if asserting:
            yes = ValueGroup("it happened", None, None, "asserts", None, tuple(asserting))
            no = ValueGroup("it did not happen", None, None, "denies", None, tuple(event_denials))
            out.append(FieldSummary("occurred", (yes, no), True))
    blamed: dict[str, list[ClaimView]] = {}
    for c in by_field.get("perpetrator", []):
        if c.stance == "asserts" and c.value:
            blamed.setdefault(c.value.lower(), []).append(c)
    pairs: list[ValueGroup] = []
    for name, accusers in blamed.items():
        deniers = [d for d in denials if (d.value or "").lower() == name]
        if deniers:
            pairs.append(ValueGroup(accusers[0].value or name, None, None, "asserts", None, tuple(accusers)))
            pairs.append(ValueGroup(deniers[0].value or name, None, None, "denies", None, tuple(deniers)))
    if pairs:
        out.append(FieldSummary("perpetrator", tuple(pairs), True))
    notes = [(n, n.holder_key(), _content(n.value)) for n in by_field.get("note", [])] if denials else []
    for d in denials:  # each note's words read once, not once per denial (a big incident has hundreds of each)
        words, key = _content(d.value), d.holder_key()
        for n, n_key, n_words in notes:
            if n_key != key and words & n_words:
                out.append(FieldSummary("note", (
                    ValueGroup(n.value or "", None, None, "asserts", None, (n,)),
                    ValueGroup(d.value or "", None, None, "denies", None, (d,)),
                ), True))
                break
    return out


def _content(text: str | None) -> set[str]:
    return {w for w in re.findall(r"[a-z]{5,}", (text or "").lower()) if w not in _STOP}


_DESCRIPTIVE = re.compile(r"-backed|-aligned|\b(?:groups?|militants|militias|gunmen|unknown|not known|unidentified|"
                          r"occupants|occupiers|invaders|enemy|aggressors?|paramilitar\w*)\b", re.I)  # descriptions name nobody


def _vague_blame(value: str | None) -> bool:
    """'unknown' or a description ('Iran-backed groups') does not contradict a named perpetrator."""
    return not value or bool(_DESCRIPTIVE.search(value))
