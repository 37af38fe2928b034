"""Asking back: the two or three likeliest incidents as buttons that answer the question for the one pressed.

A button carries everything its answer needs (incident slug, language, fields asked) in its value, so a
click works after a restart and on any replica: `ask <slug> <lang> <field,field>`. Discord allows 100
characters in a custom id, so fields that do not fit are left off (the slug never is). The adapters render
`Reply.actions` as buttons and send a click back to `Runtime.choose` (bot/app.py).
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from bot.commands import Action, Reply
from bot.dm.answer import dates
from bot.dm.lang import LANGS
from bot.dm.phrases import phrase
from briefings.finder import IncidentRow

PICK = "ask"  # the button command
MAX_CHOICES = 3
MAX_ARGS = 87  # Discord: "briefbot:ask " (13) + args within a custom id's 100 characters
LABEL = 75  # Slack allows 75 characters on a button
FIELDS = frozenset({"killed", "wounded", "perpetrator", "weapon", "target", "denial", "distance_km", "sources",
                    "disputed", "changes", "when", "where"})
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")


@dataclass(frozen=True)
class Choice:
    """What a pressed button asks: these fields (none: the whole briefing) of this incident, in this language."""

    slug: str
    fields: tuple[str, ...]
    lang: str


def encode(slug: str, fields: Sequence[str], lang: str) -> str:
    kept: list[str] = []
    for f in fields:
        if len(" ".join([slug, lang, ",".join([*kept, f])])) > MAX_ARGS:
            break
        kept.append(f)
    return " ".join([slug, lang, ",".join(kept) or "-"])


def decode(args: str) -> Choice | None:
    """The choice a button's value holds; None when it is not one (an old or hand-made value)."""
    parts = args.split()
    if not parts or not SLUG.fullmatch(parts[0]):
        return None
    lang = parts[1] if len(parts) > 1 and parts[1] in LANGS else "en"
    fields = tuple(f for f in (parts[2] if len(parts) > 2 else "").split(",") if f in FIELDS)
    return Choice(parts[0], fields, lang)


def button_label(row: IncidentRow) -> str:
    """"Ain al-Asad · 2024-01-05": where and when tell incidents at one place apart."""
    label = f"{row.place_name} · {dates(row.start, row.end)}"
    return label if len(label) <= LABEL else row.slug[:LABEL]


def actions(rows: Sequence[IncidentRow], fields: Sequence[str], lang: str) -> tuple[Action, ...]:
    """One button per incident: pressing it asks the same question about that incident."""
    encoded = ((r, encode(r.slug, fields, lang)) for r in rows[:MAX_CHOICES])
    return tuple(Action(button_label(r), PICK, args) for r, args in encoded if len(args) <= MAX_ARGS)  # else no room


PICKED = re.compile(r"^(?:#|no\.?\s*|n[°º]\s*|option\s*|number\s*)?(?P<n>[1-9])[.)]?$|^(?:the\s+)?(?P<w>first|second|third)(?:\s+one)?$")
ORDINAL = {"first": 1, "second": 2, "third": 3}


def picked(text: str, count: int) -> int | None:
    """"2", "#2", "the second one": which of an ask-back's `count` incidents is meant (None: not a pick)."""
    m = PICKED.match(text.strip().lower().rstrip(" .!?"))
    if not m:
        return None
    n = int(m["n"]) if m["n"] else ORDINAL[m["w"]]
    return n if 1 <= n <= count else None


def ask_back(rows: Sequence[IncidentRow], fields: Sequence[str], lang: str) -> Reply:
    """"Which incident do you mean?" with the likeliest ones listed (for the console) and as buttons."""
    lines = [phrase(lang, "which")]
    if rows:
        lines.append(phrase(lang, "likely"))
        lines += [f"{n}. {r.slug} — {r.title} · {dates(r.start, r.end, lang)}" for n, r in enumerate(rows[:MAX_CHOICES], 1)]
    else:
        lines.append(phrase(lang, "which_hint"))
    return Reply(text="\n".join(lines), actions=actions(rows, fields, lang))
