"""Slack mrkdwn for untrusted text: the only place article text becomes markup.

Slack gives `&`, `<` and `>` a meaning (`<!channel>`, `<@U123>`, `<https://x|label>`); those three are
replaced by entities and nothing else is entity-encoded (platforms.md §1.5). Slack has no escape for its
formatting marks, so `*`, `_`, `~` and a backtick in untrusted text are fenced by zero-width spaces: they
then open and close nothing, and the text reads the same. Every mrkdwn text object is sent `verbatim`, so
bare URLs, `@channel` and `#channel` in article text are not auto-linked either.
"""
from __future__ import annotations

import re

from briefings.render.text import clean

ZWSP = "\u200b"
_ENTITIES = str.maketrans({"&": "&amp;", "<": "&lt;", ">": "&gt;"})
_FORMATTING = re.compile(r"([*_~`])")
_SAFE_URL = re.compile(r"(?i)^https?://[^\s/?#<>|][^\s]*$")
# One unit that must never be cut in two when a long line is split: our link, an entity, a fenced mark.
_LINK = re.compile(r"<(https?://[^<>|\s]+)\|([^<>]*)>")
_ATOM = re.compile(_LINK.pattern + r"|&(?:amp|lt|gt);|\u200b[*_~`]\u200b|.", re.DOTALL)


def escape(text: str) -> str:
    """One line of untrusted text → inert mrkdwn (control characters dropped, whitespace collapsed)."""
    return _FORMATTING.sub(ZWSP + r"\1" + ZWSP, clean(text).translate(_ENTITIES))


def escape_lines(text: str) -> list[str]:
    """Multi-line untrusted text (a note, the help) → escaped lines; blank lines are kept."""
    return [escape(line) for line in text.splitlines()]


def safe_url(url: str | None) -> str | None:
    """A stored source URL fit for `<url|label>`, or None when it is not plain http(s)."""
    if not url:
        return None
    url = clean(url).replace(" ", "%20").replace('"', "%22")
    if not _SAFE_URL.match(url):
        return None
    return url.replace("<", "%3C").replace(">", "%3E").replace("|", "%7C").replace("&", "&amp;")


def link(url: str | None, label: str) -> str:
    """`<url|label>` for an http(s) URL (label escaped); otherwise the label, then the address as text."""
    target = safe_url(url)
    text = escape(label) or "link"
    if target is not None:
        return f"<{target}|{text}>"
    return f"{text} ({escape(url)})" if url and url.strip() else text


def plain(text: str) -> str:
    """What a reader sees of our mrkdwn, roughly: links → labels, entities decoded, fences removed (for tests)."""
    text = _LINK.sub(r"\2", text)
    return text.replace(ZWSP, "").replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def _atoms(text: str) -> list[str]:
    return [m.group(0) for m in _ATOM.finditer(text)]


def split_line(line: str, limit: int) -> list[str]:
    """Cut an over-long line into pieces of at most `limit` characters, at spaces where possible, never inside
    an entity, a fenced mark or a link (a link longer than a whole piece becomes its label and address)."""
    atoms: list[str] = []
    for atom in _atoms(line):
        found = _LINK.fullmatch(atom) if len(atom) > limit else None
        atoms += _atoms(f"{found[2]} ({found[1]})") if found else [atom]
    pieces: list[str] = []
    current: list[str] = []
    size = 0
    for atom in atoms:
        if current and size + len(atom) > limit:
            cut = next((i for i in range(len(current) - 1, 0, -1) if current[i] == " "), None)
            pieces.append("".join(current[:cut]) if cut else "".join(current))
            current = current[cut + 1:] if cut else []
            size = sum(map(len, current))
            if current and size + len(atom) > limit:
                pieces.append("".join(current))
                current, size = [], 0
        current.append(atom)
        size += len(atom)
    if current or not pieces:
        pieces.append("".join(current))
    return pieces


def chunk_lines(lines: list[str], limit: int) -> list[str]:
    """Join lines into texts of at most `limit` characters; long lines are split, nothing is dropped."""
    texts: list[str] = []
    current: list[str] = []
    size = 0
    for line in lines:
        for piece in split_line(line, limit) if len(line) > limit else [line]:
            extra = len(piece) + (1 if current else 0)
            if current and size + extra > limit:
                texts.append("\n".join(current))
                current, size = [], 0
                extra = len(piece)
            current.append(piece)
            size += extra
    if current:
        texts.append("\n".join(current))
    return texts
