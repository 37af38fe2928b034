"""The Discord bot: slash commands, `/incident` autocomplete and DM questions, over the bot layer.

Every command is deferred first (Discord allows 3 s for the first response), the engine works in a
worker thread, and the answer follows as embeds. Replies meant for the asker alone (help, errors, "no
such incident") are ephemeral. DMs are answered without the privileged message-content intent: Discord
sends the content of DMs to the app anyway (gateway.mdx:485-500). No message can mention anyone:
`AllowedMentions.none()` on the client and on every send, and untrusted text is escaped besides.
"""
from __future__ import annotations

import asyncio
import logging
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import replace
from typing import TYPE_CHECKING, Any

import discord
from discord import app_commands

from adapters.discord.charts import attachment_file, chart_slug, chart_view, for_edit, release
from adapters.discord.embeds import briefing_messages, text_messages
from adapters.discord.index import IncidentIndex
from adapters.discord.tree import RegistryTree
from bot.commands import Call, Caller, Reply, invoke, typed_options
from bot.timeparse import BadArgument

if TYPE_CHECKING:
    from bot.app import Runtime
    from briefings.briefing import Briefing

log = logging.getLogger(__name__)

NO_MENTIONS = discord.AllowedMentions.none()
PRIVATE_COMMANDS = frozenset({"help"})  # answered to the asker only: deferred ephemerally
FAILED = "Something went wrong answering this; the error was logged."
MENTION = re.compile(r"<@!?\d+>")  # the bot's (or anyone's) mention in a server message: not part of the question


EVIDENCE_ID = "briefbot:evidence:"  # + the incident slug: the button under a table
EVIDENCE_LABEL = "Quotes, history, sources"


def evidence_button(slug: str) -> discord.ui.Button[Any] | None:
    """The button under an incident's table (custom ids hold at most 100 characters)."""
    custom_id = EVIDENCE_ID + slug
    if len(custom_id) > 100:
        return None
    return discord.ui.Button(label=EVIDENCE_LABEL, style=discord.ButtonStyle.secondary, custom_id=custom_id)


def pages(reply: Reply) -> list[dict[str, Any]]:
    """A reply as send() keyword arguments, one dict per message."""
    out: list[dict[str, Any]] = [{"content": text} for text in text_messages(reply.text)] if reply.text else []
    if reply.attachment is not None:  # a chart: the PNG with its alt text, on the first page
        out = out or [{}]
        out[0]["files"] = [attachment_file(reply.attachment)]
    if reply.briefing is not None:
        out += briefing_pages(reply.briefing)
        _join(out, chart_view(reply.briefing))
    out = out or [{"content": "(no answer)"}]
    _join(out, buttons([{"label": a.label, "command": a.command, "args": a.args} for a in reply.actions]))
    return out


def _join(out: list[dict[str, Any]], view: discord.ui.View | None) -> None:
    """Put a view's buttons under the last page, beside the buttons already there."""
    if view is None or not out:
        return
    if "view" in out[-1]:
        for item in view.children:
            out[-1]["view"].add_item(item)
    else:
        out[-1]["view"] = view


BUTTON_PREFIX = "briefbot:"  # custom ids of buttons that run a read-only command (an alert's "Full briefing")
BUTTON_COMMANDS = frozenset({"incident", "sources", "ask"})
ASK = "ask"  # an ask-back's button: the question answered for the incident pressed (Runtime.choose)
BUTTON_VIEW_SECONDS = 60.0  # the view object is dropped after this; clicks still arrive via on_interaction


def briefing_pages(briefing: Briefing) -> list[dict[str, Any]]:
    """Embeds per message; an incident's table gets the evidence button, alerts their action buttons (call inside
    the event loop)."""
    out: list[dict[str, Any]] = [{"embeds": [discord.Embed.from_dict(e) for e in message]}
                                 for message in briefing_messages(briefing)]
    view = action_view(briefing)
    if briefing.table and briefing.ref and (button := evidence_button(briefing.ref)):
        view = view or discord.ui.View(timeout=None)
        view.add_item(button)
    if out and view is not None:
        out[-1]["view"] = view
    return out


def action_view(briefing: Briefing) -> discord.ui.View | None:
    """Buttons from `data["actions"]` (needs the running event loop, as every send does)."""
    return buttons([a for a in (briefing.data.get("actions") or []) if isinstance(a, dict) and a.get("command")])


def buttons(actions: list[dict[str, Any]]) -> discord.ui.View | None:
    """Buttons that run `command args` for whoever clicks (`on_interaction`); at most five, in one row."""
    actions = actions[:5]
    if not actions:
        return None
    view = discord.ui.View(timeout=BUTTON_VIEW_SECONDS)
    for a in actions:
        view.add_item(discord.ui.Button(label=str(a.get("label") or "Open")[:80], style=discord.ButtonStyle.secondary,
                                        custom_id=f"{BUTTON_PREFIX}{a['command']} {a.get('args') or ''}"[:100]))
    return view


