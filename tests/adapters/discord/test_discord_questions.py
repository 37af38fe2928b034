"""Questions in a Discord DM over the loopback gateway: the field asked, a follow-up, and nothing known."""
from __future__ import annotations

from typing import Any

from tests.adapters.discord.fake_discord import FakeDiscord
from tests.adapters.discord.harness import running


def test_a_dm_question_gets_the_field_and_a_follow_up_keeps_the_incident(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine):
        channel = fake.direct_message("combien de blessés à kalso ?")
        first = fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages")[0]
        fake.direct_message("who said that?", channel_id=channel)
        posts = fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages", count=2)
    wounded, again = first.body["content"], posts[1].body["content"]
    assert "Wounded" in wounded and "kalsu-2024-04-19" in wounded and "Killed" not in wounded
    assert "military statement" in wounded  # the holders of each figure
    assert "Wounded" in again and "kalsu-2024-04-19" in again
    assert all(p.body["allowed_mentions"] == {"parse": []} for p in posts)


def test_a_place_with_no_incident_is_said_so(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine):
        channel = fake.direct_message("what happened in mosul?")
        post = fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages")[0]
    assert post.body["content"].startswith("Nothing is known at Mosul")
