"""The Discord adapter end to end: the real discord.py, over loopback, against the fake Discord.

A user types `/incident kalsu` and sees the disputed briefing as embeds; autocomplete finds incidents
by name, alias and misspelling; unknown incidents get a private hint; DMs are answered; long
briefings arrive in several messages with nothing lost; article text never pings anyone; a failing
handler gets a private error and the bot stays connected.
"""
from __future__ import annotations

import json
import re
import statistics
from typing import Any

from bot.commands import CommandSpec, OptionSpec, Reply, default_registry
from briefings.briefing import Briefing, Citation, Item, Section
from tests.adapters.discord.fake_discord import MANAGE_CHANNELS, FakeDiscord, Recorded
from tests.adapters.discord.harness import fake_wait, running

DEFER, MESSAGE, AUTOCOMPLETE = 5, 4, 8
EPHEMERAL = 64
EMBED_TOTAL = 6000


def is_message(r: Recorded) -> bool:
    """Requests that post or edit a message (the ones that could mention someone)."""
    body = r.body if isinstance(r.body, dict) else {}
    data = body.get("data") if "type" in body and isinstance(body.get("data"), dict) else body
    return r.method in ("POST", "PATCH") and ("content" in data or "embeds" in data)


def message_body(r: Recorded) -> dict[str, Any]:
    return r.body["data"] if "type" in r.body and "data" in r.body else r.body


def answer_of(fake: FakeDiscord, it: Any, count: int = 1, timeout: float = 10.0) -> list[dict[str, Any]]:
    """The message bodies sent for one interaction (edits of the original and follow-ups), in order."""
    calls = fake.wait_for(lambda r: fake.for_interaction(it)(r) and is_message(r), count, timeout)
    return [message_body(r) for r in calls]


def embed_text(bodies: list[dict[str, Any]]) -> str:
    return json.dumps([b.get("embeds", []) for b in bodies], ensure_ascii=False)


def test_incident_kalsu_is_deferred_at_once_then_answered_with_every_disputed_value(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine):
        it = fake.interaction("incident", {"query": "kalsu"})
        callback = fake.wait_for(lambda r: fake.for_interaction(it)(r) and r.path.endswith("/callback"))[0]
        assert callback.body["type"] == DEFER
        assert callback.at - it.sent_at < 3.0
        assert not (callback.body.get("data") or {}).get("flags", 0) & EPHEMERAL  # the briefing is for the channel
        bodies = answer_of(fake, it, count=1)
        follow = fake.interaction("evidence", {"query": "kalsu-2024-04-19"})
        evidence = answer_of(fake, follow, count=1)
    (first,) = bodies[0]["embeds"]  # one message, one embed: the table
    assert first["title"] == "Explosion at Kalsu (Babil, Iraq)"
    assert first["color"] == 0xE74C3C  # contested
    rows = {line.split(":**")[0].strip("*"): line for line in first["description"].splitlines()}
    for label, values in {"Killed (disputed)": ["0", "1", "at least 2 (people)"],
                          "Wounded (disputed)": ["0", "3", "6", "8"],
                          "Weapon / means (disputed)": ["drones", "three F-35 jets", "unknown aircraft",
                                                        "denies: drones or fighter jets"],
                          "Distance (disputed)": ["50 km from Baghdad", "about 80 km from Baghdad"]}.items():
        for value in values:
            assert f" {value} — " in rows[label] or f"** {value} — " in rows[label], (label, value)
    assert first["footer"]["text"].endswith("/evidence kalsu-2024-04-19")
    text = embed_text(evidence)
    for holder in ("Two PMF sources", "Iraqi sources", "a military statement", "security sources", "Al-Hadath",
                   "Iraqi media", "two sources at a hospital in the nearby city of Hilla", "a US official", "CNN"):
        assert holder in text, holder
    assert "[source](https://www.jpost.com/breaking-news/article-797969)" in text
    for body in bodies + evidence:
        assert body["allowed_mentions"] == {"parse": []}
        assert len(body["embeds"]) <= 10
        assert sum(len(e.get("title", "")) + len(e.get("description", "")) + len(e.get("footer", {}).get("text", ""))
                   + sum(len(f["name"]) + len(f["value"]) for f in e.get("fields", [])) for e in body["embeds"]) <= EMBED_TOTAL


