"""The status ingest stores for each incident (issue 15: computed from distinct claims, in bounded memory) is the
status its briefing shows, however many reports repeat the same claims. Reports are invented here."""
from __future__ import annotations

import random
from pathlib import Path

import pytest
from sqlalchemy import select

from briefings import queries
from briefings.db.models import Claim, Incident
from briefings.engine import Engine
from tests.conftest import new_db_url

PLACES = ("Mosul", "Hilla", "Kirkuk", "Basra", "Tikrit")
OUTLETS = ("Wire One", "Daily Courier", "Radio Delta", "The Ledger", "Night Desk")
SENTENCES = (
    "A drone killed {n} people near {place} on Tuesday, police said.",
    "At least {n} people were killed when rockets hit a market in {place} on Tuesday, officials said.",
    "None of its personnel were killed in the strike near {place} on Tuesday, the company said.",
    "Two of its soldiers were wounded near {place} on Tuesday, the army said.",
    "Rockets fired from farmland east of {place} hit an army depot on Tuesday, a security source said.",
    "The army denied any involvement in the attack near {place} on Tuesday.",
    "Officials blamed the Islamic State group for the attack in {place} on Tuesday.",
    "The Islamic State group denied carrying out the attack in {place}.",
)


def report(rng: random.Random, place: int) -> str:
    """Reports of the first place come from one outlet, of the second from outlets that agree, of the others from
    outlets that may not."""
    outlets, figures = (OUTLETS[:1], [2]) if place == 0 else (OUTLETS, [2]) if place == 1 else (OUTLETS, [2, 2, 3, 5])
    sentences = SENTENCES[:5] if place < 2 else SENTENCES
    body = " ".join(rng.choice(sentences).format(n=rng.choice(figures), place=PLACES[place])
                    for _ in range(rng.randint(1, 3)))
    return (f"outlet: {rng.choice(outlets)}\npublished: 2024-04-16\ntitle: Attack near {PLACES[place]}\n---\n"
            f"{body}\n")


@pytest.fixture
def engine(tmp_path: Path) -> Engine:
    return Engine(new_db_url(tmp_path))


def test_stored_status_is_the_briefings_status(engine: Engine, tmp_path: Path) -> None:
    rng = random.Random(5)
    paths = []
    for n in range(120):  # many reports repeating a few claims, in several batches
        path = tmp_path / f"r{n:03d}.txt"
        path.write_text(report(rng, n % len(PLACES)))
        paths.append(path)
    for start in range(0, len(paths), 40):
        assert engine.ingest(paths[start:start + 40]).ok
    with engine.sessions() as s:
        incidents = list(s.scalars(select(Incident)))
        quotes = list(s.scalars(select(Claim.quote)))
        for inc in incidents:
            claims, _articles, outlets = queries.load(s, inc)
            assert inc.status == queries.reconcile(claims, outlets).status, inc.slug
    assert any("of its" in q for q in quotes) and any("fired from" in q for q in quotes)  # quotes the status reads
    assert len(incidents) >= len(PLACES)
    assert {i.status for i in incidents} == {"single-source", "corroborated", "contested"}


def test_one_outlet_many_reports_is_single_source_and_a_second_corroborates(engine: Engine, tmp_path: Path) -> None:
    body = "A car bomb killed 4 people near Kirkuk on Monday, police said."
    for n in range(30):  # one outlet saying the same thing thirty times is still one source
        (tmp_path / f"same{n}.txt").write_text(f"outlet: Wire One\npublished: 2024-03-04\n---\n{body} Update {n}.\n")
    assert engine.ingest(sorted(tmp_path.glob("same*.txt"))).ok
    with engine.sessions() as s:
        assert set(s.scalars(select(Incident.status))) == {"single-source"}
    other = tmp_path / "other.txt"
    other.write_text(f"outlet: Daily Courier\npublished: 2024-03-04\n---\n{body} Our reporter saw it.\n")
    assert engine.ingest([other]).ok
    with engine.sessions() as s:
        assert set(s.scalars(select(Incident.status))) == {"corroborated"}


WIRE = """outlet: {outlet}
url: {url}
published: 2024-03-02
---
{figure} people were killed and five wounded in a drone strike on a base near Hilla on Friday, police sources said.
A provincial health official told reporters that the attack hit a checkpoint used by local forces. The attack came
after a week of rising tension in Babil province, residents {said}, and officials promised an investigation into
how the drone crossed into the area.
"""


def _statuses(engine: Engine) -> dict[str, str]:
    """Each incident's stored status, checked against the status its briefing shows."""
    with engine.sessions() as s:
        incidents = list(s.scalars(select(Incident)))
        for inc in incidents:
            claims, _articles, outlets = queries.load(s, inc)
            assert inc.status == queries.reconcile(claims, outlets).status, inc.slug
        return {i.slug: i.status for i in incidents}


@pytest.mark.parametrize("figure, expected", [("Three", "single-source"), ("Seven", "contested")])
def test_a_batch_of_wire_copies_changes_no_status(engine: Engine, tmp_path: Path, figure: str, expected: str) -> None:
    """Copies (near-duplicates of a stored report, by other outlets) are not refreshed (issue 14): they bring no
    claim and no independent outlet, so the stored status is still the briefing's after a batch of them."""
    first = tmp_path / "wire.txt"
    first.write_text(WIRE.format(outlet="Wire One", url="https://wire.example/a", figure="Three", said="said"))
    paths = [first]
    if figure != "Three":  # a second outlet's own report with another figure
        other = tmp_path / "other.txt"
        other.write_text(f"outlet: Daily Courier\npublished: 2024-03-02\n---\n{figure} people were killed in a drone "
                         "strike on a base near Hilla on Friday, the health ministry said.\n")
        paths.append(other)
    assert engine.ingest(paths).ok
    before = _statuses(engine)
    assert set(before.values()) == {expected}
    copies = []
    for n, (outlet, said) in enumerate(zip(OUTLETS[1:], ("told us", "told reporters", "say", "told journalists"))):
        copy = tmp_path / f"copy{n}.txt"
        copy.write_text(WIRE.format(outlet=outlet, url=f"https://copy{n}.example/a", figure="Three", said=said))
        copies.append(copy)
    report = engine.ingest(copies)
    assert [o.status for o in report.outcomes] == ["carrier"] * len(copies)
    assert _statuses(engine) == before  # four more outlets, all copies: still one source (or still contested)


def test_an_event_denial_against_a_holder_of_other_fields_is_contested(engine: Engine, tmp_path: Path) -> None:
    """The refresh reads only the fields a dispute can be about, and asks who asserts anything else only when a
    denial denies the event: here the only assertion is a target, from another outlet."""
    (tmp_path / "a.txt").write_text("outlet: Wire One\npublished: 2024-04-16\n---\nRockets hit an army depot near "
                                    "Kirkuk on Tuesday, a security source said.\n")
    (tmp_path / "b.txt").write_text("outlet: Daily Courier\npublished: 2024-04-16\n---\nThe army denied that any "
                                    "attack took place near Kirkuk on Tuesday.\n")
    assert engine.ingest(sorted(tmp_path.glob("*.txt"))).ok
    statuses = _statuses(engine)
    assert list(statuses.values()) == ["contested"], statuses
