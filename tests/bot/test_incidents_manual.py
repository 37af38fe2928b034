"""Analysts fix groupings and ask why (issue 12): `briefbot incident Q --why`, `briefbot incidents merge|split`,
and `/incidents merge|split` in chat, refused for non-admins. A real Engine on invented reports."""
from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from bot.cli import app
from bot.commands import Caller, default_registry, dispatch
from briefings import Engine

WEEK1 = "A car bomb killed 4 people outside a police station in Kirkuk on Monday, police said."
WEEK2 = "A roadside bomb killed 4 soldiers on a highway in Kirkuk on Tuesday, the army said."
SAME1 = "Gunmen killed 3 guards at a checkpoint in Tikrit on Friday, a security source said."
SAME2 = "Three guards were shot dead at an army checkpoint in Tikrit late on Friday, police officers told reporters."


def write_reports(tmp: Path) -> list[str]:
    out = []
    for name, outlet, day, url, body in (("w1.txt", "Wire A", "2024-03-04", "https://a.example/w1", WEEK1),
                                         ("w2.txt", "Wire B", "2024-03-12", "https://b.example/w2", WEEK2),
                                         ("t1.txt", "Wire C", "2024-03-09", "https://c.example/t1", SAME1),
                                         ("t2.txt", "Paper D", "2024-03-09", "https://d.example/t2",
                                          SAME2)):
        p = tmp / name
        p.write_text(f"outlet: {outlet}\npublished: {day}\nurl: {url}\n---\n{body}\n", encoding="utf-8")
        out.append(str(p))
    return out


@pytest.fixture()
def engine(db_url: str, tmp_path: Path) -> Iterator[Engine]:
    eng = Engine(db_url)
    eng.ingest(write_reports(tmp_path))
    yield eng
    eng.close()


def slugs(eng: Engine) -> list[str]:
    return [row["slug"] for row in eng.incidents().data["incidents"]]


def test_cli_why_merge_and_split(db_url: str, tmp_path: Path) -> None:
    runner = CliRunner()
    assert runner.invoke(app, ["ingest", "--db", db_url, *write_reports(tmp_path)]).exit_code == 0
    why = runner.invoke(app, ["incident", "tikrit", "--why", "--db", db_url])
    assert why.exit_code == 0, why.stderr
    tail = why.stdout.split("Why each report is in tikrit-2024-03-0", 1)[1]
    assert "Wire C — new incident" in tail and "Paper D — same main place: Tikrit" in tail
    doc = json.loads(runner.invoke(app, ["incident", "tikrit", "--format", "json", "--db", db_url]).stdout)
    assert [a["why"].split(":")[0] for a in doc["incident"]["articles"]] == ["new incident", "same main place"]

    listed = json.loads(runner.invoke(app, ["incidents", "--format", "json", "--db", db_url]).stdout)
    kirkuk = sorted(r["slug"] for r in listed["incidents"] if r["slug"].startswith("kirkuk"))
    assert len(kirkuk) == 2  # a week apart: two incidents
    usage = runner.invoke(app, ["incidents", "merge", kirkuk[0], "--db", db_url])
    assert usage.exit_code == 2 and "merge takes two incident slugs" in usage.stderr
    assert runner.invoke(app, ["incidents", "meld", "--db", db_url]).exit_code == 2
    merged = runner.invoke(app, ["incidents", "merge", kirkuk[1], kirkuk[0], "--by", "ana", "--db", db_url])
    assert merged.exit_code == 0 and merged.stdout.startswith(f"Merged {kirkuk[0]} into {kirkuk[1]}")
    assert "by ana at" in merged.stdout
    again = runner.invoke(app, ["incidents", "merge", kirkuk[1], kirkuk[0], "--db", db_url])
    assert again.exit_code == 1 and f"it was merged into {kirkuk[1]}" in again.stderr
    split = runner.invoke(app, ["incidents", "split", kirkuk[1], "--report", "https://a.example/w1", "--by", "ana",
                                "--db", db_url])
    assert split.exit_code == 0 and "Split https://a.example/w1 out of" in split.stdout
    new = split.stdout.split(" into ", 1)[1].split(" by ", 1)[0]
    shown = runner.invoke(app, ["incident", new, "--why", "--db", db_url]).stdout
    assert f"Wire A — manual split from {kirkuk[1]} by ana at " in shown
    assert "Wire A" not in runner.invoke(app, ["incident", kirkuk[1], "--why", "--db", db_url]).stdout


def test_chat_merge_is_for_admins_only(engine: Engine) -> None:
    registry = default_registry()
    before = slugs(engine)
    kirkuk = [s for s in before if s.startswith("kirkuk")]
    member = Caller(platform="slack", user="U2", channel="C1", workspace="T1", can_manage=True)
    refused = dispatch(registry, engine, "incidents", f"merge {kirkuk[0]} {kirkuk[1]}", caller=member)
    assert refused.ephemeral and refused.text is not None and refused.text.startswith("Only admins can merge")
    assert slugs(engine) == before  # nothing changed
    admin = Caller(platform="discord", user="42", channel="C1", workspace="G1", is_admin=True)
    done = dispatch(registry, engine, "incidents", f"merge {kirkuk[0]} {kirkuk[1]}", caller=admin)
    assert not done.ephemeral and done.text is not None and "by discord:42 at" in done.text
    assert kirkuk[1] not in slugs(engine)
    bad = dispatch(registry, engine, "incidents", "split kirkuk", caller=admin)
    assert bad.ephemeral and "split takes an incident slug and the url" in (bad.text or "")
    listing = dispatch(registry, engine, "incidents", "30d", caller=member)
    assert listing.briefing is not None and listing.briefing.kind == "incidents"
    nonsense = dispatch(registry, engine, "incidents", "whenever", caller=member)
    assert nonsense.ephemeral and "couldn't read" in (nonsense.text or "")
