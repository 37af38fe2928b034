"""`briefbot incidents merge A B` and `briefbot incidents split A --report URL`: an analyst fixes a grouping.

The engine records who and when (briefings/manual.py); later ingests keep the fix. Thin: parse, call, print.
"""
from __future__ import annotations

import getpass
import json
from collections.abc import Callable
from contextlib import AbstractContextManager
from typing import Any

import typer

from bot.cli.parts import Format, fail

USAGE = "briefbot incidents merge KEEP OTHER  |  briefbot incidents split INCIDENT --report URL"
ACTIONS = ("merge", "split")


def who(by: str | None) -> str:
    """The recorded actor: --by, else the login name of whoever runs the command."""
    if by and by.strip():
        return by.strip()
    try:
        return f"cli:{getpass.getuser()}"
    except Exception:  # no login name (some containers): still recorded, as the command line
        return "cli"


def run_manual(engine_for: Callable[..., AbstractContextManager[Any]], settings: Any, db: str | None, action: str,
               names: list[str], report: str | None, by: str | None, fmt: Format) -> None:
    """Merge or split; a clear message and exit code 1 (2 for usage) when it cannot be done."""
    from briefings.errors import BriefingError

    if action == "merge" and len(names) != 2:
        raise fail(f"merge takes two incident slugs, the one to keep first. Usage: {USAGE}", 2)
    if action == "split" and (len(names) != 1 or not report):
        raise fail(f"split takes one incident slug and --report URL (the report to move out). Usage: {USAGE}", 2)
    with engine_for(db, settings) as engine:
        try:
            if action == "merge":
                out = engine.merge(names[0], names[1], who(by))
            else:
                out = engine.split(names[0], str(report), who(by))
        except BriefingError as exc:
            raise fail(str(exc)) from None
    if fmt == Format.json:
        typer.echo(json.dumps({"action": action, "incident": out.slug, "message": out.text}))
    else:
        typer.echo(out.text)
