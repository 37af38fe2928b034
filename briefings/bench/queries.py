"""What users ask `/incident` in the benchmark: place names, other spellings, typing slips, dates."""
from __future__ import annotations

import random
from datetime import date

from briefings.bench.gen import DEFAULT_SEED, Plan


def misspell(rng: random.Random, text: str) -> str:
    """One typing slip (swap, drop, double or change a letter), as users type place names: kalsu -> kalso."""
    spots = [i for i, ch in enumerate(text) if ch.isalpha()]
    if len(spots) < 4:
        return text
    i = rng.choice(spots[1:-1])
    kind = rng.randrange(4)
    if kind == 0:
        out = text[:i] + text[i + 1] + text[i] + text[i + 2:]
    elif kind == 1:
        out = text[:i] + text[i + 1:]
    elif kind == 2:
        out = text[:i] + text[i] + text[i:]
    else:
        out = text[:i] + ("a" if text[i] in "eiou" else "o") + text[i + 1:]
    return out if out != text else text[:i] + text[i + 1:]


def make_queries(plan: Plan, count: int, seed: int = DEFAULT_SEED) -> list[tuple[str, date | None]]:
    """What users ask: half plain place names (some in another spelling), a quarter misspelled, a quarter dated."""
    rng = random.Random(seed + 2)
    out: list[tuple[str, date | None]] = []
    for _ in range(count):
        incident = rng.choice(plan.incidents)
        name = rng.choice((incident.place.name, *incident.place.variants)).lower()
        roll = rng.random()
        if roll < 0.5:
            out.append((name, None))
        elif roll < 0.75:
            out.append((misspell(rng, name), None))
        else:
            out.append((name, incident.day))
    return out


__all__ = ["make_queries", "misspell"]
