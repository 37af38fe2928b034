"""JSON briefings: the engine's `Briefing.data` document (DESIGN.md §4), printed as it is."""
from __future__ import annotations

import dataclasses
import json
from typing import Any

from briefings.briefing import Briefing


def _structure(b: Briefing) -> dict[str, Any]:
    """The document itself, for briefings the engine gave no JSON data (messages, errors)."""
    doc = dataclasses.asdict(b)
    doc.pop("data", None)
    return doc


def render_json(b: Briefing) -> str:
    return json.dumps(b.data or _structure(b), ensure_ascii=False, indent=2, default=str) + "\n"
