"""Renderers for the platform-neutral Briefing: plain text, Markdown and JSON."""
from __future__ import annotations

from collections.abc import Callable
from typing import Literal

from briefings.briefing import Briefing
from briefings.render.json import render_json
from briefings.render.markdown import render_markdown
from briefings.render.text import render_text

Format = Literal["text", "markdown", "json"]

RENDERERS: dict[str, Callable[[Briefing], str]] = {
    "text": render_text,
    "markdown": render_markdown,
    "json": render_json,
}


def render(b: Briefing, fmt: str = "text") -> str:
    """Render in one of RENDERERS' formats; an unknown format is a ValueError naming the valid ones."""
    try:
        renderer = RENDERERS[fmt]
    except KeyError:
        raise ValueError(f"unknown format {fmt!r}; use one of {', '.join(RENDERERS)}") from None
    return renderer(b)


__all__ = ["Format", "RENDERERS", "render", "render_json", "render_markdown", "render_text"]
