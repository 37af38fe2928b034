"""Posting replies: response_url for slash commands, chat.postMessage for DMs, threads and digests.

Every HTTP call goes through one aiohttp session and slack-sdk's retry handlers (429s are retried after
Retry-After). `link_names` is never set and unfurls are off: article text cannot ping anyone, and source
links do not balloon into previews.
"""
from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Sequence
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.async_handler import AsyncRetryHandler
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from adapters.slack.blocks import MAX_BLOCKS, Message, briefing_messages, buttons, text_messages

if TYPE_CHECKING:
    import aiohttp

    from bot.commands import Reply
    from bot.scheduling.delivery import Target
    from briefings.briefing import Briefing

log = logging.getLogger(__name__)

MAX_RESPONSES = 5  # Slack accepts five posts to one response_url (within 30 minutes)
RATE_LIMIT_RETRIES = 3
SEND_OPTIONS = {"unfurl_links": False, "unfurl_media": False}


class SlackReplyError(RuntimeError):
    """Slack refused a reply (the message says which call and why)."""


def slack_error(exc: SlackApiError) -> str:
    """Slack's error code ("not_in_channel"), or the HTTP status when the answer was not JSON."""
    data = exc.response.data
    return str(data.get("error")) if isinstance(data, dict) else f"HTTP {exc.response.status_code}"


def retry_handlers() -> list[AsyncRetryHandler]:
    """Connection errors once, then 429s up to three times, each after Slack's Retry-After."""
    return [AsyncConnectionErrorRetryHandler(), AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES)]


def reply_messages(reply: Reply) -> list[Message]:
    if reply.briefing is not None:
        from adapters.slack.charts import with_chart_button  # charts.py imports this module

        messages = with_chart_button(briefing_messages(reply.briefing), reply.briefing)
    else:
        messages = text_messages(reply.text or "")
    return with_actions(messages, reply)


def with_actions(messages: list[Message], reply: Reply) -> list[Message]:
    """The reply's buttons (an ask-back's likely incidents) under its last page."""
    block = buttons([{"label": a.label, "command": a.command, "args": a.args} for a in reply.actions])
    if not block:
        return messages
    last = messages[-1]
    if len(last.blocks) < MAX_BLOCKS:
        return [*messages[:-1], Message(last.text, (*last.blocks, *block))]
    return [*messages, Message(last.text[:200], tuple(block))]


class Sender:
    """Sends rendered messages; knows Slack's reply channels and their limits."""

    def __init__(self, session: aiohttp.ClientSession, base_url: str) -> None:
        self.session = session
        self.base_url = base_url

    def client(self, token: str | None) -> AsyncWebClient:
        """A Web API client for one token (workspace), sharing the session and retry policy."""
        return AsyncWebClient(token=token, base_url=self.base_url, session=self.session,
                              retry_handlers=retry_handlers())

    async def respond(self, url: str, message: Message, *, ephemeral: bool) -> None:
        hook = AsyncWebhookClient(url, session=self.session, retry_handlers=retry_handlers())
        body = {"response_type": "ephemeral" if ephemeral else "in_channel", "replace_original": False,
                **message.payload(), **SEND_OPTIONS}
        response = await hook.send_dict(body)
        if response.status_code != 200:
            raise SlackReplyError(f"response_url answered {response.status_code}: {response.body[:200]}")

    async def post(self, client: AsyncWebClient, channel: str, messages: Sequence[Message],
                   thread_ts: str | None = None) -> str | None:
        """Post the pages in order; the first page's ts (the message id) is returned."""
        first: str | None = None
        for message in messages:
            response = await client.chat_postMessage(channel=channel, thread_ts=thread_ts, **message.payload(),
                                                     **SEND_OPTIONS)
            first = first or response.get("ts")
        return first

    async def post_ephemeral(self, client: AsyncWebClient, channel: str, user: str, messages: Sequence[Message],
                             thread_ts: str | None = None) -> None:
        for message in messages:
            await client.chat_postEphemeral(channel=channel, user=user, thread_ts=thread_ts, **message.payload())

    async def open_dm(self, client: AsyncWebClient, user: str) -> str:
        response = await client.conversations_open(users=user)
        return str(response["channel"]["id"])

    async def command_reply(self, command: dict[str, Any], reply: Reply, client: AsyncWebClient) -> None:
        """Answer a slash command through its response_url: in the channel, or only to the asker. A file
        (a chart) cannot go through the response_url: it is uploaded with its text as the comment."""
        if reply.attachment is not None:
            from adapters.slack.charts import deliver_chart

            await deliver_chart(self, client, reply.attachment, channel=command["channel_id"], user=command.get("user_id"),
                                response_url=command.get("response_url"), comment=reply.text)
            return
        await self.command_messages(command, reply_messages(reply), client, ephemeral=reply.ephemeral)

    async def command_messages(self, command: dict[str, Any], messages: list[Message], client: AsyncWebClient,
                               *, ephemeral: bool) -> None:
        url = command["response_url"]
        if len(messages) <= MAX_RESPONSES:
            for message in messages:
                await self.respond(url, message, ephemeral=ephemeral)
            return
        if not ephemeral and await self._post_in_channel(client, command["channel_id"], messages):
            return
        # More parts than response_url takes, and the bot cannot post in this channel: the rest goes to a DM.
        head, rest = messages[: MAX_RESPONSES - 1], messages[MAX_RESPONSES - 1:]
        for message in head:
            await self.respond(url, message, ephemeral=ephemeral)
        note = f"This answer continues in your direct messages with briefbot ({len(rest)} more parts)."
        await self.respond(url, text_messages(note)[0], ephemeral=True)
        await self.post(client, await self.open_dm(client, command["user_id"]), rest)

    async def _post_in_channel(self, client: AsyncWebClient, channel: str, messages: list[Message]) -> bool:
        try:
            await self.post(client, channel, messages[:1])
        except SlackApiError as exc:
            log.info("slack: cannot post in %s (%s); using response_url and a DM", channel, slack_error(exc))
            return False
        await self.post(client, channel, messages[1:])
        return True


TokenFor = Callable[[str | None], Awaitable[str | None]]


class SlackDeliverer:
    """`bot.scheduling.delivery.Deliverer` for Slack: scheduled digests to a channel, or to a user's DMs."""

    def __init__(self, sender: Sender, token_for: TokenFor) -> None:
        self.sender = sender
        self.token_for = token_for

    async def deliver(self, target: Target, briefing: Briefing) -> str | None:
        token = await self.token_for(target.workspace)
        if token is None:
            raise SlackReplyError(f"briefbot is not installed in the Slack workspace {target.workspace}")
        client = self.sender.client(token)
        channel = target.channel
        if channel is None:
            if target.user is None:
                raise SlackReplyError("a Slack delivery target needs a channel or a user")
            channel = await self.sender.open_dm(client, target.user)
        return await self.sender.post(client, channel, briefing_messages(briefing))
