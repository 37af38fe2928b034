"""briefings: the core engine — ingest → extract → resolve → reconcile → compose. Imports no chat SDK.

Names are loaded lazily so that `import briefings.reconcile` does not pull in the database layer.
"""
from __future__ import annotations

from importlib import import_module
from typing import Any

_EXPORTS = {
    "Briefing": "briefings.briefing", "Citation": "briefings.briefing", "Item": "briefings.briefing",
    "Section": "briefings.briefing", "Engine": "briefings.engine", "IngestOutcome": "briefings.engine",
    "IngestReport": "briefings.engine", "BriefingError": "briefings.errors", "NoMatch": "briefings.errors",
}
__all__ = sorted(_EXPORTS)


def __getattr__(name: str) -> Any:
    if name in _EXPORTS:
        return getattr(import_module(_EXPORTS[name]), name)
    raise AttributeError(name)
