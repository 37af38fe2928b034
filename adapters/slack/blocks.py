"""Block Kit for briefings and notes, paginated into as many messages as Slack's limits need.

A briefing becomes: a header, a status line, the summary, one section per briefing section (each disputed
field lists every value with its holders, outlet and quote; consensus facts; sources with links), and a
context line with status and report count. Slack's limits (platforms.md §1.4) are enforced by splitting —
a section into continuation sections, a message into follow-up messages — never by cutting text. Every
message carries a plain-text fallback `text`. All untrusted text goes through `mrkdwn.escape`.
"""
from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from adapters.slack.mrkdwn import chunk_lines, escape, escape_lines, link
from briefings.briefing import Briefing, Citation, Item, Section
from briefings.render.text import clean, more_hint, status_line
from briefings.table import row_label, row_text

MAX_BLOCKS = 50
SECTION_TEXT = 3000
HEADER_TEXT = 150
MAX_FIELDS = 10
FIELD_TEXT = 2000
CONTEXT_ELEMENTS = 10
CONTEXT_TEXT = 2000
PAGE_CHARS = 11_000  # well below the undocumented ~13k chars of block text per message (msg_blocks_too_long)
FALLBACK_CHARS = 300
PAGE_MARKS = 2  # blocks kept free on every page for the "part i of n" context lines
EVIDENCE_ACTION = "briefbot_evidence"  # the button under an incident's table; its value is the incident slug

Block = dict[str, Any]


@dataclass(frozen=True)
class Message:
    """One Slack message: the plain-text fallback and its blocks (at most 50)."""

    text: str
    blocks: tuple[Block, ...]

    def payload(self) -> dict[str, Any]:
        return {"text": self.text, "blocks": list(self.blocks)}


def mrkdwn(text: str) -> Block:
    return {"type": "mrkdwn", "text": text, "verbatim": True}


def section(text: str) -> Block:
    return {"type": "section", "text": mrkdwn(text)}


def context(text: str) -> Block:
    return {"type": "context", "elements": [mrkdwn(text)]}


def sections(lines: Sequence[str], limit: int = SECTION_TEXT) -> list[Block]:
    return [section(text) for text in chunk_lines(list(lines), limit) if text.strip()]


def title_blocks(title: str) -> list[Block]:
    """A header when the title fits one (150 chars, no characters that need escaping), else a bold section."""
    title = clean(title) or "Briefing"
    if len(title) <= HEADER_TEXT and not set(title) & set("&<>"):
        return [{"type": "header", "text": {"type": "plain_text", "text": title, "emoji": False}}]
    return sections([f"*{escape(title)}*"])


def citation_line(c: Citation) -> str:
    """> “quote” — holder (outlet linked to the article, date)."""
    holder = escape(c.attributed_to) or escape(c.outlet) or "unattributed"
    outlet = link(c.url, c.outlet) if clean(c.outlet) else (link(c.url, "source") if c.url else "")
    where = ", ".join(p for p in (outlet, f"in {escape(c.language)}" if c.language else "", escape(c.published or "")) if p)
    return f"> “{escape(c.quote)}” — {holder}" + (f" ({where})" if where else "")


def item_lines(item: Item) -> list[str]:
    """• *value* — held by …, then one quote line per citation."""
    label, text = escape(item.label or ""), escape(item.text)
    if item.url and not item.citations:
        named = link(item.url, item.label or item.text)  # a source: the outlet links to the report
        head = f"{named} — {text}" if label and text else named
    else:
        head = f"*{label}* — {text}" if label and text else (f"*{label}*" if label else text)
        if item.url:
            head += " · " + link(item.url, "link")
    return [f"• {head}", *(citation_line(c) for c in item.citations)]


