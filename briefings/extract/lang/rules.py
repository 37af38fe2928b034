"""One language's cue words and number words, read from briefings/data/lang/<code>.json and compiled once.

Every language is data read by the same code (DESIGN §3): adding a language is adding a JSON file (and tests).
Keys (all optional except name): numbers/multipliers/collective (word -> value), number_joiners, compound_numbers
(Italian/German write "trentacinque", "zweihundert" as one word), thousands_separators, qualifiers (phrase -> English
qualifier), collective_of ("dizaines de"), ranges ([start, middle] pairs), vague; killed/wounded/missing (cues after a figure: "85 morts"),
*_lead (cues before it: "la mort de 85"), fillers (words between figure and cue that are not the victims), breaks
(words a figure-to-cue gap never crosses), units and months (a figure followed by one is no count: "26 ans",
"3 décembre"), subset, background and preliminary cues, according_to / said / said_after (holders), auxiliaries (end a holder: "laut Polizei | wurden"), claims_responsibility /
claimed_by / blames / blamed_on / denied (perpetrators and denials), actor_fillers ("le groupe" before an
actor's name), clause_words and negations (whose subject a
claim or denial has: "tandis que X dément", "Aucun groupe n'a revendiqué"), weapons (written -> English: "coche bomba" -> "car bomb"), weekdays; clitics (Arabic prefixes written onto a cue: "وإصابة"), joiner_attached, verb_first (the
speaker follows the verb: "قالت الشرطة إن").
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

DATA_DIR = Path(__file__).resolve().parents[2] / "data" / "lang"
_APOS = "['’]"


def phrase(words: list[str] | tuple[str, ...]) -> str:
    """A regex alternation of phrases, longest first; spaces match any whitespace, apostrophes either form."""
    parts = []
    for w in sorted(set(words), key=len, reverse=True):
        esc = re.escape(w.lower())
        parts.append(esc.replace(r"\ ", r"\s+").replace("'", _APOS).replace("’", _APOS))
    return "|".join(parts) or r"(?!x)x"


def _word(words: list[str] | tuple[str, ...], pre: str = "") -> re.Pattern[str]:
    return re.compile(rf"(?<!\w){pre}(?:{phrase(words)})(?!\w)", re.I)


@dataclass(frozen=True)
class LangRules:
    code: str
    name: str
    raw: dict[str, Any] = field(repr=False, compare=False)
    number_values: dict[str, int] = field(repr=False, compare=False)
    quantity: re.Pattern[str] = field(repr=False, compare=False)
    number_atom: re.Pattern[str] = field(repr=False, compare=False)
    after: re.Pattern[str] = field(repr=False, compare=False)  # gap + casualty cue after a figure
    lead: re.Pattern[str] = field(repr=False, compare=False)  # casualty cue + gap before a figure (searched at $)
    not_count_after: re.Pattern[str] = field(repr=False, compare=False)  # units and months right after a figure
    subset_before: re.Pattern[str] = field(repr=False, compare=False)
    aside: re.Pattern[str] = field(repr=False, compare=False)  # ", dont dix enfants," between a figure and its cue
    background: re.Pattern[str] = field(repr=False, compare=False)
    preliminary: re.Pattern[str] = field(repr=False, compare=False)  # "selon un bilan provisoire"
    weapons: re.Pattern[str] = field(repr=False, compare=False)  # "coche bomba": the means, named in English
    events: re.Pattern[str] = field(repr=False, compare=False)  # "attentat": a sentence about the attack
    according_to: re.Pattern[str] = field(repr=False, compare=False)
    auxiliary: re.Pattern[str] = field(repr=False, compare=False)
    clause_start: re.Pattern[str] = field(repr=False, compare=False)  # "que", "mientras": a subject starts after
    negation: re.Pattern[str] = field(repr=False, compare=False)  # "aucun", "ningún", "n'": nobody claims it
    qualifier_re: re.Pattern[str] = field(repr=False, compare=False)  # "au moins": ends a holder's phrase
    said: re.Pattern[str] = field(repr=False, compare=False)
    said_after: re.Pattern[str] = field(repr=False, compare=False)
    acts: tuple[tuple[str, re.Pattern[str]], ...] = field(repr=False, compare=False)  # (kind, cue) for blame/denial
    toll: re.Pattern[str] = field(repr=False, compare=False)  # "le bilan s'élève à" before a figure (searched at $)
    toll_after: re.Pattern[str] = field(repr=False, compare=False)  # "... 89 erreicht" after it (toll noun earlier)
    toll_noun_re: re.Pattern[str] = field(repr=False, compare=False)
    months: dict[str, int] = field(repr=False, compare=False)
    weekdays: dict[str, int] = field(repr=False, compare=False)
    months_re: re.Pattern[str] = field(repr=False, compare=False)
    weekdays_re: re.Pattern[str] = field(repr=False, compare=False)

    word_sets: dict[str, frozenset[str]] = field(repr=False, compare=False)  # every list of the file, lowercased
    qualifiers: dict[str, str] = field(repr=False, compare=False)  # written qualifier (folded) -> English
    weapon_names: dict[str, str] = field(repr=False, compare=False)  # weapon word (lowercased) -> English

    def words(self, key: str) -> frozenset[str]:
        return self.word_sets.get(key, frozenset())

    def qualifier(self, written: str | None) -> str | None:
        if not written:
            return None
        key = _fold(written)
        return self.qualifiers.get(key, key)


def _fold(text: str) -> str:
    return " ".join(text.lower().replace("’", "'").split())


def _compile(code: str, raw: dict[str, Any]) -> LangRules:
    values = {k.lower(): int(v) for k, v in {**raw.get("numbers", {}), **raw.get("multipliers", {})}.items()}
    sep = r"[\s-]*" if raw.get("compound_numbers") else r"[\s-]+"
    joiners = raw.get("number_joiners", [])
    join = rf"(?:{sep}(?:{phrase(joiners)}))?{sep}" if joiners else sep
    if raw.get("joiner_attached"):  # Arabic: "خمسة وعشرين", the "and" written onto the next word
        join = rf"\s+(?:{phrase(joiners)})?"
    pre = rf"(?:{phrase(raw['clitics'])})?" if raw.get("clitics") else ""  # attached "and", "by": "وإصابة"
    atom = phrase(list(values))
    words_num = rf"(?:{atom})(?:{join}(?:{atom}))*"
    seps = "".join(re.escape(s) for s in raw.get("thousands_separators", []))
    digits = rf"\d{{1,3}}(?:[{seps}]\d{{3}})+(?!\d)|\d+" if seps else r"\d+"
    num = rf"(?:{digits}|{words_num})"
    quals = phrase(list(raw.get("qualifiers", {})))
    starts = phrase([r[0] for r in raw.get("ranges", [])])
    mids = phrase([r[1] for r in raw.get("ranges", [])])
    coll = phrase([*raw.get("collective", {}), *raw.get("approximate", {})])
    quantity = re.compile(
        rf"(?<![\w.,+/])(?:(?P<r1>{starts})\s+(?P<a>{num})\s+(?:{mids})\s+(?P<b>{num})"
        rf"|(?:(?P<q>{quals})\s+)?(?:(?P<n>{num})|(?:(?:{phrase(raw.get('collective_lead', []))})\s+)?(?P<c>{coll})"
        rf"(?:\s+(?:{phrase(raw.get('collective_of', []))})(?=\s))?)"
        rf"|(?P<v>{phrase(raw.get('vague', []))}))(?!\w)", re.I)
    cue = "|".join(f"(?P<{f}>{phrase(raw.get(f, []))})" for f in ("killed", "wounded", "missing"))
    gap_word = r"[^\W\d_][\w'’-]*"
    after = re.compile(rf"(?P<gap>(?:\s+{gap_word}){{0,4}}?)\s+{pre}(?:{cue})(?!\w)", re.I)
    lead_cue = "|".join(f"(?P<{f}>{phrase(raw.get(f + '_lead', []))})" for f in ("killed", "wounded", "missing"))
    lead = re.compile(rf"(?<!\w){pre}(?:{lead_cue})(?P<gap>(?:\s+{gap_word}){{0,2}}?)\s*$", re.I)
    months = {k.lower(): int(v) for k, v in raw.get("months", {}).items()}
    weekdays = {k.lower(): int(v) for k, v in raw.get("weekdays", {}).items()}
    units = [*raw.get("units", []), *months]
    not_count = re.compile(rf"\s*(?:(?:{phrase(units)})(?!\w)|%|[:h]\d|[.,]\d|-\d|/\d|\d)", re.I)
    acts = tuple((kind, _word(raw.get(kind, []), pre)) for kind in
                 ("claims_responsibility", "claimed_by", "blames", "blamed_on", "denied") if raw.get(kind))
    toll_noun = "|".join(f"(?P<{f}>{phrase(raw.get('toll_' + f, []))})" for f in ("killed", "wounded"))
    toll = re.compile(rf"(?<!\w)(?:{toll_noun})(?!\w)[^.;:!?\d]{{0,60}}?(?<!\w)(?:{phrase(raw.get('toll_before', []))})\s*$",
                      re.I)
    toll_after = re.compile(rf"\s+(?:{phrase(raw.get('toll_after', []))})(?!\w)", re.I)
    sets = {k: frozenset(str(w).lower() for w in v) for k, v in raw.items() if isinstance(v, (list, dict))}
    return LangRules(
        word_sets=sets, qualifiers={_fold(k): v for k, v in raw.get("qualifiers", {}).items()},
        weapon_names={k.lower(): v for k, v in raw.get("weapons", {}).items()},
        preliminary=_word(raw.get("preliminary", [])), weapons=_word(list(raw.get("weapons", {})), pre),
        events=_word(list(raw.get("event_words", {})), pre),
        code=code, toll=toll, toll_after=toll_after, toll_noun_re=re.compile(rf"(?<!\w)(?:{toll_noun})(?!\w)", re.I), name=str(raw["name"]), raw=raw, number_values=values, quantity=quantity,
        number_atom=re.compile(rf"{atom}", re.I), after=after, lead=lead, not_count_after=not_count,
        aside=re.compile(rf"(?:\s+{gap_word}){{0,2}}\s*[,(—–-]\s*(?:{phrase(raw.get('subset', []))})(?!\w)"
                         r"[^,;:.()—–]{1,80}[,)—–]", re.I),
        subset_before=re.compile(rf"(?<!\w)(?:{phrase(raw.get('subset', []))})(?:\s+\w+)?\s*$", re.I),
        background=_word(raw.get("background", [])), according_to=_word(raw.get("according_to", []), pre),
        auxiliary=_word(raw.get("auxiliaries", [])),
        clause_start=re.compile(rf"(?<!\w)(?:{phrase(raw.get('clause_words', []))})(?:(?<=['’])|(?!\w))", re.I),
        qualifier_re=_word(list(raw.get("qualifiers", {}))),
        negation=re.compile(rf"(?<!\w)(?:{phrase(raw.get('negations', []))})(?:(?<=['’])|(?!\w))", re.I),
        said=_word(raw.get("said", []), pre), said_after=re.compile(rf"\s*(?:{phrase(raw.get('said_after', []))})", re.I),
        acts=acts, months=months, weekdays=weekdays, months_re=_word(list(months)), weekdays_re=_word(list(weekdays)))


def strip_leading(phrase_text: str, words: frozenset[str] | set[str]) -> str:
    """The phrase without its leading words from `words` ("le groupe État islamique" -> "État islamique")."""
    parts = re.split(r"(?<=['’])|\s+", phrase_text.strip())
    while parts and parts[0].lower() in words:
        parts.pop(0)
    return re.sub(r"(?<=['’])\s+", "", " ".join(p for p in parts if p))


@lru_cache(maxsize=None)
def rules_for(code: str | None) -> LangRules | None:
    """The compiled rules of a language, or None when there is no data file for it (the report is not analysed)."""
    if not code or not re.fullmatch(r"[a-z]{2,3}", code) or code == "en":
        return None
    path = DATA_DIR / f"{code}.json"
    if not path.is_file():
        return None
    return _compile(code, json.loads(path.read_text(encoding="utf-8")))


@lru_cache(maxsize=1)
def analysed_languages() -> tuple[str, ...]:
    """Codes of the languages the engine reads: English plus one per data file."""
    return ("en", *sorted(p.stem for p in DATA_DIR.glob("*.json")))
