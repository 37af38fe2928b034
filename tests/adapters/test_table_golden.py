"""Golden first screens (issue 18): an incident's table in console text, Slack Block Kit and Discord embeds.

The bundled sample's Balad incident is pinned in tests/golden/table/ (regenerate with BRIEFBOT_REGEN_GOLDEN=1 and
review the diff by eye). The seeds' Kalsu incident and the dev corpus's most reported incident are checked
against the same aims without pinning their text here (it comes from real reports); set BRIEFBOT_TABLE_OUT=DIR
to write all of them out for review. Aims: at most 25 lines and 3,000 characters; one Slack message whose
blocks slack_sdk accepts; one Discord embed; each quote once in the evidence.
"""
from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from adapters.discord import embeds
from adapters.slack import blocks
from adapters.slack.mrkdwn import plain
from bot.app import sample_files
from briefings.briefing import Briefing
from briefings.engine import Engine
from briefings.render.text import clean, render_text, trim_quote
from tests.conftest import _need_shared, new_db_url

GOLDEN = Path(__file__).resolve().parents[1] / "golden" / "table"
LINES, CHARS = 25, 3000


def outputs(b: Briefing) -> dict[str, str]:
    """Everything a person sees first, and what they see on asking for the evidence."""
    slack = [m.payload() for m in blocks.briefing_messages(b)]
    discord = embeds.briefing_messages(b)
    return {
        "text": render_text(b),
        "full.txt": render_text(b, full=True),
        "slack.json": json.dumps(slack, ensure_ascii=False, indent=1) + "\n",
        "discord.json": json.dumps(discord, ensure_ascii=False, indent=1) + "\n",
    }


def check_first_screen(engine: Engine, query: str) -> tuple[Briefing, dict[str, str]]:
    from slack_sdk.models.blocks import Block

    b = engine.incident(query)
    out = outputs(b)
    text = out["text"]
    assert len(text.splitlines()) <= LINES and len(text) <= CHARS, (query, len(text.splitlines()), len(text))
    (message,) = blocks.briefing_messages(b)
    for block in message.blocks:
        Block.parse(block).validate_json()
    shown = plain("\n".join(e["text"] for blk in message.blocks for e in [blk.get("text") or {}, *blk.get("elements", [])]
                            if isinstance(e, dict) and isinstance(e.get("text"), str)))
    assert len([line for line in shown.splitlines() if line.strip()]) <= LINES and len(shown) <= CHARS
    ((embed,),) = embeds.briefing_messages(b)  # one message, one embed
    assert len(embed["description"].splitlines()) <= LINES and len(embed["description"]) <= CHARS
    assert not any(f.citation.quote in text for f in b.footnotes)  # the quotes wait behind the evidence
    evidence = engine.evidence(query)
    pages = re.sub(r"\s+", "", "".join(e.get("description", "") + "".join(f["value"] for f in e.get("fields", []))
                                       for m in embeds.briefing_messages(evidence) for e in m if e["title"].startswith("Quotes")))
    for f in b.footnotes:  # once per report that printed it (a quote two reports share is cited under each)
        times = sum(1 for g in b.footnotes if g.citation.quote == f.citation.quote)
        quote = trim_quote(clean(f.citation.quote))
        for rendered in (out["full.txt"], render_text(evidence)):
            assert rendered.split("\nSources\n")[0].count(f"“{quote}”") == times, (query, f.n)
        assert pages.count(re.sub(r"\s+", "", embeds.escape(quote))) == times, (query, f.n)
    if where := os.environ.get("BRIEFBOT_TABLE_OUT"):
        folder = Path(where)
        folder.mkdir(parents=True, exist_ok=True)
        slug = re.sub(r"[^a-z0-9-]+", "-", query.lower())
        for kind, body in out.items():
            (folder / f"{slug}.{kind}").write_text(body, encoding="utf-8")
    return b, out


@pytest.fixture(scope="module")
def sample(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    engine = Engine(new_db_url(tmp_path_factory.mktemp("golden-table")))
    engine.ingest(sample_files())
    yield engine
    engine.close()


def test_the_sample_balad_first_screen_is_pinned(sample: Engine) -> None:
    _b, out = check_first_screen(sample, "balad")
    for kind, body in out.items():
        path = GOLDEN / f"balad.{kind}"
        if os.environ.get("BRIEFBOT_REGEN_GOLDEN"):
            GOLDEN.mkdir(parents=True, exist_ok=True)
            path.write_text(body, encoding="utf-8")
        assert body == path.read_text(encoding="utf-8"), f"{path} changed: review and regenerate"


@pytest.mark.parametrize("query", ["erbil", "tuz khurmatu"])
def test_every_sample_incident_fits_one_screen(sample: Engine, query: str) -> None:
    check_first_screen(sample, query)


def test_the_seed_incident_fits_one_screen(seeds_dir: Path, tmp_path: Path) -> None:
    engine = Engine(new_db_url(tmp_path))
    try:
        engine.ingest(sorted(seeds_dir.glob("*.txt")))
        b, _out = check_first_screen(engine, "kalsu")
        rows = {r.field: r for r in b.table}
        assert {"killed", "wounded", "weapon", "distance_km"} <= {f for f, r in rows.items() if r.disputed}
    finally:
        engine.close()


def test_the_most_reported_dev_corpus_incident_fits_one_screen(tmp_path: Path) -> None:
    corpus = _need_shared("corpus/articles")
    engine = Engine(new_db_url(tmp_path))
    try:
        engine.ingest([str(corpus)])
        rows: list[dict[str, Any]] = engine.incidents().data["incidents"]
        sizes = {r["slug"]: len(engine.incident(r["slug"]).data["incident"]["articles"]) for r in rows}
        check_first_screen(engine, max(sizes, key=lambda s: (sizes[s], s)))
    finally:
        engine.close()


HOLDERS = ["police sources", "a hospital director in the city", "the provincial governor", "two security officials",
           "the health ministry", "a spokesman for the army", "witnesses at the scene", "a local council member",
           "civil defence officials", "an interior ministry statement"]
MEANS = ["a car bomb", "two rockets", "a drone", "mortar shells", "an explosive-laden drone"]


def test_an_incident_with_ten_sources_fits_one_message_and_one_embed(tmp_path: Path) -> None:
    """Ten invented outlets on one blast, each with its own figures, means and holder."""
    for n, holder in enumerate(HOLDERS):
        killed, wounded, means = 3 + n, 10 + 2 * n, MEANS[n % len(MEANS)]
        (tmp_path / f"r{n}.txt").write_text(
            f"outlet: Gazette Number {n}\npublished: 2031-05-06\nurl: https://example.org/{n}/kirkuk-market\n"
            f"title: Blast hits Kirkuk market\n---\n"
            f"{killed} people were killed and {wounded} wounded when {means} hit a crowded market in Kirkuk on "
            f"Tuesday, {holder} said.\nThe {holder} blamed unknown attackers for the attack on the market.\n",
            encoding="utf-8")
    engine = Engine(new_db_url(tmp_path))
    try:
        engine.ingest(sorted(str(p) for p in tmp_path.glob("r*.txt")))
        b, _out = check_first_screen(engine, "kirkuk")
        assert len(b.data["incident"]["articles"]) == 10
        killed = next(r for r in b.table if r.field == "killed")
        assert killed.disputed and len(killed.cells) == 10
    finally:
        engine.close()
