"""Channel subscriptions: `/subscribe`, `/unsubscribe`, `/subscriptions` on every platform, stored in the database.

Only channel managers may change a channel's digests (the platform fills `Caller.can_manage`: Slack workspace
admins or the channel's creator, Discord Manage Channels / Manage Server); anyone may subscribe their own
DMs; the console is its own manager. The scheduler (bot.scheduling.scheduler) reads the same table.
"""
from __future__ import annotations

import shlex
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from briefings.db.models import Subscription
from briefings.digest import STATUS_RANK, DigestFilter
from bot.commands.spec import Call, Caller, Reply
from bot.scheduling.delivery import Target
from bot.scheduling.schedules import Schedule, examples, is_cron_field, local_text, looks_like_zone, parse_time, zone
from bot.timeparse import BadArgument

if TYPE_CHECKING:
    from briefings.engine import Engine

DEFAULT_TZ = "UTC"
FILTER_KEYS = {"place": "place", "at": "place", "in": "place", "country": "country", "actor": "actor", "by": "actor",
               "keyword": "keyword", "kw": "keyword", "about": "keyword", "status": "min_status",
               "min_status": "min_status"}
STATUS_WORDS = {"contested": "contested", "contested-only": "contested", "disputed": "contested",
                "disputes": "contested", "corroborated": "corroborated"}
NOT_A_MANAGER = ("Only channel managers can change this channel's digests (Slack: workspace admins and the "
                 "channel's creator; Discord: members with Manage Channels or Manage Server). You can still get "
                 "the digest in your DMs: send me /subscribe there.")


@dataclass(frozen=True)
class Scope:
    """Where digests go: a channel, or one user's DMs, on one platform and workspace/guild."""

    platform: str
    workspace: str | None
    channel: str | None
    dm_user: str | None = None

    @classmethod
    def of(cls, caller: Caller) -> Scope:
        if caller.is_dm:
            return cls(caller.platform, caller.workspace, caller.channel, caller.user or caller.channel)
        return cls(caller.platform, caller.workspace, caller.channel or caller.platform)

    @property
    def noun(self) -> str:
        return "your DMs" if self.dm_user else "this channel"

    @property
    def Noun(self) -> str:  # noqa: N802 - the sentence-initial form
        return "Your DMs" if self.dm_user else "This channel"


@dataclass(frozen=True)
class SubscriptionView:
    id: int
    scope: Scope
    schedule: Schedule
    filters: DigestFilter
    created_by: str | None
    created_at: datetime
    active: bool

    @classmethod
    def of(cls, row: Subscription) -> SubscriptionView:
        created = row.created_at if row.created_at.tzinfo else row.created_at.replace(tzinfo=timezone.utc)
        return cls(row.id, Scope(row.platform, row.workspace, row.channel, row.dm_user),
                   Schedule.stored(row.schedule, row.timezone), DigestFilter.of(row.filters), row.created_by,
                   created, row.active)

    @property
    def target(self) -> Target:
        """DM digests name the user only: the deliverer opens the bot's own DM (the command may have come
        from a DM between two people, where the bot cannot post)."""
        s = self.scope
        if s.dm_user:
            return Target(s.platform, channel=None, workspace=s.workspace, user=s.dm_user)
        return Target(s.platform, channel=s.channel, workspace=s.workspace)

    def line(self, now: datetime) -> str:
        """'#3 daily at 07:30 Asia/Baghdad · contested only · next 2024-04-23 07:30 +03'."""
        nxt = self.schedule.next_fire(now)
        parts = [f"#{self.id} {self.schedule.describe()}", self.filters.describe(),
                 f"next {local_text(nxt, self.schedule.tz)}" if nxt else ""]
        return " · ".join(p for p in parts if p)


