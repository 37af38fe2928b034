"""A wire-level fake of Slack on 127.0.0.1 (port 0), the way slack-sdk and bolt test themselves.

- Web API at /api/<method> (JSON or form bodies, Bearer tokens): auth.test, apps.connections.open,
  chat.postMessage, chat.postEphemeral, conversations.open/info, users.info, oauth.v2.access.
- files_upload_v2's three steps: files.getUploadURLExternal, the upload URL (/upload/<file id>, the bytes are
  kept in `uploads`), files.completeUploadExternal (the finished files in `files`).
- response_url webhooks at /webhook/<n>.
- Socket Mode at /link: says hello, pushes real envelopes, records each ack with its arrival time.
Every call is recorded; `script(method, status, headers)` makes the next call(s) fail (429s, errors).
"""
from __future__ import annotations

import asyncio
import itertools
import uuid
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import parse_qsl

from aiohttp import WSMsgType, web

TEAM = "T0FAKE"
BOT_USER = "UBOT"


@dataclass
class ApiCall:
    method: str
    token: str | None
    body: dict[str, Any]
    at: float


@dataclass
class Hook:
    path: str
    body: dict[str, Any]
    at: float


@dataclass
class Scripted:
    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: dict[str, Any] = field(default_factory=lambda: {"ok": False, "error": "ratelimited"})


