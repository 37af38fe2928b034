"""A loopback Discord for tests: REST under /api/v10 and a gateway websocket, on 127.0.0.1, port 0.

It runs in its own thread with its own event loop, so a test may drive the real discord.py from
asyncio.run, from a CLI runner or from a subprocess. Every REST call is recorded with its arrival time;
gateway events are pushed with `dispatch`. Multipart bodies (messages with files) are parsed: the JSON part
is the recorded body, the files land in `files` with their name, bytes and description (alt text). Only what briefbot's adapter uses is implemented
(platforms.md §2.7); anything else answers 404 and is recorded, so a surprise shows up in the test.
"""
from __future__ import annotations

import asyncio
import itertools
import json
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from aiohttp import WSMsgType, web

APP_ID = 900000000000000001
BOT_ID = 900000000000000002
GUILD_ID = 900000000000000010
CHANNEL_ID = 900000000000000011
USER_ID = 900000000000000020
MANAGE_CHANNELS = 1 << 4
MANAGE_GUILD = 1 << 5


def _json(data: Any, status: int = 200) -> web.Response:
    """JSON exactly as Discord labels it: discord.py parses only `application/json` without a charset."""
    return web.Response(body=json.dumps(data).encode(), status=status, content_type="application/json")


@dataclass(frozen=True)
class Recorded:
    method: str
    path: str  # below /api/v10
    query: dict[str, str]
    body: Any
    at: float  # time.monotonic() on arrival


@dataclass
class Interaction:
    id: int
    token: str
    sent_at: float


def user(uid: int = USER_ID, name: str = "analyst") -> dict[str, Any]:
    return {"id": str(uid), "username": name, "discriminator": "0", "global_name": name, "avatar": None}