def parse_subscribe(text: str, default_tz: str = DEFAULT_TZ) -> tuple[Schedule, DigestFilter, bool]:
    """'daily 07:30 Asia/Baghdad contested' → (schedule, filter, zone given?). BadArgument says what works."""
    try:
        tokens = shlex.split(text)
    except ValueError:
        tokens = text.split()
    if not tokens:
        raise BadArgument(f"Tell me when: {examples()}")
    head = tokens[0].lower()
    if head in ("daily", "every", "each") or parse_time(tokens[0]):
        rest = tokens[1:] if head in ("daily", "every", "each") else tokens
        rest = rest[1:] if rest and rest[0].lower() in ("day", "at") else rest
        rest = rest[1:] if rest and rest[0].lower() == "at" else rest
        if len(rest) > 1 and rest[1].lower() in ("am", "pm"):
            rest = [rest[0] + rest[1], *rest[2:]]
        hhmm = parse_time(rest[0]) if rest else None
        if hhmm is None:
            got = f" {rest[0]!r} is not a time of day." if rest else ""
            raise BadArgument(f"I need a time of day (24-hour HH:MM).{got} Examples: {examples()}")
        kind, expr, rest = "daily", hhmm, rest[1:]
    else:
        if head == "cron":
            tokens = tokens[1:]
        if len(tokens) == 1 or (tokens and len(tokens[0].split()) == 5):
            tokens = tokens[0].split() + tokens[1:]
        if len(tokens) < 5 or not all(is_cron_field(t) for t in tokens[:5]):
            raise BadArgument(f"I couldn't read {text.strip()!r} as a schedule. Say daily HH:MM, or give a cron "
                              f"expression (minute hour day month weekday). Examples: {examples()}")
        kind, expr, rest = "cron", " ".join(tokens[:5]), tokens[5:]
    tz, given = default_tz, False
    if rest and looks_like_zone(rest[0]):
        tz, given, rest = zone(rest[0]), True, rest[1:]
    schedule = Schedule.daily(expr, tz) if kind == "daily" else Schedule.cron(expr, tz)
    return schedule, parse_filter(rest), given


def parse_filter(tokens: list[str]) -> DigestFilter:
    """'place:kalsu', 'country=Iraq', 'actor:"Kataib Hezbollah"', 'contested only', free words = keyword."""
    found: dict[str, str] = {}
    words: list[str] = []
    for token in tokens:
        key, sep, value = token.replace("=", ":", 1).partition(":")
        low = token.lower()
        if sep and key.lower() in FILTER_KEYS and value.strip():
            name = FILTER_KEYS[key.lower()]
            if name == "min_status":
                value = STATUS_WORDS.get(value.lower(), value.lower())
                if value not in STATUS_RANK:
                    raise BadArgument(f"status can be {', '.join(STATUS_RANK)} (e.g. status:contested).")
            found[name] = value.strip()
        elif low in STATUS_WORDS:
            found["min_status"] = STATUS_WORDS[low]
        elif low in ("only", "incidents") and "min_status" in found:
            continue
        else:
            words.append(token)
    if words:
        found["keyword"] = " ".join(words)
    return DigestFilter.of(found)


def may_change(caller: Caller) -> str | None:
    """None when the caller may change the subscriptions where they are, else the reason why not."""
    if caller.is_dm or caller.platform == "console" or caller.can_manage:
        return None
    return NOT_A_MANAGER


def _rows(s: Session, scope: Scope) -> list[Subscription]:
    stmt = select(Subscription).where(Subscription.active.is_(True), Subscription.platform == scope.platform)
    if scope.dm_user:
        stmt = stmt.where(Subscription.dm_user == scope.dm_user)
    else:
        stmt = stmt.where(Subscription.channel == scope.channel, Subscription.dm_user.is_(None))
        stmt = stmt.where(Subscription.workspace == scope.workspace if scope.workspace else Subscription.workspace.is_(None))
    return list(s.scalars(stmt.order_by(Subscription.id)))


def subscribe(sessions: sessionmaker[Session], scope: Scope, schedule: Schedule, flt: DigestFilter,
              created_by: str | None, now: datetime) -> tuple[SubscriptionView, bool]:
    """Store a subscription; (existing one, False) when the same one is already active here."""
    with sessions.begin() as s:
        for row in _rows(s, scope):
            if row.schedule == schedule.text and row.timezone == schedule.timezone and DigestFilter.of(row.filters) == flt:
                return SubscriptionView.of(row), False
        row = Subscription(platform=scope.platform, workspace=scope.workspace, channel=scope.channel,
                           dm_user=scope.dm_user, schedule=schedule.text, timezone=schedule.timezone,
                           filters=flt.to_json(), created_by=created_by, active=True,
                           created_at=now.astimezone(timezone.utc))
        s.add(row)
        s.flush()
        return SubscriptionView.of(row), True


