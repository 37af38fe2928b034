"""Reads lines, answers each with the same dispatch every chat platform uses, prints plain text.

Works on a TTY (with a prompt) and on piped input (no prompt). EOF and Ctrl-C end it with code 0.
"""
from __future__ import annotations

import sys
from typing import TYPE_CHECKING, TextIO

from briefings.render.text import render_text

if TYPE_CHECKING:
    from bot.app import Runtime
    from bot.commands import Reply

BANNER = "briefbot console — type /help; Ctrl-D to quit"
PROMPT = "> "


def format_reply(reply: Reply) -> str:
    if reply.briefing is not None:
        return render_text(reply.briefing)
    return (reply.text or "").rstrip("\n") + "\n"


def _interactive(stream: TextIO) -> bool:
    try:
        return stream.isatty()
    except (AttributeError, ValueError):
        return False


def _read(stdin: TextIO, stdout: TextIO, prompt: str) -> str:
    """One line ('' at end of input). On the real terminal, input() gives line editing and history."""
    if prompt and stdin is sys.stdin and stdout is sys.stdout:
        try:
            return input(prompt) + "\n"
        except EOFError:
            return ""
    if prompt:
        print(prompt, end="", file=stdout, flush=True)
    return stdin.readline()


def start(runtime: Runtime, stdin: TextIO, stdout: TextIO) -> int:
    count = runtime.incident_count()
    print(BANNER, file=stdout)
    print(f"Database: {runtime.database_label()}", file=stdout)
    print(f"Incidents: {'unknown' if count is None else count}", file=stdout, flush=True)
    prompt = PROMPT if _interactive(stdin) and _interactive(stdout) else ""
    try:
        while True:
            line = _read(stdin, stdout, prompt)
            if not line:
                break
            reply = runtime.answer(line)
            if reply is not None:
                print(format_reply(reply), file=stdout, flush=True)
    except KeyboardInterrupt:
        pass
    if prompt:
        print(file=stdout)
    return 0