def test_the_button_under_the_table_shows_the_evidence_to_the_clicker(fake: FakeDiscord, seeded_engine: Any) -> None:
    briefing = seeded_engine.incident("kalsu")
    with running(fake, seeded_engine):
        it = fake.interaction("incident", {"query": "kalsu"})
        (table,) = answer_of(fake, it, count=1)
        button = next(b for r in table["components"] for b in r["components"]
                      if b["custom_id"].startswith("briefbot:evidence:"))  # beside the Chart button
        assert button["label"] == "Quotes, history, sources" and button["custom_id"] == "briefbot:evidence:kalsu-2024-04-19"
        click = fake.interaction("", custom_id=button["custom_id"])
        callback = fake.wait_for(lambda r: fake.for_interaction(click)(r) and r.path.endswith("/callback"))[0]
        evidence = answer_of(fake, click, count=1)
    assert callback.body["type"] == DEFER and callback.body["data"]["flags"] & EPHEMERAL  # for the clicker only
    text = embed_text(evidence)
    assert json.loads(text)[0][0]["title"].startswith("Evidence — Explosion at Kalsu")
    for f in briefing.footnotes:  # every quote, once
        assert text.count(json.dumps(f.citation.quote[:50], ensure_ascii=False)[1:-1]) == 1, f.n
    assert all(b["allowed_mentions"] == {"parse": []} for b in evidence)


def test_autocomplete_finds_names_aliases_and_misspellings_from_memory(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine):
        answers = {}
        for typed in ("kals", "kalso", "jurf", "ain al", "zzzz"):
            it = fake.interaction("incident", {"query": typed}, focused="query")
            callback = fake.wait_for(fake.for_interaction(it))[0]
            assert callback.body["type"] == AUTOCOMPLETE
            assert callback.at - it.sent_at < 3.0
            answers[typed] = callback.body["data"]["choices"]
        it = fake.interaction("sources", {"query": "kalso"}, focused="query")  # /sources names incidents too
        answers["sources kalso"] = fake.wait_for(fake.for_interaction(it))[0].body["data"]["choices"]
    assert [c["value"] for c in answers["kals"]] == ["kalsu-2024-04-19"]
    assert answers["kals"][0]["name"] == "Explosion at Kalsu (Babil, Iraq) · 2024-04-19"
    assert [c["value"] for c in answers["kalso"]] == ["kalsu-2024-04-19"]
    assert [c["value"] for c in answers["sources kalso"]] == ["kalsu-2024-04-19"]
    assert [c["value"] for c in answers["jurf"]] == ["jurf-al-sakhar-2024-01-24"]
    assert {c["value"] for c in answers["ain al"]} == {"ain-al-asad-2024-01-23", "ain-al-asad-2024-01-05"}
    assert answers["zzzz"] == []
    assert all(len(c) <= 25 for c in answers.values())


def test_autocomplete_latency_p50_p99(fake: FakeDiscord, seeded_engine: Any, capsys: Any) -> None:
    typed = ["k", "ka", "kal", "kals", "kalso", "j", "ju", "jur", "jurf", "qaim"]
    latencies = []
    with running(fake, seeded_engine):
        for n in range(200):
            it = fake.interaction("incident", {"query": typed[n % len(typed)]}, focused="query")
            latencies.append(fake.wait_for(fake.for_interaction(it))[0].at - it.sent_at)
    latencies.sort()
    p50, p99 = statistics.median(latencies), latencies[int(len(latencies) * 0.99) - 1]
    with capsys.disabled():
        print(f"\nDiscord autocomplete over loopback, 200 requests: p50 {p50 * 1000:.2f} ms, p99 {p99 * 1000:.2f} ms")
    assert p99 < 0.5


