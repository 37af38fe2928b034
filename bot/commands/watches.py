"""`/watch add|list|remove` on every platform: alerts in a channel as soon as a matching incident appears or changes.

Same permissions as `/subscribe` (bot.commands.subscriptions.may_change): channel managers for a channel, anyone for their
own DMs, the console is its own manager. A watch is an area — a gazetteer place and everything inside it, or a
radius around a place — with optional filters and triggers:

    /watch add Kharkiv oblast
    /watch add within 50 km of Erbil killed>=5 on:new,figures
    /watch add Sudan actor:RSF contested
"""
from __future__ import annotations

import re
import shlex
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import TYPE_CHECKING

from sqlalchemy import select
from sqlalchemy.orm import Session, sessionmaker

from briefings.alerts import TRIGGERS, WatchFilter
from briefings.alerts_index import MAX_RADIUS_KM, WatchSpec
from briefings.db.models import Watch
from briefings.digest import actor_names
from bot.commands.spec import Call, Reply
from bot.commands.subscriptions import Scope, may_change
from bot.timeparse import BadArgument
from bot.commands.watches_area import describe, resolve

if TYPE_CHECKING:
    from briefings.extract.article import Knowledge

EXAMPLES = "/watch add Kharkiv oblast · /watch add within 50 km of Erbil killed>=5 · /watch add Sudan contested"
USAGE = ("/watch add <area> [within N km of <place>] [actor:X] [keyword:X] [killed>=N] [wounded>=N] [contested] "
         "[on:new,figures,disputes,corroborated] · /watch list · /watch remove <id>|all")
TRIGGER_WORDS = {"new": "new", "new-incident": "new", "incident": "new", "incidents": "new",
                 "figure": "figure", "figures": "figure", "changes": "figure", "changed": "figure",
                 "dispute": "dispute", "disputes": "dispute", "disputed": "dispute",
                 "corroborated": "corroborated", "corroboration": "corroborated"}
TRIGGER_TEXT = {"new": "new incidents", "figure": "changed figures", "dispute": "disputes opened",
                "corroborated": "corroboration"}
FILTER_KEYS = {"actor": "actor", "by": "actor", "keyword": "keyword", "kw": "keyword", "about": "keyword",
               "type": "keyword", "event": "keyword", "killed": "min_killed", "min-killed": "min_killed",
               "min_killed": "min_killed", "wounded": "min_wounded", "min-wounded": "min_wounded",
               "min_wounded": "min_wounded", "on": "on", "trigger": "on", "triggers": "on"}
NOT_A_MANAGER = ("Only channel managers can change this channel's watches (Slack: workspace admins and the channel's "
                 "creator; Discord: members with Manage Channels or Manage Server). You can still get alerts in your "
                 "DMs: send me /watch add there.")
_THRESHOLD = re.compile(r"^(killed|wounded)\s*(>=|>|=|:)\s*(\d+)$", re.I)
_RADIUS = re.compile(r"^(?:within\s+)?(\d+(?:\.\d+)?)\s*(km|kms|kilometres|kilometers|mi|miles)\s+"
                     r"(?:of|around|from)\s+(.+)$", re.I)


@dataclass(frozen=True)
class WatchRequest:
    """A parsed `/watch add`: where, with which filters, on which changes."""

    place_id: str | None
    label: str
    lat: float | None
    lon: float | None
    radius_km: float | None
    filters: WatchFilter
    triggers: tuple[str, ...]


def _tokens(text: str) -> list[str]:
    try:
        return shlex.split(text)
    except ValueError:
        return text.split()


def _count(value: str, what: str) -> int:
    if not value.isdigit():
        raise BadArgument(f"{what} takes a whole number, e.g. {what}>=5.")
    return int(value)


