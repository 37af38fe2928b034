"""Mention strings in ingested reports (issue 15) reach the stored text unchanged and every rendered briefing inert:
nothing a report says can ping a channel or a person on Slack or Discord."""
from __future__ import annotations

import json
import re
from pathlib import Path

from adapters.discord.embeds import briefing_messages as discord_messages
from adapters.slack.blocks import briefing_messages as slack_messages
from briefings.engine import Engine
from tests.conftest import new_db_url

MENTIONS = "<!channel> <!here> <!everyone> @everyone @here <@U024BE7LH> <@&1234> <#C0123>"


def test_mentions_in_reports_are_stored_but_never_ping(tmp_path: Path) -> None:
    engine = Engine(new_db_url(tmp_path))
    path = tmp_path / "ping.jsonl"
    path.write_text(json.dumps({
        "text": f"A drone strike killed three people near Kirkuk on Monday, {MENTIONS} said the governor. "
                f"The army, {MENTIONS}, denied involvement.",
        "title": f"Strike near Kirkuk {MENTIONS}", "outlet": f"Wire {MENTIONS}",
        "url": "https://example.org/kirkuk", "published": "2024-05-06"}) + "\n")
    report = engine.ingest([path])
    assert report.count("new") == 1, report
    briefing = engine.incident("kirkuk")
    slack = json.dumps([m.payload() for m in slack_messages(briefing)], ensure_ascii=False)
    assert MENTIONS.split()[0] not in slack and "<!here>" not in slack and "<@U024BE7LH>" not in slack
    assert "everyone" in slack and "U024BE7LH" in slack  # the words are shown, only inert
    assert not re.search(r"<[!@#]", slack)  # Slack pings only from <!…>, <@…> and <#…>: every < is escaped
    discord = json.dumps(discord_messages(briefing), ensure_ascii=False)
    assert not re.search(r"(?<!\\)<[@#]", discord)  # user, role and channel mentions escaped
    assert "@\u200beveryone" in discord
    assert not re.search(r"@(everyone|here)", discord)  # mass mentions broken with a zero-width space
