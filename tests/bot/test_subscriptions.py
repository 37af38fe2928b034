"""/subscribe, /unsubscribe, /subscriptions through the same dispatch every platform uses: who may change a
channel's digests, schedules and filters in many phrasings, helpful errors, and what is stored."""
from __future__ import annotations

from collections.abc import Iterator
from datetime import datetime, timezone

import pytest
from sqlalchemy import select

from briefings.db.models import Subscription
from briefings.digest import DigestFilter
from briefings.engine import Engine
from bot.commands import Caller, Reply, default_registry, dispatch
from bot.scheduling.delivery import Target
from bot.commands.subscriptions import NOT_A_MANAGER, Scope, listing, parse_filter, parse_subscribe
from bot.timeparse import BadArgument

NOW = datetime(2024, 4, 22, 3, 0, tzinfo=timezone.utc)
MEMBER = Caller("slack", "U-member", "C-ops", "T1", is_dm=False, can_manage=False)
ADMIN = Caller("slack", "U-admin", "C-ops", "T1", is_dm=False, can_manage=True)
DM = Caller("slack", "U-member", "D-42", "T1", is_dm=True, can_manage=False)


@pytest.fixture()
def engine(db_url: str) -> Iterator[Engine]:
    eng = Engine(db_url)
    yield eng
    eng.close()


def ask(engine: Engine, name: str, args: str, caller: Caller) -> Reply:
    return dispatch(default_registry(), engine, name, args, now=NOW, caller=caller)


def stored(engine: Engine) -> list[Subscription]:
    with engine.sessions() as s:
        return list(s.scalars(select(Subscription).order_by(Subscription.id)))


# -- parsing ---------------------------------------------------------------------------------------------------

@pytest.mark.parametrize("text, schedule, tz", [
    ("daily 07:30 Asia/Baghdad", "daily 07:30", "Asia/Baghdad"),
    ("daily at 7:30 asia/baghdad", "daily 07:30", "Asia/Baghdad"),
    ("07:30 Europe/Berlin", "daily 07:30", "Europe/Berlin"),
    ("every day at 6:15 pm America/New_York", "daily 18:15", "America/New_York"),
    ("daily 7h30 UTC", "daily 07:30", "UTC"),
    ("each day at 7am", "daily 07:00", "UTC"),
    ("cron 30 7 * * 1-5 Europe/Berlin", "cron 30 7 * * 1-5", "Europe/Berlin"),
    ("30 7 * * 1-5", "cron 30 7 * * 1-5", "UTC"),
    ('cron "0 */6 * * *" Asia/Baghdad', "cron 0 */6 * * *", "Asia/Baghdad"),
    ("cron 0 8 * * mon Asia/Baghdad", "cron 0 8 * * mon", "Asia/Baghdad"),
])
def test_schedules_in_many_phrasings(text: str, schedule: str, tz: str) -> None:
    parsed, flt, _given = parse_subscribe(text)
    assert (parsed.text, parsed.timezone, flt) == (schedule, tz, DigestFilter())


@pytest.mark.parametrize("text, message", [
    ("daily 25:00 Asia/Baghdad", "'25:00' is not a time of day"),
    ("daily 7 Asia/Baghdad", "'7' is not a time of day"),
    ("daily", "I need a time of day"),
    ("whenever you like", "I couldn't read 'whenever you like' as a schedule"),
    ("cron * * * * *", "more often than every 15 minutes"),
    ("cron 61 7 * * *", "I couldn't read the cron expression '61 7 * * *'"),
    ("daily 07:30 Mars/Olympus", "I don't know the time zone 'Mars/Olympus'"),
    ("", "Tell me when"),
])
def test_bad_schedules_say_what_works(text: str, message: str) -> None:
    with pytest.raises(BadArgument) as err:
        parse_subscribe(text)
    assert message in str(err.value)
    assert "/subscribe daily 07:30 Asia/Baghdad" in str(err.value) or "Asia/Baghdad" in str(err.value)


