"""Reads lines, answers each with the same dispatch every chat platform uses, prints plain text.

Works on a TTY (with a prompt) and on piped input (no prompt). EOF and Ctrl-C end it with code 0.
"""
from __future__ import annotations

import asyncio
import os
import sys
import tempfile
import threading
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

from briefings.render.text import render_text

if TYPE_CHECKING:
    from bot.app import Runtime
    from bot.commands import Attachment, Reply

BANNER = "briefbot console — type /help; Ctrl-D to quit"
PROMPT = "> "


def chart_dir() -> Path:
    """Where the console saves files a reply carries: BRIEFBOT_CHART_DIR, else a briefbot folder in the temp dir."""
    return Path(os.environ.get("BRIEFBOT_CHART_DIR") or Path(tempfile.gettempdir()) / "briefbot")


def save_attachment(attachment: Attachment, folder: Path | None = None) -> Path:
    folder = folder or chart_dir()
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / Path(attachment.filename).name  # the name is the slug's; never a path from elsewhere
    path.write_bytes(attachment.data)
    return path


def format_reply(reply: Reply) -> str:
    if reply.briefing is not None:
        return render_text(reply.briefing)  # an incident: its table, and "/evidence SLUG" for the quotes
    text = (reply.text or "").rstrip("\n") + "\n"
    if reply.attachment is not None:
        try:
            text += f"Saved to {save_attachment(reply.attachment)}\n"
        except OSError as exc:
            text += f"The file could not be saved ({exc.strerror or exc}); set BRIEFBOT_CHART_DIR to a writable folder.\n"
    return text


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


def _banner(runtime: Runtime, stdout: TextIO) -> None:
    count = runtime.incident_count()
    print(BANNER, file=stdout)
    print(f"Database: {runtime.database_label()}", file=stdout)
    print(f"Incidents: {'unknown' if count is None else count}", file=stdout, flush=True)


def start(runtime: Runtime, stdin: TextIO, stdout: TextIO) -> int:
    """The blocking console, for scripts and tests; `briefbot run` uses `serve`."""
    _banner(runtime, stdout)
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


class ConsoleDeliverer:
    """Scheduled digests in console mode are printed."""

    def __init__(self, stdout: TextIO) -> None:
        self.stdout = stdout

    async def deliver(self, target: object, briefing: object) -> str | None:
        print(render_text(briefing), file=self.stdout, flush=True)  # type: ignore[arg-type]
        return None


async def serve(runtime: Runtime, stop: asyncio.Event, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
    """The console on the bot's event loop: lines are read by a daemon thread so Ctrl-C never waits on input."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    runtime.deliverers.setdefault("console", ConsoleDeliverer(stdout))
    await asyncio.to_thread(_banner, runtime, stdout)
    prompt = PROMPT if _interactive(stdin) and _interactive(stdout) else ""
    loop = asyncio.get_running_loop()
    lines: asyncio.Queue[str] = asyncio.Queue()
    answered = threading.Event()  # the next prompt waits for the answer: "> " never lands before the briefing
    answered.set()

    def reader() -> None:
        try:
            while True:
                answered.wait()
                answered.clear()
                line = _read(stdin, stdout, prompt)
                loop.call_soon_threadsafe(lines.put_nowait, line)
                if not line:
                    return
        except (KeyboardInterrupt, ValueError, OSError):
            loop.call_soon_threadsafe(lines.put_nowait, "")

    threading.Thread(target=reader, name="console-stdin", daemon=True).start()
    while not stop.is_set():
        getter = asyncio.ensure_future(lines.get())
        stopper = asyncio.ensure_future(stop.wait())
        done, pending = await asyncio.wait({getter, stopper}, return_when=asyncio.FIRST_COMPLETED)
        for task in pending:
            task.cancel()
        if getter not in done:
            break
        line = getter.result()
        if not line:
            break
        try:
            reply = await runtime.ask(line)
            if reply is not None:
                print(format_reply(reply), file=stdout, flush=True)
        finally:
            answered.set()
    if prompt:
        print(file=stdout)
