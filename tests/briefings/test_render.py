"""Renderers: every item and citation appears, quotes are trimmed at words, Markdown cannot be injected."""
from __future__ import annotations

import json

import pytest

from briefings.briefing import Briefing, Citation, Item, Section
from briefings.render import render, render_json, render_markdown, render_text
from briefings.render.markdown import escape
from briefings.render.text import trim_quote

HOSTILE = "*bold* [x](http://evil) <!channel> @everyone"


def cite(holder: str, outlet: str, quote: str, url: str | None = "https://example.org/a", published: str | None = "2024-04-20") -> Citation:
    return Citation(attributed_to=holder, outlet=outlet, url=url, quote=quote, published=published)


def kalsu() -> Briefing:
    return Briefing(
        title="Kalsu base blast, 19–20 April 2024",
        summary="Sources disagree on the toll and the weapon.",
        status="contested",
        sections=(
            Section("Killed", "disputed", field="killed", items=(
                Item("held by a military statement", label="1", citations=(
                    cite("a military statement", "The Jerusalem Post",
                         "One member of Iraq's Popular Mobilisation Forces was killed and eight wounded."),)),
                Item("held by two PMF sources", label="0", citations=(
                    cite("two PMF sources", "The Jerusalem Post", "the strikes did not lead to casualties"),
                    cite("security sources", "EFE", "at least two killed", url=None, published=None))),
            )),
            Section("Weapon", "disputed", field="weapon", items=(
                Item("according to Al-Hadath", label="three F-35 jets", citations=(
                    cite("Al-Hadath", "The Jerusalem Post", "the attack was carried out by three F-35 jets"),)),
            )),
            Section("Sources", "sources", items=(
                Item("The Jerusalem Post, 2024-04-20", url="https://www.jpost.com/breaking-news/article-797969"),
            )),
        ),
        footer="2 reports from 2 outlets.",
        data={"query": "kalsu", "incident": {"slug": "kalsu-2024-04-19", "title": "Kalsu — بابل"}, "others": []},
    )


def hostile() -> Briefing:
    return Briefing(
        title=f"# {HOSTILE}",
        summary=f"{HOSTILE}\n# not a heading\n- not a list\n1. not ordered | cell",
        sections=(Section(HOSTILE, "disputed", items=(
            Item(HOSTILE, label=f"_{HOSTILE}_", citations=(
                cite(HOSTILE, "`code` outlet", f"> {HOSTILE} www.evil.example &amp;", url="javascript:alert(1)"),)),
        )),),
    )


def test_text_has_title_status_summary_items_and_every_citation() -> None:
    out = render_text(kalsu())
    lines = out.splitlines()
    assert lines[0] == "Kalsu base blast, 19–20 April 2024"
    assert lines[1].startswith("Status: contested")
    assert "Sources disagree on the toll and the weapon." in out
    assert "1 — held by a military statement" in out
    assert "three F-35 jets — according to Al-Hadath" in out
    assert "— a military statement (The Jerusalem Post, 2024-04-20): “One member of Iraq's" in out
    assert "— security sources (EFE): “at least two killed”" in out
    assert out.count("“") == 4  # all four citations, none dropped
    assert "https://www.jpost.com/breaking-news/article-797969" in out
    assert "2 reports from 2 outlets." in out


def test_text_citations_are_indented_on_their_own_line() -> None:
    lines = render_text(kalsu()).splitlines()
    quoted = [line for line in lines if "“" in line]
    assert len(quoted) == 4
    assert all(line.startswith("    — ") for line in quoted)


def test_text_strips_terminal_control_sequences() -> None:
    b = Briefing("T\x1b[31mred\x1b[0m", "bell\x07", sections=(Section("S", "note", items=(Item("x\x1b]0;pwned\x07"),)),))
    out = render_text(b)
    assert "\x1b" not in out and "\x07" not in out
    assert "T[31mred[0m" in out


