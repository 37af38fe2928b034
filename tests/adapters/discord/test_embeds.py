"""The embed renderer: what a Discord user sees of a briefing, within Discord's limits, nothing cut, nothing pinged."""
from __future__ import annotations

import re
from typing import Any

from hypothesis import given, settings, strategies as st

from adapters.discord.embeds import (
    COLOURS,
    briefing_messages,
    chunks,
    escape,
    text_messages,
    units,
)
from briefings.briefing import Briefing, Citation, Item, Section
from briefings.render.text import clean, trim_quote

Messages = list[list[dict[str, Any]]]


def assert_within_limits(messages: Messages) -> None:
    assert messages
    for message in messages:
        assert 1 <= len(message) <= 10
        total = 0
        for embed in message:
            assert units(embed["title"]) <= 256 and units(embed.get("description", "")) <= 4096
            assert len(embed.get("fields", [])) <= 25
            for f in embed.get("fields", []):
                assert 1 <= units(f["name"]) <= 256 and 1 <= units(f["value"]) <= 1024
            assert units(embed.get("footer", {}).get("text", "")) <= 2048
            total += units(embed["title"]) + units(embed.get("description", "")) + units(embed.get("footer", {}).get("text", ""))
            total += sum(units(f["name"]) + units(f["value"]) for f in embed.get("fields", []))
        assert total <= 6000


def stream(messages: Messages) -> str:
    """Everything shown, in order, continuation headings left out, whitespace removed: a text split
    over fields, embeds or messages reads as one again."""
    parts = []
    for message in messages:
        for embed in message:
            if not embed["title"].endswith("(continued)"):
                parts.append(embed["title"])
            parts.append(embed.get("description", ""))
            for f in embed.get("fields", []):
                if not f["name"].endswith("(continued)"):
                    parts.append(f["name"])
                parts.append(f["value"])
    return re.sub(r"\s+", "", "".join(parts))


def assert_nothing_lost(b: Briefing, messages: Messages) -> None:
    shown = stream(messages)

    def has(text: str) -> None:
        assert re.sub(r"\s+", "", escape(text)) in shown, text

    has(b.title)
    for para in b.summary.split("\n\n"):
        if para.strip():
            has(para)
    for section in b.sections:
        has(section.title)
        for item in section.items:
            for text in (item.label or "", item.text if not item.citations else ""):
                if clean(text):
                    has(text)
            for c in item.citations:
                for text in (c.attributed_to, c.outlet, trim_quote(clean(c.quote))):
                    if clean(text):
                        has(text)


def test_kalsu_on_the_seeds_is_one_embed_the_table_and_the_evidence_follows_on_request(seeded_engine: Any) -> None:
    b = seeded_engine.incident("kalsu")
    (message,) = briefing_messages(b)
    assert_within_limits([message])
    (head,) = message
    assert head["title"] == "Explosion at Kalsu (Babil, Iraq)"
    assert head["color"] == COLOURS["contested"]
    lines = [line for line in head["description"].splitlines() if line.strip()]
    assert len(lines) <= 25 and len(head["description"]) <= 3000
    killed = next(line for line in lines if line.startswith("**Killed (disputed):**"))
    for value in ("0 — Two PMF sources (Jerusalem Post) \\[1\\]", "1 — Iraqi sources", "at least 2 (people) — security sources (EFE)"):
        assert value in killed, value
    assert head["footer"]["text"].endswith(f"/evidence {b.ref}")
    evidence = seeded_engine.evidence("kalsu")
    pages = briefing_messages(evidence)
    assert_within_limits(pages)
    assert_nothing_lost(evidence, pages)
    shown = stream(pages)
    for f in b.footnotes:  # each quote once
        assert shown.count(re.sub(r"\s+", "", escape(trim_quote(clean(f.citation.quote))))) == 1, f.n
    sources = next(e for m in pages for e in m if e["title"] == "Sources")
    assert "[The Jerusalem Post](https://www.jpost.com/breaking-news/article-797969)" in sources["description"]


def test_a_value_without_holders_still_has_a_field_value() -> None:
    b = Briefing("T", "s", (Section("Disputed", "disputed", (
        Item("\n", (), label="<"), Item("", (Citation("a", "b", None, "q"),), label="1")), "killed"),))
    assert_within_limits(briefing_messages(b))