@dataclass
class FakeDiscord:
    guild_name: str = "Desk"
    heartbeat_ms: int = 41250
    requests: list[Recorded] = field(default_factory=list)
    identifies: list[dict[str, Any]] = field(default_factory=list)
    heartbeats: int = 0
    files: list[dict[str, Any]] = field(default_factory=list)  # path, filename, data, description

    def __post_init__(self) -> None:
        self._ids = itertools.count(910000000000000000)
        self._seq = itertools.count(1)
        self._lock = threading.Lock()
        self._sockets: list[web.WebSocketResponse] = []
        self._loop = asyncio.new_event_loop()
        self._thread = threading.Thread(target=self._loop.run_forever, name="fake-discord", daemon=True)
        self.port = 0

    # -- lifecycle -------------------------------------------------------------------------------
    def start(self) -> FakeDiscord:
        self._thread.start()
        asyncio.run_coroutine_threadsafe(self._start(), self._loop).result(10)
        return self

    async def _start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway/", self._gateway)
        app.router.add_route("*", "/api/v10/{tail:.*}", self._rest)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = self._runner.addresses[0][1]

    def stop(self) -> None:
        asyncio.run_coroutine_threadsafe(self._stop(), self._loop).result(10)
        self._loop.call_soon_threadsafe(self._loop.stop)
        self._thread.join(5)

    async def _stop(self) -> None:
        for ws in list(self._sockets):
            await ws.close(code=1001)  # "going away"
        await self._runner.cleanup()

    @property
    def api_base(self) -> str:
        return f"http://127.0.0.1:{self.port}/api/v10"

    @property
    def gateway_url(self) -> str:
        return f"ws://127.0.0.1:{self.port}/gateway/"

    def snowflake(self) -> int:
        return next(self._ids)

    # -- REST ------------------------------------------------------------------------------------
    async def _rest(self, request: web.Request) -> web.StreamResponse:
        path = "/" + request.match_info["tail"]
        body: Any = None
        if request.content_type == "multipart/form-data":
            body = await self._multipart(request, path)
        elif request.can_read_body:
            raw = await request.read()
            body = json.loads(raw) if raw and request.content_type == "application/json" else raw.decode(errors="replace")
        with self._lock:
            self.requests.append(Recorded(request.method, path, dict(request.query), body, time.monotonic()))
        parts = path.strip("/").split("/")
        route = (request.method, *parts)
        if route == ("GET", "users", "@me"):
            return _json({**user(BOT_ID, "briefbot"), "bot": True})
        if route == ("GET", "oauth2", "applications", "@me"):
            return _json({"id": str(APP_ID), "name": "briefbot", "description": "", "icon": None,
                                      "bot_public": True, "bot_require_code_grant": False, "verify_key": "00",
                                      "owner": user(), "flags": 0})
        if route == ("GET", "gateway", "bot"):
            return _json({"url": f"ws://127.0.0.1:{self.port}/gateway/", "shards": 1,
                                      "session_start_limit": {"total": 1000, "remaining": 999,
                                                              "reset_after": 0, "max_concurrency": 1}})
        if request.method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            return _json([{**c, "id": str(self.snowflake()), "application_id": str(APP_ID), "version": "1",
                                       "default_member_permissions": None, "type": c.get("type", 1)} for c in body])
        if request.method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            kind = body["type"]
            flags = (body.get("data") or {}).get("flags", 0)
            if request.query.get("with_response") in ("1", "true"):
                return _json({"interaction": {"id": parts[1], "type": 2, "response_message_loading": kind == 5,
                                                          "response_message_ephemeral": bool(flags & 64)},
                                          "resource": {"type": kind}})
            return web.Response(status=204)
        if request.method == "DELETE" and parts[0] == "webhooks":
            return web.Response(status=204)
        if request.method in ("POST", "PATCH") and parts[0] == "webhooks":
            return _json(self._message(CHANNEL_ID, body, webhook=True))
        if route[:2] == ("POST", "channels") and parts[-1] == "messages":
            return _json(self._message(int(parts[1]), body))
        if route == ("POST", "users", "@me", "channels"):
            return _json({"id": str(self.snowflake()), "type": 1, "last_message_id": None,
                                      "recipients": [user(int(body["recipient_id"]))]})
        return _json({"message": f"fake Discord does not know {request.method} {path}", "code": 0}, status=404)

    async def _multipart(self, request: web.Request, path: str) -> dict[str, Any]:
        """discord.py's upload: a `payload_json` part and `files[n]` parts, described by payload `attachments`."""
        body: dict[str, Any] = {}
        uploads: list[tuple[str, bytes]] = []
        reader = await request.multipart()
        async for part in reader:
            if part.name == "payload_json":
                body = json.loads(await part.text())
            elif part.name and part.name.startswith("files["):
                uploads.append((part.filename or "", bytes(await part.read())))
        data = body.get("data") if isinstance(body.get("data"), dict) else body  # interaction callbacks nest it
        described = {str(a.get("id")): a for a in data.get("attachments") or []}
        with self._lock:
            for n, (filename, content) in enumerate(uploads):
                meta = described.get(str(n), {})
                self.files.append({"path": path, "filename": meta.get("filename") or filename, "data": content,
                                   "description": meta.get("description")})
        return body

    def _message(self, channel_id: int, body: Any, webhook: bool = False) -> dict[str, Any]:
        body = body if isinstance(body, dict) else {}
        return {"id": str(self.snowflake()), "channel_id": str(channel_id), "author": {**user(BOT_ID, "briefbot"), "bot": True},
                "content": body.get("content") or "", "timestamp": "2024-04-22T15:30:00+00:00", "edited_timestamp": None,
                "tts": False, "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [],
                "embeds": body.get("embeds") or [], "pinned": False, "type": 0, "flags": body.get("flags", 0),
                **({"webhook_id": str(APP_ID)} if webhook else {})}

    # -- gateway ---------------------------------------------------------------------------------
    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._sockets.append(ws)
        await ws.send_json({"op": 10, "d": {"heartbeat_interval": self.heartbeat_ms}, "s": None, "t": None})
        try:
            async for msg in ws:
                if msg.type != WSMsgType.TEXT:
                    continue
                payload = json.loads(msg.data)
                if payload["op"] == 1:
                    self.heartbeats += 1
                    await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
                elif payload["op"] == 2:
                    await self._ready(ws, payload["d"])
                    self.identifies.append(payload["d"])  # after READY and GUILD_CREATE: scripts may start
        finally:
            self._sockets.remove(ws)
        return ws

    async def _ready(self, ws: web.WebSocketResponse, identify: dict[str, Any]) -> None:
        shard = identify.get("shard") or [0, 1]
        await self._send(ws, "READY", {
            "v": 10, "user": {**user(BOT_ID, "briefbot"), "bot": True}, "guilds": [{"id": str(GUILD_ID), "unavailable": True}],
            "session_id": "fake-session", "resume_gateway_url": self.gateway_url, "shard": shard,
            "application": {"id": str(APP_ID), "flags": 0}, "private_channels": [], "relationships": []})
        await self._send(ws, "GUILD_CREATE", {
            "id": str(GUILD_ID), "name": self.guild_name, "owner_id": str(USER_ID), "unavailable": False,
            "member_count": 2, "large": False, "features": [], "emojis": [], "stickers": [], "members": [],
            "voice_states": [], "presences": [], "threads": [], "stage_instances": [], "guild_scheduled_events": [],
            "roles": [{"id": str(GUILD_ID), "name": "@everyone", "permissions": "0", "position": 0, "color": 0,
                       "hoist": False, "managed": False, "mentionable": False, "flags": 0}],
            "channels": [{"id": str(CHANNEL_ID), "type": 0, "name": "news", "position": 0, "guild_id": str(GUILD_ID),
                          "permission_overwrites": [], "nsfw": False, "topic": None, "parent_id": None}],
            "joined_at": "2024-01-01T00:00:00+00:00", "premium_tier": 0, "preferred_locale": "en-US",
            "verification_level": 0, "default_message_notifications": 0, "explicit_content_filter": 0,
            "mfa_level": 0, "nsfw_level": 0, "system_channel_flags": 0, "afk_timeout": 300})

    async def _send(self, ws: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        await ws.send_json({"op": 0, "t": event, "s": next(self._seq), "d": data})

    def dispatch(self, event: str, data: dict[str, Any]) -> float:
        """Push a gateway event to every connected client; returns the monotonic time it was sent."""
        async def push() -> float:
            sent = time.monotonic()
            for ws in list(self._sockets):
                await self._send(ws, event, data)
            return sent

        return asyncio.run_coroutine_threadsafe(push(), self._loop).result(5)

    @property
    def connected(self) -> int:
        return len(self._sockets)

    # -- scripted events ---------------------------------------------------------------------------
    def interaction(self, name: str, options: dict[str, str] | None = None, *, focused: str | None = None,
                    dm: bool = False, permissions: int = 0, user_id: int = USER_ID,
                    custom_id: str | None = None, channel_id: int | None = None) -> Interaction:
        """Send INTERACTION_CREATE: an app command (type 2), with `focused` an autocomplete (type 4), with
        `custom_id` a click on a button of one of the bot's messages (type 3; `name` is unused)."""
        iid, token = self.snowflake(), f"tok-{self.snowflake()}"
        opts = [{"name": k, "type": 3, "value": v, **({"focused": True} if k == focused else {})}
                for k, v in (options or {}).items()]
        data: dict[str, Any] = {
            "id": str(iid), "application_id": str(APP_ID), "type": 4 if focused else 2, "token": token, "version": 1,
            "channel_id": str(CHANNEL_ID if not dm else channel_id or self.snowflake()), "locale": "en-US", "entitlements": [],
            "app_permissions": str((1 << 11) | (1 << 14)), "authorizing_integration_owners": {"0": str(GUILD_ID)},
            "attachment_size_limit": 8388608, "context": 1 if dm else 0,
            "data": {"id": str(self.snowflake()), "name": name, "type": 1, "options": opts},
        }
        if custom_id is not None:
            data["type"] = 3
            data["data"] = {"custom_id": custom_id, "component_type": 2}
            data["message"] = {**self._message(CHANNEL_ID, {"content": ""}), "components": [{"type": 1, "components": [
                {"type": 2, "style": 2, "label": "Quotes, history, sources", "custom_id": custom_id}]}]}
        if dm:
            data["user"] = user(user_id)
            data["channel"] = {"id": data["channel_id"], "type": 1}
        else:
            data["guild_id"] = str(GUILD_ID)
            data["guild_locale"] = "en-US"
            data["channel"] = {"id": str(CHANNEL_ID), "type": 0, "name": "news", "guild_id": str(GUILD_ID),
                               "position": 0, "permission_overwrites": [], "nsfw": False, "parent_id": None}
            data["member"] = {"user": user(user_id), "roles": [], "permissions": str(permissions), "nick": None,
                              "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0}
        sent = self.dispatch("INTERACTION_CREATE", data)
        return Interaction(iid, token, sent)

    def click(self, custom_id: str, *, permissions: int = 0, user_id: int = USER_ID) -> Interaction:
        """Send INTERACTION_CREATE for a button click (type 3) on a message the bot posted in the channel."""
        iid, token = self.snowflake(), f"tok-{self.snowflake()}"
        message = {"id": str(self.snowflake()), "channel_id": str(CHANNEL_ID), "author": {**user(BOT_ID, "briefbot"), "bot": True},
                   "content": "", "timestamp": "2024-04-22T15:30:00+00:00", "edited_timestamp": None, "tts": False,
                   "mention_everyone": False, "mentions": [], "mention_roles": [], "attachments": [], "embeds": [],
                   "pinned": False, "type": 0, "flags": 0,
                   "components": [{"type": 1, "components": [{"type": 2, "style": 2, "label": "Chart", "custom_id": custom_id}]}]}
        data: dict[str, Any] = {
            "id": str(iid), "application_id": str(APP_ID), "type": 3, "token": token, "version": 1,
            "channel_id": str(CHANNEL_ID), "guild_id": str(GUILD_ID), "guild_locale": "en-US", "locale": "en-US",
            "entitlements": [], "app_permissions": str((1 << 11) | (1 << 14) | (1 << 15)),
            "authorizing_integration_owners": {"0": str(GUILD_ID)}, "attachment_size_limit": 8388608, "context": 0,
            "data": {"custom_id": custom_id, "component_type": 2}, "message": message,
            "channel": {"id": str(CHANNEL_ID), "type": 0, "name": "news", "guild_id": str(GUILD_ID), "position": 0,
                        "permission_overwrites": [], "nsfw": False, "parent_id": None},
            "member": {"user": user(user_id), "roles": [], "permissions": str(permissions), "nick": None,
                       "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False, "mute": False, "flags": 0}}
        sent = self.dispatch("INTERACTION_CREATE", data)
        return Interaction(iid, token, sent)

    def direct_message(self, content: str, user_id: int = USER_ID, channel_id: int | None = None) -> int:
        """Send MESSAGE_CREATE for a DM (no guild_id); returns the DM channel id."""
        channel = channel_id or self.snowflake()
        self.dispatch("MESSAGE_CREATE", {
            "id": str(self.snowflake()), "channel_id": str(channel), "author": user(user_id), "content": content,
            "timestamp": "2024-04-22T15:30:00+00:00", "edited_timestamp": None, "tts": False, "mention_everyone": False,
            "mentions": [], "mention_roles": [], "attachments": [], "embeds": [], "pinned": False, "type": 0, "flags": 0})
        return channel

    def mention(self, content: str, user_id: int = USER_ID) -> int:
        """Send MESSAGE_CREATE for a message in the server's channel that mentions the bot; returns its id."""
        mid = self.snowflake()
        self.dispatch("MESSAGE_CREATE", {
            "id": str(mid), "channel_id": str(CHANNEL_ID), "guild_id": str(GUILD_ID), "author": user(user_id),
            "member": {"roles": [], "nick": None, "joined_at": "2024-01-01T00:00:00+00:00", "deaf": False, "mute": False,
                       "flags": 0},
            "content": f"<@{BOT_ID}> {content}", "timestamp": "2024-04-22T15:30:00+00:00", "edited_timestamp": None,
            "tts": False, "mention_everyone": False, "mentions": [{**user(BOT_ID, "briefbot"), "bot": True}],
            "mention_roles": [], "attachments": [], "embeds": [], "pinned": False, "type": 0, "flags": 0})
        return mid

    # -- assertions ----------------------------------------------------------------------------------
    def recorded(self, pred: Callable[[Recorded], bool] = lambda r: True) -> list[Recorded]:
        with self._lock:
            return [r for r in self.requests if pred(r)]

    def wait_for(self, pred: Callable[[Recorded], bool], count: int = 1, timeout: float = 10.0) -> list[Recorded]:
        """The recorded calls matching `pred`, once there are at least `count` (AssertionError on timeout)."""
        deadline = time.monotonic() + timeout
        while True:
            found = self.recorded(pred)
            if len(found) >= count:
                return found
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {count} call(s); recorded: "
                                     + "; ".join(f"{r.method} {r.path}" for r in self.recorded()))
            time.sleep(0.002)

    def for_interaction(self, it: Interaction) -> Callable[[Recorded], bool]:
        """Calls answering one interaction: its callback, and webhook posts/edits with its token."""
        return lambda r: f"/{it.id}/{it.token}/" in r.path or f"/{it.token}" in r.path
