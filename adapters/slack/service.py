"""Runs the Slack adapter on the bot's event loop: Socket Mode (default) or HTTP mode, one or many workspaces.

Socket Mode needs the bot token (xoxb-) and an app-level token (xapp-) and no public endpoint. HTTP mode
needs the signing secret and a public URL, and either a bot token (one workspace) or OAuth client
credentials (any number of workspaces, installed through /slack/install). Start-up checks the tokens with
Slack once, so a wrong token stops `briefbot run` with Slack's own error instead of retrying forever.
"""
from __future__ import annotations

import asyncio
import logging
import sys
from collections.abc import Awaitable
from typing import TYPE_CHECKING, Any, TypeVar

import aiohttp
from aiohttp import web
from pydantic import SecretStr
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_bolt.authorization import AuthorizeResult

from adapters.slack.httpguard import slack_gate
from adapters.slack.listeners import Listeners
from adapters.slack.manifest import BOT_SCOPES
from adapters.slack.replies import Sender, SlackDeliverer
from bot.requestclaims import RequestClaims

if TYPE_CHECKING:
    from adapters.slack.oauth import OAuthSetup
    from bot.app import Runtime
    from bot.settings import Settings

log = logging.getLogger(__name__)
T = TypeVar("T")
DRAIN_SECONDS = 10.0  # answers in progress at shutdown may finish this long


class SlackConfigError(RuntimeError):
    """The Slack settings cannot work (the message says what to set)."""


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def check_settings(s: Settings) -> None:
    if s.slack_mode == "socket":
        if s.slack_bot_token is None:
            raise SlackConfigError("Slack Socket Mode needs SLACK_BOT_TOKEN (xoxb-…).")
        if s.slack_app_token is None:
            raise SlackConfigError("Slack Socket Mode needs SLACK_APP_TOKEN, an app-level token (xapp-…) with "
                                   "connections:write; or set BRIEFBOT_SLACK_MODE=http with SLACK_SIGNING_SECRET.")
        return
    if s.slack_signing_secret is None:
        raise SlackConfigError("Slack HTTP mode needs SLACK_SIGNING_SECRET to verify Slack's requests.")
    if s.slack_bot_token is None and not s.slack_multi_workspace:
        raise SlackConfigError("Slack HTTP mode needs SLACK_BOT_TOKEN (one workspace) or SLACK_CLIENT_ID and "
                               "SLACK_CLIENT_SECRET (installs in many workspaces).")


class _TokenFromSettings(logging.Filter):
    """bolt reads SLACK_BOT_TOKEN itself and warns that it goes unused: we pass the token through `authorize`."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "`token` will be unused" not in record.getMessage()


BOLT_LOG = logging.getLogger("adapters.slack.bolt")
BOLT_LOG.addFilter(_TokenFromSettings())


def _known_bot(token: str | None, checked: Any) -> Any:
    """bolt's `authorize` for one workspace: the token checked at start-up (no auth.test per request burst)."""
    result = AuthorizeResult.from_auth_test_response(bot_token=token, auth_test_response=checked)

    async def authorize() -> AuthorizeResult:
        return result

    return authorize


