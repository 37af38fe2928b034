"""Questions in a Slack DM and in a mention, end to end over Socket Mode: the field asked, and a follow-up."""
from __future__ import annotations

import json
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


def test_an_unclear_question_asks_back_with_buttons_that_answer_it(sample_engine: Any) -> None:
    async def scenario() -> tuple[dict[str, Any], list[dict[str, Any]], str, str]:
        async with running(sample_engine) as (fake, _):
            await fake.push(fake.event_envelope(fake.dm("how many were wounded?")))
            await fake.wait_for(lambda: len(fake.posted()) >= 1, what="the ask-back")
            asked = fake.posted()[0].body
            blocks = asked["blocks"] if isinstance(asked["blocks"], list) else json.loads(asked["blocks"])
            buttons = [e for b in blocks if b["type"] == "actions" for e in b["elements"]]
            balad = next(b for b in buttons if "balad-air-base-2025-03-14" in b["value"])
            await fake.push(fake.action_envelope(balad["action_id"], balad["value"], channel="DASKER"))
            await fake.wait_for(lambda: len(fake.posted()) >= 2, what="the answer to the click")
            answer = page_texts([fake.posted()[1].body])
            await fake.push(fake.event_envelope(fake.dm("and who did it?")))
            await fake.wait_for(lambda: len(fake.posted()) >= 3, what="the follow-up")
            return asked, buttons, answer, page_texts([fake.posted()[2].body])

    asked, buttons, answer, follow = run(scenario())
    assert page_texts([asked]).startswith("Which incident do you mean?")
    assert 2 <= len(buttons) <= 3 and all(b["type"] == "button" for b in buttons)
    assert "Wounded" in answer and "Killed" not in answer and "/incident balad-air-base-2025-03-14" in answer
    assert "Who did it" in follow and "/incident balad-air-base-2025-03-14" in follow  # the click set the topic


def test_a_spanish_mention_is_answered_in_spanish(sample_engine: Any) -> None:
    async def scenario() -> str:
        async with running(sample_engine) as (fake, _):
            await fake.push(fake.event_envelope(fake.mention("¿cuántos muertos hubo en la base aérea de Balad?")))
            await fake.wait_for(lambda: bool(fake.posted()), what="the answer")
            return page_texts([fake.posted()[0].body])

    text = run(scenario())
    assert "Muertos" in text and "Informe completo: /incident balad-air-base-2025-03-14" in text
