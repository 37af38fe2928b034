"""Charts on Slack (issue 20): the "Chart" button under incident briefings and PNG uploads (files_upload_v2).

A file cannot go through a slash command's response_url, so a chart is uploaded to the channel with the
bot token (files.getUploadURLExternal → the upload URL → files.completeUploadExternal). Where the bot may
not post files (it was not invited to the channel), the asker is told so privately and gets the chart in a
DM instead: the answer is never lost.
"""
from __future__ import annotations

import logging
from typing import TYPE_CHECKING, Any

from slack_sdk.errors import SlackApiError, SlackRequestError

from adapters.slack.blocks import MAX_BLOCKS, Message
from adapters.slack.replies import slack_error
from briefings.chart import has_figures

if TYPE_CHECKING:
    from slack_sdk.web.async_client import AsyncWebClient

    from adapters.slack.replies import Sender
    from bot.commands import Attachment
    from briefings.briefing import Briefing

log = logging.getLogger(__name__)

CHART_ACTION = "briefbot_chart"
ALT_LIMIT = 1000  # Slack's alt_txt limit


def chart_button(slug: str) -> dict[str, Any]:
    return {"type": "actions", "block_id": "briefbot_chart", "elements": [
        {"type": "button", "action_id": CHART_ACTION, "value": slug[:2000],
         "text": {"type": "plain_text", "text": "Chart", "emoji": False}}]}


def with_chart_button(messages: list[Message], briefing: Briefing) -> list[Message]:
    """An incident briefing with figures gets a Chart button at the end of its last page."""
    if briefing.kind != "incident" or not messages or not has_figures(briefing.data):
        return messages
    slug = str(briefing.data["incident"].get("slug") or "")
    last = messages[-1]
    if len(last.blocks) < MAX_BLOCKS:
        return [*messages[:-1], Message(last.text, (*last.blocks, chart_button(slug)))]
    return [*messages, Message("Chart of the figures", (chart_button(slug),))]


async def upload(client: AsyncWebClient, channel: str, attachment: Attachment, *, comment: str | None = None,
                 thread_ts: str | None = None) -> None:
    """One file (a chart PNG with its alt text, an export) into a channel or DM, with a short comment."""
    await client.files_upload_v2(channel=channel, content=attachment.data, filename=attachment.filename,
                                 title=attachment.title or attachment.filename, alt_txt=attachment.alt_text[:ALT_LIMIT] or None,
                                 initial_comment=comment, thread_ts=thread_ts)


async def deliver_chart(sender: Sender, client: AsyncWebClient, attachment: Attachment, *, channel: str, user: str | None,
                        response_url: str | None, comment: str | None, thread_ts: str | None = None) -> None:
    """Upload to the channel; where that is refused, a private note and the chart in the asker's DMs."""
    try:
        await upload(client, channel, attachment, comment=comment, thread_ts=thread_ts)
        return
    except (SlackApiError, SlackRequestError) as exc:
        reason = slack_error(exc) if isinstance(exc, SlackApiError) else str(exc)
        if channel.startswith("D") or user is None:
            raise
        log.info("slack: cannot upload a chart to %s (%s); sending it to %s's DMs", channel, reason, user)
    note = "I can't post files in this channel (invite me with /invite @briefbot); the chart is in your DMs."
    if response_url:
        from adapters.slack.blocks import text_messages

        await sender.respond(response_url, text_messages(note)[0], ephemeral=True)
    await upload(client, await sender.open_dm(client, user), attachment, comment=comment)