def caller_of(interaction: discord.Interaction) -> Caller:
    """Who asks and where. May manage the channel's subscriptions: Manage Server or Manage Channels
    (a member's permissions in this channel), or anyone in their own DMs with the bot."""
    guild_id = interaction.guild_id
    perms = interaction.permissions
    return Caller(platform="discord", user=str(interaction.user.id),
                  channel=str(interaction.channel_id) if interaction.channel_id else None,
                  workspace=str(guild_id) if guild_id else None, is_dm=guild_id is None,
                  can_manage=guild_id is None or perms.manage_guild or perms.manage_channels)


def answer_options(runtime: Runtime, name: str, raw: dict[str, str], caller: Caller) -> Reply:
    """Structured options → Reply, like `dispatch` for text (blocking: run it in a worker thread). Never raises."""
    spec = runtime.registry.get(name)
    if spec is None:
        return Reply.note(f"Unknown command /{name}.\n\n" + runtime.registry.help_text())
    now = runtime.now()
    try:
        options = typed_options(spec, raw, now)
    except BadArgument as exc:
        return Reply.note(str(exc))
    except Exception:
        log.exception("/%s: reading the options %r failed", name, raw)
        return Reply.note(f"Something went wrong answering /{name}; the error was logged.")
    return invoke(spec, Call(runtime.engine, options, runtime.registry, now, caller.user, caller.channel, caller))