@pytest.mark.parametrize("tokens, expected", [
    (["contested", "only"], DigestFilter(min_status="contested")),
    (["contested-only"], DigestFilter(min_status="contested")),
    (["place:kalsu"], DigestFilter(place="kalsu")),
    (["actor:Kataib Hezbollah"], DigestFilter(actor="Kataib Hezbollah")),
    (["country=Iraq", "drone", "strike"], DigestFilter(country="Iraq", keyword="drone strike")),
    (["status:corroborated", "in:Hilla"], DigestFilter(min_status="corroborated", place="Hilla")),
    (["about:rockets", "by:PMF", "disputed"], DigestFilter(keyword="rockets", actor="PMF", min_status="contested")),
])
def test_filters(tokens: list[str], expected: DigestFilter) -> None:
    assert parse_filter(tokens) == expected


def test_a_quoted_filter_value_keeps_its_spaces_and_a_bad_status_is_refused() -> None:
    _s, flt, _g = parse_subscribe('daily 07:30 Asia/Baghdad actor:"Kataib Hezbollah" contested')
    assert flt == DigestFilter(actor="Kataib Hezbollah", min_status="contested")
    with pytest.raises(BadArgument, match="status can be"):
        parse_filter(["status:whatever"])


# -- permissions -----------------------------------------------------------------------------------------------

def test_a_member_who_cannot_manage_the_channel_is_refused_with_the_reason(engine: Engine) -> None:
    reply = ask(engine, "subscribe", "daily 07:30 Asia/Baghdad", MEMBER)
    assert reply.ephemeral and reply.text == NOT_A_MANAGER
    assert "Only channel managers" in NOT_A_MANAGER and "DMs" in NOT_A_MANAGER
    assert stored(engine) == []
    ask(engine, "subscribe", "daily 07:30 Asia/Baghdad", ADMIN)
    assert ask(engine, "unsubscribe", "all", MEMBER).text == NOT_A_MANAGER
    assert len([s for s in stored(engine) if s.active]) == 1
    listed = ask(engine, "subscriptions", "", MEMBER)  # anyone may look
    assert "#1 daily at 07:30 Asia/Baghdad" in (listed.text or "")


def test_a_channel_manager_subscribes_the_channel(engine: Engine) -> None:
    reply = ask(engine, "subscribe", "daily 07:30 Asia/Baghdad contested", ADMIN)
    assert not reply.ephemeral
    assert reply.text is not None and reply.text.splitlines() == [
        "Subscribed this channel (#1): daily at 07:30 Asia/Baghdad · contested only.",
        "First digest: 2024-04-22 07:30 +03 (04:30 UTC).",
        "Stop it with /unsubscribe 1.",
    ]
    (row,) = stored(engine)
    assert (row.platform, row.workspace, row.channel, row.dm_user, row.created_by) == ("slack", "T1", "C-ops", None, "U-admin")
    assert (row.schedule, row.timezone, DigestFilter.of(row.filters)) == (
        "daily 07:30", "Asia/Baghdad", DigestFilter(min_status="contested"))
    again = ask(engine, "subscribe", "daily 07:30 asia/baghdad contested only", ADMIN)
    assert again.text is not None and again.text.startswith("This channel already gets that digest: #1")


def test_anyone_may_subscribe_their_own_dms(engine: Engine) -> None:
    reply = ask(engine, "subscribe", "daily 08:00 Europe/Berlin place:kalsu", DM)
    assert reply.text is not None and reply.text.startswith("Subscribed your DMs (#1)")
    (view,) = listing(engine.sessions, Scope.of(DM))
    assert view.target == Target("slack", channel=None, workspace="T1", user="U-member")  # the bot opens the DM
    assert listing(engine.sessions, Scope.of(ADMIN)) == []  # a DM digest is not the channel's


def test_the_console_is_its_own_manager_and_a_missing_zone_is_explained(engine: Engine) -> None:
    reply = ask(engine, "subscribe", "daily 06:00", Caller())
    assert reply.text is not None
    assert "Times are UTC; add a time zone to change it" in reply.text
    (row,) = stored(engine)
    assert (row.platform, row.channel) == ("console", "console")


