"""The Slack adapter (slack-bolt AsyncApp): slash commands, DM questions, @mentions and digests.

`serve(runtime, stop)` is what `briefbot run` starts when SLACK_BOT_TOKEN is set; `SlackService` is the
same thing for tests and embedding. Rendering (`blocks`) and the manifest (`manifest`) are importable
without a connection.
"""
from __future__ import annotations

from adapters.slack.service import SlackConfigError, SlackService, serve

__all__ = ["SlackConfigError", "SlackService", "serve"]