def test_quotes_are_trimmed_at_a_word_with_an_ellipsis() -> None:
    words = " ".join(f"word{i}" for i in range(200))
    short = trim_quote(words, 300)
    assert short.endswith("…") and len(short) <= 301
    assert short[:-1] == words[: len(short) - 1]
    assert words[len(short) - 1] == " "  # the cut falls between two words
    assert trim_quote("short quote", 300) == "short quote"
    long_b = Briefing("T", "", sections=(Section("S", "note", items=(Item("i", citations=(cite("h", "o", words),)),)),))
    assert "word199" not in render_text(long_b) and "…”" in render_text(long_b)


def test_a_single_overlong_word_is_still_bounded() -> None:
    assert len(trim_quote("x" * 1000, 300)) == 301


def test_empty_section_says_so_rather_than_vanishing() -> None:
    b = Briefing("T", "s", sections=(Section("Wounded", "unreported"),))
    assert "Wounded" in render_text(b) and "(none)" in render_text(b)
    assert "## Wounded" in render_markdown(b)


def test_markdown_structure() -> None:
    out = render_markdown(kalsu())
    assert out.startswith("# Kalsu base blast")
    assert "**Status: contested (sources disagree)**" in out
    assert "## Killed" in out and "## Weapon" in out and "## Sources" in out
    assert "- **1** — held by a military statement" in out
    assert "  > “the strikes did not lead to casualties”" in out
    assert "  > — security sources (EFE)" in out
    assert "[source](<https://www.jpost.com/breaking-news/article-797969>)" in out
    assert out.count("  > “") == 4


@pytest.mark.parametrize("fmt", ["text", "markdown"])
def test_every_item_and_citation_survives(fmt: str) -> None:
    b = kalsu()
    out = render(b, fmt)
    for section in b.sections:
        for item in section.items:
            assert (item.label or item.text).split()[0] in out
            for c in item.citations:
                assert c.quote.split()[0] in out and c.attributed_to.split()[0] in out


def test_markdown_escapes_hostile_text_everywhere() -> None:
    """Parsed by a real CommonMark parser (+ tables, strikethrough): article text adds no markup at all."""
    from markdown_it import MarkdownIt  # rich's Markdown parser: installed with briefbot

    html = MarkdownIt("commonmark").enable(["table", "strikethrough"]).render(render_markdown(hostile()))
    for tag in ("<a ", "<em>", "<code>", "<table", "<s>", "<h3", "<ol", "<hr"):
        assert tag not in html, tag
    assert html.count("<h1>") == 1 and html.count("<h2>") == 1 and html.count("<li>") == 1
    assert html.count("<strong>") == 1  # the renderer's own bold label, nothing from the text
    assert "&lt;!channel&gt;" in html  # shown, not interpreted
    assert "&amp;amp;" in html  # an entity in the text is shown as typed
    assert "[x](http://evil)" in html  # visible to the reader, not a link
    assert "javascript:alert(1)" in html and 'href="javascript' not in html


def test_markdown_never_writes_bare_urls_from_text() -> None:
    """GFM would autolink these; the renderer breaks them so only its own source links are links."""
    out = render_markdown(hostile())
    assert "http://evil" not in out and "www.evil" not in out


def test_markdown_escape_examples() -> None:
    assert escape("*a* _b_") == "\\*a\\* \\_b\\_"
    assert escape("# title") == "\\# title"
    assert escape("a # b") == "a # b"
    assert escape("2019. was") == "2019\\. was"
    assert escape("x\ny") == "x y"
    assert escape("see https://evil.example") == "see https\\://evil.example"


def test_json_prints_the_engine_document_unchanged() -> None:
    b = kalsu()
    out = render_json(b)
    assert json.loads(out) == b.data
    assert "بابل" in out  # ensure_ascii=False
    assert out.startswith('{\n  "query"')  # indent=2


def test_json_for_a_briefing_without_data_is_its_structure() -> None:
    b = Briefing("Incidents", "3 incidents.", sections=(Section("Incidents", "incidents", items=(Item("x", label="a"),)),), kind="incidents")
    doc = json.loads(render_json(b))
    assert doc["title"] == "Incidents" and doc["sections"][0]["items"][0]["label"] == "a"


def test_render_dispatch_rejects_unknown_formats() -> None:
    assert render(kalsu(), "text") == render_text(kalsu())
    with pytest.raises(ValueError, match="text, markdown, json"):
        render(kalsu(), "html")
