"""Briefings as Discord embeds, paginated to Discord's limits so that nothing is cut.

Pure functions over the neutral Briefing: the result is the embed JSON Discord receives (a list of
messages, each a list of embed dicts). One embed heads the briefing (title, status, summary, colour by
status); each section follows as its own embed: one field per value with every holder, outlet, date,
quote and a link to the source; sources as links. Limits (message.mdx:603-619, 1080-1083): title 256,
description 4096, 25 fields, field name 256 / value 1024, footer 2048, 6000 characters summed over the
embeds of one message, 10 embeds per message, 2000 characters of content. Longer text is continued in
another field, embed or message, never truncated; counts are UTF-16 units, which is at least what
Discord counts. Untrusted text is escaped: no markdown, masked links or mentions from articles.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from briefings.briefing import Briefing, Citation, Item, Section
from briefings.render.text import clean, more_hint, status_line, trim_quote
from briefings.table import row_label, row_text

TITLE, DESCRIPTION, FIELDS, FIELD_NAME, FIELD_VALUE, FOOTER = 256, 4096, 25, 256, 1024, 2048
TOTAL, EMBEDS, CONTENT = 6000, 10, 2000
COLOURS = {"contested": 0xE74C3C, "corroborated": 0x2ECC71, "single-source": 0xF1C40F}
NEUTRAL = 0x5865F2
PAGE_RESERVE = len(" · page 999/999")
EMPTY = "\u200b"  # Discord rejects empty field names and values

_MARKUP = re.compile(r"([\\*_~|`<\[\]])")  # `<` starts every mention, timestamp and autolink
_LINE_START = re.compile(r"^(?=#{1,3}\s|-#\s|>|[+\-]\s)")  # headings, subtext, quotes, bullets
_ORDERED = re.compile(r"^(\d+)([.)])(?=\s)")  # "1. " starts a numbered list: escape the dot
_MASS_MENTION = re.compile(r"@(everyone|here)", re.IGNORECASE)


def units(text: str) -> int:
    """Length as Discord counts it (UTF-16 code units: an emoji counts twice)."""
    return len(text.encode("utf-16-le")) // 2


def escape(text: str) -> str:
    """One line of untrusted text, inert: markdown, masked links, <@…>/<#…>/<t:…> and @everyone/@here."""
    out = _ORDERED.sub(r"\1\\\2", _LINE_START.sub("\\\\", _MARKUP.sub(r"\\\1", clean(text))))
    return _MASS_MENTION.sub("@\u200b\\1", out)


def escape_lines(text: str) -> str:
    """Several lines of untrusted text, each escaped (blank lines kept as paragraph breaks)."""
    return "\n".join(escape(line) if line.strip() else "" for line in text.split("\n")).strip("\n")


