"""The command registry shared by every platform, and `dispatch`: name + argument text → Reply.

dispatch never raises: user mistakes become helpful ephemeral replies, anything else a short error
reply plus a log line. Adapters only translate events to `dispatch` calls and Replies to messages.
The values themselves (Call, Reply, Registry…) are in bot/commands/spec.py, which handlers import.
"""
from __future__ import annotations

import logging
from collections.abc import Mapping
from datetime import datetime, timezone
from typing import TYPE_CHECKING, Any

from briefings.errors import BriefingError, NoMatch
from bot.commands.spec import (  # noqa: F401 - the values every platform imports from here
    Action, Attachment, Call, Caller, CommandSpec, Handler, OptionSpec, OptionType, Registry, Reply,
)
from bot.timeparse import BadArgument, parse_on, parse_since

if TYPE_CHECKING:
    from briefings.engine import Engine

log = logging.getLogger(__name__)

MAX_DATE_TOKENS = 4  # "on 29 December 2019"


def parse_args(spec: CommandSpec, args: str, now: datetime) -> dict[str, Any]:
    """Argument text → typed options. A trailing date is split off a query (`/incident qaim 2019-12-29`).

    Dates become inclusive (first, last) day ranges, which the engine accepts as `on`."""
    text = " ".join(args.split())
    kinds = [o.type for o in spec.options]
    raw: dict[str, str] = {}
    if "str" in kinds and "date" in kinds:
        query, day = split_trailing_date(text, now)
        raw[next(o.name for o in spec.options if o.type == "str")] = query
        raw[next(o.name for o in spec.options if o.type == "date")] = day
    elif spec.options:  # a single free-text option takes the whole argument text
        raw[spec.options[0].name] = text
    return typed_options(spec, raw, now)


def typed_options(spec: CommandSpec, raw: Mapping[str, str], now: datetime) -> dict[str, Any]:
    """Named option strings (as platforms with structured options send them) → typed, checked options."""
    options = {o.name: _convert(o, (raw.get(o.name) or "").strip(), now) for o in spec.options}
    for option in spec.options:
        if option.required and options[option.name] in (None, ""):
            raise BadArgument(f"/{spec.name} needs a {option.name}: {spec.usage}" + (f", e.g. {spec.example}" if spec.example else ""))
    return options


def _convert(option: OptionSpec, text: str, now: datetime) -> Any:
    if not text:
        return None
    if option.type == "since":
        return parse_since(text, now)
    if option.type == "date":
        span = parse_on(text, now.date())
        if span is None:
            raise BadArgument(f"I couldn't read {text!r} as a date. Try 2024-04-19, 19 April 2024, yesterday or friday.")
        return span
    return text


def split_trailing_date(text: str, now: datetime) -> tuple[str, str]:
    """("qaim on 2019-12-29") → ("qaim", "2019-12-29"): the longest trailing date, leaving a query."""
    tokens = text.split()
    for n in range(min(MAX_DATE_TOKENS, len(tokens) - 1), 0, -1):
        if parse_on(" ".join(tokens[-n:]), now.date()) is not None:
            query = tokens[:-n]
            if query and query[-1].lower() in ("on", "at", "of"):
                query = query[:-1]
            if query:
                return " ".join(query), " ".join(tokens[-n:])
    return text, ""


def dispatch(
    registry: Registry,
    engine: Engine,
    name: str,
    args: str = "",
    *,
    now: datetime | None = None,
    user: str | None = None,
    channel: str | None = None,
    caller: Caller | None = None,
) -> Reply:
    """Answer `/name args`. Never raises: errors become replies (and log lines for the unexpected)."""
    now = now or datetime.now(timezone.utc)
    caller = caller or Caller(user=user, channel=channel)
    spec = registry.get(name)
    if spec is None:
        return Reply.note(f"Unknown command /{name.strip().lstrip('/')}.\n\n" + registry.help_text())
    try:
        options = parse_args(spec, args, now)
    except BadArgument as exc:
        return Reply.note(str(exc))
    except Exception:
        log.exception("/%s: reading the arguments %r failed", spec.name, args)
        return Reply.note(f"Something went wrong answering /{spec.name}; the error was logged.")
    return invoke(spec, Call(engine, options, registry, now, caller.user, caller.channel, caller))


def invoke(spec: CommandSpec, call: Call) -> Reply:
    """Run a handler with already-typed options (platforms with structured options call this directly)."""
    try:
        return spec.handler(call)
    except NoMatch as exc:
        return Reply.note(_no_match_text(exc, call.engine))
    except (BriefingError, BadArgument) as exc:
        return Reply.note(str(exc))
    except Exception:
        log.exception("/%s failed (options %r)", spec.name, dict(call.options))
        return Reply.note(f"Something went wrong answering /{spec.name}; the error was logged.")