def test_unknown_incident_gets_a_private_hint_and_the_public_placeholder_is_removed(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine):
        it = fake.interaction("incident", {"query": "xanadoor"})
        body = answer_of(fake, it)[0]
        calls = fake.recorded(fake.for_interaction(it))
    assert body["flags"] & EPHEMERAL
    assert "No incident matches “xanadoor”." in body["content"]
    assert "Try /incidents" in body["content"]
    assert [(c.method, c.path.rsplit("/", 1)[-1]) for c in calls][:2] == [("POST", "callback"), ("DELETE", "@original")]


def test_help_is_deferred_privately_and_answered_privately(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine):
        it = fake.interaction("help")
        body = answer_of(fake, it)[0]
        callback = fake.recorded(lambda r: fake.for_interaction(it)(r) and r.path.endswith("/callback"))[0]
    assert callback.body == {"type": DEFER, "data": {"flags": EPHEMERAL}}
    assert "/incident \\<query> \\[date\\]" in body["content"]  # escaped: shown as typed, no markup


def test_a_dm_question_is_answered_without_the_message_content_intent(fake: FakeDiscord, seeded_engine: Any) -> None:
    with running(fake, seeded_engine):
        channel = fake.direct_message("what happened at kalso?")
        posts = fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages", count=1)  # the table: one message
        intents = fake.identifies[0]["intents"]
    assert not intents & (1 << 15)  # MESSAGE_CONTENT is privileged and not requested
    assert intents & (1 << 12)  # DIRECT_MESSAGES
    assert posts[0].body["embeds"][0]["title"] == "Explosion at Kalsu (Babil, Iraq)"
    assert all(p.body["allowed_mentions"] == {"parse": []} for p in posts)


def long_briefing(_call: Any) -> Reply:
    items = tuple(Item(label=f"value {n}", text="held by many", citations=tuple(
        Citation(f"holder {n}.{k}", f"Outlet {k}", f"https://example.org/{n}/{k}",
                 f"Quote {n}.{k}: " + "the figure was given by officials at the scene " * 5, "2024-04-20")
        for k in range(3))) for n in range(40))
    summary = " ".join(f"Sentence {n} of a long summary." for n in range(300))
    return Reply(Briefing("A very long incident", summary, (Section("Disputed — Killed", "disputed", items, "killed"),),
                          status="contested", kind="incident"))


def test_an_over_long_briefing_is_paginated_into_several_messages_with_nothing_lost(fake: FakeDiscord, seeded_engine: Any) -> None:
    registry = default_registry().extend(CommandSpec("long", "a long briefing", (), long_briefing))
    with running(fake, seeded_engine, registry):
        it = fake.interaction("long")
        fake_wait(lambda: any(re.search(r"page (\d+)/\1\b", json.dumps(r.body))
                              for r in fake.recorded(lambda r: fake.for_interaction(it)(r) and is_message(r))))
        bodies = [message_body(r) for r in fake.recorded(lambda r: fake.for_interaction(it)(r) and is_message(r))]
    pages = len(bodies)
    footers = [b["embeds"][-1]["footer"]["text"] for b in bodies]
    assert pages > 1 and footers == [f"page {n}/{pages}" for n in range(1, pages + 1)]
    for body in bodies:
        assert len(body["embeds"]) <= 10
        assert all(len(e.get("fields", [])) <= 25 for e in body["embeds"])
        assert all(len(f["value"]) <= 1024 for e in body["embeds"] for f in e.get("fields", []))
    text = embed_text(bodies)
    for n in range(40):
        for k in range(3):
            assert f"Quote {n}.{k}: the figure" in text and f"holder {n}.{k}" in text
    for n in range(300):
        assert f"Sentence {n} of a long summary." in text


HOSTILE = "@everyone <@&123> <@456> @here"


