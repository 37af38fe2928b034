"""The command registry and dispatch: argument parsing, replies, and errors that never escape.

FakeEngine (a stand-in that records calls and returns canned briefings) is also used by the CLI and
console tests of the bot layer; it is not a platform fake."""
from __future__ import annotations

import logging
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from briefings.briefing import Briefing, Citation, Item, Section
from briefings.errors import NoMatch

from bot.commands import CommandSpec, OptionSpec, Reply, default_registry, dispatch

KNOWN = {"kalsu": "kalsu-2024-04-19", "qaim": "al-qaim-2019-12-29", "jurf": "jurf-al-sakhar-2024-01-24"}


def briefing(title: str, kind: str = "incident", **data: Any) -> Briefing:
    item = Item("held by a military statement", label="1", citations=(
        Citation("a military statement", "The Jerusalem Post", "https://example.org/k", "One was killed.", "2024-04-20"),))
    return Briefing(title, f"summary of {title}", (Section("Killed", "disputed", (item,), "killed"),),
                    status="contested" if kind == "incident" else None, kind=kind, data=data)


class FakeEngine:
    def __init__(self, *, fail: Exception | None = None, suggestions: list[str] | None = None) -> None:
        self.calls: list[tuple[str, tuple[Any, ...], dict[str, Any]]] = []
        self.fail = fail
        self.suggestions = suggestions if suggestions is not None else ["kalsu-2024-04-19"]
        self.closed = False

    def _record(self, name: str, *args: Any, **kwargs: Any) -> None:
        self.calls.append((name, args, kwargs))
        if self.fail is not None:
            raise self.fail

    def incident(self, query: str, on: date | tuple[date, date] | None = None) -> Briefing:
        self._record("incident", query, on=on)
        for key, slug in KNOWN.items():
            if key in query.lower():
                return briefing(f"Incident {slug}", query=query, incident={"slug": slug})
        raise NoMatch(query, [])

    def sources(self, query: str, on: date | tuple[date, date] | None = None) -> Briefing:
        self._record("sources", query, on=on)
        return briefing(f"Sources {query}", kind="sources")

    def incidents(self, since: timedelta | datetime | None = None) -> Briefing:
        self._record("incidents", since=since)
        items = tuple(Item(f"Incident {slug}", label=slug) for slug in KNOWN.values())
        return Briefing("Incidents", f"{len(items)} incident(s).", (Section("Incidents", "incidents", items),), kind="incidents")

    def disputes(self, since: timedelta | datetime | None = None) -> Briefing:
        self._record("disputes", since=since)
        return briefing("Open disputes", kind="disputes")

    def digest(self, since: timedelta | datetime | None = timedelta(hours=24)) -> Briefing:
        self._record("digest", since=since)
        return briefing("Digest", kind="digest")

    def suggest(self, prefix: str, limit: int = 25) -> list[str]:
        self.calls.append(("suggest", (prefix,), {"limit": limit}))
        return [s for s in self.suggestions if s.startswith(prefix[:3].lower())][:limit]

    def is_empty(self) -> bool:
        return False

    def ingest(self, sources: Any, progress: Any = None) -> Any:
        raise AssertionError("not used in these tests")

    def close(self) -> None:
        self.closed = True


NOW = datetime(2024, 4, 22, 15, 30, tzinfo=timezone.utc)  # a Monday


@pytest.fixture()
def engine() -> FakeEngine:
    return FakeEngine()


def ask(engine: FakeEngine, name: str, args: str = "") -> Reply:
    return dispatch(default_registry(), engine, name, args, now=NOW)  # type: ignore[arg-type]


def test_the_registry_offers_the_documented_commands() -> None:
    registry = default_registry()
    assert [s.name for s in registry] == ["incident", "evidence", "incidents", "disputes", "digest", "sources", "chart",
                                          "export", "subscribe", "unsubscribe", "subscriptions", "watch", "help"]
    assert registry.get("incident").usage == "/incident <query> [date]"  # type: ignore[union-attr]
    assert registry.get("/Digest").usage == "/digest [since]"  # type: ignore[union-attr]
    assert all(s.description for s in registry)


def test_incident_returns_the_briefing(engine: FakeEngine) -> None:
    reply = ask(engine, "incident", "kalsu")
    assert reply.briefing is not None and reply.briefing.title == "Incident kalsu-2024-04-19"
    assert not reply.ephemeral
    assert engine.calls == [("incident", ("kalsu",), {"on": None})]


@pytest.mark.parametrize("args, query, day", [
    ("qaim 2019-12-29", "qaim", date(2019, 12, 29)),
    ("qaim on 2019-12-29", "qaim", date(2019, 12, 29)),
    ("al qaim 29 December 2019", "al qaim", date(2019, 12, 29)),
    ("jurf al-sakhar yesterday", "jurf al-sakhar", date(2024, 4, 21)),
    ("kalsu friday", "kalsu", date(2024, 4, 19)),
    ("kalsu   December 29, 2019", "kalsu", date(2019, 12, 29)),
])
def test_a_trailing_date_is_split_off_the_query(engine: FakeEngine, args: str, query: str, day: date) -> None:
    ask(engine, "incident", args)
    assert engine.calls[0] == ("incident", (query,), {"on": (day, day)})


@pytest.mark.parametrize("args", ["jurf al sakhar", "k1 base", "kalsu blast", "al-qaim"])
def test_place_words_are_not_mistaken_for_dates(engine: FakeEngine, args: str) -> None:
    ask(engine, "incident", args)
    assert engine.calls[0] == ("incident", (args,), {"on": None})


