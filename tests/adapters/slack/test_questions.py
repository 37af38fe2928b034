"""Questions in a Slack DM and in a mention, end to end over Socket Mode: the field asked, and a follow-up."""
from __future__ import annotations

from typing import Any

from tests.adapters.slack.harness import page_texts, run, running


def test_a_dm_question_gets_the_field_asked_and_a_follow_up_keeps_the_incident(sample_engine: Any) -> None:
    async def scenario() -> list[str]:
        async with running(sample_engine) as (fake, _):
            texts = []
            for n, question in enumerate(("how many were hurt at balad air base?", "and the dead?"), 1):
                await fake.push(fake.event_envelope(fake.dm(question)))
                await fake.wait_for(lambda: len(fake.posted()) >= n, what=f"answer {n}")
                texts.append(page_texts([fake.posted()[n - 1].body]))
            return texts

    wounded, killed = run(scenario())
    assert "Wounded" in wounded and "Killed" not in wounded and "/incident balad-air-base-2025-03-14" in wounded
    assert "Killed" in killed and "/incident balad-air-base-2025-03-14" in killed


def test_a_mention_in_a_channel_is_answered_in_that_channel(sample_engine: Any) -> None:
    async def scenario() -> tuple[str, str]:
        async with running(sample_engine) as (fake, _):
            await fake.push(fake.event_envelope(fake.mention("who was behind the tuz khurmatu blast?")))
            await fake.wait_for(lambda: bool(fake.posted()), what="the answer")
            post = fake.posted()[0].body
            return str(post["channel"]), page_texts([post])

    channel, text = run(scenario())
    assert channel == "CNEWS"
    assert "Who did it" in text and "/incident tuz-khurmatu-2025-09-07" in text
