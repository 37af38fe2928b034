"""Command handlers: a Call (engine + typed options) in, a Reply out. They return values and never send."""
from __future__ import annotations

from typing import Any

from bot.commands import Call, Reply


def _since(call: Call) -> dict[str, Any]:
    """Only pass `since` when the user gave one, so the engine's own default applies otherwise."""
    since = call.options.get("since")
    return {} if since is None else {"since": since}


def incident(call: Call) -> Reply:
    return Reply(briefing=call.engine.incident(call.options["query"], on=call.options.get("date")))


def evidence(call: Call) -> Reply:
    return Reply(briefing=call.engine.evidence(call.options["query"], on=call.options.get("date")))


def incidents(call: Call) -> Reply:
    return Reply(briefing=call.engine.incidents(**_since(call)))


def disputes(call: Call) -> Reply:
    return Reply(briefing=call.engine.disputes(**_since(call)))


def digest(call: Call) -> Reply:
    return Reply(briefing=call.engine.digest(**_since(call)))


def sources(call: Call) -> Reply:
    return Reply(briefing=call.engine.sources(call.options["query"], on=call.options.get("date")))


def help_reply(call: Call) -> Reply:
    return Reply.note(call.registry.help_text())
