"""Block Kit rendering: what the seeds' Kalsu briefing looks like, Slack's limits, pagination, escaping."""
from __future__ import annotations

import re
from typing import Any

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from adapters.slack.blocks import (
    HEADER_TEXT,
    MAX_BLOCKS,
    SECTION_TEXT,
    Message,
    briefing_messages,
    check,
    text_messages,
)
from adapters.slack.mrkdwn import ZWSP, escape, link, plain, safe_url, split_line
from briefings.briefing import Briefing, Citation, Item, Section
from briefings.render.text import clean
from tests.adapters.slack.harness import page_texts

OUR_LINK = re.compile(r"<(https?://[^<>|\s]+)\|([^<>]*)>")


def all_text(messages: list[Message]) -> str:
    return page_texts([m.payload() for m in messages])


def section_texts(messages: list[Message]) -> list[str]:
    return [b["text"]["text"] for m in messages for b in m.blocks if b["type"] == "section"]


def test_kalsu_is_one_message_the_table_with_every_disputed_value_and_its_holders(seeded_engine: Any) -> None:
    from slack_sdk.models.blocks import Block

    briefing = seeded_engine.incident("kalsu")
    (message,) = briefing_messages(briefing)  # the first screen fits one message
    check(message)
    for block in message.blocks:
        Block.parse(block).validate_json()  # slack_sdk's own checks of each block
    assert message.blocks[0] == {"type": "header", "text": {"type": "plain_text", "text": briefing.title, "emoji": False}}
    text = plain(all_text([message]))
    lines = [line for line in text.splitlines() if line.strip()]
    assert len(lines) <= 25 and len(text) <= 3000, (len(lines), len(text))
    rows = {line.split(":")[0].strip("*"): line for line in section_texts([message])[0].splitlines()}
    for label, values in {"Killed (disputed)": ["0 —", "1 —", "at least 2 (people) —"],
                          "Wounded (disputed)": ["0 —", "3 —", "6 —", "8 —"],
                          "Weapon / means (disputed)": ["drones —", "three F-35 jets —", "unknown aircraft —",
                                                        "denies: drones or fighter jets —"],
                          "Distance (disputed)": ["50 km from Baghdad —", "about 80 km from Baghdad —"]}.items():
        for value in values:
            assert value in plain(rows[label]), (label, value)
    assert "Two PMF sources (Jerusalem Post) [1]" in plain(rows["Killed (disputed)"])
    assert "2 reports from 2 outlets" in text
    assert f"/evidence {briefing.ref}" in text  # the evidence is one command away
    assert not any(f.citation.quote in text for f in briefing.footnotes)  # quotes are not on the first screen


def test_the_evidence_follow_up_shows_each_quote_once_with_its_holders(seeded_engine: Any) -> None:
    evidence = seeded_engine.evidence("kalsu")
    messages = briefing_messages(evidence)
    for message in messages:
        check(message)
    seen = plain(all_text(messages))
    for f in seeded_engine.incident("kalsu").footnotes:
        assert seen.count(clean(f.citation.quote)) == 1, f.n
        for holder in f.citation.attributed_to.split("; "):
            assert clean(holder) in seen
    assert "<https://www.jpost.com/breaking-news/article-797969|The Jerusalem Post>" in all_text(messages)


def big_briefing(sections: int = 24, items: int = 6, quote_words: int = 60) -> Briefing:
    def quote(s: int, i: int, c: int) -> str:
        return f"Q{s}.{i}.{c} " + " ".join(f"word{n}" for n in range(quote_words)) + f" end{s}.{i}.{c}."

    return Briefing(
        title="A long incident", summary="Many reports.\n\nA second paragraph.", status="contested",
        footer="contested · 99 report(s)",
        sections=tuple(Section(f"Disputed — field {s}", "disputed", tuple(
            Item(f"held by holder {s}.{i}", label=f"value {s}.{i}", citations=tuple(
                Citation(f"holder {s}.{i}.{c}", f"Outlet {c}", f"https://news.test/{s}/{i}/{c}", quote(s, i, c),
                         "2024-04-20")
                for c in range(3)))
            for i in range(items)), field=f"f{s}") for s in range(sections)))