class FakeSlack:
    def __init__(self) -> None:
        self.calls: list[ApiCall] = []
        self.hooks: list[Hook] = []
        self.acks: dict[str, tuple[float, Any]] = {}
        self.pushed: dict[str, float] = {}
        self.sockets: list[web.WebSocketResponse] = []
        self.connections = 0
        self.scripts: dict[str, list[Scripted]] = {}
        self.admins: set[str] = set()
        self.creators: dict[str, str] = {}
        self.installs: dict[str, str] = {}  # oauth code → team id
        self.uploads: dict[str, bytes] = {}  # file id → the bytes posted to its upload URL
        self.pending: dict[str, dict[str, Any]] = {}  # file id → getUploadURLExternal arguments
        self.files: list[dict[str, Any]] = []  # completed uploads: id, channel, bytes, alt_txt, title, comment
        self._ids = itertools.count(1)
        self.nonce = uuid.uuid4().hex[:8]  # Slack's trigger and event ids are unique across time (they are claimed)
        self._ts = itertools.count(1)
        self.runner: web.AppRunner | None = None
        self.port = 0

    # --- lifecycle --------------------------------------------------------------------------------
    async def start(self) -> FakeSlack:
        app = web.Application()
        app.router.add_post("/api/{method}", self._api)
        app.router.add_get("/api/{method}", self._api)  # slack-sdk GETs a few methods (users.info)
        app.router.add_post("/webhook/{n}", self._webhook)
        app.router.add_post("/upload/{file_id}", self._upload)
        app.router.add_get("/link/", self._link)
        self.runner = web.AppRunner(app, access_log=None)
        await self.runner.setup()
        site = web.TCPSite(self.runner, "127.0.0.1", 0)
        await site.start()
        self.port = int(self.runner.addresses[0][1])
        return self

    async def close(self) -> None:
        for ws in list(self.sockets):
            await ws.close()
        if self.runner is not None:
            await self.runner.cleanup()

    @property
    def base(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    @property
    def api_url(self) -> str:
        return self.base + "/api/"

    def script(self, method: str, status: int = 429, headers: dict[str, str] | None = None, times: int = 1,
               body: dict[str, Any] | None = None) -> None:
        """The next `times` calls of `method` ('webhook' for response_url) get this answer instead."""
        for _ in range(times):
            self.scripts.setdefault(method, []).append(
                Scripted(status, headers if headers is not None else {"Retry-After": "0"},
                         body if body is not None else {"ok": False, "error": "ratelimited"}))

    # --- Web API ----------------------------------------------------------------------------------
    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        raw = await request.text()
        if request.content_type == "application/json":
            body = json.loads(raw or "{}")
        else:
            body = dict(parse_qsl(raw))
        body = {**request.query, **body}  # slack-sdk sends some arguments as query parameters
        auth = request.headers.get("Authorization", "")
        token = auth.removeprefix("Bearer ") if auth.startswith("Bearer ") else body.get("token")
        self.calls.append(ApiCall(method, token, body, time.monotonic()))
        if self.scripts.get(method):
            s = self.scripts[method].pop(0)
            return web.json_response(s.body, status=s.status, headers=s.headers)
        handler = getattr(self, "m_" + method.replace(".", "_"), None)
        if handler is None:
            return web.json_response({"ok": False, "error": "unknown_method"}, status=404)
        return web.json_response(handler(token, body))

    def m_auth_test(self, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
        if not token or not token.startswith("xoxb-") or "invalid" in token:
            return {"ok": False, "error": "invalid_auth"}
        team = token.split("-")[1] if token.count("-") >= 2 else TEAM
        return {"ok": True, "url": "https://fake.slack.test/", "team": "Fake Newsroom", "user": "briefbot",
                "team_id": team, "user_id": BOT_USER, "bot_id": "BBOT", "is_enterprise_install": False}

    def m_apps_connections_open(self, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
        if not token or not token.startswith("xapp-") or "invalid" in token:
            return {"ok": False, "error": "invalid_auth"}
        return {"ok": True, "url": f"ws://127.0.0.1:{self.port}/link/?ticket=t{next(self._ids)}"}

    def m_chat_postMessage(self, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
        ts = f"1700000000.{next(self._ts):06d}"
        return {"ok": True, "channel": body.get("channel"), "ts": ts, "message": {"text": body.get("text"), "ts": ts}}

    def m_chat_postEphemeral(self, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "message_ts": f"1700000000.{next(self._ts):06d}"}

    def m_conversations_open(self, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
        return {"ok": True, "channel": {"id": "D" + str(body.get("users", "")).lstrip("U")}}

    def m_conversations_info(self, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
        channel = str(body.get("channel"))
        return {"ok": True, "channel": {"id": channel, "creator": self.creators.get(channel, "UCREATOR")}}

    def m_users_info(self, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
        user = str(body.get("user"))
        return {"ok": True, "user": {"id": user, "is_admin": user in self.admins, "is_owner": False}}

    def m_oauth_v2_access(self, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
        team = self.installs.get(str(body.get("code")))
        if team is None:
            return {"ok": False, "error": "invalid_code"}
        return {"ok": True, "app_id": "AFAKE", "authed_user": {"id": "UINSTALLER"}, "scope": "commands,chat:write",
                "token_type": "bot", "access_token": f"xoxb-{team}-installed", "bot_user_id": BOT_USER,
                "team": {"id": team, "name": "Installed Team"}, "enterprise": None, "is_enterprise_install": False}

    def m_files_getUploadURLExternal(self, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
        if not body.get("filename") or not str(body.get("length", "")).isdigit():
            return {"ok": False, "error": "invalid_arguments"}
        file_id = f"F{next(self._ids):08d}"
        self.pending[file_id] = dict(body)
        return {"ok": True, "upload_url": f"{self.base}/upload/{file_id}", "file_id": file_id}

    async def _upload(self, request: web.Request) -> web.Response:
        file_id = request.match_info["file_id"]
        if file_id not in self.pending:
            return web.Response(status=404, text="unknown upload")
        self.uploads[file_id] = await request.read()
        return web.Response(text=f"OK - {len(self.uploads[file_id])}")

    def m_files_completeUploadExternal(self, token: str | None, body: dict[str, Any]) -> dict[str, Any]:
        done = []
        for f in json.loads(body.get("files") or "[]"):
            if f.get("id") not in self.uploads:
                return {"ok": False, "error": "file_not_found"}
            asked = self.pending[f["id"]]
            if len(self.uploads[f["id"]]) != int(asked["length"]):
                return {"ok": False, "error": "file_upload_size_mismatch"}
            done.append({"id": f["id"], "title": f.get("title"), "name": asked["filename"], "alt_txt": asked.get("alt_txt"),
                         "channel": body.get("channel_id"), "thread_ts": body.get("thread_ts"),
                         "comment": body.get("initial_comment"), "data": self.uploads[f["id"]]})
        self.files += done
        return {"ok": True, "files": [{k: v for k, v in f.items() if k != "data"} for f in done]}

    def posted(self, method: str = "chat.postMessage") -> list[ApiCall]:
        return [c for c in self.calls if c.method == method]

    # --- response_url -----------------------------------------------------------------------------
    def response_url(self) -> str:
        return f"{self.base}/webhook/{next(self._ids)}"

    async def _webhook(self, request: web.Request) -> web.Response:
        self.hooks.append(Hook(request.path, await request.json(), time.monotonic()))
        if self.scripts.get("webhook"):
            s = self.scripts["webhook"].pop(0)
            return web.Response(status=s.status, headers=s.headers, text="rate limited")
        return web.Response(text="ok")

    def hooks_to(self, url: str) -> list[dict[str, Any]]:
        path = url.removeprefix(self.base)
        return [h.body for h in self.hooks if h.path == path]

    # --- Socket Mode ------------------------------------------------------------------------------
    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self.sockets.append(ws)
        self.connections += 1
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "AFAKE"},
                            "debug_info": {"host": "fake", "approximate_connection_time": 3600}})
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                data = json.loads(message.data)
                if "envelope_id" in data:
                    self.acks[data["envelope_id"]] = (time.monotonic(), data.get("payload"))
        self.sockets.remove(ws)
        return ws

    async def push(self, envelope: dict[str, Any]) -> str:
        await self.wait_for(lambda: bool(self.sockets), what="a Socket Mode connection")
        self.pushed[envelope["envelope_id"]] = time.monotonic()
        await self.sockets[-1].send_json(envelope)
        return str(envelope["envelope_id"])

    def slash(self, command: str, text: str = "", *, user: str = "UASKER", channel: str = "CNEWS",
              team: str = TEAM) -> dict[str, Any]:
        """The form fields Slack sends for a slash command."""
        n = next(self._ids)
        return {"token": "verification", "team_id": team, "team_domain": "fake", "channel_id": channel,
                "channel_name": "directmessage" if channel.startswith("D") else "news", "user_id": user,
                "user_name": "asker", "command": command, "text": text, "api_app_id": "AFAKE",
                "is_enterprise_install": "false", "response_url": self.response_url(), "trigger_id": f"trig.{self.nonce}.{n}"}

    def slash_envelope(self, command: str, text: str = "", **kw: Any) -> dict[str, Any]:
        return {"envelope_id": f"env-{next(self._ids)}", "type": "slash_commands", "accepts_response_payload": True,
                "payload": self.slash(command, text, **kw)}

    def event_envelope(self, event: dict[str, Any], *, event_id: str | None = None, retry_attempt: int = 0,
                       team: str = TEAM) -> dict[str, Any]:
        event_id = event_id or f"Ev{self.nonce}{next(self._ids):08d}"
        return {"envelope_id": f"env-{next(self._ids)}", "type": "events_api", "accepts_response_payload": False,
                "retry_attempt": retry_attempt, "retry_reason": "timeout" if retry_attempt else "",
                "payload": {"token": "verification", "team_id": team, "api_app_id": "AFAKE", "event": event,
                            "type": "event_callback", "event_id": event_id, "event_time": int(time.time()),
                            "authorizations": [{"team_id": team, "user_id": BOT_USER, "is_bot": True}]}}

    def action_envelope(self, action_id: str, value: str, *, message_ts: str = "1700000000.000001", user: str = "UASKER",
                        channel: str = "CNEWS", ephemeral: bool = False, team: str = TEAM) -> dict[str, Any]:
        """A click on a button of a message the bot posted (Block Kit `block_actions`)."""
        n = next(self._ids)
        return {"envelope_id": f"env-{n}", "type": "interactive", "accepts_response_payload": False, "payload": {
            "type": "block_actions", "team": {"id": team, "domain": "fake"}, "user": {"id": user, "team_id": team},
            "api_app_id": "AFAKE", "token": "verification", "trigger_id": f"trig.{n}",
            "container": {"type": "message", "message_ts": message_ts, "channel_id": channel, "is_ephemeral": ephemeral},
            "channel": {"id": channel, "name": "news"}, "message": {"type": "message", "ts": message_ts, "text": "…"},
            "response_url": self.response_url(),
            "actions": [{"action_id": action_id, "block_id": action_id, "type": "button", "value": value,
                         "action_ts": f"1700000003.{n:06d}"}]}}

    def dm(self, text: str, *, user: str = "UASKER", channel: str = "DASKER") -> dict[str, Any]:
        return {"type": "message", "channel_type": "im", "channel": channel, "user": user, "text": text,
                "ts": f"1700000001.{next(self._ts):06d}", "team": TEAM}

    def mention(self, text: str, *, user: str = "UASKER", channel: str = "CNEWS") -> dict[str, Any]:
        return {"type": "app_mention", "channel": channel, "user": user, "text": f"<@{BOT_USER}> {text}",
                "ts": f"1700000002.{next(self._ts):06d}", "team": TEAM}

    async def wait_for(self, check: Callable[[], bool], *, timeout: float = 10.0, what: str = "it") -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out after {timeout} s waiting for {what}")
            await asyncio.sleep(0.01)

    async def ack_latency(self, envelope_id: str, timeout: float = 10.0) -> float:
        await self.wait_for(lambda: envelope_id in self.acks, timeout=timeout, what=f"the ack of {envelope_id}")
        return self.acks[envelope_id][0] - self.pushed[envelope_id]