class Briefbot:
    """The event handlers, attached to a discord.py client (plain or auto-sharded)."""

    def __init__(self, runtime: Runtime, client: discord.Client, index: IncidentIndex) -> None:
        self.runtime, self.client, self.index = runtime, client, index
        self.tree = RegistryTree(client, lambda: runtime.registry, self.command, self.complete, self.failed)
        self.busy: set[asyncio.Task[Any]] = set()  # answers in progress, finished before the client closes
        client.event(self.on_message)
        client.event(self.on_interaction)

    @contextmanager
    def _working(self) -> Iterator[None]:
        task = asyncio.current_task()
        if task is not None:
            self.busy.add(task)
        try:
            yield
        finally:
            self.busy.discard(task)  # type: ignore[arg-type]

    async def drain(self, timeout: float) -> None:
        """Let answers in progress finish (up to `timeout` seconds) before shutting down."""
        current = asyncio.current_task()
        pending = {t for t in self.busy if t is not current and not t.done()}
        if pending:
            await asyncio.wait(pending, timeout=timeout)

    # -- slash commands ------------------------------------------------------------------------------
    async def command(self, interaction: discord.Interaction, name: str, raw: dict[str, str]) -> None:
        private = name in PRIVATE_COMMANDS
        with self._working():
            await interaction.response.defer(ephemeral=private, thinking=True)
            reply = await asyncio.to_thread(answer_options, self.runtime, name, raw, caller_of(interaction))
            await self.respond(interaction, reply, deferred_private=private)

    async def respond(self, interaction: discord.Interaction, reply: Reply, deferred_private: bool) -> None:
        """The first page replaces the "thinking…" message, later pages follow it. When the answer must
        be seen by the asker only but the deferral was public, the public placeholder is deleted."""
        messages = pages(reply)
        if reply.ephemeral != deferred_private:
            try:
                await interaction.delete_original_response()
            except discord.HTTPException:
                log.warning("could not delete the deferred response of interaction %s", interaction.id)
            first, rest = None, messages
        else:
            first, rest = messages[0], messages[1:]
        if first is not None:
            await interaction.edit_original_response(**for_edit(first), allowed_mentions=NO_MENTIONS)
            release(first)
        for message in rest:
            await interaction.followup.send(**message, ephemeral=reply.ephemeral, allowed_mentions=NO_MENTIONS)
            release(message)

    async def complete(self, interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        """From memory only: the index is refreshed in the background, never per keystroke."""
        return [app_commands.Choice(name=name, value=value) for name, value in self.index.complete(current)]

    async def failed(self, interaction: discord.Interaction, error: Exception) -> None:
        """An exception escaped a handler: tell the asker privately; the client carries on."""
        if interaction.type is discord.InteractionType.autocomplete:
            if not interaction.response.is_done():
                await interaction.response.autocomplete([])
            return
        if not interaction.response.is_done():
            await interaction.response.send_message(FAILED, ephemeral=True, allowed_mentions=NO_MENTIONS)
            return
        try:
            await interaction.delete_original_response()  # a public "thinking…" must not linger
        except discord.HTTPException:
            pass
        await interaction.followup.send(FAILED, ephemeral=True, allowed_mentions=NO_MENTIONS)

    # -- buttons -------------------------------------------------------------------------------------------
    async def on_interaction(self, interaction: discord.Interaction) -> None:
        """A click on a button of the bot's messages (the evidence under a table, an alert's actions): the
        answer, to the clicker only. Buttons of messages sent before a restart work too: all is in the custom id."""
        if interaction.type is not discord.InteractionType.component:
            return
        slug = chart_slug(interaction)
        if slug is not None:  # the Chart button: answered like `/chart <slug>`, in the channel
            try:
                await self.command(interaction, "chart", {"query": slug})
            except Exception as exc:
                log.exception("the Chart button for %s failed", slug)
                await self.failed(interaction, exc)
            return
        custom_id = str((interaction.data or {}).get("custom_id", ""))
        evidence = custom_id.startswith(EVIDENCE_ID)
        name, _, args = custom_id.removeprefix(BUTTON_PREFIX).partition(" ")
        if not evidence and (not custom_id.startswith(BUTTON_PREFIX) or name not in BUTTON_COMMANDS):
            return
        with self._working():
            await interaction.response.defer(ephemeral=True, thinking=True)
            if evidence:
                raw = {"query": custom_id[len(EVIDENCE_ID):]}
                reply = await asyncio.to_thread(answer_options, self.runtime, "evidence", raw, caller_of(interaction))
            elif name == ASK:
                reply = await self.runtime.choose(args, caller_of(interaction))
            else:
                reply = await self.runtime.command(name, args, caller_of(interaction))
            await self.respond(interaction, replace(reply, ephemeral=True), deferred_private=True)

    # -- direct messages -------------------------------------------------------------------------------
    async def on_message(self, message: discord.Message) -> None:
        """A DM is a question ("what happened at kalsu?"), and so is a message in a server that mentions the bot
        (Discord sends the content of those without the message-content intent); it is answered as a reply there.
        Other server messages are not read."""
        me = self.client.user
        mentioned = message.guild is not None and me is not None and me in message.mentions
        if (message.guild is not None and not mentioned) or message.author.bot or message.author == me:
            return
        if message.type not in (discord.MessageType.default, discord.MessageType.reply):
            return
        guild, author = message.guild, message.author
        perms = message.channel.permissions_for(author) if isinstance(author, discord.Member) else None  # type: ignore[union-attr]
        caller = Caller(platform="discord", user=str(author.id), channel=str(message.channel.id),
                        workspace=str(guild.id) if guild else None, is_dm=guild is None,
                        can_manage=guild is None or bool(perms and (perms.manage_guild or perms.manage_channels)))
        text = MENTION.sub(" ", message.content).strip() if mentioned else message.content
        try:
            with self._working():
                reply = await self.runtime.ask(text, caller)
                if reply is None:  # nothing but whitespace, stickers or attachments
                    reply = Reply.note("Ask me about an incident, e.g. “what happened at kalsu?”, or send /help.")
                reply_to: dict[str, Any] = {"reference": message, "mention_author": False} if mentioned else {}
                for page in pages(reply):
                    await message.channel.send(**page, **reply_to, allowed_mentions=NO_MENTIONS)
                    release(page)
        except Exception:
            log.exception("answering the DM %s failed", message.id)
            try:
                await message.channel.send(FAILED, allowed_mentions=NO_MENTIONS)
            except discord.HTTPException:
                log.warning("could not tell %s that answering failed", message.author.id)


class _NoVoice(logging.Filter):
    """briefbot never joins voice channels: discord.py's "voice will NOT be supported" notes are noise."""

    def filter(self, record: logging.LogRecord) -> bool:
        return "voice will NOT be supported" not in record.getMessage()


def make_client(runtime: Runtime, index: IncidentIndex) -> tuple[discord.Client, Briefbot]:
    """A Client, or an AutoShardedClient when the settings ask for shards. Intents.default() without
    guild messages and typing: no privileged intent is needed (DM content arrives without message_content)."""
    settings = runtime.settings
    quiet = logging.getLogger("discord.client")
    if not any(isinstance(f, _NoVoice) for f in quiet.filters):
        quiet.addFilter(_NoVoice())
    intents = discord.Intents.default()
    intents.guild_messages = intents.typing = False  # channel chatter is never read: only DMs and interactions
    options: dict[str, Any] = {"intents": intents, "allowed_mentions": NO_MENTIONS,
                               "application_id": settings.discord_application_id}
    if settings.discord_uses_shards:
        if settings.discord_shard_ids is not None and settings.discord_shard_count is None:
            raise ValueError("BRIEFBOT_DISCORD_SHARD_IDS needs BRIEFBOT_DISCORD_SHARD_COUNT (the total number of shards)")
        client: discord.Client = discord.AutoShardedClient(
            shard_count=settings.discord_shard_count, shard_ids=settings.discord_shard_ids, **options)
    else:
        client = discord.Client(**options)
    return client, Briefbot(runtime, client, index)
