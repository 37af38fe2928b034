"""Free-text messages → commands. At least five phrasings per intent, and messages that must not cross over."""
from __future__ import annotations

from datetime import date, datetime, timezone

import pytest

from bot.commands import default_registry, dispatch
from bot.dm import DmCommand, parse_dm
from tests.bot.test_commands import FakeEngine

INCIDENT = [
    ("what happened at kalsu?", "kalsu"),
    ("kalso", "kalso"),
    ("What happened in al-Qaim on 2019-12-29", "al-Qaim on 2019-12-29"),
    ("tell me about the Kalsu blast", "Kalsu blast"),
    ("What is the latest on Jurf al-Sakhar?", "Jurf al-Sakhar"),
    ("any news on K1 base", "K1 base"),
    ("how many were killed at kalsu?", "kalsu"),
    ("who was behind the strike in Jurf al-Sakhar", "strike in Jurf al-Sakhar"),
    ("what do we know about Iskandariya", "Iskandariya"),
    ("brief me on the qaim strikes", "qaim strikes"),
    ("so what happened at ain al-asad yesterday?", "ain al-asad yesterday"),
    ("were the tolls disputed at qaim?", "qaim"),
]
INCIDENTS = [
    ("show incidents since yesterday", "since yesterday"),
    ("list incidents", ""),
    ("any incidents in the last 3 days?", "in the last 3 days"),
    ("what happened yesterday?", "yesterday"),
    ("what happened this week", "this week"),
    ("Incidents 7d", "7d"),
    ("show me all attacks since friday", "since friday"),
]
DISPUTES = [
    ("any disputes this week?", "this week"),
    ("disputes", ""),
    ("which incidents are contested?", ""),
    ("where do sources disagree since monday", "since monday"),
    ("show conflicting reports in the last 7 days", "in the last 7 days"),
    ("what's disputed today", "today"),
]
DIGEST = [
    ("digest", ""),
    ("daily digest please", ""),
    ("what did I miss today?", "today"),
    ("give me a round-up of the past 24 hours", "the past 24 hours"),
    ("catch me up since yesterday", "since yesterday"),
    ("what's new?", ""),
]
SOURCES = [
    ("sources for jurf", "jurf"),
    ("Who reported on Jurf al-Sakhar?", "Jurf al-Sakhar"),
    ("show me the articles about the kalsu blast", "kalsu blast"),
    ("which outlets covered qaim", "qaim"),
    ("where did you read about kalsu?", "kalsu"),
    ("kalsu sources", "kalsu"),
]
HELP = ["help", "?", "/help", "what can you do?", "how does this work", "hi", "What commands are there"]


@pytest.mark.parametrize("text, query", INCIDENT)
def test_incident_questions(text: str, query: str) -> None:
    assert parse_dm(text) == DmCommand("incident", query)


@pytest.mark.parametrize("text, when", INCIDENTS)
def test_incident_lists(text: str, when: str) -> None:
    assert parse_dm(text) == DmCommand("incidents", when)


@pytest.mark.parametrize("text, when", DISPUTES)
def test_disputes(text: str, when: str) -> None:
    assert parse_dm(text) == DmCommand("disputes", when)


@pytest.mark.parametrize("text, when", DIGEST)
def test_digest(text: str, when: str) -> None:
    assert parse_dm(text) == DmCommand("digest", when)


@pytest.mark.parametrize("text, query", SOURCES)
def test_sources(text: str, query: str) -> None:
    assert parse_dm(text) == DmCommand("sources", query)


@pytest.mark.parametrize("text", HELP)
def test_help(text: str) -> None:
    assert parse_dm(text) == DmCommand("help")


@pytest.mark.parametrize("text", ["", "   ", "...", "\n"])
def test_blank_messages_ask_nothing(text: str) -> None:
    assert parse_dm(text) is None


@pytest.mark.parametrize("text, expected", [
    ("/incident qaim 2019-12-29", DmCommand("incident", "qaim 2019-12-29")),
    ("/DIGEST 24h", DmCommand("digest", "24h")),
    ("/sources   jurf ", DmCommand("sources", "jurf")),
])
def test_slash_commands_typed_in_a_dm_are_taken_literally(text: str, expected: DmCommand) -> None:
    assert parse_dm(text) == expected


@pytest.mark.parametrize("text", [
    "the helpful report from kalsu",  # "help" inside a word is not a help request
    "Kalsu digestive clinic strike",  # nor "digest" inside a word
    "sourcesville attack",
])
def test_keywords_inside_other_words_do_not_switch_intent(text: str) -> None:
    assert parse_dm(text).name == "incident"  # type: ignore[union-attr]


def test_a_dm_question_with_a_date_reaches_the_engine_as_a_query_and_a_day() -> None:
    engine = FakeEngine()
    command = parse_dm("what happened in al-Qaim on 2019-12-29?")
    assert command is not None
    now = datetime(2024, 4, 22, tzinfo=timezone.utc)
    reply = dispatch(default_registry(), engine, command.name, command.args, now=now)  # type: ignore[arg-type]
    assert reply.briefing is not None
    assert engine.calls == [("incident", ("al-Qaim",), {"on": (date(2019, 12, 29), date(2019, 12, 29))})]