def parse_add(text: str, kn: Knowledge) -> WatchRequest:
    """'within 50 km of Erbil killed>=5 on:new,figures' → a WatchRequest. BadArgument says what works."""
    found: dict[str, object] = {}
    triggers: list[str] = []
    words: list[str] = []
    for token in _tokens(text):
        low = token.lower()
        threshold = _THRESHOLD.match(token)
        key, sep, value = token.replace("=", ":", 1).partition(":")
        if threshold:
            found[f"min_{threshold.group(1).lower()}"] = int(threshold.group(3))
        elif low in ("contested", "disputed", "contested-only"):
            found["contested"] = True
        elif low == "only" and found.get("contested"):
            continue
        elif sep and key.lower() in ("place", "area", "in", "at") and value.strip():
            words.append(value.strip())  # "place:Kharkiv oblast", as /subscribe filters are written
        elif sep and key.lower() in FILTER_KEYS and value.strip():
            name = FILTER_KEYS[key.lower()]
            if name == "on":
                for word in re.split(r"[,+\s]+", value.strip().lower()):
                    if word and word not in TRIGGER_WORDS:
                        raise BadArgument(f"on: takes {', '.join(TRIGGERS)} (e.g. on:new,figures), not {word!r}.")
                    triggers += [TRIGGER_WORDS[word]] if word else []
            elif name.startswith("min_"):
                found[name] = _count(value.strip().lstrip(">="), name[4:])
            else:
                found[name] = value.strip()
        else:
            words.append(token)
    area = " ".join(words).strip()
    if not area:
        raise BadArgument(f"Which area? {EXAMPLES}")
    actor = found.get("actor")
    flt = WatchFilter(str(actor) if actor else None, tuple(actor_names(str(actor), kn)) if actor else (),
                      found.get("keyword") or None, found.get("min_killed") or None,  # type: ignore[arg-type]
                      found.get("min_wounded") or None, bool(found.get("contested")))  # type: ignore[arg-type]
    chosen = tuple(t for t in TRIGGERS if t in triggers) or TRIGGERS
    radius = _RADIUS.match(area)
    if radius:
        km = float(radius.group(1)) * (1.609344 if radius.group(2).lower().startswith("mi") else 1.0)
        if not 0 < km <= MAX_RADIUS_KM:
            raise BadArgument(f"A radius can be up to {MAX_RADIUS_KM:g} km; for more, watch the country or province.")
        centre = resolve(kn.places, radius.group(3), point=True)
        if centre.lat is None or centre.lon is None:
            raise BadArgument(f"I have no coordinates for {describe(centre)}; watch it as an area instead: "
                              f"/watch add {centre.name}")
        return WatchRequest(None, f"within {km:g} km of {describe(centre)}", centre.lat, centre.lon, km, flt, chosen)
    place = resolve(kn.places, area)
    return WatchRequest(place.id, describe(place), place.lat, place.lon, None, flt, chosen)


def describe_watch(w: WatchSpec) -> str:
    """'#3 Kharkiv oblast, Ukraine · 5+ killed · on new incidents, changed figures'."""
    on = "" if w.triggers == frozenset(TRIGGERS) else "on " + ", ".join(TRIGGER_TEXT[t] for t in TRIGGERS if t in w.triggers)
    return " · ".join(p for p in (f"#{w.id} {w.label}", w.filters.describe(), on) if p)


def _rows(s: Session, scope: Scope) -> list[Watch]:
    stmt = select(Watch).where(Watch.active.is_(True), Watch.platform == scope.platform)
    if scope.dm_user:
        stmt = stmt.where(Watch.dm_user == scope.dm_user)
    else:
        stmt = stmt.where(Watch.channel == scope.channel, Watch.dm_user.is_(None))
        stmt = stmt.where(Watch.workspace == scope.workspace if scope.workspace else Watch.workspace.is_(None))
    return list(s.scalars(stmt.order_by(Watch.id)))


def add_watch(sessions: sessionmaker[Session], scope: Scope, req: WatchRequest, created_by: str | None,
              now: datetime) -> tuple[WatchSpec, bool]:
    """Store a watch; (the existing one, False) when the same watch is already active here."""
    triggers = ",".join(req.triggers)
    with sessions.begin() as s:
        for row in _rows(s, scope):
            if (row.place_id, row.radius_km, row.lat if req.radius_km else None, row.triggers) == \
                    (req.place_id, req.radius_km, req.lat if req.radius_km else None, triggers) \
                    and WatchFilter.of(row.filters) == req.filters:
                return WatchSpec.of(row), False
        at = now.astimezone(timezone.utc)
        row = Watch(platform=scope.platform, workspace=scope.workspace, channel=scope.channel, dm_user=scope.dm_user,
                    place_id=req.place_id, label=req.label[:300], lat=req.lat, lon=req.lon, radius_km=req.radius_km,
                    filters=req.filters.to_json(), triggers=triggers, created_by=created_by, created_at=at,
                    updated_at=at, active=True)
        s.add(row)
        s.flush()
        return WatchSpec.of(row), True


