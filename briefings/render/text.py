"""Plain-text briefings for terminals and logs: every item and citation, nothing dropped."""
from __future__ import annotations

import re

from briefings.briefing import Briefing, Citation, Item
from briefings.table import row_label, row_text

QUOTE_LIMIT = 300
INDENT = "  "

STATUS_NOTES = {
    "single-source": "single source so far",
    "corroborated": "several sources agree",
    "contested": "sources disagree",
}

# C0/C1 control characters (ANSI escapes, bells, …) other than tab and newline: article text must
# not be able to drive the reader's terminal.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")
_SPACE = re.compile(r"\s+")


def clean(text: str) -> str:
    """One line of untrusted text: control characters removed, whitespace runs collapsed."""
    return _SPACE.sub(" ", _CONTROL.sub("", text)).strip()


def trim_quote(quote: str, limit: int = QUOTE_LIMIT) -> str:
    """Shorten a quote to about `limit` characters at a word boundary, ending with an ellipsis."""
    quote = quote.strip()
    if len(quote) <= limit:
        return quote
    cut = quote[: limit + 1]
    head = cut.rsplit(None, 1)[0] if " " in cut.strip() else quote[:limit]
    return head.rstrip(" ,;:-–—") + "…"


def status_line(status: str) -> str:
    note = STATUS_NOTES.get(status)
    return f"Status: {status}" + (f" ({note})" if note else "")


def citation_line(c: Citation) -> str:
    where = ", ".join(clean(p) for p in (c.outlet, f"in {c.language}" if c.language else "", c.published or "") if p and p.strip())
    holder = clean(c.attributed_to) or clean(c.outlet) or "unattributed"
    source = f" ({where})" if where else ""
    return f"— {holder}{source}: “{trim_quote(clean(c.quote))}”"


def item_line(item: Item) -> str:
    label, text = clean(item.label or ""), clean(item.text)
    if label and text:
        return f"{label} — {text}"
    return label or text


def more_hint(b: Briefing, how: str | None = None) -> str:
    """The line under the table that says where the evidence is ('--full', '/evidence slug', a button)."""
    n = len(b.footnotes)
    quotes = f"quotes [1]–[{n}]" if n > 1 else "the quote [1]" if n else "quotes"
    how = how or (f"/evidence {b.ref}" if b.ref else "--full")
    return f"Evidence ({quotes}, history, sources): {how}"


def table_lines(b: Briefing) -> list[str]:
    """The first screen: title, facts, one line per field, notes."""
    lines = [clean(b.title), *(clean(f) for f in b.facts), ""]
    lines += [f"{clean(row_label(r))}: {clean(row_text(r))}" for r in b.table]
    if b.notes:
        lines += ["", *(clean(n) for n in b.notes)]
    return lines


def render_text(b: Briefing, full: bool = False, more: str | None = None) -> str:
    """An incident: its table, then the evidence when `full` (else one line saying where it is). Other
    briefings: title, status, summary, then each section with its items, quotes and source URLs."""
    if b.table:
        lines = table_lines(b)
        if not full:
            return "\n".join([*lines, "", more_hint(b, more)]) + "\n"
        return "\n".join([*lines, *_section_lines(b)]) + "\n"
    lines: list[str] = [clean(b.title)]
    if b.status:
        lines.append(status_line(clean(b.status)))
    if b.summary.strip():
        lines += ["", *(clean(p) for p in b.summary.split("\n\n") if p.strip())]
    lines += [clean(n) for n in b.notes]
    lines += _section_lines(b)
    if b.footer and b.footer.strip():
        lines += ["", clean(b.footer)]
    return "\n".join(lines) + "\n"


def _section_lines(b: Briefing) -> list[str]:
    lines: list[str] = []
    for section in b.sections:
        lines += ["", clean(section.title)]
        if not section.items:
            lines.append(f"{INDENT}(none)")
        for item in section.items:
            lines.append(f"{INDENT}• {item_line(item)}")
            if item.url:
                lines.append(f"{INDENT * 2}{clean(item.url)}")
            for c in item.citations:
                lines.append(f"{INDENT * 2}{citation_line(c)}")
                if c.url:
                    lines.append(f"{INDENT * 3}{clean(c.url)}")
    return lines
