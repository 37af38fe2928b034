"""The serving heap is frozen while a bot serves and given back afterwards (briefings/heap.py)."""
from __future__ import annotations

import gc
import weakref

from briefings.heap import long_lived


class _Node:
    other: object = None


def _cycle() -> weakref.ref[_Node]:
    """A reference cycle nobody can reach any more; the weak reference tells when it is freed."""
    a, b = _Node(), _Node()
    a.other, b.other = b, a
    return weakref.ref(a)


def test_objects_alive_at_start_are_frozen_while_serving_and_released_after() -> None:
    kept = [[f"town {i}"] for i in range(1000)]  # long-lived, like a gazetteer's entries
    with long_lived():
        assert gc.get_freeze_count() >= len(kept)
        gone = _cycle()  # what an answer leaves behind is still collected
        gc.collect()
        assert gone() is None
    assert gc.get_freeze_count() == 0


def test_garbage_is_collected_before_freezing_not_kept_forever() -> None:
    gone = _cycle()
    with long_lived():
        assert gone() is None


def test_an_ingest_inside_a_serving_bot_does_not_thaw_the_bots_heap() -> None:
    """A caller that already froze the heap (a bot serving) and code that freezes it again (an ingest): leaving the
    inner one must leave the outer heap frozen, and the garbage the inner work leaves is still collected."""
    with long_lived():
        frozen = gc.get_freeze_count()
        with long_lived():
            gone = _cycle()
            gc.collect()
            assert gone() is None
        assert gc.get_freeze_count() == frozen
    assert gc.get_freeze_count() == 0


def test_briefbot_ingest_stores_the_reports_with_the_heap_frozen(tmp_path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from typer.testing import CliRunner

    from bot.cli import app
    from briefings.engine import Engine

    frozen_while_ingesting: list[int] = []
    real_ingest = Engine.ingest

    def watched(self, *args, **kwargs):  # type: ignore[no-untyped-def]  # the real ingest, with a look at the heap
        frozen_while_ingesting.append(gc.get_freeze_count())
        return real_ingest(self, *args, **kwargs)

    monkeypatch.setattr(Engine, "ingest", watched)

    report = tmp_path / "one.txt"
    report.write_text("title: Blast near a market\npublished: 2026-03-02\n---\n"
                      "A car bomb killed four people near a market in Mosul on Monday, police said.\n")
    db = f"sqlite:///{tmp_path}/b.sqlite3"
    done = CliRunner().invoke(app, ["ingest", "--db", db, str(report)])
    assert done.exit_code == 0, done.output
    assert frozen_while_ingesting and frozen_while_ingesting[0] > 10_000  # the loaded gazetteer, frozen
    assert gc.get_freeze_count() == 0  # given back when the command ends
    listed = CliRunner().invoke(app, ["incidents", "--db", db])
    assert "Mosul" in listed.output