def test_a_long_briefing_is_paginated_with_nothing_lost() -> None:
    briefing = big_briefing()
    messages = briefing_messages(briefing)
    assert len(messages) > 3
    for n, message in enumerate(messages, start=1):
        check(message)
        assert len(message.blocks) <= MAX_BLOCKS
        if n > 1:
            assert f"part {n} of {len(messages)}" in message.blocks[0]["elements"][0]["text"]
            assert message.text == f"A long incident (part {n} of {len(messages)})"
    seen = plain(all_text(messages))
    for s in briefing.sections:
        assert s.title in seen
        for item in s.items:
            assert item.label in seen and item.text in seen
            for c in item.citations:
                assert c.quote in seen and c.attributed_to in seen
    assert all(len(t) <= SECTION_TEXT for t in section_texts(messages))
    # the order is kept: section 3 comes before section 20
    assert seen.index("Disputed — field 3") < seen.index("Disputed — field 20")


def test_a_section_longer_than_3000_characters_continues_in_the_next_block() -> None:
    briefing = big_briefing(sections=1, items=12)
    texts = section_texts(briefing_messages(briefing))
    field = [t for t in texts if "field 0" in t]
    assert len(field) >= 3
    assert field[0].startswith("*Disputed — field 0*\n") and field[1].startswith("*Disputed — field 0* _(continued)_\n")
    assert all(len(t) <= SECTION_TEXT for t in field)
    # items are not torn apart when they fit: each value line and its three quotes share a block
    for i in range(12):
        holder = next(t for t in field if f"*value 0.{i}*" in t)
        assert all(f"holder 0.{i}.{c}" in holder for c in range(3))


def test_one_enormous_quote_is_split_at_spaces_and_kept_whole() -> None:
    quote = " ".join(f"w{n}" for n in range(3000))  # about 15,000 characters
    briefing = Briefing("T", "", (Section("Claims", "note", (Item("x", (Citation("h", "O", None, quote),)),)),))
    messages = briefing_messages(briefing)
    for m in messages:
        check(m)
    seen = plain(all_text(messages))
    assert all(f"w{n}" in seen.split() or f"“w{n}" in seen or f"w{n}”" in seen for n in range(0, 3000, 97))
    words = re.findall(r"w(\d+)", seen)
    assert [int(w) for w in words] == list(range(3000))  # every word, in order, none doubled


def test_long_or_special_titles_become_a_bold_section_not_a_cut_header() -> None:
    long_title = "Strike " + "x" * 200
    first = briefing_messages(Briefing(long_title, "s"))[0].blocks[0]
    assert first["type"] == "section" and long_title in first["text"]["text"]
    amp = briefing_messages(Briefing("Tom & Jerry <!here>", "s"))[0].blocks[0]
    assert amp["type"] == "section" and amp["text"]["text"] == "*Tom &amp; Jerry &lt;!here&gt;*"
    short = briefing_messages(Briefing("x" * HEADER_TEXT, "s"))[0].blocks[0]
    assert short["type"] == "header"


def test_hostile_article_text_is_inert() -> None:
    hostile = "<!channel> <!here> <@U123> &lt; *bold* _it_ ~gone~ `code` <https://evil.test|click me> @channel"
    escaped = escape(hostile)
    assert "&lt;!channel&gt;" in escaped and "&lt;@U123&gt;" in escaped and "&amp;lt;" in escaped
    assert f"{ZWSP}*{ZWSP}bold{ZWSP}*{ZWSP}" in escaped
    assert "<" not in escaped and ">" not in escaped
    assert plain(escaped) == hostile
    assert link("javascript:alert(1)", "x") == "x (javascript:alert(1))"
    assert safe_url("https://a.test/?q=<!channel>|x") == "https://a.test/?q=%3C!channel%3E%7Cx"


