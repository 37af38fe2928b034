"""What a command is and what it answers: the values every handler and platform shares.

Kept apart from the registry (`bot.commands`) so that handlers import these without importing the
registry that imports them: no import cycle.
"""
from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any, Literal

from briefings.briefing import Briefing

if TYPE_CHECKING:
    from briefings.engine import Engine

OptionType = Literal["str", "date", "since"]


@dataclass(frozen=True)
class Attachment:
    """A file a reply carries (a chart PNG): uploaded on Slack, attached on Discord, saved by the console."""

    filename: str
    data: bytes = field(repr=False)
    content_type: str = "image/png"
    alt_text: str = ""  # what the picture shows, for screen readers (Slack alt_txt, Discord description)
    title: str = ""


@dataclass(frozen=True)
class Action:
    """A button under a reply: pressing it runs `command args` for whoever presses (read-only commands, and
    `ask`: a question answered for the incident chosen). Adapters render it; the console shows the text."""

    label: str
    command: str
    args: str = ""


@dataclass(frozen=True)
class Reply:
    """What a command answers: a briefing to render, or a short text. Ephemeral: only the asker sees it."""

    briefing: Briefing | None = None
    text: str | None = None
    ephemeral: bool = False
    attachment: Attachment | None = None
    actions: tuple[Action, ...] = ()  # buttons under the text (an ask-back's likely incidents)

    @classmethod
    def note(cls, text: str, ephemeral: bool = True) -> Reply:
        return cls(text=text, ephemeral=ephemeral)


@dataclass(frozen=True)
class OptionSpec:
    name: str
    type: OptionType
    description: str
    required: bool = False


@dataclass(frozen=True)
class Caller:
    """Who asks, and where: the platform fills it in (subscriptions and permissions need it)."""

    platform: str = "console"
    user: str | None = None
    channel: str | None = None
    workspace: str | None = None  # Slack team id / Discord guild id
    is_dm: bool = False
    can_manage: bool = False  # may change this channel's subscriptions (the platform decides: admins, Manage Channels)


@dataclass(frozen=True)
class Call:
    """One invocation as a handler sees it."""

    engine: Engine
    options: Mapping[str, Any]
    registry: Registry
    now: datetime
    user: str | None = None
    channel: str | None = None
    caller: Caller = field(default_factory=Caller)


Handler = Callable[[Call], Reply]


@dataclass(frozen=True)
class CommandSpec:
    name: str
    description: str
    options: tuple[OptionSpec, ...]
    handler: Handler = field(compare=False)
    example: str = ""

    @property
    def usage(self) -> str:
        parts = [f"<{o.name}>" if o.required else f"[{o.name}]" for o in self.options]
        return " ".join([f"/{self.name}", *parts])


@dataclass(frozen=True)
class Registry:
    """An ordered, immutable set of commands; `extend` returns a new registry (e.g. with /subscribe)."""

    specs: tuple[CommandSpec, ...]
    prefix: str = ""  # issue 21: "bb-" names the commands /bb-incident … where a workspace has /incident already

    def get(self, name: str) -> CommandSpec | None:
        """A command by its name; with a prefix, the unprefixed name too (a DM may say "/incident kalsu")."""
        name = name.strip().lstrip("/").lower()
        found = next((s for s in self.specs if s.name == name), None)
        if found is None and self.prefix and not name.startswith(self.prefix):
            return self.get(self.prefix + name)
        return found

    def base_name(self, name: str) -> str:
        """The command's own name without the prefix ("bb-subscribe" → "subscribe")."""
        name = name.strip().lstrip("/").lower()
        return name[len(self.prefix):] if self.prefix and name.startswith(self.prefix) else name

    def with_prefix(self, prefix: str) -> Registry:
        """The same commands named `/<prefix><name>` (examples too); the names the platforms register."""
        if not prefix or prefix == self.prefix:
            return self
        def renamed(s: CommandSpec) -> CommandSpec:
            return replace(s, name=prefix + s.name, example=s.example.replace(f"/{s.name}", f"/{prefix}{s.name}", 1))
        return Registry(tuple(renamed(s) for s in self.specs), prefix)

    def extend(self, *specs: CommandSpec) -> Registry:
        names = {s.name for s in specs}
        return Registry(tuple(s for s in self.specs if s.name not in names) + specs, self.prefix)

    def __iter__(self) -> Iterator[CommandSpec]:
        return iter(self.specs)

    def help_text(self) -> str:
        width = max(len(s.usage) for s in self.specs)
        lines = ["briefbot answers with briefings: who says what about an incident, and where sources disagree.", ""]
        lines += [f"{s.usage.ljust(width)}  {s.description}" for s in self.specs]
        examples = [s.example for s in self.specs if s.example]
        if examples:
            lines += ["", "Examples: " + "   ".join(examples)]
        lines += ["", "You can also just ask: \"what happened at kalsu?\", \"any disputes this week?\""]
        return "\n".join(lines)
