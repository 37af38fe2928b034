"""Renderers for the platform-neutral Briefing: plain text, Markdown and JSON."""
from __future__ import annotations

from collections.abc import Callable
from typing import Any, Literal

from briefings.briefing import Briefing
from briefings.render.json import render_json
from briefings.render.markdown import render_markdown
from briefings.render.text import render_text

Format = Literal["text", "markdown", "json"]

RENDERERS: dict[str, Callable[..., str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}


def render(b: Briefing, fmt: str = "text", *, full: bool = False, more: str | None = None) -> str:
    """Render in one of RENDERERS' formats; an unknown format is a ValueError naming the valid ones.

    Text and Markdown show an incident's table, and its evidence only when `full` (else the line `more`
    says where it is); JSON is always complete."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(RENDERERS)}") from None
    options: dict[str, Any] = {} if fmt == "json" else {"full": full, "more": more}
    return renderer(b, **options)


__all__ = ["Format", "RENDERERS", "render", "render_json", "render_markdown", "render_text"]
