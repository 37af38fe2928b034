"""Questions in a Discord DM and a server mention over the loopback gateway: the field asked, a follow-up, nothing
known, an ask-back whose buttons answer the question, and the question's language."""
from __future__ import annotations

from typing import Any

from tests.adapters.discord.fake_discord import CHANNEL_ID, FakeDiscord
from tests.adapters.discord.harness import running
from tests.adapters.discord.test_discord_loopback import answer_of


def test_a_dm_question_gets_the_field_and_a_follow_up_keeps_the_incident(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine):
        channel = fake.direct_message("combien de blessés à kalso ?")
        first = fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages")[0]
        fake.direct_message("who said that?", channel_id=channel)
        posts = fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages", count=2)
    wounded, again = first.body["content"], posts[1].body["content"]
    assert "Blessés" in wounded and "kalsu-2024-04-19" in wounded and "Tués" not in wounded  # asked in French
    assert "military statement" in wounded  # the holders of each figure
    assert "Wounded" in again and "kalsu-2024-04-19" in again  # asked in English
    assert all(p.body["allowed_mentions"] == {"parse": []} for p in posts)


def test_a_place_with_no_incident_is_said_so(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine):
        channel = fake.direct_message("what happened in mosul?")
        post = fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages")[0]
    assert post.body["content"].startswith("Nothing is known at Mosul")


def test_a_mention_in_a_server_channel_is_answered_there_as_a_reply(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine):
        asked = fake.mention("who was behind the kalsu blast?")
        post = fake.wait_for(lambda r: r.path == f"/channels/{CHANNEL_ID}/messages" and r.method == "POST")[0]
    body = post.body
    assert "Who did it" in body["content"] and "/incident kalsu-2024-04-19" in body["content"]
    assert "<@" not in body["content"]  # the mention is not read as part of the question
    assert str(body["message_reference"]["message_id"]) == str(asked)  # a reply to the question, in that channel
    assert body["allowed_mentions"]["parse"] == [] and body["allowed_mentions"].get("replied_user") is False


def test_an_unclear_question_asks_back_with_buttons_that_answer_it(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine):
        channel = fake.direct_message("how many were wounded?")
        asked = fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages")[0].body
        buttons = [b for row in asked.get("components", []) for b in row["components"]]
        kalsu = next(b for b in buttons if "kalsu-2024-04-19" in b["custom_id"])
        click = fake.interaction("", custom_id=kalsu["custom_id"], dm=True, channel_id=channel)
        answer = answer_of(fake, click, count=1)[0]
        fake.direct_message("and who did it?", channel_id=channel)  # the click set the conversation's topic
        follow = fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages", count=2)[1].body
    assert asked["content"].startswith("Which incident do you mean?")
    assert 2 <= len(buttons) <= 3 and kalsu["label"].startswith("Kalsu")
    assert "Wounded" in answer["content"] and "Killed" not in answer["content"]
    assert answer["content"].splitlines()[-1].endswith("/incident kalsu-2024-04-19")
    assert "Who did it" in follow["content"] and "kalsu-2024-04-19" in follow["content"]


def test_a_french_question_is_answered_in_french(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine):
        channel = fake.direct_message("combien de blessés à Kalsu ?")
        post = fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages")[0]
    content = post.body["content"]
    assert "Blessés" in content and "Briefing complet : /incident kalsu-2024-04-19" in content
