"""/incidents in chat: the list (events since a date), and for admins `merge A B` and `split A <report url>`.

Merging and splitting change what every channel sees, so only admins may (the platform decides and fills
`Caller.is_admin`: Slack workspace admins and owners, Discord Administrator or Manage Server; the console is the
operator's own terminal). Everyone else gets a clear refusal and nothing changes.
"""
from __future__ import annotations

from bot.commands.spec import Call, Caller, Reply
from bot.timeparse import BadArgument, parse_since

ACTIONS = ("merge", "split")
USAGE = "/incidents merge <incident to keep> <incident to merge into it>  ·  /incidents split <incident> <report url>"
NOT_AN_ADMIN = ("Only admins can merge or split incidents: it changes what every channel sees (Slack: workspace "
                "admins and owners; Discord: Administrator or Manage Server). Nothing was changed. "
                "Ask an admin, or run briefbot incidents merge|split on the server.")


def wants_admin(text: str | None) -> bool:
    """Whether /incidents text asks for a merge or split (adapters look admins up only then)."""
    return (text or "").strip().split(" ", 1)[0].lower() in ACTIONS


def may_fix(caller: Caller) -> bool:
    return caller.platform == "console" or caller.is_admin


def actor(caller: Caller) -> str:
    """Who is recorded: platform and user id (never a mention: the record is shown in chat later)."""
    return f"{caller.platform}:{caller.user or 'unknown'}"


def handle_incidents(call: Call) -> Reply:
    text = " ".join(str(call.options.get("since") or "").split())
    head, _, rest = text.partition(" ")
    if head.lower() in ACTIONS:
        return _fix(call, head.lower(), rest.split())
    since = parse_since(text, call.now) if text else None
    return Reply(briefing=call.engine.incidents(**({} if since is None else {"since": since})))


def _fix(call: Call, action: str, args: list[str]) -> Reply:
    if not may_fix(call.caller):
        return Reply.note(NOT_AN_ADMIN)
    if action == "merge":
        if len(args) != 2:
            raise BadArgument(f"merge takes two incident slugs, the one to keep first. Usage: {USAGE}")
        out = call.engine.merge(args[0], args[1], actor(call.caller))
    else:
        if len(args) != 2:
            raise BadArgument(f"split takes an incident slug and the url of the report to move out. Usage: {USAGE}")
        out = call.engine.split(args[0], args[1], actor(call.caller))
    return Reply(text=out.text, ephemeral=False)
