"""The console adapter: a chat in the terminal (or a pipe). `/command args` or free text per line."""
from __future__ import annotations

from adapters.console.console import serve, start

__all__ = ["serve", "start"]