def test_colour_follows_the_status() -> None:
    colours = {status: briefing_messages(Briefing("T", "s", status=status))[0][0]["color"]
               for status in ("contested", "corroborated", "single-source", None)}
    assert colours["contested"] != colours["corroborated"] != colours["single-source"] != colours[None]


def test_a_title_longer_than_discord_allows_is_shortened_and_shown_in_full_below() -> None:
    title = "Strike " + "very " * 80 + "long"
    head = briefing_messages(Briefing(title, "summary"))[0][0]
    assert units(head["title"]) <= 256 and head["title"].endswith("…")
    assert title in head["description"]


def test_one_value_held_by_many_is_continued_in_more_fields_never_cut() -> None:
    cites = tuple(Citation(f"holder {n}", "Outlet", f"https://example.org/{n}", f"quote {n} " + "x" * 250) for n in range(12))
    b = Briefing("T", "s", (Section("Disputed — Killed", "disputed", (Item("held", cites, label="3"),), "killed"),))
    messages = briefing_messages(b)
    assert_within_limits(messages)
    names = [f["name"] for m in messages for e in m for f in e.get("fields", [])]
    assert names[0] == "3" and names[1:] == ["3 (continued)"] * (len(names) - 1) and len(names) >= 4
    assert all(f"**holder {n}**" in str(messages) for n in range(12))
    assert_nothing_lost(b, messages)


@given(st.text(min_size=0, max_size=40))
@settings(database=None)
def test_escaped_text_cannot_mention_link_or_format(text: str) -> None:
    out = escape(f"{text} @everyone @Here <@&123> <@!456> <#789> [x](https://evil.example) **b** `c` ||s|| {text}")
    assert not re.search(r"@(everyone|here)", out, re.IGNORECASE)
    assert not re.search(r"(?<!\\)<[@#]", out)
    assert not re.search(r"(?<!\\)\[x(?<!\\)\]", out)
    assert not re.search(r"(?<!\\)\*\*b", out) and not re.search(r"(?<!\\)\|\|s", out)


def test_escaping_keeps_what_people_read() -> None:
    assert escape("two killed, 3 wounded (preliminary)") == "two killed, 3 wounded (preliminary)"
    assert escape("- 5 dead") == "\\- 5 dead"  # no list bullet
    assert escape("# Breaking") == "\\# Breaking"  # no heading
    assert escape("> quoted") == "\\> quoted"
    assert escape("a\x1b[31mred\x07") == "a[31mred".replace("[", "\\[")  # control characters dropped


def test_long_text_replies_are_split_into_messages_of_at_most_2000_characters() -> None:
    text = "\n".join(f"line {n}: " + "word " * 30 for n in range(200))
    messages = text_messages(text)
    assert len(messages) > 1 and all(units(m) <= 2000 for m in messages)
    assert re.sub(r"\s+", "", "".join(messages)) == re.sub(r"\s+", "", text)


@given(st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=3000), st.integers(20, 1024))
@settings(max_examples=150, deadline=None, database=None)
def test_chunks_respect_the_limit_and_keep_all_text(text: str, limit: int) -> None:
    pieces = chunks(text, limit)
    assert all(units(p) <= limit for p in pieces)
    assert re.sub(r"\s+", "", "".join(pieces)) == re.sub(r"\s+", "", text)


words = st.text(alphabet=st.sampled_from("abcdeé𝄞 *_<>@[]()#-\n"), min_size=1, max_size=30)
long_text = st.lists(words, min_size=1, max_size=20).map(lambda ws: " ".join(ws) * 3)
citations = st.builds(Citation, words, words, st.sampled_from([None, "https://example.org/a(b)"]), long_text,
                      st.sampled_from([None, "2024-04-20"]))
items = st.builds(Item, long_text, st.lists(citations, max_size=3).map(tuple), st.one_of(st.none(), words),
                  st.sampled_from([None, "https://example.org/s"]))
sections = st.builds(Section, words, st.sampled_from(["disputed", "agreed", "sources", "incidents", "note"]),
                     st.lists(items, max_size=20).map(tuple))
briefings = st.builds(Briefing, long_text, st.lists(long_text, max_size=8).map("\n\n".join),
                      st.lists(sections, max_size=6).map(tuple), st.sampled_from([None, "contested"]), st.one_of(st.none(), words))


@given(briefings)
@settings(max_examples=25, deadline=None, database=None)
def test_any_briefing_fits_discord_and_loses_nothing(b: Briefing) -> None:
    messages = briefing_messages(b)
    assert_within_limits(messages)
    assert_nothing_lost(b, messages)
