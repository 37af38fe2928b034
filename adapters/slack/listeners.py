"""Slack events → bot calls → replies, registered on a bolt AsyncApp.

Slash commands are acked at once (Slack allows 3 s), then answered: the engine runs in a worker thread
(`Runtime.command`), the reply goes to the command's response_url. DMs (message.im) and app mentions
(answered in the thread) go through `Runtime.ask`. Events Slack delivers again (Socket Mode
`retry_attempt`, HTTP `x-slack-retry-num`) are answered once: a bounded cache of event ids.
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from typing import TYPE_CHECKING, Any

from slack_bolt.async_app import AsyncApp
from slack_bolt.response import BoltResponse
from slack_sdk.web.async_client import AsyncWebClient

from adapters.slack.blocks import ACTION_PREFIX, EVIDENCE_ACTION, text_messages
from adapters.slack.cache import TtlCache
from adapters.slack.charts import CHART_ACTION, deliver_chart
from adapters.slack.permissions import MANAGE_COMMANDS, Permissions
from adapters.slack.replies import Sender, reply_messages
from bot.commands import Caller

if TYPE_CHECKING:
    from bot.app import Runtime

log = logging.getLogger(__name__)

ENGINE_SLOTS = 4  # answers computed at once: more threads only slow the event loop (the GIL), and so the acks
SEEN_TTL_SECONDS = 3600.0  # Slack retries an event for about an hour at most
SEEN_MAX = 50_000
COMMAND = re.compile(r"^/[\w-]+$")
MENTION = re.compile(r"<@[A-Z0-9]+(?:\|[^>]*)?>")
BUTTON_COMMANDS = frozenset({"incident", "sources", "ask"})  # what a button may run: read-only answers
ASK = "ask"  # an ask-back's button: the question answered for the incident pressed (Runtime.choose)


def unescape(text: str) -> str:
    """Slack sends user text with `& < >` as entities; the bot reads what the user typed."""
    return text.replace("&lt;", "<").replace("&gt;", ">").replace("&amp;", "&")


def error_note(what: str) -> str:
    return f"Sorry, something went wrong answering {what}; the error was logged."


class Listeners:
    """The app's listeners; tracks in-flight answers so shutdown can let them finish."""

    def __init__(self, runtime: Runtime, sender: Sender, permissions: Permissions | None = None) -> None:
        self.runtime = runtime
        self.sender = sender
        self.permissions = permissions or Permissions()
        self.seen: TtlCache[bool] = TtlCache(SEEN_TTL_SECONDS, SEEN_MAX)
        self.inflight: set[asyncio.Task[Any]] = set()
        self.slots = asyncio.Semaphore(ENGINE_SLOTS)

    def register(self, app: AsyncApp) -> None:
        app.middleware(self.dedupe)
        app.command(COMMAND)(self.on_command)
        app.event("message")(self.on_message)
        app.event("app_mention")(self.on_mention)
        app.action(EVIDENCE_ACTION)(self.on_evidence)
        app.action(re.compile(f"^{ACTION_PREFIX}"))(self.on_action)
        app.action(CHART_ACTION)(self.on_chart)
        app.error(self.on_error)

    @asynccontextmanager
    async def tracked(self) -> AsyncIterator[None]:
        task = asyncio.current_task()
        if task is not None:
            self.inflight.add(task)
        try:
            yield
        finally:
            if task is not None:
                self.inflight.discard(task)

    async def drain(self, timeout: float) -> None:
        """Wait (bounded) for answers being worked on when the app stops."""
        pending = [t for t in self.inflight if not t.done() and t is not asyncio.current_task()]
        if pending:
            _, late = await asyncio.wait(pending, timeout=timeout)
            for task in late:
                task.cancel()

    async def dedupe(self, body: dict[str, Any], next: Any) -> BoltResponse | None:  # noqa: A002 (bolt's name)
        key = body.get("event_id") or body.get("trigger_id")
        if key and not self.seen.first_time((body.get("team_id"), key)):
            log.info("slack: %s was delivered again; answered already, ignoring the retry", key)
            return BoltResponse(status=200, body="")
        return await next()

    async def caller(self, client: AsyncWebClient, *, team: str | None, user: str | None, channel: str | None,
                     command: str | None = None) -> Caller:
        is_dm = bool(channel and channel.startswith("D"))
        manage = False
        if command is not None and self.runtime.registry.base_name(command) in MANAGE_COMMANDS:
            manage = await self.permissions.can_manage(client, team, user, channel)
        return Caller(platform="slack", user=user, channel=channel, workspace=team, is_dm=is_dm, can_manage=manage)

    async def on_command(self, ack: Any, command: dict[str, Any], client: AsyncWebClient) -> None:
        await ack()
        async with self.tracked():
            name = str(command.get("command", "")).lstrip("/")
            try:
                caller = await self.caller(client, team=command.get("team_id"), user=command.get("user_id"),
                                           channel=command.get("channel_id"), command=name)
                async with self.slots:
                    reply = await self.runtime.command(name, unescape(command.get("text") or ""), caller)
                await self.sender.command_reply(command, reply, client)
            except Exception:
                log.exception("slack: answering /%s %r for %s in %s failed", name, command.get("text"),
                              command.get("user_id"), command.get("channel_id"))
                await self._quietly(self.sender.command_messages(command, text_messages(error_note(f"/{name}")),
                                                                 client, ephemeral=True))

    async def on_action(self, ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        """A button in one of the bot's messages (an alert's "Full briefing"): answered to the clicker only."""
        await ack()
        async with self.tracked():
            value = str(((body.get("actions") or [{}])[0]).get("value") or "")
            name, _, args = value.lstrip("/").partition(" ")
            user = (body.get("user") or {}).get("id")
            channel = (body.get("channel") or {}).get("id") or (body.get("container") or {}).get("channel_id")
            if name not in BUTTON_COMMANDS or not channel:
                return
            try:
                caller = await self.caller(client, team=(body.get("team") or {}).get("id"), user=user, channel=channel)
                async with self.slots:
                    reply = await (self.runtime.choose(args, caller) if name == ASK
                                   else self.runtime.command(name, args, caller))
                if user and not str(channel).startswith("D"):
                    await self.sender.post_ephemeral(client, channel, user, reply_messages(reply))
                else:
                    await self.sender.post(client, channel, reply_messages(reply))
            except Exception:
                log.exception("slack: the button %r from %s in %s failed", value, user, channel)

    async def on_message(self, event: dict[str, Any], client: AsyncWebClient, context: Any) -> None:
        """A direct message to the bot: free text ("what happened at kalsu?") or a /command line."""
        if event.get("channel_type") != "im" or event.get("subtype") or event.get("bot_id"):
            return
        channel = str(event["channel"])
        await self._ask(client, context, event, channel, thread_ts=event.get("thread_ts"))

    async def on_mention(self, event: dict[str, Any], client: AsyncWebClient, context: Any) -> None:
        """@briefbot in a channel: answered in the thread of the mention."""
        channel = str(event.get("channel", ""))
        if channel.startswith("D") or event.get("bot_id"):  # DMs arrive as message.im already
            return
        await self._ask(client, context, event, channel, thread_ts=event.get("thread_ts") or event.get("ts"))

    async def _ask(self, client: AsyncWebClient, context: Any, event: dict[str, Any], channel: str,
                   thread_ts: str | None) -> None:
        async with self.tracked():
            user = event.get("user")
            text = unescape(MENTION.sub(" ", str(event.get("text") or ""))).strip()
            try:
                caller = await self.caller(client, team=context.get("team_id") or event.get("team"), user=user,
                                           channel=channel)
                async with self.slots:
                    reply = await self.runtime.ask(text, caller)
                if reply is None:
                    return
                if reply.attachment is not None:
                    await deliver_chart(self.sender, client, reply.attachment, channel=channel, user=user,
                                        response_url=None, comment=reply.text, thread_ts=thread_ts)
                    return
                messages = reply_messages(reply)
                if reply.ephemeral and not caller.is_dm and user:
                    await self.sender.post_ephemeral(client, channel, user, messages, thread_ts)
                else:
                    await self.sender.post(client, channel, messages, thread_ts)
            except Exception:
                log.exception("slack: answering %r from %s in %s failed", text, user, channel)
                await self._quietly(self.sender.post(client, channel, text_messages(error_note("that")), thread_ts))

    async def on_evidence(self, ack: Any, body: dict[str, Any], action: dict[str, Any], client: AsyncWebClient) -> None:
        """The button under a table: the evidence in the message's thread; where the bot cannot post there
        (an ephemeral answer, a channel it is not in), to the clicker alone through the response_url."""
        await ack()
        async with self.tracked():
            container = body.get("container") or {}
            channel = container.get("channel_id") or (body.get("channel") or {}).get("id")
            user = (body.get("user") or {}).get("id")
            team = (body.get("team") or {}).get("id")
            try:
                caller = await self.caller(client, team=team, user=user, channel=channel)
                async with self.slots:
                    reply = await self.runtime.command("evidence", str(action.get("value") or ""), caller)
                messages = reply_messages(reply)
                thread = container.get("thread_ts") or container.get("message_ts")
                if channel and thread and not container.get("is_ephemeral") and not reply.ephemeral:
                    try:
                        await self.sender.post(client, channel, messages, thread)
                        return
                    except Exception as exc:  # not in the channel: the clicker still gets the answer
                        log.info("slack: evidence not posted in %s (%s); answering the clicker", channel, exc)
                url = body.get("response_url")
                if url:
                    await self.sender.command_messages({"response_url": url, "channel_id": channel, "user_id": user},
                                                       messages, client, ephemeral=True)
            except Exception:
                log.exception("slack: the evidence button for %r failed", action.get("value"))
                if body.get("response_url"):
                    await self._quietly(self.sender.respond(body["response_url"], text_messages(error_note("that"))[0],
                                                            ephemeral=True))

    async def on_chart(self, ack: Any, body: dict[str, Any], client: AsyncWebClient) -> None:
        """The Chart button under an incident briefing: the chart goes into the briefing's thread."""
        await ack()
        async with self.tracked():
            action = (body.get("actions") or [{}])[0]
            container = body.get("container") or {}
            channel = str((body.get("channel") or {}).get("id") or container.get("channel_id") or "")
            user = (body.get("user") or {}).get("id")
            response_url = body.get("response_url")
            try:
                caller = await self.caller(client, team=(body.get("team") or {}).get("id"), user=user, channel=channel)
                async with self.slots:
                    reply = await self.runtime.command("chart", str(action.get("value") or ""), caller)
                if reply.attachment is None:
                    if response_url:
                        await self.sender.respond(response_url, text_messages(reply.text or "")[0], ephemeral=True)
                    return
                thread = None if container.get("is_ephemeral") else (
                    (body.get("message") or {}).get("thread_ts") or container.get("message_ts"))
                await deliver_chart(self.sender, client, reply.attachment, channel=channel, user=user,
                                    response_url=response_url, comment=reply.text, thread_ts=thread)
            except Exception:
                log.exception("slack: the Chart button for %r in %s failed", action.get("value"), channel)
                if response_url:
                    await self._quietly(self.sender.respond(response_url, text_messages(error_note("the chart"))[0],
                                                            ephemeral=True))

    async def _quietly(self, sending: Any) -> None:
        """Send an error note; if even that fails, the log line above is all there is."""
        try:
            await sending
        except Exception:
            log.exception("slack: the error reply could not be sent either")

    async def on_error(self, error: Exception, body: dict[str, Any]) -> None:
        log.error("slack: unhandled error for a %s request: %s", body.get("type") or body.get("command"), error,
                  exc_info=error)
