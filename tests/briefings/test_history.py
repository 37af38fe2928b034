"""Figure history: a later report that changes a figure keeps both values, with time and holder, and the
incident briefing shows the change. Nothing is overwritten and nothing is invented."""
from __future__ import annotations

from pathlib import Path

import pytest

from briefings.engine import Engine
from briefings.extract.numbers import find_quantities
from briefings.history import changed, changed_since, history
from briefings.reconcile import ClaimView
from briefings.render import render_text
from tests.briefings.test_seeds_acceptance import _numbers, assert_numbers_quoted

_ids = iter(range(1, 10_000))


def claim(value: float | None, holder: str, article: int, published: str, *, field: str = "killed",
          qualifier: str | None = None, stance: str = "asserts", victims: str | None = None,
          outlet: str = "Wire") -> ClaimView:
    return ClaimView(next(_ids), field, None if value is None else str(value), value, qualifier, holder, stance,
                     f"quote {holder}", victims, None, article, outlet, f"https://x.example/{article}", published)


def test_a_later_report_adds_a_step_with_its_holder_and_date() -> None:
    cs = [claim(1, "a military statement", 1, "2024-04-20", outlet="The Jerusalem Post"),
          claim(2, "security sources", 2, "2024-04-21", outlet="EFE", qualifier="at least")]
    (h,) = changed(cs)
    assert h.arrow() == "1 → at least 2"
    item = h.item(prefix="Kalsu: ")
    assert item.label == "Kalsu: killed 1 → at least 2"
    assert item.text == ("1 per a military statement quoted by The Jerusalem Post (2024-04-20); "
                         "then at least 2 per security sources quoted by EFE (2024-04-21)")
    assert [c.quote for c in item.citations] == ["quote a military statement", "quote security sources"]


def test_order_is_by_publication_not_by_arrival() -> None:
    late_arrival_old_report = claim(5, "police", 9, "2024-01-01")
    cs = [claim(7, "hospital", 3, "2024-01-02"), late_arrival_old_report]
    assert changed(cs)[0].arrow() == "5 → 7"


def test_a_repeated_value_is_not_a_change_and_one_value_is_no_history() -> None:
    cs = [claim(3, "police", 1, "2024-01-01"), claim(3, "hospital", 2, "2024-01-02"), claim(3, "army", 3, "2024-01-03")]
    assert changed(cs) == () and len(history(cs)[0].steps) == 1
    cs.append(claim(4, "army", 4, "2024-01-04"))
    cs.append(claim(3, "police", 5, "2024-01-05"))  # going back to a known value adds nothing
    assert changed(cs)[0].arrow() == "3 → 4"


def test_values_first_given_by_one_report_are_one_step() -> None:
    """Disputing holders quoted side by side are not a sequence: '1 / 0 → 2', never '1 → 0 → 2'."""
    cs = [claim(1, "Iraqi sources", 1, "2024-04-20"), claim(0, "PMF sources", 1, "2024-04-20"),
          claim(2, "security sources", 2, "2024-04-20")]
    assert changed(cs)[0].arrow() == "1 / 0 → 2"
    assert changed(cs[:2]) == ()  # a single report is a dispute, not a change


def test_denials_vague_figures_and_other_fields_are_left_out() -> None:
    cs = [claim(1, "police", 1, "2024-01-01"), claim(2, "militia", 2, "2024-01-02", stance="denies"),
          claim(None, "medics", 3, "2024-01-03", qualifier="dozens"), claim(9, "army", 4, "2024-01-04", field="note")]
    assert changed(cs) == ()


def test_different_victim_groups_keep_separate_histories() -> None:
    cs = [claim(1, "Pentagon", 1, "2019-12-27", victims="US contractor"),
          claim(2, "Iraqi police", 2, "2019-12-28", victims="Iraqi police officers"),
          claim(3, "Iraqi police", 3, "2019-12-29", victims="Iraqi police officers")]
    (h,) = changed(cs)
    assert h.arrow() == "2 → 3" and h.label == "killed (Iraqi police officers)"


def test_wounded_has_its_own_history() -> None:
    cs = [claim(4, "police", 1, "2024-01-01", field="wounded"), claim(9, "hospital", 2, "2024-01-02", field="wounded")]
    assert [(h.field, h.arrow()) for h in changed(cs)] == [("wounded", "4 → 9")]


def test_changed_since_needs_a_value_nobody_gave_before() -> None:
    old = [claim(1, "police", 1, "2024-01-01")]
    repeat = claim(1, "hospital", 2, "2024-01-02")
    assert changed_since(old + [repeat], {repeat.id}) == ()
    new = claim(3, "hospital", 3, "2024-01-03")
    (h,) = changed_since(old + [repeat, new], {new.id})
    assert h.arrow() == "1 → 3"
    first_ever = [claim(2, "a", 4, "2024-01-01"), claim(5, "b", 5, "2024-01-02")]
    assert changed_since(first_ever, {c.id for c in first_ever}) == ()  # newly reported, not changed


ARTICLE = """outlet: {outlet}
published: {published}
url: https://news.example/{slug}
title: {title}
---
{body}
"""


def write(tmp: Path, slug: str, outlet: str, published: str, body: str, title: str = "Hilla attack") -> Path:
    path = tmp / f"{slug}.txt"
    path.write_text(ARTICLE.format(outlet=outlet, published=published, slug=slug, title=title, body=body))
    return path


FIRST = ("One person was killed and four were wounded when rockets hit a market in Hilla on Monday, "
         "a police spokesman said.")
LATER = ("Three people were killed and nine wounded in Monday's rocket attack on a market in Hilla, "
         "hospital sources told River Post.")


@pytest.fixture()
def engine(db_url: str) -> Engine:
    eng = Engine(db_url)
    yield eng  # type: ignore[misc]
    eng.close()


def test_the_incident_briefing_shows_the_change_and_keeps_both_claims(engine: Engine, tmp_path: Path) -> None:
    engine.ingest([write(tmp_path, "hilla-1", "Northern Gazette", "2025-03-03", FIRST)])
    assert "History" not in [s.title for s in engine.incident("hilla").sections]
    engine.ingest([write(tmp_path, "hilla-2", "River Post", "2025-03-04", LATER)])
    b = engine.incident("hilla")
    (section,) = [s for s in b.sections if s.title == "History"]
    labels = [i.label for i in section.items]
    assert labels == ["killed 1 → 3", "wounded 4 → 9"]
    assert section.items[0].text == ("1 per a police spokesman quoted by Northern Gazette (2025-03-03); "
                                     "then 3 per hospital sources quoted by River Post (2025-03-04) [1][2]")
    killed = [c for c in b.data["incident"]["claims"] if c["field"] == "killed"]
    assert sorted(c["value"] for c in killed) == [1, 3]  # the first figure is still there
    text = render_text(b, full=True)
    assert text.index("\nHistory\n") < text.index("\nSources\n")
    assert_numbers_quoted(engine)
    quotes = " ".join(c["quote"] for c in b.data["incident"]["claims"])
    quoted = _numbers(quotes) | {q.value for q in find_quantities(quotes) if q.value is not None}  # "Three" → 3
    shown = _numbers(" ".join(f"{i.label} {i.text}" for i in section.items))
    assert shown <= quoted, shown - quoted  # every figure in the history comes from a stored claim
