"""Split a top-level JSON array into its elements' texts without parsing them (one linear pass).

Why: `json.loads` parses a whole document or nothing, so one record nested 100,000 levels deep (RecursionError)
would lose every other record of a JSON list. With the element spans, each record is parsed on its own and only
the bad one is rejected.
"""
from __future__ import annotations

__all__ = ["array_items"]

_OPEN, _CLOSE = "[{", "]}"


def array_items(text: str) -> list[str] | None:
    """The raw text of each element of the array that `text` is, or None when `text` is not one array
    (brackets unbalanced, a string unterminated, or something after the closing bracket)."""
    body = text.strip()
    if not body.startswith("["):
        return None
    items: list[str] = []
    depth = 0
    start = 1
    in_string = escaped = False
    for i, ch in enumerate(body):
        if in_string:
            if escaped:
                escaped = False
            elif ch == "\\":
                escaped = True
            elif ch == '"':
                in_string = False
        elif ch == '"':
            in_string = True
        elif ch in _OPEN:
            depth += 1
        elif ch in _CLOSE:
            depth -= 1
            if depth == 0:
                if body[i + 1:].strip():
                    return None
                last = body[start:i].strip()
                if last or items:
                    items.append(last)
                return items
        elif ch == "," and depth == 1:
            items.append(body[start:i].strip())
            start = i + 1
    return None