def test_notes_keep_their_lines_and_are_escaped() -> None:
    (message,) = text_messages("No incident matches “<!here>”.\n\nTry /incidents.")
    assert message.blocks[0]["text"]["text"] == "No incident matches “&lt;!here&gt;”.\n\nTry /incidents."
    assert message.text == "No incident matches “&lt;!here&gt;”. Try /incidents."


def test_split_line_never_cuts_an_entity_a_mark_or_a_link() -> None:
    line = " ".join(["a&amp;b", f"{ZWSP}*{ZWSP}", "<https://x.test/p|label>"] * 40)
    for limit in (7, 11, 30, 100):
        pieces = split_line(line, limit)
        assert all(len(p) <= limit for p in pieces)
        for p in pieces:
            assert not re.search(r"&(?!amp;|lt;|gt;)", p)
            assert OUR_LINK.sub("", p).count("<") == 0 and OUR_LINK.sub("", p).count(">") == 0
            assert not re.search(f"{ZWSP}[*]$|^[*]{ZWSP}", p)
        if limit >= len("<https://x.test/p|label>"):
            assert "".join(pieces).replace(" ", "") == line.replace(" ", "")
        else:  # a link longer than a piece keeps its label and its address, as text
            assert "label(https://x.test/p)" in "".join(pieces).replace(" ", "")


# --- the property: no output contains <!, <@ or <http unless our own code made it ----------------------
HOSTILE = ["<!channel>", "<!here>", "<!everyone>", "<@U123>", "<#C1|general>", "<!subteam^S1>", "<https://evil.test|click>",
           "&lt;", "&amp;", "&", "*bold*", "_it_", "~s~", "`code`", "> quote", "\n", "|", ">", "<", "@channel",
           "https://x.test/a?b=1&c=2", "<mailto:a@b.c|mail>"]
piece = st.one_of(st.sampled_from(HOSTILE), st.text(st.characters(blacklist_categories=("Cs",)), max_size=12))
untrusted = st.lists(piece, max_size=5).map("".join)
urls = st.one_of(st.none(), untrusted, untrusted.map(lambda s: "https://news.test/" + s))
citations = st.builds(Citation, untrusted, untrusted, urls, untrusted, st.one_of(st.none(), untrusted))
items = st.builds(Item, untrusted, st.lists(citations, max_size=3).map(tuple), st.one_of(st.none(), untrusted), urls,
                  st.one_of(st.none(), st.sampled_from(["asserts", "denies"])))
sections_ = st.builds(Section, untrusted, st.sampled_from(["disputed", "agreed", "note", "sources"]),
                      st.lists(items, max_size=4).map(tuple))
briefings = st.builds(Briefing, untrusted, untrusted, st.lists(sections_, max_size=4).map(tuple),
                      st.one_of(st.none(), untrusted), st.one_of(st.none(), untrusted))


def _urls(b: Briefing) -> set[str]:
    found = {i.url for s in b.sections for i in s.items} | {c.url for s in b.sections for i in s.items for c in i.citations}
    return {u for u in (safe_url(x) for x in found) if u}


@settings(max_examples=100, deadline=None, database=None, suppress_health_check=[HealthCheck.too_slow])
@given(briefings)
def test_no_output_contains_mentions_or_links_that_our_code_did_not_make(b: Briefing) -> None:
    messages = briefing_messages(b)
    allowed = _urls(b)
    for m in messages:
        check(m)
        for block in m.blocks:
            if block["type"] == "header":
                assert not set(block["text"]["text"]) & set("<>&")
        for text in [m.text, *(t for t in all_text([m]).split("\n"))]:
            for url in OUR_LINK.findall(text):
                assert url[0] in allowed
            rest = OUR_LINK.sub("", text)
            assert "<" not in rest
            assert ">" not in rest.removeprefix("> ")  # only our own quote marker at the start of a line
            assert not re.search(r"&(?!amp;|lt;|gt;)", rest)
    seen = plain(all_text(messages))
    for s in b.sections:
        for item in s.items:
            for c in item.citations:
                assert clean(c.quote).replace(ZWSP, "") in seen.replace(ZWSP, "")
                assert clean(c.attributed_to).replace(ZWSP, "") in seen.replace(ZWSP, "")
