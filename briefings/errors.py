"""Errors the engine raises for users: each carries what to do next."""
from __future__ import annotations


class BriefingError(Exception):
    """Base class: the message is meant for a user."""


class NoMatch(BriefingError):
    """No incident matches a query. `suggestions` are the closest incident names."""

    def __init__(self, query: str, suggestions: list[str] | None = None):
        self.query = query
        self.suggestions = list(suggestions or [])
        hint = f" Closest: {', '.join(self.suggestions)}." if self.suggestions else ""
        super().__init__(f"No incident matches '{query}'.{hint} Try `briefbot incidents` to list them.")

