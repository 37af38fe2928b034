"""What users receive, end to end over Socket Mode: long answers, hostile text, errors, digests, permissions."""
from __future__ import annotations

import logging
from typing import Any

import pytest

from adapters.slack.blocks import briefing_messages
from bot.commands import Call, CommandSpec, Reply, default_registry
from bot.scheduling.delivery import Target
from briefings.briefing import Briefing, Citation, Item, Section
from tests.adapters.slack.fake_slack import TEAM
from tests.adapters.slack.harness import BOT_TOKEN, page_texts, run, running
from tests.adapters.slack.test_blocks import big_briefing

HOSTILE = "<!channel> <@U123> &lt; *bold* <https://evil.test|click here>"


class Scripted:
    """A real engine, except for the incident queries these tests script (bot-layer double, not a Slack patch)."""

    def __init__(self, engine: Any, answers: dict[str, Any]) -> None:
        self.engine, self.answers = engine, answers

    def __getattr__(self, name: str) -> Any:
        return getattr(self.engine, name)

    def incident(self, query: str, on: Any = None) -> Any:
        answer = self.answers.get(query)
        if isinstance(answer, Exception):
            raise answer
        return answer if answer is not None else self.engine.incident(query, on=on)


def quotes_of(b: Briefing) -> list[str]:
    return [c.quote for s in b.sections for i in s.items for c in i.citations]


def holders_of(b: Briefing) -> list[str]:
    return [c.attributed_to for s in b.sections for i in s.items for c in i.citations]


def test_a_briefing_longer_than_one_message_comes_in_parts_with_nothing_lost(sample_engine: Any) -> None:
    long = big_briefing(sections=3)
    assert 1 < len(briefing_messages(long)) <= 5

    async def scenario() -> list[dict[str, Any]]:
        async with running(Scripted(sample_engine, {"long": long})) as (fake, _):
            envelope = fake.slash_envelope("/incident", "long")
            await fake.push(envelope)
            url = envelope["payload"]["response_url"]
            count = len(briefing_messages(long))
            await fake.wait_for(lambda: len(fake.hooks_to(url)) == count, what=f"{count} parts")
            return fake.hooks_to(url)

    pages = run(scenario())
    assert [p["response_type"] for p in pages] == ["in_channel"] * len(pages)
    seen = page_texts(pages)
    assert all(q in seen for q in quotes_of(long)) and all(h in seen for h in holders_of(long))
    assert f"part {len(pages)} of {len(pages)}" in seen


def test_more_parts_than_response_url_allows_are_posted_to_the_channel_or_else_to_a_dm(sample_engine: Any) -> None:
    huge = big_briefing(sections=8)
    count = len(briefing_messages(huge))
    assert count > 5

    async def scenario(refuse: bool) -> tuple[list[dict[str, Any]], list[Any], list[Any]]:
        async with running(Scripted(sample_engine, {"huge": huge})) as (fake, _):
            if refuse:
                fake.script("chat.postMessage", 200, {}, body={"ok": False, "error": "not_in_channel"})
            envelope = fake.slash_envelope("/incident", "huge")
            await fake.push(envelope)
            url = envelope["payload"]["response_url"]
            if refuse:  # one refused post, 4 parts + a note via response_url, the rest in the DM
                await fake.wait_for(lambda: len(fake.hooks_to(url)) == 5 and len(fake.posted()) == count - 3, what="parts")
            else:
                await fake.wait_for(lambda: len(fake.posted()) == count, what="all parts")
            return fake.hooks_to(url), fake.posted(), fake.posted("conversations.open")

    hooks, posts, opened = run(scenario(refuse=False))
    assert not hooks and [p.body["channel"] for p in posts] == ["CNEWS"] * count
    seen = page_texts([p.body for p in posts])
    assert all(q in seen for q in quotes_of(huge))
    assert seen.index("Disputed — field 2") < seen.index("Disputed — field 7")

    hooks, posts, opened = run(scenario(refuse=True))  # the bot is not in that channel
    assert len(hooks) == 5 and "continues in your direct messages" in page_texts(hooks[-1:])
    assert [p.body["channel"] for p in posts[1:]] == ["DASKER"] * (count - 4) and opened[0].body["users"] == "UASKER"
    seen = page_texts(hooks[:4] + [p.body for p in posts[1:]])
    assert all(q in seen for q in quotes_of(huge)) and all(h in seen for h in holders_of(huge))


def test_hostile_article_text_reaches_slack_inert(sample_engine: Any) -> None:
    hostile = Briefing(f"Blast {HOSTILE}", f"Summary {HOSTILE}", (
        Section(f"Disputed — Killed {HOSTILE}", "disputed", (
            Item(f"held by {HOSTILE}",
                 (Citation(HOSTILE, f"Outlet {HOSTILE}", "https://news.test/a?b=<!here>", f"“{HOSTILE}”"),),
                 label=HOSTILE),)),), status="contested", footer=f"footer {HOSTILE}")

    async def scenario() -> tuple[list[dict[str, Any]], list[Any]]:
        async with running(Scripted(sample_engine, {"hostile": hostile})) as (fake, _):
            envelope = fake.slash_envelope("/incident", "hostile")
            await fake.push(envelope)
            await fake.push(fake.event_envelope(fake.dm("/incident hostile")))  # a DM command line
            url = envelope["payload"]["response_url"]
            await fake.wait_for(lambda: bool(fake.hooks_to(url)) and bool(fake.posted()), what="both answers")
            return fake.hooks_to(url), fake.posted()

    hooks, posts = run(scenario())
    for payload in [*hooks, *(p.body for p in posts)]:
        text = page_texts([payload])
        for bad in ("<!channel>", "<@U123>", "<!here>", "<https://evil.test"):
            assert bad not in text
        assert "&lt;!channel&gt;" in text and "&lt;@U123&gt;" in text and "&amp;lt;" in text
        assert "*bold*" not in text  # the stars are fenced, so nothing turns bold
        assert "<https://news.test/a?b=%3C!here%3E|Outlet" in text  # our own link, with the URL made safe
        assert "link_names" not in payload and "parse" not in payload


