"""Charts on Discord (issue 20): the PNG as a message attachment with its alt text, and a "Chart" button
under incident briefings.

The button is a plain component with a custom id (`briefbot:chart:<slug>`), answered by the client's
`on_interaction`, not by a stored View: it keeps working after a restart and nothing piles up in memory
(the View used to send it is stopped at once, which drops it from discord.py's view store).
"""
from __future__ import annotations

import io
from typing import TYPE_CHECKING, Any

import discord

from briefings.chart import has_figures

if TYPE_CHECKING:
    from bot.commands import Attachment
    from briefings.briefing import Briefing

CHART_PREFIX = "briefbot:chart:"
CUSTOM_ID_LIMIT = 100  # Discord's limit for a component's custom_id
DESCRIPTION_LIMIT = 1024  # an attachment's description (alt text)


def attachment_file(attachment: Attachment) -> discord.File:
    return discord.File(io.BytesIO(attachment.data), filename=attachment.filename,
                        description=attachment.alt_text[:DESCRIPTION_LIMIT] or None)


def chart_view(briefing: Briefing) -> discord.ui.View | None:
    """A one-button View for an incident briefing with figures (None otherwise). Call inside the event loop."""
    if briefing.kind != "incident" or not has_figures(briefing.data):
        return None
    custom_id = CHART_PREFIX + str(briefing.data["incident"].get("slug") or "")
    if len(custom_id) > CUSTOM_ID_LIMIT:
        return None
    view = discord.ui.View(timeout=None)
    view.add_item(discord.ui.Button(label="Chart", style=discord.ButtonStyle.secondary, custom_id=custom_id))
    return view


def chart_slug(interaction: discord.Interaction) -> str | None:
    """The incident slug of a Chart button click; None for any other interaction."""
    if interaction.type is not discord.InteractionType.component:
        return None
    custom_id = str((interaction.data or {}).get("custom_id") or "")
    return custom_id[len(CHART_PREFIX):] or None if custom_id.startswith(CHART_PREFIX) else None


def for_edit(page: dict[str, Any]) -> dict[str, Any]:
    """edit_original_response takes new files as `attachments`, send() as `files`."""
    if "files" not in page:
        return page
    page = dict(page)
    page["attachments"] = page.pop("files")
    return page


def release(page: dict[str, Any]) -> None:
    """After sending: stop the page's View so discord.py's view store does not keep it (on_interaction answers)."""
    view = page.get("view")
    if isinstance(view, discord.ui.View):
        view.stop()