def list_watches(sessions: sessionmaker[Session], scope: Scope) -> list[WatchSpec]:
    with sessions() as s:
        return [WatchSpec.of(r) for r in _rows(s, scope)]


def remove_watches(sessions: sessionmaker[Session], scope: Scope, ids: set[int] | None, now: datetime) -> list[int]:
    """Deactivate this scope's watches (all when ids is None); the ids actually stopped."""
    with sessions.begin() as s:
        stopped = []
        for row in _rows(s, scope):
            if ids is None or row.id in ids:
                row.active, row.updated_at = False, now.astimezone(timezone.utc)
                stopped.append(row.id)
        return stopped


# ---- the command -----------------------------------------------------------------------------------------

def _sessions(call: Call) -> sessionmaker[Session]:
    sessions = getattr(call.engine, "sessions", None)
    if sessions is None:
        raise BadArgument("Watches need the database; this bot runs without one.")
    return sessions  # type: ignore[no-any-return]


def handle_watch(call: Call) -> Reply:
    text = " ".join(str(v) for v in call.options.values() if v).strip()
    head, _, rest = text.partition(" ")
    verb = head.lower()
    if verb in ("", "list", "ls", "show"):
        return _list(call)
    if verb in ("remove", "rm", "delete", "stop", "unwatch"):
        return _remove(call, rest)
    if verb in ("help", "?"):
        return Reply.note(f"Usage: {USAGE}\nExamples: {EXAMPLES}")
    return _add(call, rest if verb == "add" else text)


def _add(call: Call, text: str) -> Reply:
    reason = may_change(call.caller)
    if reason:
        return Reply.note(NOT_A_MANAGER)
    req = parse_add(text, call.engine.knowledge)
    scope = Scope.of(call.caller)
    view, created = add_watch(_sessions(call), scope, req, call.caller.user, call.now)
    if not created:
        return Reply.note(f"{scope.Noun} already watches that: {describe_watch(view)}.")
    what = ", ".join(TRIGGER_TEXT[t] for t in req.triggers)
    extra = f" Only: {req.filters.describe()}." if req.filters.describe() else ""
    return Reply(text=f"Watching {req.label} for {scope.noun} (#{view.id}): {what}.{extra}\n"
                      f"Alerts come as soon as a matching report is ingested. Stop with /watch remove {view.id}.",
                 ephemeral=False)


def _list(call: Call) -> Reply:
    scope = Scope.of(call.caller)
    current = list_watches(_sessions(call), scope)
    if not current:
        return Reply.note(f"{scope.Noun} watches no area. Start one: {EXAMPLES}")
    return Reply.note(f"Watches for {scope.noun}:\n" + "\n".join(describe_watch(w) for w in current))


def _remove(call: Call, which: str) -> Reply:
    reason = may_change(call.caller)
    if reason:
        return Reply.note(NOT_A_MANAGER)
    scope = Scope.of(call.caller)
    sessions = _sessions(call)
    current = list_watches(sessions, scope)
    if not current:
        return Reply.note(f"{scope.Noun} watches no area.")
    which = which.strip().lower()
    if not which and len(current) > 1:
        return Reply.note("Which one? " + "; ".join(describe_watch(w) for w in current)
                          + ". Say /watch remove <id> or /watch remove all.")
    ids: set[int] | None = None
    if which not in ("", "all"):
        try:
            ids = {int(x.lstrip("#")) for x in which.replace(",", " ").split()}
        except ValueError:
            raise BadArgument(f"/watch remove takes a watch number or 'all', e.g. /watch remove {current[0].id}.") from None
    stopped = remove_watches(sessions, scope, ids, call.now)
    if not stopped:
        return Reply.note(f"No watch {which} here. Current: " + "; ".join(describe_watch(w) for w in current) + ".")
    return Reply(text=f"Stopped watch {', '.join(f'#{i}' for i in stopped)} for {scope.noun}.", ephemeral=False)