def section_blocks(s: Section) -> list[Block]:
    """One section block per briefing section; a long one continues in further blocks under its title."""
    title = f"*{escape(s.title)}*"
    units = [item_lines(i) for i in s.items] or [["_(none)_"]]
    continued = f"{title} _(continued)_"
    if len(continued) > SECTION_TEXT // 3:  # an odd, very long title gets blocks of its own
        return sections([title]) + [section(text) for text in _pack(units, SECTION_TEXT)]
    texts = _pack(units, SECTION_TEXT - len(continued) - 1)
    blocks = []
    for n, text in enumerate(texts):
        blocks += sections([title if n == 0 else continued, text])
    return blocks


def _pack(units: Iterable[list[str]], limit: int) -> list[str]:
    """Whole items per text where they fit; an item longer than a text is split by lines."""
    texts: list[str] = []
    current: list[str] = []
    for unit in units:
        text = "\n".join(unit)
        if len(text) > limit:
            texts += ["\n".join(current)] if current else []
            current = []
            texts += chunk_lines(unit, limit)
            continue
        if current and len("\n".join([*current, text])) > limit:
            texts.append("\n".join(current))
            current = []
        current.append(text)
    if current:
        texts.append("\n".join(current))
    return texts


def _report_count(b: Briefing) -> int | None:
    incident = b.data.get("incident") if isinstance(b.data, dict) else None
    articles = incident.get("articles") if isinstance(incident, dict) else None
    return len(articles) if isinstance(articles, list) else None


def table_blocks(b: Briefing) -> list[Block]:
    """An incident's first screen: title, facts, one line per field, notes, and where the evidence is."""
    blocks = title_blocks(b.title)
    blocks.append(context("\n".join(escape(f) for f in b.facts) or escape(status_line(b.status or ""))))
    blocks += sections([f"*{escape(row_label(r))}:* {escape(row_text(r))}" for r in b.table])
    if b.notes:
        blocks += sections([f"_{escape(n)}_" for n in b.notes])
    blocks.append(context(escape(more_hint(b, f"the button, or /evidence {b.ref}" if b.ref else None))))
    if b.ref and len(b.ref) <= 2000:
        blocks.append({"type": "actions", "elements": [{
            "type": "button", "action_id": EVIDENCE_ACTION, "value": b.ref,
            "text": {"type": "plain_text", "text": "Quotes, history, sources", "emoji": False}}]})
    return blocks


