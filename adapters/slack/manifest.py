"""The Slack app manifest, generated from the command registry (config/slack-manifest.yml is its output).

`briefbot slack manifest` prints it; a test fails when the committed file and the registry drift. The bot
scopes are exactly the ones the adapter uses; BOT_SCOPES says what each one is for.
"""
from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

import yaml

from bot.commands import Registry

BOT_SCOPES: dict[str, str] = {
    "commands": "slash commands",
    "chat:write": "answers, thread replies and digests (chat.postMessage, chat.postEphemeral)",
    "chat:write.public": "digests to public channels the bot was not invited to",
    "files:write": "incident charts as PNG files (files.getUploadURLExternal, files.completeUploadExternal)",
    "app_mentions:read": "@briefbot questions in channels (app_mention)",
    "im:history": "questions in direct messages (message.im)",
    "im:write": "digests to a user's direct messages (conversations.open)",
    "users:read": "whether a user is a workspace admin, for subscription commands (users.info)",
    "channels:read": "who created a public channel, for subscription commands (conversations.info)",
    "groups:read": "who created a private channel, for subscription commands (conversations.info)",
}
BOT_EVENTS = ("app_mention", "message.im")
HEADER = ("# Slack app manifest for briefbot, generated from the command registry by `briefbot slack manifest`.\n"
          "# Do not edit by hand: regenerate it (a test fails when it drifts from the commands).\n"
          "# Create the app at https://api.slack.com/apps → Create New App → From a manifest.\n")
USAGE_HINT_LIMIT = 1000
DESCRIPTION_LIMIT = 2000


def manifest(registry: Registry, *, request_url: str | None = None, name: str = "briefbot") -> dict[str, Any]:
    """The manifest as data. Without `request_url`: Socket Mode. With it: HTTP mode pointed at that URL."""
    commands = []
    for spec in registry:
        command: dict[str, Any] = {"command": f"/{spec.name}", "description": spec.description[:DESCRIPTION_LIMIT],
                                   "should_escape": False}
        hint = spec.usage.split(" ", 1)[1] if " " in spec.usage else ""
        if hint:
            command["usage_hint"] = hint[:USAGE_HINT_LIMIT]
        if request_url:
            command["url"] = request_url
        commands.append(command)
    events: dict[str, Any] = {"bot_events": list(BOT_EVENTS)}
    if request_url:
        events["request_url"] = request_url
    oauth: dict[str, Any] = {"scopes": {"bot": list(BOT_SCOPES)}}
    if request_url:  # multi-workspace installs come back to bolt's /slack/oauth_redirect on the same host
        parts = urlsplit(request_url)
        oauth = {"redirect_urls": [f"{parts.scheme}://{parts.netloc}/slack/oauth_redirect"], **oauth}
    return {
        "display_information": {
            "name": name,
            "description": "Incident briefings: who says what, and where sources disagree.",
            "background_color": "#2c2d30",
        },
        "features": {
            "app_home": {"home_tab_enabled": False, "messages_tab_enabled": True,
                         "messages_tab_read_only_enabled": False},
            "bot_user": {"display_name": name, "always_online": True},
            "slash_commands": commands,
        },
        "oauth_config": oauth,
        "settings": {
            "event_subscriptions": events,
            # the evidence button under an incident's table (block_actions), at the same endpoint as events
            "interactivity": {"is_enabled": True, **({"request_url": request_url} if request_url else {})},
            "org_deploy_enabled": False,
            "socket_mode_enabled": request_url is None,
            "token_rotation_enabled": False,
        },
    }


def manifest_yaml(registry: Registry, *, request_url: str | None = None) -> str:
    body = yaml.safe_dump(manifest(registry, request_url=request_url), sort_keys=False, allow_unicode=True, width=120)
    return HEADER + body