def hostile(_call: Any) -> Reply:
    cite = Citation(f"spokesman {HOSTILE}", "Outlet <@&123>", "https://example.org/x", f"He said {HOSTILE} [click](https://evil.example)")
    return Reply(Briefing(f"Blast {HOSTILE}", f"Summary {HOSTILE}",
                          (Section("Disputed — Killed", "disputed", (Item("held", (cite,), label=HOSTILE),), "killed"),),
                          status="contested"))


def strings(value: Any) -> list[str]:
    if isinstance(value, str):
        return [value]
    if isinstance(value, dict):
        return [s for v in value.values() for s in strings(v)]
    if isinstance(value, list):
        return [s for v in value for s in strings(v)]
    return []


def test_hostile_text_never_mentions_anyone(fake: FakeDiscord, seeded_engine: Any) -> None:
    registry = default_registry().extend(CommandSpec("hostile", "article text with mentions", (), hostile))
    with running(fake, seeded_engine, registry):
        answer_of(fake, fake.interaction("hostile"))
        answer_of(fake, fake.interaction("incident", {"query": HOSTILE}))  # echoed in the "no match" hint
        channel = fake.direct_message(f"what happened at {HOSTILE}?")
        fake.wait_for(lambda r: r.path == f"/channels/{channel}/messages")
        sends = fake.recorded(is_message)
    assert len(sends) >= 3
    for send in sends:
        body = message_body(send)
        assert body["allowed_mentions"] == {"parse": []}
        for text in strings(body):  # what Discord would render: escaped, so shown as typed but inert
            assert "@everyone" not in text and "@here" not in text
            assert not re.search(r"(?<!\\)<[@#]", text), text
            assert not re.search(r"(?<!\\)\[click(?<!\\)\]\(", text), text


def test_a_failing_handler_gets_a_private_error_and_the_bot_stays_connected(fake: FakeDiscord, seeded_engine: Any) -> None:
    def boom(_call: Any) -> Reply:
        raise RuntimeError("handler bug")

    def unrenderable(_call: Any) -> Reply:
        return Reply(briefing="not a briefing")  # type: ignore[arg-type]  # breaks the adapter itself

    registry = default_registry().extend(CommandSpec("boom", "fails", (), boom),
                                         CommandSpec("broken", "fails later", (), unrenderable))
    with running(fake, seeded_engine, registry):
        for name in ("boom", "broken"):
            body = answer_of(fake, fake.interaction(name))[0]
            assert body["flags"] & EPHEMERAL
            assert "Something went wrong" in body["content"]
        assert fake.connected == 1
        after = answer_of(fake, fake.interaction("incident", {"query": "jurf"}))
        assert after[0]["embeds"][0]["title"].startswith("Strike at Jurf al-Sakhar")


def test_commands_added_to_the_registry_while_running_are_served(fake: FakeDiscord, seeded_engine: Any) -> None:
    def subscriptions(call: Any) -> Reply:
        c = call.caller
        return Reply.note(f"{c.platform} user {c.user} guild {c.workspace} dm {c.is_dm} manage {c.can_manage} "
                          f"every {call.options['every']}", ephemeral=False)

    with running(fake, seeded_engine) as bot:
        extended = bot.runtime.registry.extend(CommandSpec("subscriptions", "list subscriptions",
                                                           (OptionSpec("every", "str", "how often"),), subscriptions))
        object.__setattr__(bot.runtime, "registry", extended)  # as a service extending the registry would
        guild = answer_of(fake, fake.interaction("subscriptions", {"every": "daily"}, permissions=MANAGE_CHANNELS))[0]
        member = answer_of(fake, fake.interaction("subscriptions", {"every": "weekly"}))[0]
        dm = answer_of(fake, fake.interaction("subscriptions", {"every": "hourly"}, dm=True))[0]
    assert guild["content"] == "discord user 900000000000000020 guild 900000000000000010 dm False manage True every daily"
    assert "manage False every weekly" in member["content"]
    assert "guild None dm True manage True every hourly" in dm["content"]
