"""Errors the engine raises for users: each carries what to do next."""
from __future__ import annotations


class BriefingError(Exception):
    """Base class: the message is meant for a user."""


class NoMatch(BriefingError):
    """No incident matches a query. `suggestions` are the closest incident names."""

    def __init__(self, query: str, suggestions: list[str] | None = None, place: str | None = None):
        """`place`: the gazetteer's name for the query ("Kremenchuk (Poltava, Ukraine)") when it is a known
        place where no incident is recorded."""
        self.query = query
        self.suggestions = list(suggestions or [])
        self.place = place
        super().__init__("\n".join(self.lines()) + " Try `briefbot incidents` to list them.")

    def lines(self, quotes: str = "''") -> list[str]:
        """What to tell the user: no incident there (and where that place is), then close names if any."""
        first = (f"No incident is known at {self.place}." if self.place
                 else f"No incident matches {quotes[0]}{self.query}{quotes[1]}.")
        return [first] + ([f"Closest matches: {', '.join(self.suggestions)}."] if self.suggestions else [])

