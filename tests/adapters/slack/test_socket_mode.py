"""Socket Mode end to end: real bolt + slack-sdk against the loopback fake (WebSocket + Web API + response_url)."""
from __future__ import annotations

import asyncio
import json
import statistics
from typing import Any

from briefings.briefing import Briefing
from tests.adapters.slack.harness import BOT_TOKEN, page_texts, run, running

ACK_LIMIT = 3.0


def blocks_of(payload: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = payload.get("blocks")
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks or [])


def test_incident_kalsu_is_acked_within_3_s_and_answered_with_block_kit(seeded_engine: Any) -> None:
    briefing: Briefing = seeded_engine.incident("kalsu")

    async def scenario() -> list[dict[str, Any]]:
        async with running(seeded_engine) as (fake, _):
            envelope = fake.slash_envelope("/incident", "kalsu")
            latency = await fake.ack_latency(await fake.push(envelope))
            assert latency < ACK_LIMIT
            url = envelope["payload"]["response_url"]
            await fake.wait_for(lambda: any("part" not in h["text"] for h in fake.hooks_to(url)), what="the answer")
            await asyncio.sleep(0.2)  # any further pages
            assert not fake.posted()  # the answer goes to the response_url, not chat.postMessage
            return fake.hooks_to(url)

    pages = run(scenario())
    assert all(p["response_type"] == "in_channel" and p["text"] and blocks_of(p) for p in pages)
    assert blocks_of(pages[0])[0]["type"] == "header"
    assert len(pages) == 1  # the table: one message
    sections = "\n".join(b["text"]["text"] for b in blocks_of(pages[0]) if b["type"] == "section")
    for row in briefing.table:
        assert f"*{row.label}{' (disputed)' if row.disputed else ''}:*" in sections
        for cell in row.cells:
            assert cell.value.replace("&", "&amp;") in sections
    (button,) = [e for b in blocks_of(pages[0]) if b["type"] == "actions" for e in b["elements"]
                 if e["action_id"] == "briefbot_evidence"]  # beside the Chart button
    assert button["action_id"] == "briefbot_evidence" and button["value"] == "kalsu-2024-04-19"