def test_invalid_time_zone_lists_examples(engine: Engine) -> None:
    reply = ask(engine, "subscribe", "daily 07:30 Baghdad/Iraq", ADMIN)
    assert reply.ephemeral and "I don't know the time zone 'Baghdad/Iraq'" in (reply.text or "")
    assert "Asia/Baghdad, Europe/Berlin, America/New_York, UTC" in (reply.text or "")


# -- unsubscribe and listing -----------------------------------------------------------------------------------

def test_unsubscribe_by_number_all_or_the_only_one(engine: Engine) -> None:
    other = Caller("slack", "U-admin", "C-other", "T1", can_manage=True)
    ask(engine, "subscribe", "daily 07:30 Asia/Baghdad", ADMIN)
    ask(engine, "subscribe", "daily 18:00 Asia/Baghdad contested", ADMIN)
    ask(engine, "subscribe", "daily 09:00 UTC", other)
    which = ask(engine, "unsubscribe", "", ADMIN)
    assert which.text is not None and which.text.startswith("Which one? #1") and "/unsubscribe all" in which.text
    assert ask(engine, "unsubscribe", "3", ADMIN).text == (
        "No subscription 3 here. Current: #1 daily at 07:30 Asia/Baghdad · next 2024-04-22 07:30 +03; "
        "#2 daily at 18:00 Asia/Baghdad · contested only · next 2024-04-22 18:00 +03.")  # another channel's
    assert ask(engine, "unsubscribe", "#2", ADMIN).text == "Stopped #2 for this channel."
    assert ask(engine, "unsubscribe", "", ADMIN).text == "Stopped #1 for this channel."
    assert ask(engine, "subscriptions", "", ADMIN).text == (
        "This channel has no digest subscriptions. Start one: /subscribe daily 07:30 Asia/Baghdad; "
        "/subscribe daily 18:00 Europe/Berlin contested; /subscribe cron 30 7 * * 1-5 America/New_York")
    assert ask(engine, "unsubscribe", "all", other).text == "Stopped #3 for this channel."
    ask(engine, "subscribe", "daily 09:00", other)
    assert "takes a subscription number" in (ask(engine, "unsubscribe", "first", other).text or "")


def test_workspaces_keep_their_channels_apart(engine: Engine) -> None:
    ask(engine, "subscribe", "daily 07:30 UTC", ADMIN)
    elsewhere = Caller("slack", "U-admin", "C-ops", "T2", can_manage=True)  # same channel id, other workspace
    assert "no digest subscriptions" in (ask(engine, "subscriptions", "", elsewhere).text or "")
    discord = Caller("discord", "42", "C-ops", "T1", can_manage=True)
    assert "no digest subscriptions" in (ask(engine, "subscriptions", "", discord).text or "")


def test_structured_options_from_a_platform_are_joined(engine: Engine) -> None:
    """Discord sends schedule, timezone and filter as separate options; the handler reads them together."""
    from bot.commands import Call, invoke, typed_options

    registry = default_registry()
    spec = registry.get("subscribe")
    assert spec is not None and spec.usage == "/subscribe <schedule> [timezone] [filter]"
    options = typed_options(spec, {"schedule": "daily 07:30", "timezone": "Asia/Baghdad", "filter": "contested"}, NOW)
    reply = invoke(spec, Call(engine, options, registry, NOW, caller=ADMIN))
    assert reply.text is not None and reply.text.startswith(
        "Subscribed this channel (#1): daily at 07:30 Asia/Baghdad · contested only.")


def test_an_engine_without_a_database_says_so() -> None:
    from tests.bot.test_commands import FakeEngine

    reply = dispatch(default_registry(), FakeEngine(), "subscribe", "daily 07:30", now=NOW, caller=ADMIN)  # type: ignore[arg-type]
    assert reply.text == "Subscriptions need the database; this bot runs without one."
