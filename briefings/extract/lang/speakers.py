"""Who says it, who did it, who denies it — in a language read from data.

Holders: "selon le gouverneur", "según la policía", "de acordo com", "secondo fonti", "laut ..." (the phrase after
the cue), "X a déclaré que ..." / "El presidente confirmó que ..." (the subject before a speech verb), and the
postposed "..., ont indiqué les forces de sécurité." (the phrase after a speech verb that ends the sentence).
Acts: responsibility claims ("X a revendiqué", "revendiqué par X"), blame ("X acusó a Y", "atribuido a Y") and
denials ("X niega", "X dément").
"""
from __future__ import annotations

import re
from dataclasses import dataclass

from functools import lru_cache

from briefings.extract.lang.rules import LangRules, phrase

_STOP = re.compile(r"[.;:!?«»\"“”—–؛؟]|[,،]\s|\s-\s")
_CLAUSE_START = re.compile(r"(?:^|[.;:!?«»\"“”—–؛؟]|[,،]\s)[^.;:!?«»\"“”—–,،؛؟]*$")
_LEADING = re.compile(r"^(?:(?:et|mais|or|y|pero|e|mas|ma|und|aber|و|also|aussi|también|também|anche|auch|كما|وقد|قد)\s+)+",
                      re.I)
_WORD = re.compile(r"\S+")
_DIGIT = re.compile(r"\d")
MAX_WORDS = 10
# A phrase cut at MAX_WORDS may end on a word that only links to the cut one ("... des urgences du"): dropped.
_DANGLING = frozenset({"de", "du", "des", "d'", "d’", "l'", "l’", "la", "le", "les", "del", "el", "los", "las", "da",
                       "do", "das", "dos", "di", "della", "dello", "degli", "delle", "von", "vom", "der", "den", "dem",
                       "y", "et", "e", "und", "o", "ou", "in", "en", "em", "a", "à", "al", "au", "aux"})


@dataclass(frozen=True)
class Holder:
    name: str
    start: int  # where the attribution sits in the sentence (to pick the nearest one)
    end: int


@dataclass(frozen=True)
class Act:
    kind: str  # perpetrator | denial
    value: str  # the actor who did it (as claimed) or who denies
    holder: str | None  # who makes the claim, when the sentence says ("X acusó a Y": X); None: the sentence's holder
    start: int
    end: int


def _trim(text: str, from_end: bool = False) -> str:
    words = _WORD.findall(text.strip(" ,"))
    words = words[-MAX_WORDS:] if from_end else words[:MAX_WORDS]
    while words and words[-1].lower() in _DANGLING:
        words.pop()
    out = _LEADING.sub("", " ".join(words)).strip(" ,،'’")
    return out if any(ch.isalpha() for ch in out) else ""


@lru_cache(maxsize=None)
def _toll_cue(rules: LangRules) -> re.Pattern[str]:
    """A casualty word before a figure ("مقتل", "la mort de"): the speaker's name has ended ("أعلنت الشرطة | مقتل 12")."""
    words = [w for f in ("killed_lead", "wounded_lead", "missing_lead") for w in rules.raw.get(f, [])]
    pre = rf"(?:{phrase(rules.raw['clitics'])})?" if rules.raw.get("clitics") else ""
    return re.compile(rf"(?<!\w){pre}(?:{phrase(words)})(?!\w)", re.I)


def phrase_after(sentence: str, pos: int, rules: LangRules | None = None) -> str:
    """The phrase from `pos` to the next clause boundary (at most ten words); with `rules`, also up to the next
    auxiliary verb or digit ("laut Polizei | wurden acht Menschen getötet")."""
    rest = sentence[pos:]
    m = _STOP.search(rest)
    rest = rest[: m.start()] if m else rest
    if rules is not None:
        cut = [x.start() for x in (rules.auxiliary.search(rest), _DIGIT.search(rest), rules.qualifier_re.search(rest),
                                   _toll_cue(rules).search(rest)) if x is not None]
        rest = rest[: min(cut)] if cut else rest
    return _trim(rest)


def subject_before(sentence: str, pos: int, rules: LangRules | None = None) -> str:
    """The phrase from the start of the clause to `pos` (at most its last ten words); with `rules`, a clause opened
    by "que", "tandis que", "mientras" ... starts after that word, so a relative pronoun is never the subject."""
    m = _CLAUSE_START.search(sentence[:pos])
    head = sentence[:pos] if m is None else sentence[m.start():pos].lstrip(".;:!?«»\"“”—–, ")
    if rules is not None:
        last = None
        for last in rules.clause_start.finditer(head):
            pass
        if last is not None:
            head = head[last.end():]
    return _trim(head, from_end=True)