def test_an_error_gets_a_short_reply_and_a_log_line_and_the_bot_keeps_answering(
        sample_engine: Any, caplog: pytest.LogCaptureFixture) -> None:
    broken = Briefing("x", "y", sections=(None,))  # type: ignore[arg-type]  # the renderer will fail on this
    engine = Scripted(sample_engine, {"boom": RuntimeError("database on fire"), "garbled": broken})

    async def scenario() -> list[str]:
        async with running(engine) as (fake, _):
            replies = []
            for text in ("boom", "garbled"):
                envelope = fake.slash_envelope("/incident", text)
                await fake.push(envelope)
                url = envelope["payload"]["response_url"]
                await fake.wait_for(lambda: bool(fake.hooks_to(url)), what=f"the reply to {text}")
                replies.append(fake.hooks_to(url))
            await fake.push(fake.event_envelope(fake.dm("/incident garbled")))
            await fake.wait_for(lambda: bool(fake.posted()), what="the DM error reply")
            after = fake.slash_envelope("/incident", "balad")
            await fake.push(after)
            await fake.wait_for(lambda: bool(fake.hooks_to(after["payload"]["response_url"])), what="a later answer")
            return [page_texts(r) for r in replies] + [page_texts([fake.posted()[0].body]),
                                                       page_texts(fake.hooks_to(after["payload"]["response_url"]))]

    with caplog.at_level(logging.ERROR):
        boom, garbled, dm, later = run(scenario())
    assert "Something went wrong answering /incident; the error was logged." in boom
    assert "Sorry, something went wrong answering /incident; the error was logged." in garbled
    assert "Sorry, something went wrong answering that; the error was logged." in dm
    assert "Balad" in later
    assert any("database on fire" in (r.exc_text or "") for r in caplog.records)
    assert any(r.name == "adapters.slack.listeners" and "/incident 'garbled'" in r.getMessage() for r in caplog.records)


def test_the_deliverer_posts_digests_to_a_channel_and_to_a_users_dms(sample_engine: Any) -> None:
    digest = big_briefing(sections=3)

    async def scenario() -> tuple[list[str | None], list[Any], list[Any]]:
        async with running(sample_engine) as (fake, service):
            deliverer = service.runtime.deliverers["slack"]
            ids = [await deliverer.deliver(Target("slack", channel="CDIGEST", workspace=TEAM), digest),
                   await deliverer.deliver(Target("slack", user="U42", workspace=TEAM), digest)]
            return ids, fake.posted(), fake.posted("conversations.open")

    ids, posts, opened = run(scenario())
    parts = len(briefing_messages(digest))
    assert [p.body["channel"] for p in posts] == ["CDIGEST"] * parts + ["D42"] * parts
    assert ids == ["1700000000.000001", f"1700000000.{parts + 1:06d}"]  # the first part's ts is the message id
    assert opened[0].body["users"] == "U42" and all(p.token == BOT_TOKEN for p in posts)
    assert all(q in page_texts([p.body for p in posts[:parts]]) for q in quotes_of(digest))


def test_can_manage_is_asked_of_slack_only_for_subscription_commands_and_cached(sample_engine: Any) -> None:
    def whoami(call: Call) -> Reply:
        c = call.caller
        return Reply.note(f"manage={c.can_manage} dm={c.is_dm} team={c.workspace} user={c.user} platform={c.platform}")

    registry = default_registry().extend(CommandSpec("subscribe", "test double", (), whoami))

    async def scenario() -> tuple[list[str], list[str]]:
        async with running(sample_engine, registry=registry) as (fake, _):
            fake.admins.add("UADMIN")
            fake.creators["CMINE"] = "UCREATOR"
            asks = [("UADMIN", "CNEWS"), ("UADMIN", "CNEWS"), ("UCREATOR", "CMINE"), ("UOTHER", "CMINE"),
                    ("UOTHER", "DOTHER")]
            answers = []
            for user, channel in asks:
                envelope = fake.slash_envelope("/subscribe", "", user=user, channel=channel)
                await fake.push(envelope)
                url = envelope["payload"]["response_url"]
                await fake.wait_for(lambda: bool(fake.hooks_to(url)), what="the answer")
                answers.append(page_texts(fake.hooks_to(url)))
            incident = fake.slash_envelope("/incident", "balad", user="UNEW")
            await fake.push(incident)
            await fake.wait_for(lambda: bool(fake.hooks_to(incident["payload"]["response_url"])), what="/incident")
            lookups = [c.body.get("user") or c.body.get("channel") for c in fake.calls
                       if c.method in ("users.info", "conversations.info")]
            return answers, lookups

    answers, lookups = run(scenario())
    assert [a.split("dm=")[0].strip() for a in answers] == ["manage=True"] * 3 + ["manage=False", "manage=True"]
    assert f"team={TEAM} user=UADMIN platform=slack" in answers[0] and "dm=True" in answers[4]
    assert lookups == ["UADMIN", "UCREATOR", "CMINE", "UOTHER"]  # cached per user and channel; none for /incident
