"""The app-command tree, built from the bot's command registry: the same specs Slack and the console use.

Each CommandSpec becomes a slash command; each OptionSpec a string option with its description (the
bot's `typed_options` reads dates and periods, so Discord sends text). Options naming an incident
(`query`) autocomplete. The tree follows the registry: when the registry the runtime holds changes
(a service adding /subscribe), the tree is rebuilt before the next interaction is routed.
Registration with Discord is a separate, explicit step (`briefbot discord sync`, see sync.py).
"""
from __future__ import annotations

import inspect
import logging
from collections.abc import Awaitable, Callable
from typing import Any, Optional

import discord
from discord import app_commands

from bot.commands import CommandSpec, OptionSpec, Registry

log = logging.getLogger(__name__)

DESCRIPTION = 100  # Discord's limit for command and option descriptions
AUTOCOMPLETE_OPTIONS = frozenset({"query"})  # options naming an incident
Runner = Callable[[discord.Interaction, str, dict[str, str]], Awaitable[None]]
Completer = Callable[[discord.Interaction, str], Awaitable[list[app_commands.Choice[str]]]]
Failure = Callable[[discord.Interaction, Exception], Awaitable[None]]


def describe(text: str) -> str:
    text = " ".join(text.split()) or "…"
    return text if len(text) <= DESCRIPTION else text[: DESCRIPTION - 1].rstrip() + "…"


async def _not_serving(interaction: discord.Interaction, name: str, raw: dict[str, str]) -> None:
    raise RuntimeError("this command tree only registers commands")


async def _no_choices(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
    return []


def app_command(spec: CommandSpec, run: Runner = _not_serving, complete: Completer = _no_choices) -> app_commands.Command:
    """One slash command for a spec. The callback's signature is generated (one keyword per option),
    because discord.py reads a command's options from its callback's signature."""
    names = {f"o{i}": option for i, option in enumerate(spec.options)}

    async def callback(interaction: discord.Interaction, **given: Optional[str]) -> None:
        raw = {names[key].name: str(value) for key, value in given.items() if value is not None}
        await run(interaction, spec.name, raw)

    params = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction)]
    for key, option in names.items():
        params.append(inspect.Parameter(
            key, inspect.Parameter.KEYWORD_ONLY, annotation=str if option.required else Optional[str],
            default=inspect.Parameter.empty if option.required else None))
    callback.__signature__ = inspect.Signature(params)  # type: ignore[attr-defined]
    callback.__name__ = callback.__qualname__ = f"slash_{spec.name}"
    if names:
        callback = app_commands.rename(**{k: o.name for k, o in names.items()})(callback)
        callback = app_commands.describe(**{k: describe(_option_help(o)) for k, o in names.items()})(callback)
        completing = {k: complete for k, o in names.items() if completes(o)}
        if completing:
            callback = app_commands.autocomplete(**completing)(callback)
    return app_commands.Command(name=spec.name, description=describe(spec.description), callback=callback)


def completes(option: OptionSpec) -> bool:
    return option.name in AUTOCOMPLETE_OPTIONS and option.type == "str"


def _option_help(option: OptionSpec) -> str:
    return option.description or option.name


class RegistryTree(app_commands.CommandTree):
    """A CommandTree that mirrors `source()` (the runtime's current registry) and reports failures."""

    def __init__(self, client: discord.Client, source: Callable[[], Registry], run: Runner = _not_serving,
                 complete: Completer = _no_choices, failure: Failure | None = None) -> None:
        super().__init__(client)
        self.source, self.run, self.complete, self.failure = source, run, complete, failure
        self.built: Registry | None = None
        self.rebuild()

    def rebuild(self) -> None:
        registry = self.source()
        self.clear_commands(guild=None)
        for spec in registry:
            try:
                self.add_command(app_command(spec, self.run, self.complete))
            except (TypeError, ValueError, app_commands.AppCommandError) as exc:  # a name Discord would refuse
                log.error("/%s cannot be a Discord command: %s", spec.name, exc)
        self.built = registry

    def payload(self) -> list[dict[str, Any]]:
        """What `sync` sends Discord for the global commands (for checks and dry runs)."""
        return [command.to_dict(self) for command in self.get_commands()]

    async def interaction_check(self, interaction: discord.Interaction, /) -> bool:
        if self.source() is not self.built:
            self.rebuild()
        return True

    async def on_error(self, interaction: discord.Interaction, error: app_commands.AppCommandError, /) -> None:
        original = getattr(error, "original", error)
        log.error("Discord interaction %s failed", interaction.id, exc_info=original)
        if self.failure is not None:
            try:
                await self.failure(interaction, original)
            except Exception:
                log.exception("telling the user about a failed interaction failed too")