def closest_matches(exc: NoMatch, engine: Engine, limit: int = 5) -> list[str]:
    """The engine's suggestions (close place names), else incident slugs that start with the whole query.
    Never unrelated incidents: an unknown name gets none."""
    if exc.suggestions:
        return list(exc.suggestions)[:limit]
    query = exc.query.strip().lower()
    if len(query) < 3 or exc.place:
        return []
    try:
        found = list(engine.suggest(query, limit=limit))  # close names and slug prefixes, not the first letters
    except Exception:  # suggestions are a courtesy; the answer stands without them
        log.exception("suggest(%r) failed", query)
        return []
    return found[:limit]


def no_match_lines(exc: NoMatch, engine: Engine, quotes: str = "''") -> list[str]:
    """The same answer in chat and on the command line."""
    return NoMatch(exc.query, closest_matches(exc, engine), exc.place).lines(quotes)


def _no_match_text(exc: NoMatch, engine: Engine) -> str:
    return "\n".join([*no_match_lines(exc, engine, "“”"), "Try /incidents to list recent incidents."])


def default_registry() -> Registry:
    """The commands every platform offers (subscriptions are added by `Registry.extend`)."""
    from bot.commands import handlers as h
    from bot.commands.exports import export_command

    query = OptionSpec("query", "str", "incident name, place or slug (e.g. kalsu)", required=True)
    day = OptionSpec("date", "date", "the day of the incident, e.g. 2019-12-29")
    since = OptionSpec("since", "since", "how far back: 24h, 7d, yesterday, this week or a date")
    return Registry((
        CommandSpec("incident", "briefing of one incident: who says what, and what is disputed",
                    (query, day), h.incident, "/incident kalsu"),
        CommandSpec("evidence", "the quotes, figure history and sources behind an incident's table",
                    (query, day), h.evidence, "/evidence kalsu"),
        CommandSpec("incidents", "list incidents by event date (events since a date)", (since,), h.incidents, "/incidents 7d"),
        CommandSpec("disputes", "incidents whose sources disagree", (since,), h.disputes, "/disputes this week"),
        CommandSpec("digest", "what was reported recently, by report time (default: last 24 hours)", (since,), h.digest, "/digest 24h"),
        CommandSpec("sources", "the reports behind an incident", (query, day), h.sources, "/sources jurf"),
        CommandSpec("chart", "a chart of each source's killed and wounded figures", (query, day), h.chart,
                    "/chart kalsu"),
        CommandSpec("export", "claims (CSV, JSON Lines) or incident points (GeoJSON) as a file, for channel managers",
                    (OptionSpec("request", "str", "csv, jsonl or geojson, then a place and a period: geojson iraq 30d"),),
                    export_command, "/export csv iraq 30d"),
        # --- subscriptions (issue 5): scheduled digests; handlers in bot/commands/subscriptions.py ---
        *_subscription_specs(),
        # --- end subscriptions ---
        *_watch_specs(),  # issue 19: alerts for an area (bot/commands/watches.py)
        CommandSpec("help", "this list", (), h.help_reply),
    ))


# --- subscriptions (issue 5) ----------------------------------------------------------------------------------
def _subscription_specs() -> tuple[CommandSpec, ...]:
    """/subscribe, /unsubscribe, /subscriptions: the same on every platform (bot/commands/subscriptions.py)."""
    from bot.commands import subscriptions as sub

    schedule = OptionSpec("schedule", "str", "daily HH:MM, or a cron expression such as 30 7 * * 1-5", required=True)
    tz = OptionSpec("timezone", "str", "IANA time zone, e.g. Asia/Baghdad (default UTC)")
    flt = OptionSpec("filter", "str", "optional: place:X country:X actor:X keyword, or contested")
    which = OptionSpec("subscription", "str", "the subscription number, or all")
    return (
        CommandSpec("subscribe", "a daily digest in this channel (or your DMs)", (schedule, tz, flt),
                    sub.handle_subscribe, "/subscribe daily 07:30 Asia/Baghdad"),
        CommandSpec("unsubscribe", "stop a digest here", (which,), sub.handle_unsubscribe, "/unsubscribe all"),
        CommandSpec("subscriptions", "the digests this channel (or your DMs) gets", (), sub.handle_subscriptions),
    )
# --- end subscriptions (issue 5) ------------------------------------------------------------------------------


# --- watches (issue 19) ---------------------------------------------------------------------------------------
def _watch_specs() -> tuple[CommandSpec, ...]:
    """/watch add|list|remove: alerts in this channel when an incident in an area appears or changes."""
    from bot.commands import watches

    action = OptionSpec("action", "str", "add <area> [filters], list, or remove <id>|all")
    details = OptionSpec("details", "str", "e.g. Kharkiv oblast · within 50 km of Erbil killed>=5 · Sudan contested")
    return (CommandSpec("watch", "alerts here when an incident in an area appears or its figures change",
                        (action, details), watches.handle_watch, "/watch add Kharkiv oblast"),)
# --- end watches (issue 19) -----------------------------------------------------------------------------------