def briefing_messages(b: Briefing) -> list[Message]:
    """A briefing → Slack messages (usually one; more when it is long). An incident shows its table only:
    the evidence is one command away (`/evidence`)."""
    if b.table:
        return paginate(table_blocks(b), clean(b.title) or "Briefing", f"{clean(b.title)}: {clean(b.summary)}")
    blocks = title_blocks(b.title)
    if b.status:
        count = _report_count(b)
        status = status_line(clean(b.status))
        if count is not None:
            status += f" · {count} report{'s' if count != 1 else ''}"
        blocks.append(context(escape(status)))
    paragraphs = [escape(p) for p in b.summary.split("\n\n") if p.strip()]
    blocks += sections([line for p in paragraphs for line in (p, "")][:-1])
    blocks += [context(escape(n)) for n in b.notes if clean(n)][:MAX_BLOCKS // 10]
    for s in b.sections:
        blocks += section_blocks(s)
    if b.footer and clean(b.footer):
        footer = escape(b.footer)
        blocks += [context(footer)] if len(footer) <= CONTEXT_TEXT else sections([footer])
    blocks += action_blocks(b)
    summary = clean(b.summary)
    first = f"{clean(b.title)}: {summary}" if summary else clean(b.title)
    return paginate(blocks, clean(b.title) or "Briefing", first)


ACTION_PREFIX = "briefbot_command_"  # buttons that run a read-only command (adapters/slack/listeners.py)
BUTTON_TEXT = 75


def action_blocks(b: Briefing) -> list[Block]:
    """Buttons from `data["actions"]` (an alert's "Full briefing" runs /incident <slug> for whoever clicks)."""
    return buttons([a for a in (b.data.get("actions") or []) if isinstance(a, dict) and a.get("command")])


def buttons(actions: list[dict[str, Any]]) -> list[Block]:
    """One actions block: each button runs `/command args` for whoever clicks (listeners.py `on_action`)."""
    actions = actions[:5]
    if not actions:
        return []
    return [{"type": "actions", "elements": [
        {"type": "button", "action_id": f"{ACTION_PREFIX}{i}", "value": f"/{a['command']} {a.get('args') or ''}"[:2000],
         "text": {"type": "plain_text", "text": clean(str(a.get("label") or "Open"))[:BUTTON_TEXT] or "Open",
                  "emoji": False}} for i, a in enumerate(actions)]}]


def text_messages(text: str, title: str = "briefbot") -> list[Message]:
    """A short note or the help (untrusted parts included) → section blocks, paginated if it is long."""
    lines = escape_lines(text) or [""]
    blocks = sections(lines) or [section("_(no answer)_")]
    return paginate(blocks, title, " ".join(line for line in text.splitlines() if line.strip()))


def paginate(blocks: list[Block], title: str, fallback: str) -> list[Message]:
    """Split blocks into messages of at most 50 blocks and PAGE_CHARS of text; label the parts when several."""
    pages: list[list[Block]] = [[]]
    size = 0
    for block in blocks:
        chars = block_chars(block)
        if pages[-1] and (len(pages[-1]) >= MAX_BLOCKS - PAGE_MARKS or size + chars > PAGE_CHARS):
            pages.append([])
            size = 0
        pages[-1].append(block)
        size += chars
    total = len(pages)
    messages = []
    for n, page in enumerate(pages, start=1):
        if total > 1:
            if n > 1:
                page.insert(0, context(f"*{escape(_short(title, 120))}* · part {n} of {total}"))
            if n < total:
                page.append(context(f"continued in the next message (part {n} of {total})"))
        text = fallback if n == 1 else f"{title} (part {n} of {total})"
        messages.append(Message(escape(_short(text, FALLBACK_CHARS)) or "briefbot", tuple(page)))
    for message in messages:
        check(message)
    return messages


def _short(text: str, limit: int) -> str:
    text = clean(text)
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def block_chars(block: Block) -> int:
    texts = [block.get("text") or {}, *(block.get("fields") or ()), *(block.get("elements") or ())]
    return sum(len(t.get("text", "")) for t in texts if isinstance(t, dict))


def check(message: Message) -> None:
    """Raise ValueError if a message breaks one of Slack's Block Kit limits (a bad payload is a 400)."""
    blocks = message.blocks
    problems = [f"{len(blocks)} blocks > {MAX_BLOCKS}"] if len(blocks) > MAX_BLOCKS else []
    if not message.text:
        problems.append("no fallback text")
    for n, b in enumerate(blocks):
        text = (b.get("text") or {}).get("text", "")
        if b["type"] == "header" and not 0 < len(text) <= HEADER_TEXT:
            problems.append(f"block {n}: header of {len(text)} chars")
        if b["type"] == "section":
            fields = b.get("fields") or []
            if "text" in b and not 0 < len(text) <= SECTION_TEXT:
                problems.append(f"block {n}: section text of {len(text)} chars")
            if len(fields) > MAX_FIELDS or any(len(f["text"]) > FIELD_TEXT for f in fields):
                problems.append(f"block {n}: {len(fields)} fields or a field over {FIELD_TEXT} chars")
        if b["type"] == "context":
            elements = b.get("elements") or []
            if not 0 < len(elements) <= CONTEXT_ELEMENTS or any(len(e["text"]) > CONTEXT_TEXT for e in elements):
                problems.append(f"block {n}: context of {len(elements)} elements")
    if sum(block_chars(b) for b in blocks) > PAGE_CHARS + 500:
        problems.append("too much text in one message")
    if problems:
        raise ValueError("Slack message over limits: " + "; ".join(problems))
