"""The disagreement table (issue 18): only real disagreements, subgroups and launch sites apart, each quote once,
and nothing lost between the first screen and its evidence. Invented sentences only."""
from __future__ import annotations

from collections.abc import Iterator
from itertools import count

import pytest

from bot.app import sample_files
from briefings.compat import compatible, launch_site, means_compatible, subgroup
from briefings.engine import Engine
from briefings.reconcile import ClaimView, reconcile
from briefings.render.text import render_text
from briefings.table import LABEL, build, row_text, value_text


def _loaded(engine: Engine, slug: str) -> tuple[list[ClaimView], list[object], set[str]]:
    from briefings import queries
    from briefings.db.models import Incident
    from sqlalchemy import select

    with engine.sessions() as s:
        inc = s.scalars(select(Incident).where(Incident.slug == slug)).one()
        return queries.load(s, inc)  # type: ignore[return-value]

_ids = count(1)


@pytest.fixture(scope="module")
def sample_engine(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Engine]:
    from tests.conftest import new_db_url

    engine = Engine(new_db_url(tmp_path_factory.mktemp("table-samples")))
    engine.ingest(sample_files())
    yield engine
    engine.close()


def claim(field: str, value: str | None, holder: str, quote: str, *, num: float | None = None, qualifier: str | None = None,
          stance: str = "asserts", outlet: str = "Harbour Times", article: int = 1, victims: str | None = None) -> ClaimView:
    return ClaimView(next(_ids), field, value, num, qualifier, holder, stance, quote, victims, None, article, outlet,
                     f"https://example.org/{article}", "2031-05-02")


def test_the_same_means_in_other_words_is_one_value_and_no_dispute() -> None:
    q1 = "Three soldiers were hurt when explosive-laden drones hit the depot, the navy said."
    q2 = "The navy said a second drone was shot down over the harbour."
    q3 = "Dock workers said the depot was hit in an air strike shortly after dawn."
    claims = [claim("weapon", "explosive-laden drones", "the navy", q1), claim("weapon", "drone", "the navy", q2),
              claim("weapon", "air strike", "dock workers", q3, outlet="Coast Courier", article=2)]
    rec = reconcile(claims, {"Harbour Times", "Coast Courier"})
    weapon = next(f for f in rec.fields if f.field == "weapon")
    assert not weapon.disputed  # a drone strike is an airstrike
    assert len(weapon.groups) == 2  # "explosive-laden drones" and "drone" are one value
    assert rec.status == "corroborated"


def test_different_means_from_different_holders_are_a_dispute() -> None:
    claims = [claim("weapon", "drones", "the navy", "The navy said drones hit the depot."),
              claim("weapon", "two rockets", "a port official", "A port official said two rockets hit the depot.",
                    outlet="Coast Courier", article=2)]
    rec = reconcile(claims, {"Harbour Times", "Coast Courier"})
    assert [d.field for d in rec.disputes] == ["weapon"] and rec.status == "contested"


def test_means_and_figures_compatibility() -> None:
    assert means_compatible("unknown aircraft", "three drones")
    assert means_compatible("a drone strike", "kamikaze drones")
    assert not means_compatible("drones", "artillery shells")
    at_least = claim("killed", "2", "police", "At least two died.", num=2, qualifier="at least")
    assert compatible(at_least, claim("killed", "2", "medics", "Two died.", num=2))
    assert not compatible(at_least, claim("killed", "5", "medics", "Five died.", num=5))  # a toll to show, not merge
    assert not compatible(claim("killed", "2", "a", "Two died.", num=2), claim("killed", "5", "b", "Five died.", num=5))
    hundreds = claim("wounded", None, "a", "Hundreds were hurt.", num=100, qualifier="hundreds")
    assert not compatible(hundreds, claim("wounded", "240", "b", "240 were hurt.", num=240))  # a vague word vs a count