def test_the_evidence_button_answers_in_the_thread_of_the_table(seeded_engine: Any) -> None:
    briefing: Briefing = seeded_engine.incident("kalsu")

    async def scenario() -> tuple[list[Any], float]:
        async with running(seeded_engine) as (fake, _):
            click = fake.action_envelope("briefbot_evidence", "kalsu-2024-04-19", message_ts="1700000000.000042")
            latency = await fake.ack_latency(await fake.push(click))
            await fake.wait_for(lambda: bool(fake.posted()), what="the evidence")
            await asyncio.sleep(0.2)
            return fake.posted(), latency

    posts, latency = run(scenario())
    assert latency < ACK_LIMIT
    assert {(p.body["channel"], p.body["thread_ts"]) for p in posts} == {("CNEWS", "1700000000.000042")}
    text = page_texts([p.body for p in posts])
    for f in briefing.footnotes:  # every quote, once
        assert text.count(f.citation.quote.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")) == 1, f.n


def test_the_evidence_button_answers_the_clicker_where_the_bot_cannot_post(seeded_engine: Any) -> None:
    first_quote = seeded_engine.incident("kalsu").footnotes[0].citation.quote

    async def scenario() -> list[dict[str, Any]]:
        async with running(seeded_engine) as (fake, _):
            fake.script("chat.postMessage", status=200, body={"ok": False, "error": "not_in_channel"})
            click = fake.action_envelope("briefbot_evidence", "kalsu-2024-04-19", message_ts="1700000000.000043")
            await fake.push(click)
            url = click["payload"]["response_url"]
            await fake.wait_for(lambda: bool(fake.hooks_to(url)), what="the private evidence")
            return fake.hooks_to(url)

    hooks = run(scenario())
    assert all(h["response_type"] == "ephemeral" for h in hooks)
    assert first_quote[:60] in page_texts(hooks)


def test_an_unknown_incident_gets_an_ephemeral_reply_with_the_closest_matches(seeded_engine: Any) -> None:
    async def scenario() -> dict[str, Any]:
        async with running(seeded_engine) as (fake, _):
            envelope = fake.slash_envelope("/incident", "xanadoor")
            await fake.push(envelope)
            url = envelope["payload"]["response_url"]
            await fake.wait_for(lambda: bool(fake.hooks_to(url)), what="the reply")
            return fake.hooks_to(url)[0]

    reply = run(scenario())
    assert reply["response_type"] == "ephemeral"
    text = page_texts([reply])
    assert "No incident matches “xanadoor”." in text
    assert "Closest matches:" not in text and "kalsu" not in text  # no unrelated incidents offered (issue 18)
    assert "Try /incidents" in text


def test_a_dm_question_is_answered_in_the_dm_and_the_bots_own_messages_are_ignored(seeded_engine: Any) -> None:
    async def scenario() -> list[Any]:
        async with running(seeded_engine) as (fake, _):
            own = fake.dm("what happened at kalsu?") | {"bot_id": "BBOT"}
            await fake.push(fake.event_envelope(own))
            await fake.push(fake.event_envelope(fake.dm("what happened at kalsu?")))
            await fake.wait_for(lambda: bool(fake.posted()), what="the DM answer")
            await asyncio.sleep(0.2)
            return fake.posted()

    posts = run(scenario())
    assert {p.body["channel"] for p in posts} == {"DASKER"}
    assert all(p.token == BOT_TOKEN and "thread_ts" not in p.body for p in posts)
    text = page_texts([p.body for p in posts])
    assert "Explosion at Kalsu" in text and "Killed (disputed):" in text
    assert len([p for p in posts if "part" not in p.body["text"]]) == 1  # answered once (the bot's own DM ignored)


def test_a_mention_is_answered_in_its_thread(seeded_engine: Any) -> None:
    async def scenario() -> list[Any]:
        async with running(seeded_engine) as (fake, _):
            event = fake.mention("disputes")
            await fake.push(fake.event_envelope(event))
            await fake.wait_for(lambda: bool(fake.posted()), what="the thread answer")
            return [event, fake.posted()]

    event, posts = run(scenario())
    assert posts[0].body["channel"] == "CNEWS" and posts[0].body["thread_ts"] == event["ts"]
    assert "Kalsu" in page_texts([posts[0].body])


def test_the_same_event_delivered_twice_is_answered_once(seeded_engine: Any) -> None:
    async def scenario() -> tuple[int, int]:
        async with running(seeded_engine) as (fake, _):
            event = fake.dm("help")
            first = fake.event_envelope(event, event_id="Ev0DUPLICATE")
            retry = fake.event_envelope(event, event_id="Ev0DUPLICATE", retry_attempt=1)
            await fake.ack_latency(await fake.push(first))
            await fake.ack_latency(await fake.push(retry))  # the retry is acked too, so Slack stops retrying
            await fake.wait_for(lambda: bool(fake.posted()), what="the answer")
            await asyncio.sleep(0.3)
            return len(fake.posted()), len(fake.acks)

    posts, acks = run(scenario())
    assert (posts, acks) == (1, 2)


def test_rate_limited_posts_are_retried_after_retry_after(seeded_engine: Any) -> None:
    async def scenario() -> tuple[list[Any], list[dict[str, Any]]]:
        async with running(seeded_engine) as (fake, _):
            fake.script("chat.postMessage", 429, {"Retry-After": "0"})
            await fake.push(fake.event_envelope(fake.dm("help")))
            fake.script("webhook", 429, {"Retry-After": "0"})
            envelope = fake.slash_envelope("/help")
            await fake.push(envelope)
            url = envelope["payload"]["response_url"]
            await fake.wait_for(lambda: len(fake.posted()) == 2 and len(fake.hooks_to(url)) == 2, what="the retries")
            return fake.posted(), fake.hooks_to(url)

    posts, hooks = run(scenario())
    assert posts[0].body == posts[1].body  # the same message, sent again after the 429
    assert hooks[0] == hooks[1] and "/incident" in page_texts([hooks[1]])


def test_50_concurrent_commands_are_all_acked_within_3_s_and_answered(seeded_engine: Any) -> None:
    async def scenario() -> list[float]:
        async with running(seeded_engine) as (fake, _):
            envelopes = [fake.slash_envelope("/incident", "kalsu", user=f"U{n:03d}") for n in range(50)]
            ids = await asyncio.gather(*(fake.push(e) for e in envelopes))
            latencies = await asyncio.gather(*(fake.ack_latency(i, timeout=15) for i in ids))
            urls = [e["payload"]["response_url"] for e in envelopes]
            await fake.wait_for(lambda: all(fake.hooks_to(u) for u in urls), timeout=20, what="50 answers")
            await asyncio.sleep(0.2)
            assert all("Explosion at Kalsu" in page_texts(fake.hooks_to(u)) for u in urls)
            return list(latencies)

    latencies = sorted(run(scenario(), timeout=40))
    p50, p99 = statistics.median(latencies), latencies[min(len(latencies) - 1, int(0.99 * len(latencies)))]
    print(f"\nSocket Mode ack latency, 50 concurrent /incident kalsu: p50 {p50 * 1000:.1f} ms, "
          f"p99 {p99 * 1000:.1f} ms, max {latencies[-1] * 1000:.1f} ms")
    assert len(latencies) == 50 and latencies[-1] < ACK_LIMIT


def test_close_lets_an_answer_in_progress_finish(seeded_engine: Any) -> None:
    class Slow:
        def __getattr__(self, name: str) -> Any:
            return getattr(seeded_engine, name)

        def incident(self, query: str, on: Any = None) -> Briefing:
            import time

            time.sleep(0.4)
            return seeded_engine.incident(query, on=on)

    async def scenario() -> list[dict[str, Any]]:
        async with running(Slow()) as (fake, service):
            envelope = fake.slash_envelope("/incident", "kalsu")
            await fake.ack_latency(await fake.push(envelope))
            await service.close()  # as on SIGTERM: the command was acked, so it is answered before we go
            assert service.session is not None and service.session.closed
            return fake.hooks_to(envelope["payload"]["response_url"])

    hooks = run(scenario())
    assert hooks and "Explosion at Kalsu" in page_texts(hooks)