class SlackService:
    """One Slack connection with its clients: `start()`, then `close()` (also after a failed start)."""

    def __init__(self, runtime: Runtime, settings: Settings | None = None) -> None:
        self.runtime = runtime
        self.settings = settings or runtime.settings
        self.session: aiohttp.ClientSession | None = None
        self.oauth: OAuthSetup | None = None
        self.socket: AsyncSocketModeHandler | None = None
        self.runner: web.AppRunner | None = None
        self.listeners: Listeners | None = None
        self.deliverer: SlackDeliverer | None = None
        self.port: int | None = None  # HTTP mode: the port actually bound (settings may say 0)
        self.identity: dict[str, Any] = {}  # auth.test: team, user, bot_id …

    async def start(self) -> None:
        s = self.settings
        check_settings(s)
        self.session = aiohttp.ClientSession()
        sender = Sender(self.session, s.slack_api_url)
        if s.slack_multi_workspace:
            from adapters.slack.oauth import oauth_setup  # async SQLAlchemy: only multi-workspace needs it

            self.oauth = await oauth_setup(s, tuple(BOT_SCOPES))
        client = sender.client(None)  # bolt gives each request a client with the right workspace's token
        authorize = None
        if self.oauth is None:
            token = _secret(s.slack_bot_token)
            checked = await sender.client(token).auth_test()  # a wrong bot token stops start-up here
            self.identity = dict(checked.data)  # type: ignore[arg-type]
            authorize = _known_bot(token, checked)
        app = AsyncApp(
            client=client,
            signing_secret=_secret(s.slack_signing_secret) or "",
            authorize=authorize,
            oauth_settings=self.oauth.settings if self.oauth else None,
            request_verification_enabled=s.slack_mode == "http",
            logger=BOLT_LOG,
        )
        self.listeners = Listeners(self.runtime, sender)
        self.listeners.register(app)
        self.deliverer = SlackDeliverer(sender, self._token_for)
        self.runtime.deliverers["slack"] = self.deliverer
        if s.slack_mode == "socket":
            await self._connect_socket(app, client)
        else:
            await self._listen_http(app)
        self.runtime.telemetry.probe("slack", self.connected)

    def connected(self) -> bool:
        """For /readyz: the Socket Mode connection is up, or the HTTP endpoint is listening."""
        if self.socket is not None:
            session = getattr(self.socket.client, "current_session", None)
            return session is not None and not session.closed
        return self.runner is not None and bool(self.runner.addresses)

    async def _connect_socket(self, app: AsyncApp, client: Any) -> None:
        app_token = _secret(self.settings.slack_app_token)
        self.socket = AsyncSocketModeHandler(app, app_token, web_client=client,
                                             logger=logging.getLogger("adapters.slack.socket"))
        # Ask for the WebSocket URL ourselves: a refused app token is an error now, not an endless retry loop.
        self.socket.client.wss_uri = (await client.apps_connections_open(app_token=app_token))["url"]
        await self.socket.connect_async()

    async def _listen_http(self, app: AsyncApp) -> None:
        s = self.settings
        web_app = app.web_app(path=s.slack_http_path, port=s.slack_http_port)
        sessions = getattr(self.runtime.engine, "sessions", None)  # a stand-in engine has no database to claim in
        claims = RequestClaims(sessions) if sessions is not None else None
        web_app.middlewares.append(slack_gate(_secret(s.slack_signing_secret) or "", s.slack_http_path, claims))
        self.runner = web.AppRunner(web_app, access_log=None)
        await self.runner.setup()
        await web.TCPSite(self.runner, s.slack_http_host, s.slack_http_port).start()
        self.port = int(self.runner.addresses[0][1])

    async def _token_for(self, workspace: str | None) -> str | None:
        if self.oauth is not None:
            return await self.oauth.bot_token(workspace)
        return _secret(self.settings.slack_bot_token)

    def describe(self) -> str:
        s = self.settings
        me = self.identity
        who = f" as @{me['user']} in {me.get('team') or me.get('team_id')}" if me.get("user") else ""
        if s.slack_mode == "socket":
            return f"briefbot is connected to Slack (Socket Mode){who}. Ctrl-C to stop."
        scope = "any workspace that installs it (/slack/install)" if self.oauth else "one workspace"
        return (f"briefbot is serving Slack over HTTP{who} on {s.slack_http_host}:{self.port}{s.slack_http_path} "
                f"for {scope}. Ctrl-C to stop.")

    async def close(self) -> None:
        """Stop receiving, let answers in progress finish (bounded), then release connections."""
        self.runtime.telemetry.forget("slack")
        if self.socket is not None:
            await self.socket.close_async()
        if self.runner is not None:
            await self.runner.cleanup()
        if self.listeners is not None:
            await self.listeners.drain(DRAIN_SECONDS)
        if self.runtime.deliverers.get("slack") is self.deliverer and self.deliverer is not None:
            del self.runtime.deliverers["slack"]
        if self.oauth is not None:
            await self.oauth.engine.dispose()
        if self.session is not None:
            await self.session.close()


async def _unless_stopped(work: Awaitable[T], stop: asyncio.Event) -> bool:
    """Run `work` unless `stop` is set first (then cancel it); True when the work finished."""
    task = asyncio.ensure_future(work)
    stopper = asyncio.ensure_future(stop.wait())
    try:
        await asyncio.wait({task, stopper}, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stopper.cancel()
    if not task.done():
        task.cancel()
        await asyncio.gather(task, return_exceptions=True)
        return False
    task.result()  # re-raises a failed start
    return True


async def serve(runtime: Runtime, stop: asyncio.Event, **io: Any) -> None:
    """`briefbot run`'s entry point: serve Slack until `stop` is set (SIGINT/SIGTERM)."""
    service = SlackService(runtime)
    try:
        if await _unless_stopped(service.start(), stop):
            print(service.describe(), file=io.get("stdout") or sys.stdout, flush=True)
            await stop.wait()
    finally:
        await service.close()