def test_a_figure_about_part_of_the_victims_is_a_subgroup_never_the_total() -> None:
    none_hurt = claim("wounded", "0", "the coalition", "The coalition said none of its personnel had been hurt.", num=0)
    family = claim("killed", "34", "a relative", "A relative said 34 of his family had died in the raid.", num=34)
    total = claim("wounded", "6", "medics", "Six people were wounded, medics said.", num=6, outlet="Coast Courier", article=2)
    assert subgroup(none_hurt) == "its personnel" and subgroup(family) == "his family" and subgroup(total) is None
    rec = reconcile([none_hurt, total], {"Harbour Times", "Coast Courier"})
    wounded = next(f for f in rec.fields if f.field == "wounded")
    assert not wounded.disputed and (wounded.low, wounded.high) == (6, 6)  # 0 is not a total
    rows, _notes = build(rec)
    text = row_text(next(r for r in rows if r.field == "wounded"))
    assert text == "6 — medics (Coast Courier) [1] · 0 of its personnel (subgroup) — the coalition (Harbour Times) [2]"


def test_a_launch_site_is_not_a_target() -> None:
    quote = "Two rockets fired from an orchard near the river struck the fuel depot, police said."
    site = claim("target", "an orchard near the river", "police", quote)
    depot = claim("target", "the fuel depot", "police", quote)
    assert launch_site(site) and not launch_site(depot)
    rows, _notes = build(reconcile([site, depot], {"Harbour Times"}))
    by_field = {r.field: row_text(r) for r in rows}
    assert by_field["launch_site"].startswith("an orchard near the river — police")
    assert by_field["target"].startswith("the fuel depot — police")


def test_each_quote_is_one_footnote_shared_by_every_field_it_supports() -> None:
    quote = "Four people were killed and nine wounded when a drone hit the market, police said."
    claims = [claim("killed", "4", "police", quote, num=4), claim("wounded", "9", "police", quote, num=9),
              claim("weapon", "drone", "police", quote), claim("target", "the market", "police", quote)]
    rows, notes = build(reconcile(claims, {"Harbour Times"}))
    assert len(notes) == 1 and notes[0].n == 1
    assert {lab for lab, _v, _h in notes[0].supports} == {"Killed", "Wounded", "Weapon / means", "Target"}
    assert all(row_text(r).endswith("[1]") for r in rows if r.cells)
    assert [r.label for r in rows if not r.cells] == ["Perpetrator (as claimed)"]
    assert row_text(next(r for r in rows if not r.cells)) == "not reported"


def test_nothing_is_lost_between_the_table_its_evidence_and_the_full_briefing(sample_engine: Engine) -> None:
    """Every (field, value, holder, quote) of the full briefing is in the compact table plus its evidence."""
    engine = sample_engine
    for row in engine.incidents().data["incidents"]:
        b = engine.incident(row["slug"])
        doc = b.data["incident"]
        evidence = {(lab, val, h, f.citation.quote) for f in b.footnotes for lab, val, h in f.supports}
        compact = render_text(b)
        for r in b.table:  # every value on the first screen, with the numbers of its quotes
            for cell in r.cells:
                assert cell.value in compact
                for n in cell.refs:
                    assert (r.label, cell.value) in {(lab, val) for lab, val, _h in b.footnotes[n - 1].supports}
        by_quote = {(h, q) for _l, _v, h, q in evidence}
        for c in doc["claims"]:  # the full briefing: every stored claim
            holder = c["outlet"] if c["attributed_to"] == "outlet" else c["attributed_to"]
            assert (holder, c["quote"]) in by_quote, (row["slug"], c["field"], holder)
        full = render_text(b, full=True)
        for f in b.footnotes:  # each quote once, also in the full briefing
            assert full.count(f"“{f.citation.quote[:120]}") == 1
        assert doc["footnotes"] and len(doc["footnotes"]) == len(b.footnotes)
        # the full briefing's (field, value, holder, quote), straight from reconciliation: equal, none dropped by
        # a crowded row, a denial shown with its blame, or a quote shared by several fields
        claims, _arts, outlets = _loaded(engine, row["slug"])
        rec = reconcile(claims, outlets)
        full_set = {(LABEL[f.field], value_text(f.field, g), c.holder, c.quote)
                    for f in (*rec.fields, *rec.disputes) for g in f.groups for c in g.claims
                    if not (f.field == "note" and f in rec.disputes)}
        assert evidence == full_set, (row["slug"], evidence ^ full_set)