def link(url: str | None, label: str) -> str:
    """A masked link to a stored http(s) URL; other URLs are shown as escaped text."""
    if not url:
        return label
    safe = clean(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
    return f"[{label}]({safe})" if safe.lower().startswith(("http://", "https://")) else f"{label} ({escape(url)})"


def shorten(text: str, limit: int) -> str:
    """For labels only (titles, field names): the full text is always shown elsewhere as well."""
    if units(text) <= limit:
        return text
    out = text[: _fit(text, limit - 1)]
    while out.endswith("\\") and (len(out) - len(out.rstrip("\\"))) % 2:
        out = out[:-1]  # never leave half an escape behind
    return out + "…"


def _fit(text: str, limit: int) -> int:
    """The longest prefix length of `text` within `limit` units (each character is 1 or 2 units)."""
    cut = min(len(text), limit)
    while (excess := units(text[:cut]) - limit) > 0:
        cut -= max(1, excess // 2)
    return cut


def chunks(text: str, limit: int) -> list[str]:
    """Text split into pieces of at most `limit` units: at line breaks, else at a sentence or word end,
    else anywhere (never between a backslash and the character it escapes). Joined, the pieces hold all
    the text (only whitespace at the breaks is dropped)."""
    out: list[str] = []
    current, size = "", 0
    for n, line in enumerate(text.split("\n")):
        length = units(line)
        if n and size + 1 + length <= limit:
            current, size = f"{current}\n{line}", size + 1 + length
            continue
        if n == 0 and length <= limit:
            current, size = line, length
            continue
        if current:
            out.append(current)
        while length > limit:
            cut = _cut(line, limit)
            out.append(line[:cut].rstrip() or line[:cut])
            line = line[cut:].lstrip() or line[cut:]
            length = units(line)
        current, size = line, length
    if current or not out:
        out.append(current)
    return out


def _cut(line: str, limit: int) -> int:
    cut = _fit(line, limit)
    sentence = max(line.rfind(f"{mark} ", 0, cut) for mark in ".?!;")
    if sentence > limit // 2:  # a sentence end, else a word end, else anywhere
        return sentence + 1
    space = line.rfind(" ", 0, cut + 1)
    if space > limit // 2:
        return space
    while cut > 1 and (len(line[:cut]) - len(line[:cut].rstrip("\\"))) % 2:
        cut -= 1
    return cut


# -- briefing → blocks (one per section) -----------------------------------------------------------
@dataclass
class Block:
    """An embed before pagination: it may still be longer than one embed allows."""

    title: str
    description: str = ""
    fields: list[tuple[str, list[str]]] = field(default_factory=list)


def citation_text(c: Citation) -> str:
    holder = escape(c.attributed_to) or escape(c.outlet) or "unattributed"
    where = ", ".join(escape(p) for p in (c.outlet, f"in {c.language}" if c.language else "", c.published or "") if p and p.strip())
    head = f"**{holder}**" + (f" · {where}" if where else "") + (f" · {link(c.url, 'source')}" if c.url else "")
    quote = trim_quote(clean(c.quote))
    return head + (f"\n> “{escape(quote)}”" if quote else "")


def item_field(item: Item) -> tuple[str, list[str]]:
    """A field heading and its entries (one per holder), kept whole when the value is split."""
    label, text = escape(item.label or ""), escape(item.text)
    name = label or text or EMPTY
    entries = [citation_text(c) for c in item.citations] if item.citations else [text if label and text else EMPTY]
    if units(name) > FIELD_NAME:  # the full label leads the value, the name is only a heading
        entries.insert(0, f"**{name}**")
        name = shorten(name, FIELD_NAME)
    return name, entries


def group(entries: list[str], limit: int) -> list[str]:
    """Entries joined by line breaks into values of at most `limit` units, breaking only between
    entries (an entry longer than a whole value is split by `chunks`)."""
    out: list[str] = []
    for entry in entries:
        for piece in chunks(entry, limit) if units(entry) > limit else [entry]:
            if out and units(out[-1]) + 1 + units(piece) <= limit:
                out[-1] += "\n" + piece
            else:
                out.append(piece)
    return out or [EMPTY]


def item_line(item: Item) -> str:
    label, text = escape(item.label or ""), escape(item.text)
    head = link(item.url, label or "link") if item.url else (f"**{label}**" if label else "")
    return "• " + (f"{head} — {text}" if head and text else head or text)


def section_block(section: Section) -> Block:
    block = Block(escape(section.title) or "Section")
    if not section.items:
        block.description = "(none)"
    elif any(i.citations for i in section.items):  # values with holders: one field each
        block.fields = [item_field(i) for i in section.items]
    else:  # links, lists, "not reported" lines
        block.description = "\n".join(item_line(i) for i in section.items)
    return block


def head_block(b: Briefing) -> Block:
    parts = [f"**{escape(status_line(b.status))}**"] if b.status else []
    parts += [escape(p) for p in b.summary.split("\n\n") if p.strip()]
    parts += [f"*{escape(n)}*" for n in b.notes if clean(n)]
    return Block(escape(b.title) or "briefbot", "\n\n".join(parts))


def footer_text(b: Briefing) -> str:
    """Report count and last update (incident briefings), else the briefing's own footer."""
    incident = b.data.get("incident") if isinstance(b.data, dict) else None
    articles = incident.get("articles") if isinstance(incident, dict) else None
    if isinstance(articles, list):
        dates = sorted(a["published"] for a in articles if isinstance(a, dict) and a.get("published"))
        parts = [f"{len(articles)} report{'' if len(articles) == 1 else 's'}",
                 f"last update {dates[-1]}" if dates else "last update unknown"]
        if incident.get("slug"):
            parts.append(f"/incident {incident['slug']}")
        return clean(" · ".join(parts))
    return clean(b.footer or "")


# -- pagination ----------------------------------------------------------------------------------
def table_block(b: Briefing) -> Block:
    """An incident's first screen as one embed: facts, then one line per field, then notes."""
    lines = [escape(f) for f in b.facts] + [""] + [f"**{escape(row_label(r))}:** {escape(row_text(r))}" for r in b.table]
    if b.notes:
        lines += ["", *(f"*{escape(n)}*" for n in b.notes)]
    return Block(escape(b.title) or "briefbot", "\n".join(lines))


def briefing_messages(b: Briefing) -> list[list[dict[str, Any]]]:
    """The messages (each a list of embed dicts) that together show the whole briefing; an incident shows its
    table, with the evidence one command away (`/evidence`, named in the footer)."""
    if b.table:
        how = f"the button, or /evidence {b.ref}" if b.ref else None
        return paginate([table_block(b)], COLOURS.get(b.status or "", NEUTRAL), clean(more_hint(b, how)))
    blocks = [head_block(b), *(section_block(s) for s in b.sections)]
    return paginate(blocks, COLOURS.get(b.status or "", NEUTRAL), footer_text(b))


def paginate(blocks: list[Block], colour: int, footer: str) -> list[list[dict[str, Any]]]:
    footer = shorten(footer, FOOTER - PAGE_RESERVE)
    budget = TOTAL - units(footer) - PAGE_RESERVE
    pages = _Pages(budget, colour)
    for block in blocks:
        title = shorten(block.title, TITLE)
        lead = f"**{block.title}**\n" if title != block.title else ""  # a cut title is repeated in full
        text = lead + block.description
        pieces = chunks(text, min(DESCRIPTION, budget - TITLE)) if text else [""]
        values = [(name, group(entries, FIELD_VALUE)) for name, entries in block.fields]
        first = units(values[0][0]) + units(values[0][1][0]) if values and len(pieces) == 1 else 0
        for n, piece in enumerate(pieces):
            pages.embed(title if n == 0 else _continued(title), piece, keep_with=first)
        for name, parts in values:
            for n, part in enumerate(parts):
                pages.field(name if n == 0 else _continued(name, FIELD_NAME), part, _continued(title))
    messages = pages.done()
    for n, message in enumerate(messages, 1):
        page = f"page {n}/{len(messages)}" if len(messages) > 1 else ""
        text = " · ".join(part for part in (footer, page) if part)
        if text:
            message[-1]["footer"] = {"text": text}
    return messages


def _continued(title: str, limit: int = TITLE) -> str:
    return shorten(title, limit - len(" (continued)")) + " (continued)"


class _Pages:
    """Greedy packing into embeds (≤ 25 fields) and messages (≤ 10 embeds, ≤ budget units)."""

    def __init__(self, budget: int, colour: int) -> None:
        self.budget, self.colour = budget, colour
        self.messages: list[list[dict[str, Any]]] = [[]]
        self.used = 0

    def _fits(self, size: int, new_embed: bool) -> bool:
        return self.used + size <= self.budget and (not new_embed or len(self.messages[-1]) < EMBEDS)

    def embed(self, title: str, description: str, keep_with: int = 0) -> None:
        """Start an embed; in a new message when it (with `keep_with` units of its first field) won't fit."""
        size = units(title) + units(description)
        if self.messages[-1] and not self._fits(size + keep_with, new_embed=True):
            self.messages.append([])
            self.used = 0
        embed: dict[str, Any] = {"type": "rich", "title": title, "color": self.colour, "fields": []}
        if description:
            embed["description"] = description
        self.messages[-1].append(embed)
        self.used += size

    def field(self, name: str, value: str, continued_title: str) -> None:
        size = units(name) + units(value)
        current = self.messages[-1][-1] if self.messages[-1] else None
        if current is None or len(current["fields"]) >= FIELDS or not self._fits(size, new_embed=False):
            self.embed(continued_title, "")
            if not self._fits(size, new_embed=False):  # the continuation title alone filled this message
                self.messages[-1].pop()
                self.messages.append([])
                self.used = 0
                self.embed(continued_title, "")
        self.messages[-1][-1]["fields"].append({"name": name, "value": value, "inline": False})
        self.used += size

    def done(self) -> list[list[dict[str, Any]]]:
        for message in self.messages:
            for embed in message:
                if not embed["fields"]:
                    del embed["fields"]
        return [m for m in self.messages if m]


# -- plain text replies ------------------------------------------------------------------------------
def text_messages(text: str) -> list[str]:
    """A text reply (help, "no match", errors) as message contents of at most 2000 characters."""
    return [c for c in chunks(escape_lines(text), CONTENT) if c.strip()] or ["(no answer)"]
