"""Logging for the briefbot process: level and format (text, or one JSON object per line) from the settings.

Secrets never reach a log line: every formatted line (tracebacks included) is passed through `Masker`, which
replaces the configured tokens and anything shaped like a Slack or Discord token or a URL password. Context
fields given with `extra=` (incident, feed, channel, command …) become JSON keys, or a `key=value` tail.
"""
from __future__ import annotations

import json
import logging
import re
import sys
from collections.abc import Iterable
from datetime import datetime, timezone
from typing import TYPE_CHECKING, TextIO

if TYPE_CHECKING:
    from bot.settings import Settings

CONTEXT_FIELDS = ("platform", "command", "incident", "feed", "channel", "user", "workspace", "took_ms", "request")
MASK = "***"
TOKEN_SHAPES = re.compile(
    r"\bx(?:ox[abposr]|app)-[A-Za-z0-9-]{6,}"  # Slack bot, user and app-level tokens
    r"|\b[A-Za-z0-9_-]{23,28}\.[A-Za-z0-9_-]{6}\.[A-Za-z0-9_-]{27,}"  # Discord bot tokens
)
URL_PASSWORD = re.compile(r"(?P<head>\b[a-z][a-z0-9+.-]*://[^:/@\s]+:)[^@\s]+(?P<at>@)")
HANDLER_MARK = "_briefbot_handler"
NOISY_AT_INFO = ("alembic.runtime.plugins",)
# Platform SDKs that log every failed reconnect with a full traceback; their message already says what failed.
RECONNECT_LOGGERS = ("adapters.slack.socket", "slack_sdk.socket_mode", "discord.client", "discord.gateway",
                     "discord.shard")


class ReconnectsInOneLine(logging.Filter):
    """Below DEBUG, a platform's reconnect error is its message and the exception's one-line summary."""

    def filter(self, record: logging.LogRecord) -> bool:
        if record.exc_info and record.name.startswith(RECONNECT_LOGGERS) and not logging.getLogger().isEnabledFor(
                logging.DEBUG):
            error = record.exc_info[1]
            record.msg = f"{record.getMessage()} ({type(error).__name__})"
            record.args = None
            record.exc_info = record.exc_text = None
        return True


class Masker:
    """Replaces secret values and token-shaped strings in text."""

    def __init__(self, secrets: Iterable[str] = ()) -> None:
        self.secrets = sorted({s for s in secrets if s and len(s) >= 4}, key=len, reverse=True)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, MASK)
        text = TOKEN_SHAPES.sub(MASK, text)
        return URL_PASSWORD.sub(lambda m: f"{m['head']}{MASK}{m['at']}", text)


def _context(record: logging.LogRecord) -> dict[str, object]:
    return {name: getattr(record, name) for name in CONTEXT_FIELDS if getattr(record, name, None) is not None}


class TextFormatter(logging.Formatter):
    def __init__(self, masker: Masker) -> None:
        super().__init__("%(asctime)s %(levelname)s %(name)s: %(message)s")
        self.masker = masker

    def format(self, record: logging.LogRecord) -> str:
        line = super().format(record)
        context = _context(record)
        if context:
            head, sep, tail = line.partition("\n")
            line = head + " " + " ".join(f"{k}={v}" for k, v in context.items()) + sep + tail
        return self.masker(line)


class JsonFormatter(logging.Formatter):
    """One JSON object per line: time, level, logger, message, the context fields, and `error` (a traceback)."""

    def __init__(self, masker: Masker) -> None:
        super().__init__()
        self.masker = masker

    def format(self, record: logging.LogRecord) -> str:
        entry: dict[str, object] = {
            "time": datetime.fromtimestamp(record.created, timezone.utc).isoformat(timespec="milliseconds"),
            "level": record.levelname,
            "logger": record.name,
            "message": self.masker(record.getMessage()),
        }
        entry.update({k: self.masker(str(v)) if isinstance(v, str) else v for k, v in _context(record).items()})
        if record.exc_info:
            entry["error"] = self.masker(self.formatException(record.exc_info))
        return json.dumps(entry, ensure_ascii=False, default=str)


def secrets_of(settings: Settings | None) -> list[str]:
    """The secret values in the settings (tokens, signing secret, the database password)."""
    if settings is None:
        return []
    out = []
    for name in type(settings).model_fields:
        value = getattr(settings, name)
        if hasattr(value, "get_secret_value") and value.get_secret_value():
            out.append(value.get_secret_value())
    if settings.database_url:
        from sqlalchemy.engine import make_url

        try:
            password = make_url(settings.database_url).password
        except Exception:  # an unparsable URL is reported by the engine; nothing to mask here
            password = None
        if password:
            out.append(str(password))
    return out


def configure_logging(settings: Settings | None, stream: TextIO | None = None) -> logging.Handler:
    """Install (or replace) briefbot's handler on the root logger; other handlers (pytest's) are left alone."""
    level = settings.log_level if settings is not None else "WARNING"
    fmt = settings.log_format if settings is not None else "text"
    masker = Masker(secrets_of(settings))
    handler = logging.StreamHandler(stream or sys.stderr)
    handler.setFormatter(JsonFormatter(masker) if fmt == "json" else TextFormatter(masker))
    handler.addFilter(ReconnectsInOneLine())
    setattr(handler, HANDLER_MARK, True)
    root = logging.getLogger()
    for old in [h for h in root.handlers if getattr(h, HANDLER_MARK, False)]:
        root.removeHandler(old)
    root.addHandler(handler)
    root.setLevel(level)
    for chatty in NOISY_AT_INFO:  # start-up chatter that says nothing to an operator
        logging.getLogger(chatty).setLevel(logging.WARNING if level != "DEBUG" else logging.NOTSET)
    return handler