def negated(subject: str, sentence: str, pos: int, rules: LangRules) -> bool:  # pos: where the cue starts
    """"Aucun groupe n'a revendiqué", "Ningún grupo reivindicó", "no reivindicó": a claim nobody makes."""
    return bool(rules.negation.search(subject) or rules.negation.search(sentence[max(0, pos - 12):pos])
                or rules.negation.search(sentence[pos:pos + 40].split(",")[0]))  # "bekannte sich zunächst niemand"


def find_holders(sentence: str, rules: LangRules) -> list[Holder]:
    out: list[Holder] = []
    for m in rules.according_to.finditer(sentence):
        name = phrase_after(sentence, m.end(), rules)
        if name:
            out.append(Holder(name, m.start(), m.end() + len(name)))
    for m in rules.said.finditer(sentence):
        if rules.raw.get("verb_first"):  # "قالت الشرطة إن ...": the speaker between the verb and "that"
            end = _said_after_at(sentence, m.end(), rules)
            name = _trim(sentence[m.end():end]) if end is not None else phrase_after(sentence, m.end(), rules)
            if name:
                out.append(Holder(name, m.start(), m.end() + len(name)))
        elif rules.said_after.match(sentence, m.end()):
            name = subject_before(sentence, m.start())
            if name:
                out.append(Holder(name, m.start() - len(name), m.end()))
        elif sentence[:m.start()].rstrip().endswith(","):  # "..., ont indiqué les forces de sécurité."
            name = phrase_after(sentence, m.end())
            if name:
                out.append(Holder(name, m.start(), m.end() + len(name)))
        else:
            name = subject_before(sentence, m.start())
            if name:
                out.append(Holder(name, m.start() - len(name), m.end()))
    return out


def _said_after_at(sentence: str, pos: int, rules: LangRules) -> int | None:
    """Where the next "that" after a speech verb starts, within ten words."""
    for m in re.finditer(r"\s+", sentence[pos:pos + 120]):
        if rules.said_after.match(sentence, pos + m.start()):
            return pos + m.start()
    return None


def _vs_subject(sentence: str, pos: int, rules: LangRules) -> str:
    """The subject after a verb in a verb-first language: its first word and the definite words that follow
    ("نفى الجيش السوداني أي دور" -> "الجيش السوداني"), never an event word ("الهجوم")."""
    words = phrase_after(sentence, pos, rules).split()
    events = {w.lower() for w in rules.raw.get("event_words", {})}
    out = words[:1]
    for w in words[1:4]:
        if not w.startswith("ال") or w[2:] in events or w in events:
            break
        out.append(w)
    return " ".join(out)


def nearest(holders: list[Holder], pos: int) -> str | None:
    if not holders:
        return None
    return min(holders, key=lambda h: 0 if h.start <= pos < h.end else min(abs(h.start - pos), abs(h.end - pos))).name


def find_acts(sentence: str, rules: LangRules) -> list[Act]:
    out: list[Act] = []
    for kind, cue in rules.acts:
        for m in cue.finditer(sentence):
            first = rules.raw.get("verb_first")
            if kind == "claims_responsibility":  # "L'État islamique a revendiqué l'attaque": the actor says it itself
                actor = _vs_subject(sentence, m.end(), rules) if first else subject_before(sentence, m.start(), rules)
                if actor and not negated(actor, sentence, m.start(), rules):
                    out.append(Act("perpetrator", actor, actor, m.start(), m.end()))
            elif kind == "claimed_by":
                actor = phrase_after(sentence, m.end(), rules)
                if actor:
                    out.append(Act("perpetrator", actor, actor, m.start(), m.end()))
            elif kind == "blames":  # "X acusó a Y": X holds that Y did it
                accuser = subject_before(sentence, m.start(), rules)
                accused = phrase_after(sentence, m.end(), rules)
                if accused and not negated(accuser, sentence, m.start(), rules):
                    out.append(Act("perpetrator", accused, accuser or None, m.start(), m.end()))
            elif kind == "blamed_on":
                actor = phrase_after(sentence, m.end(), rules)
                if actor:
                    out.append(Act("perpetrator", actor, None, m.start(), m.end()))
            elif kind == "denied":
                actor = _vs_subject(sentence, m.end(), rules) if first else subject_before(sentence, m.start(), rules)
                if actor and not negated(actor, sentence, m.start(), rules):
                    out.append(Act("denial", actor, actor, m.start(), m.end()))
    return out
