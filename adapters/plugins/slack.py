"""Slack as a briefbot adapter plugin (entry point `slack`): served when a Slack token (or OAuth app) is set;
adds `briefbot slack manifest`. slack-bolt is imported only when the adapter runs."""
from __future__ import annotations

import asyncio
from typing import TYPE_CHECKING, Annotated, Any, Optional

import typer

from bot.plugins import Adapter

if TYPE_CHECKING:
    from bot.runtime import Runtime
    from bot.settings import Settings


async def serve(runtime: Runtime, stop: asyncio.Event, **io: Any) -> None:
    from adapters.slack.service import serve as run

    await run(runtime, stop, **io)


def configured(settings: Settings) -> bool:
    return settings.has_slack


def cli() -> typer.Typer:
    """`briefbot slack manifest`."""
    slack_app = typer.Typer(name="slack", no_args_is_help=True, help="Slack: the app manifest for these commands.")

    @slack_app.command("manifest", short_help="Print the Slack app manifest (YAML).")
    def slack_manifest(
        url: Annotated[Optional[str], typer.Option("--url", metavar="URL", help=(
            "HTTP mode: the public Request URL, e.g. https://bot.example.org/slack/events. "
            "Default: Socket Mode (no public endpoint)."))] = None,
    ) -> None:
        """Print the Slack app manifest for this version's commands, scopes and events.

        Paste it at api.slack.com/apps → Create New App → From a manifest. config/slack-manifest.yml is this
        output. Example: briefbot slack manifest > config/slack-manifest.yml
        """
        from adapters.slack.manifest import manifest_yaml
        from bot.cli.parts import settings_or_exit
        from bot.runtime import registry_for

        typer.echo(manifest_yaml(registry_for(settings_or_exit()), request_url=url), nl=False)

    return slack_app


ADAPTER = Adapter("Slack", serve, configured, cli=cli)