def listing(sessions: sessionmaker[Session], scope: Scope) -> list[SubscriptionView]:
    with sessions() as s:
        return [SubscriptionView.of(r) for r in _rows(s, scope)]


def unsubscribe(sessions: sessionmaker[Session], scope: Scope, ids: set[int] | None) -> list[int]:
    """Deactivate this scope's subscriptions (all when ids is None); the ids actually stopped."""
    with sessions.begin() as s:
        stopped = []
        for row in _rows(s, scope):
            if ids is None or row.id in ids:
                row.active = False
                stopped.append(row.id)
        return stopped


# ---- command handlers ------------------------------------------------------------------------------------

def _sessions(engine: Engine) -> sessionmaker[Session]:
    sessions = getattr(engine, "sessions", None)
    if sessions is None:
        raise BadArgument("Subscriptions need the database; this bot runs without one.")
    return sessions  # type: ignore[no-any-return]


def _text(call: Call) -> str:
    return " ".join(str(v) for v in call.options.values() if v)


def handle_subscribe(call: Call) -> Reply:
    reason = may_change(call.caller)
    if reason:
        return Reply.note(reason)
    schedule, flt, given = parse_subscribe(_text(call))
    scope = Scope.of(call.caller)
    view, created = subscribe(_sessions(call.engine), scope, schedule, flt, call.caller.user, call.now)
    if not created:
        return Reply.note(f"{scope.Noun} already gets that digest: {view.line(call.now)}.")
    nxt = schedule.next_fire(call.now)
    what = " · ".join(p for p in (schedule.describe(), flt.describe()) if p)
    lines = [f"Subscribed {scope.noun} (#{view.id}): {what}."]
    if nxt is not None:
        lines.append(f"First digest: {local_text(nxt, schedule.tz)} ({nxt.astimezone(timezone.utc):%H:%M} UTC).")
    if not given:
        lines.append(f"Times are {schedule.timezone}; add a time zone to change it, e.g. {examples().split('; ')[0]}.")
    lines.append(f"Stop it with /unsubscribe {view.id}.")
    return Reply(text="\n".join(lines), ephemeral=False)


def handle_unsubscribe(call: Call) -> Reply:
    reason = may_change(call.caller)
    if reason:
        return Reply.note(reason)
    scope = Scope.of(call.caller)
    sessions = _sessions(call.engine)
    which = _text(call).strip().lower().lstrip("#")
    current = listing(sessions, scope)
    if not current:
        return Reply.note(f"{scope.Noun} has no digest subscriptions.")
    if not which and len(current) > 1:
        return Reply.note("Which one? " + "; ".join(v.line(call.now) for v in current)
                          + ". Say /unsubscribe <id> or /unsubscribe all.")
    ids: set[int] | None
    if which in ("", "all"):
        ids = None
    else:
        try:
            ids = {int(x.lstrip("#")) for x in which.replace(",", " ").split()}
        except ValueError:
            raise BadArgument(f"/unsubscribe takes a subscription number or 'all', e.g. /unsubscribe {current[0].id}.") from None
    stopped = unsubscribe(sessions, scope, ids)
    if not stopped:
        return Reply.note(f"No subscription {which} here. Current: " + "; ".join(v.line(call.now) for v in current) + ".")
    return Reply(text=f"Stopped {', '.join(f'#{i}' for i in stopped)} for {scope.noun}.", ephemeral=False)


def handle_subscriptions(call: Call) -> Reply:
    scope = Scope.of(call.caller)
    current = listing(_sessions(call.engine), scope)
    if not current:
        return Reply.note(f"{scope.Noun} has no digest subscriptions. Start one: {examples()}")
    return Reply.note(f"Digests for {scope.noun}:\n" + "\n".join(v.line(call.now) for v in current))