def test_a_date_alone_is_a_query_not_a_missing_query(engine: FakeEngine) -> None:
    ask(engine, "incident", "2019-12-29")
    assert engine.calls[0][1] == ("2019-12-29",)


@pytest.mark.parametrize("args, since", [
    ("24h", timedelta(hours=24)),
    ("7d", timedelta(days=7)),
    ("2w", timedelta(weeks=2)),
    ("last 3 days", timedelta(days=3)),
    ("since yesterday", datetime(2024, 4, 21, tzinfo=timezone.utc)),
    ("this week", datetime(2024, 4, 22, tzinfo=timezone.utc)),
    ("2024-04-01", datetime(2024, 4, 1, tzinfo=timezone.utc)),
])
@pytest.mark.parametrize("command", ["incidents", "disputes", "digest"])
def test_since_is_read_for_list_commands(engine: FakeEngine, command: str, args: str, since: object) -> None:
    reply = ask(engine, command, args)
    assert reply.briefing is not None
    assert engine.calls == [(command, (), {"since": since})]


@pytest.mark.parametrize("command", ["incidents", "disputes", "digest"])
def test_without_since_the_engine_default_applies(engine: FakeEngine, command: str) -> None:
    ask(engine, command)
    assert engine.calls == [(command, (), {"since": timedelta(hours=24) if command == "digest" else None})]


def test_an_unreadable_since_is_explained(engine: FakeEngine) -> None:
    reply = ask(engine, "digest", "whenever")
    assert reply.ephemeral and reply.briefing is None
    assert "whenever" in reply.text and "24h" in reply.text  # type: ignore[operator]
    assert engine.calls == []


def test_a_missing_query_shows_usage(engine: FakeEngine) -> None:
    reply = ask(engine, "incident", "   ")
    assert reply.ephemeral and "/incident <query> [date]" in (reply.text or "")
    assert engine.calls == []


def test_sources_takes_a_query(engine: FakeEngine) -> None:
    reply = ask(engine, "sources", "jurf")
    assert reply.briefing is not None and reply.briefing.kind == "sources"
    assert engine.calls == [("sources", ("jurf",), {"on": None})]


def test_help_lists_every_command(engine: FakeEngine) -> None:
    reply = ask(engine, "help")
    assert reply.ephemeral and reply.briefing is None
    for usage in ("/incident <query> [date]", "/incidents [since]", "/disputes [since]", "/digest [since]", "/sources <query> [date]"):
        assert usage in (reply.text or "")


def test_an_unknown_command_answers_with_help(engine: FakeEngine) -> None:
    reply = ask(engine, "frobnicate", "x")
    assert reply.ephemeral
    assert reply.text is not None and reply.text.startswith("Unknown command /frobnicate.")
    assert "/incident <query> [date]" in reply.text


def test_no_match_lists_the_closest_incidents(engine: FakeEngine) -> None:
    reply = ask(engine, "incident", "kalso")
    assert reply.ephemeral and reply.briefing is None
    assert "No incident matches “kalso”" in (reply.text or "")
    assert "kalsu-2024-04-19" in (reply.text or "")
    assert "/incidents" in (reply.text or "")


def test_no_match_without_any_suggestion_still_helps() -> None:
    reply = ask(FakeEngine(suggestions=[]), "incident", "xanadoor")
    assert "No incident matches “xanadoor”" in (reply.text or "") and "Closest" not in (reply.text or "")


def test_an_engine_failure_is_a_short_reply_and_a_log_line(caplog: pytest.LogCaptureFixture) -> None:
    engine = FakeEngine(fail=RuntimeError("database is locked"))
    with caplog.at_level(logging.ERROR):
        reply = ask(engine, "incident", "kalsu")
    assert reply == Reply(text="Something went wrong answering /incident; the error was logged.", ephemeral=True)
    assert "database is locked" in caplog.text  # the traceback is in the log, not in the chat


def test_the_registry_can_be_extended_for_later_commands(engine: FakeEngine) -> None:
    def watchlist(call):  # type: ignore[no-untyped-def]
        return Reply.note(f"{call.user} watches nothing yet; filter={call.options['filter']!r}")

    spec = CommandSpec("watchlist", "your watchlist", (OptionSpec("filter", "str", "optional filter"),), watchlist)
    registry = default_registry().extend(spec)
    assert [s.name for s in registry][-1] == "watchlist"
    assert len(list(default_registry())) == 13  # the default registry is untouched
    reply = dispatch(registry, engine, "watchlist", "iraq", now=NOW, user="U1")  # type: ignore[arg-type]
    assert reply.text == "U1 watches nothing yet; filter='iraq'"
    assert "/watchlist [filter]" in registry.help_text()


def test_structured_options_from_a_platform_are_typed_and_checked(engine: FakeEngine) -> None:
    from bot.commands import BadArgument, Call, invoke, typed_options

    registry = default_registry()
    spec = registry.get("incident")
    assert spec is not None
    options = typed_options(spec, {"query": " qaim ", "date": "29 December 2019"}, NOW)
    assert options == {"query": "qaim", "date": (date(2019, 12, 29), date(2019, 12, 29))}
    reply = invoke(spec, Call(engine, options, registry, NOW))  # type: ignore[arg-type]
    assert reply.briefing is not None and reply.briefing.title == "Incident al-qaim-2019-12-29"
    with pytest.raises(BadArgument, match="needs a query"):
        typed_options(spec, {"date": "2019-12-29"}, NOW)
    with pytest.raises(BadArgument, match="as a date"):
        typed_options(spec, {"query": "qaim", "date": "the other day"}, NOW)
