"""Casualty figures in a language read from data: "au moins 85 civils tués", "dos muertos y 20 heridos",
"dezenas de feridos", "almeno 21 morti", "mindestens 20 Tote", "la muerte de más de 500", "مقتل 85".

A figure is a casualty count when a casualty cue follows it within a few words (the victims: "85 civils tués") or
precedes it ("la mort de 85"). Not counts: ages, dates, times, amounts (the unit or month after the figure), subsets
("dont cinq enfants"), tolls of earlier events ("l'attentat de 2015 avait fait 130 morts").
Findings are (field, Figure, victims) with sentence offsets; holders are assigned by foreign.py.
"""
from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass

from briefings.extract.lang.numbers import Figure, find_figures
from briefings.extract.lang.rules import LangRules

FIELD = {"killed": "killed", "wounded": "wounded", "missing": "missing"}
_LOOKBACK = 80
_CONJUNCTIONS = frozenset({"et", "y", "e", "und", "ou", "o", "oder", "mais", "pero", "mas", "ma", "aber", "و"})


@dataclass(frozen=True)
class Casualty:
    field: str  # killed | wounded | missing
    figure: Figure
    victims: str | None


def _field(m: object) -> str | None:
    for f in ("killed", "wounded", "missing"):
        if m.group(f):  # type: ignore[attr-defined]
            return f
    return None


def _last(matches: Iterator[re.Match[str]]) -> re.Match[str] | None:
    last = None
    for last in matches:
        pass
    return last


def _gap_ok(gap: str, rules: LangRules, breaks: frozenset[str]) -> bool:
    return not any(w.lower().strip("'’") in breaks for w in gap.split())


def find_casualties(sentence: str, rules: LangRules) -> list[Casualty]:
    """Casualty figures of one sentence, at most one field per figure, each (field, value) once."""
    if rules.background.search(sentence):
        return []
    breaks = rules.words("breaks") - rules.words("fillers")
    fillers = rules.words("fillers")
    out: list[Casualty] = []
    seen: set[tuple[str, int | None]] = set()
    figures = list(find_figures(sentence, rules))
    for i, fig in enumerate(figures):
        if rules.subset_before.search(sentence[max(0, fig.start - 40):fig.start]):
            continue
        nxt = figures[i + 1].start if i + 1 < len(figures) else len(sentence)
        found: tuple[str, str | None] | None = None
        m = rules.after.match(sentence, fig.end, nxt + 1 if nxt < len(sentence) else nxt)
        if m is None and (aside := rules.aside.match(sentence, fig.end)):  # "30 personnes, dont 10 enfants, ont été tuées"
            after_aside = [f for f in figures[i + 1:] if f.start >= aside.end()]
            stop = after_aside[0].start + 1 if after_aside else len(sentence)
            m = rules.after.match(sentence, aside.end(), stop)
        if m and fig.value == 1 and not sentence[fig.start:fig.end][:1].isdigit() and rules.events.search(m.group("gap")):
            m = None  # "Une explosion a tué cinq personnes": an article before the event, not one victim
        if m and _gap_ok(m.group("gap"), rules, breaks) and not (fig.year_like and m.group("gap").strip()):
            victims = " ".join(w for w in m.group("gap").split() if w.lower() not in fillers) or None
            found = (_field(m) or "killed", victims)
        elif not fig.year_like:
            prev = figures[i - 1].end if i else 0
            before = sentence[max(prev, fig.start - _LOOKBACK):fig.start]
            lead = rules.lead.search(before)
            if lead is not None and set(lead.group("gap").lower().split()) & (_CONJUNCTIONS | breaks):
                lead = None  # "203 tués et 51 interpellés", "ferite nell'esplosione di un'auto": not this figure's cue
            lead = lead or rules.toll.search(before)  # "la cifra de fallecidos ascendió a 17"
            if lead is not None and fig.value == 1 and not sentence[fig.start:fig.end][:1].isdigit():
                lead = None  # "un", "una", "ein" after a cue is an article more often than a count
            if lead is None and rules.toll_after.match(sentence, fig.end):  # German: "die Zahl der Toten ... 89 erreicht"
                lead = _last(rules.toll_noun_re.finditer(sentence[max(0, fig.start - 160):fig.start]))
            if lead:
                found = (_field(lead) or "killed", None)
        if found is None:
            continue
        key = (found[0], fig.value)
        if key in seen:
            continue
        seen.add(key)
        out.append(Casualty(found[0], fig, found[1]))
    return out
