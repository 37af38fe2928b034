"""Markdown briefings. Every piece of untrusted text is escaped: articles cannot add formatting or links."""
from __future__ import annotations

import re

from briefings.briefing import Briefing, Citation, Item
from briefings.render.text import clean, more_hint, status_line, trim_quote
from briefings.table import row_label, row_text

# Characters with a meaning anywhere in a line (CommonMark + GFM tables, strikethrough, entities).
_INLINE = re.compile(r"([\\`*_\[\]<>|~&!])")
# Constructs that only mean something at the start of a line: headings, lists, setext underlines.
_LINE_START = re.compile(r"^([#+=-])")
_ORDERED = re.compile(r"^(\d+)([.)])")
# Bare URLs are autolinked by GFM; breaking "://" and "www." keeps them as plain text.
_AUTOLINK = re.compile(r"(?i)(?<=[a-z])://|\bwww\.")


def escape(text: str) -> str:
    """Escape one line of untrusted text for Markdown (whitespace and control characters normalised)."""
    out = _INLINE.sub(r"\\\1", clean(text))
    out = _AUTOLINK.sub(lambda m: m.group(0).replace(":", "\\:").replace(".", "\\."), out)
    return _ORDERED.sub(r"\1\\\2", _LINE_START.sub(r"\\\1", out))


def _link(url: str, label: str = "source") -> str:
    """A link to a stored source URL; characters that would end the destination are percent-encoded."""
    safe = clean(url).replace(" ", "%20").replace("(", "%28").replace(")", "%29").replace("<", "%3C").replace(">", "%3E")
    return f"[{label}](<{safe}>)" if safe.lower().startswith(("http://", "https://")) else escape(url)


def _citation(c: Citation) -> list[str]:
    where = ", ".join(escape(p) for p in (c.outlet, f"in {c.language}" if c.language else "", c.published or "") if p and p.strip())
    holder = escape(c.attributed_to) or escape(c.outlet) or "unattributed"
    tail = f" {_link(c.url)}" if c.url else ""
    return [f"  > “{escape(trim_quote(clean(c.quote)))}”", f"  > — {holder}" + (f" ({where})" if where else "") + tail]


def _item(item: Item) -> list[str]:
    label, text = escape(item.label or ""), escape(item.text)
    head = f"**{label}** — {text}" if label and text else (f"**{label}**" if label else text)
    if item.url:
        head += f" {_link(item.url)}"
    lines = [f"- {head}"]
    for c in item.citations:
        lines += ["", *_citation(c)]
    return lines


def _table(b: Briefing) -> list[str]:
    lines = [f"# {escape(b.title)}", "", *(f"{escape(f)}  " for f in b.facts), ""]
    lines += [f"- **{escape(row_label(r))}**: {escape(row_text(r))}" for r in b.table]
    if b.notes:
        lines += ["", *(f"_{escape(n)}_" for n in b.notes)]
    return lines


def render_markdown(b: Briefing, full: bool = False, more: str | None = None) -> str:
    """An incident: its table, then (when `full`) the evidence sections; other briefings: heading, status,
    summary, then one `##` section each with bullets and quoted sources."""
    if b.table:
        lines = _table(b)
        if not full:
            return "\n".join([*lines, "", f"_{escape(more_hint(b, more))}_"]) + "\n"
        return "\n".join([*lines, *_sections(b)]) + "\n"
    lines = [f"# {escape(b.title)}"]
    if b.status:
        lines += ["", f"**{escape(status_line(b.status))}**"]
    for para in (p for p in b.summary.split("\n\n") if p.strip()):
        lines += ["", escape(para)]
    lines += [f"_{escape(n)}_" for n in b.notes]
    lines += _sections(b)
    if b.footer and b.footer.strip():
        lines += ["", f"_{escape(b.footer)}_"]
    return "\n".join(lines) + "\n"


def _sections(b: Briefing) -> list[str]:
    lines: list[str] = []
    for section in b.sections:
        lines += ["", f"## {escape(section.title)}", ""]
        if not section.items:
            lines.append("_(none)_")
        for item in section.items:
            lines += _item(item)
    return lines
