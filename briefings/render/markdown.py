"""Markdown briefings. Every piece of untrusted text is escaped: articles cannot add formatting or links."""
from __future__ import annotations

import re

from briefings.briefing import Briefing, Citation, Item
from briefings.render.text import clean, status_line, trim_quote

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


def render_markdown(b: Briefing) -> str:
    """Heading, status, summary, then one `##` section per field with bullets and quoted sources."""
    lines = [f"# {escape(b.title)}"]
    if b.status:
        lines += ["", f"**{escape(status_line(b.status))}**"]
    for para in (p for p in b.summary.split("\n\n") if p.strip()):
        lines += ["", escape(para)]
    for section in b.sections:
        lines += ["", f"## {escape(section.title)}", ""]
        if not section.items:
            lines.append("_(none)_")
        for item in section.items:
            lines += _item(item)
    if b.footer and b.footer.strip():
        lines += ["", f"_{escape(b.footer)}_"]
    return "\n".join(lines) + "\n"
