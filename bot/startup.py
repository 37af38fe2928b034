"""Start-up that survives a database or platform that is not there yet (a container started before its
PostgreSQL, a network that comes up late): one line per failed try, waits that double, then a clean exit.

Only "cannot reach" errors are retried (a refused or timed-out connection, anywhere in the exception's
chain); a wrong token or a bad URL fails at once, in one line as well. Tracebacks go to the DEBUG log.
"""
from __future__ import annotations

import asyncio
import logging
import signal
import threading
import time
from collections.abc import Awaitable, Callable, Iterator
from contextlib import contextmanager
from typing import TextIO, TypeVar

log = logging.getLogger(__name__)
T = TypeVar("T")
MAX_WAIT = 60.0
HEALTHY_RUN = 60.0  # an adapter that ran this long before failing starts its count of tries afresh


class StartupFailed(RuntimeError):
    """Gave up: the message is the one line to print."""


def one_line(exc: BaseException) -> str:
    """The error in one line: its first line of text, or its type when it has none."""
    text = str(exc).strip().splitlines()
    first = text[0] if text else ""
    return first or type(exc).__name__


def unreachable(exc: BaseException) -> bool:
    """A connection refused, reset or timed out (OSError/TimeoutError, or a driver's OperationalError around one)."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, (OSError, TimeoutError, asyncio.TimeoutError)):
            return True
        if type(current).__name__ in ("OperationalError", "InterfaceError") and "connect" in str(current).lower():
            return True
        current = current.__cause__ or current.__context__
    return False


def wait_before(attempt: int, first: float) -> float:
    return min(MAX_WAIT, first * 2 ** (attempt - 1))


def with_retries(what: str, action: Callable[[], T], retries: int, first_wait: float, out: TextIO,
                 sleep: Callable[[float], None] = time.sleep) -> T:
    """`action()`, tried again after an unreachable error up to `retries` times; StartupFailed after that."""
    attempt = 0
    while True:
        try:
            return action()
        except Exception as exc:
            log.debug("%s failed", what, exc_info=exc)
            if not unreachable(exc):
                raise StartupFailed(f"{what} failed: {one_line(exc)}") from exc
            attempt += 1
            if attempt > retries:
                raise StartupFailed(f"{what} failed: {one_line(exc)} (gave up after {attempt} tries)") from exc
            wait = wait_before(attempt, first_wait)
            print(f"{what} failed: {one_line(exc)}; trying again in {wait:g} s ({attempt}/{retries}).",
                  file=out, flush=True)
            sleep(wait)


async def supervise(label: str, run: Callable[[], Awaitable[None]], stop: asyncio.Event, retries: int,
                    first_wait: float, out: TextIO) -> None:
    """Run an adapter; when it cannot reach its platform, say so in one line and start it again after a wait."""
    attempt = 0
    while True:
        started = time.monotonic()
        try:
            await run()
            return
        except Exception as exc:
            log.debug("%s stopped", label, exc_info=exc)
            if stop.is_set():
                raise StartupFailed(f"{label} stopped with an error: {one_line(exc)}") from exc
            if not unreachable(exc):
                raise StartupFailed(f"{label}: {one_line(exc)}") from exc
            attempt = 1 if time.monotonic() - started > HEALTHY_RUN else attempt + 1
            if attempt > retries:
                raise StartupFailed(f"Cannot reach {label}: {one_line(exc)} (gave up after {attempt} tries)") from exc
            wait = wait_before(attempt, first_wait)
            print(f"Cannot reach {label}: {one_line(exc)}; trying again in {wait:g} s ({attempt}/{retries}).",
                  file=out, flush=True)
            try:
                await asyncio.wait_for(stop.wait(), wait)
                return  # asked to stop while waiting
            except asyncio.TimeoutError:
                pass


class Interrupted(Exception):
    """Raised between two stored reports after SIGTERM/SIGINT: what was stored stays stored, nothing is half-done."""

    def __init__(self, signum: int) -> None:
        super().__init__(signal.Signals(signum).name)
        self.signum = signum


@contextmanager
def stop_between_items() -> Iterator[Callable[[], None]]:
    """SIGTERM (and SIGINT) set a flag instead of killing the process; the `check` yielded raises Interrupted
    when the flag is set, so a long loop stops at its next safe point (after the item in flight is stored)."""
    received: list[int] = []
    if threading.current_thread() is not threading.main_thread():  # signals can only be caught there
        yield lambda: None
        return

    def note(signum: int, _frame: object) -> None:
        received.append(signum)

    saved = {sig: signal.signal(sig, note) for sig in (signal.SIGTERM, signal.SIGINT)}

    def check() -> None:
        if received:
            raise Interrupted(received[0])

    try:
        yield check
    finally:
        for sig, handler in saved.items():
            signal.signal(sig, handler)
