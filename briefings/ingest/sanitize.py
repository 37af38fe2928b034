"""Text made safe to store and cheap to read: no NUL, no lone surrogate, no unbounded line.

Why here: PostgreSQL refuses NUL in text columns and every driver refuses lone surrogates ("\\ud800" from a JSON
escape or an undecodable file name), so both are replaced by U+FFFD before anything is hashed or stored — the same
text on SQLite and PostgreSQL. And the extractors run per-sentence regexes and place lookups whose cost grows with
the square of a sentence's length; a 19 MB single line would take hours. `bound_lines` breaks every run of more
than MAX_RUN characters without a sentence end at a space (or, lacking one, anywhere), so no sentence is longer.
Ordinary prose never reaches the limit: only a line with no sentence end for MAX_RUN characters is touched.
"""
from __future__ import annotations

import re

__all__ = ["MAX_RUN", "safe", "safe_opt", "bound_lines"]

REPLACEMENT = "\ufffd"
MAX_RUN = 1000  # characters without a sentence end: real sentences are far shorter (a long one is ~400)
_SURROGATE = re.compile("[\ud800-\udfff]")
# A sentence end as the splitter sees one: final punctuation, optional closers, then whitespace. Possessive: linear
# on "....."; it opens with the character class, so the regex engine skips straight to the next candidate.
_END = re.compile(r"[.!?…\n](?:(?<=\n)|(?<![.!?…]{2})[.!?…]*+[\"”’')\]»]*+\s)")


def safe(text: str) -> str:
    """`text` with NUL and lone surrogates replaced by U+FFFD (surrogate pairs are joined first)."""
    if "\x00" in text:
        text = text.replace("\x00", REPLACEMENT)
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        joined = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "replace")  # pairs -> one char
        text = _SURROGATE.sub(REPLACEMENT, joined)
    return text


def safe_opt(text: str | None) -> str | None:
    return None if text is None else safe(text)


def bound_lines(text: str, limit: int = MAX_RUN) -> str:
    """`text` where no stretch of more than `limit` characters lacks a sentence end or a line break.

    Linear: one pass over the sentence ends; an over-long stretch is cut at its last space before the limit."""
    if len(text) <= limit or max(map(len, text.split("\n"))) <= limit:  # a line break ends every stretch
        return text
    parts: list[str] = []
    start = 0  # start of the current stretch (just after the last sentence end)
    done = 0  # text[:done] is in parts
    for m in _END.finditer(text):
        if m.start() - start > limit:
            done = _cut(text, start, m.start(), limit, parts, done)
        start = m.end()
    if len(text) - start > limit:
        done = _cut(text, start, len(text), limit, parts, done)
    if not parts:
        return text
    parts.append(text[done:])
    return "".join(parts)


def _cut(text: str, start: int, end: int, limit: int, parts: list[str], done: int) -> int:
    """Break text[start:end] into lines of at most `limit` characters; returns the new `done`."""
    while end - start > limit:
        space = text.rfind(" ", start + limit // 2, start + limit)
        cut = space if space > start else start + limit
        parts.append(text[done:cut])
        parts.append("\n")
        done = cut + 1 if space > start else cut  # the space becomes the line break
        start = done
    return done
