"""Watches on both databases: /watch as a user types it, then real ingests, the alert scan and the per-channel claim.

Each (watch, incident, change) is alerted once — across scans, processes and restarts — and a burst of
incidents in one channel becomes one message per window, listing every incident."""
from __future__ import annotations

import threading
from pathlib import Path

import pytest
from sqlalchemy import func, select, update

from briefings.db.models import AlertDelivery, IncidentPlace
from briefings.engine import Engine
from bot.commands import Caller
from bot.scheduling.watches_delivery import AlertStore, compose
from briefings.render.text import render_text
from tests.bot.watch_reports import (BASRA, ERBIL_NEAR, ODESA, VILLAGE_FIRST, VILLAGE_LATER, alerts_now, now, report,
                                     watch)


@pytest.fixture()
def engine(db_url: str) -> Engine:
    eng = Engine(db_url)
    yield eng  # type: ignore[misc]
    eng.close()


def test_an_oblast_watch_alerts_once_on_a_learned_village_then_once_on_its_changed_toll(engine: Engine,
                                                                                        tmp_path: Path) -> None:
    assert "Watching Kharkiv oblast, Ukraine" in (watch(engine, "add Kharkiv oblast").text or "")
    store = AlertStore(engine)
    engine.ingest([report(tmp_path, "a", "Kyiv Daily Wire", "2026-12-02", VILLAGE_FIRST, "Missile hits Verbolozivka")])
    with engine.sessions() as s:  # the village is in no gazetteer: learned from the text, inside Kharkiv oblast
        assert {"l:UA:kharkiv:verbolozivka", "a:UA.07"} <= set(s.scalars(select(IncidentPlace.place_id)))
    (batch,) = alerts_now(store)
    text = render_text(compose(batch))
    assert "Verbolozivka" in text and "killed 2 per regional governor" in text and "/incident verbolozivka-" in text
    assert [r.kind for r in batch.rows] == ["new"]
    store.mark_sent(batch, None, now())
    assert alerts_now(store, minutes=10) == []  # scanned again: nothing new, nothing repeated
    engine.ingest([report(tmp_path, "b", "Eastern Monitor", "2026-12-03", VILLAGE_LATER, "Verbolozivka toll rises")])
    (later,) = alerts_now(store, minutes=10)
    text = render_text(compose(later))
    assert "Killed: 2 → 7, per emergency services quoted by Eastern Monitor" in text
    assert {r.kind for r in later.rows} == {"figure", "dispute", "corroborated"}
    store.mark_sent(later, None, now(10))
    assert alerts_now(store, minutes=20) == []


def test_outside_the_area_or_below_the_threshold_nothing_is_sent(engine: Engine, tmp_path: Path) -> None:
    watch(engine, "add Kharkiv oblast")
    watch(engine, "add Ukraine killed>=5")
    engine.ingest([report(tmp_path, "o", "Black Sea Post", "2026-12-02", ODESA, "Drone hits Odesa warehouse")])
    store = AlertStore(engine)
    assert alerts_now(store) == []  # Odesa is not in Kharkiv oblast, and 3 killed is below 5
    engine.ingest([report(tmp_path, "a", "Kyiv Daily Wire", "2026-12-02", VILLAGE_FIRST, "Missile hits Verbolozivka")])
    (batch,) = alerts_now(store)
    assert {r.watch_id for r in batch.rows} == {1}  # the oblast watch; 2 killed is below the country watch's 5


def test_a_radius_watch_catches_what_is_near_and_not_what_is_far(engine: Engine, tmp_path: Path) -> None:
    assert "within 50 km of Erbil, Iraq" in (watch(engine, "add within 50 km of Erbil").text or "")
    engine.ingest([report(tmp_path, "basra", "Gulf Wire", "2026-12-01", BASRA, "Car bomb in Basra")])
    store = AlertStore(engine)
    assert alerts_now(store) == []
    engine.ingest([report(tmp_path, "erbil", "North Iraq News", "2026-12-01", ERBIL_NEAR, "Drone hits Erbil checkpoint")])
    (batch,) = alerts_now(store)
    assert "Erbil" in render_text(compose(batch))


def test_two_processes_claim_each_alert_exactly_once(engine: Engine, db_url: str, tmp_path: Path) -> None:
    watch(engine, "add Kharkiv oblast")
    other = Engine(db_url)  # a second bot process: its own engine, connections and instance name
    try:
        stores = [AlertStore(engine), AlertStore(other)]
        engine.ingest([report(tmp_path, "a", "Kyiv Daily Wire", "2026-12-02", VILLAGE_FIRST, "Missile hits Verbolozivka")])
        got: list[list] = [[], []]
        gate = threading.Barrier(2)

        def run(i: int) -> None:
            gate.wait()
            for _ in range(3):
                got[i] += alerts_now(stores[i])

        threads = [threading.Thread(target=run, args=(i,)) for i in (0, 1)]
        for t in threads:
            t.start()
        for t in threads:
            t.join(30)
        batches = got[0] + got[1]
        assert len(batches) == 1 and len(batches[0].rows) == 1
        with engine.sessions() as s:
            assert s.scalar(select(func.count(AlertDelivery.id))) == 1
    finally:
        other.close()


def test_a_restart_neither_repeats_nor_loses_an_alert(engine: Engine, tmp_path: Path) -> None:
    watch(engine, "add Kharkiv oblast")
    engine.ingest([report(tmp_path, "a", "Kyiv Daily Wire", "2026-12-02", VILLAGE_FIRST, "Missile hits Verbolozivka")])
    AlertStore(engine).scan(now())  # found, then the process stops before posting
    (batch,) = AlertStore(engine).claim(now(), frozenset({"console"}))  # a restarted process posts it
    assert not batch.resent
    # that process dies while posting: after the lease another one sends it again, with a note
    restarted = AlertStore(engine)
    assert alerts_now(restarted, minutes=1) == []  # the lease still holds
    (again,) = alerts_now(restarted, minutes=6)
    assert again.resent and "Re-sent after an interrupted delivery" in render_text(compose(again))
    restarted.mark_sent(again, "m1", now(6))
    assert alerts_now(AlertStore(engine), minutes=30) == []


def test_a_burst_is_coalesced_into_one_message_per_window_and_nothing_is_dropped(engine: Engine,
                                                                                 tmp_path: Path) -> None:
    watch(engine, "add Ukraine")
    store = AlertStore(engine)
    engine.ingest([report(tmp_path, "a", "Kyiv Daily Wire", "2026-12-02", VILLAGE_FIRST, "Missile hits Verbolozivka")])
    (first,) = alerts_now(store)
    store.mark_sent(first, None, now())
    engine.ingest([report(tmp_path, "o", "Black Sea Post", "2026-12-02", ODESA, "Drone hits Odesa warehouse"),
                   report(tmp_path, "b", "Eastern Monitor", "2026-12-03", VILLAGE_LATER, "Verbolozivka toll rises")])
    assert alerts_now(store, minutes=1) == []  # within the window: they wait
    (burst,) = alerts_now(store, minutes=4)
    text = render_text(compose(burst))
    assert "Alerts: 2 incidents in your watched areas" in text
    assert "Odesa" in text and "Killed: 2 → 7" in text


def test_permissions_errors_listing_and_removal(engine: Engine) -> None:
    member = Caller(platform="slack", user="U1", channel="C1", workspace="T1")
    assert "Only channel managers can change this channel's watches" in (watch(engine, "add Sudan", member).text or "")
    dm = Caller(platform="slack", user="U1", channel="D1", workspace="T1", is_dm=True)
    assert "Watching Sudan for your DMs (#1)" in (watch(engine, "add Sudan", dm).text or "")
    assert "Did you mean Kharkiv oblast (Ukraine) or Kharkiv (city, Ukraine)?" in (watch(engine, "add Kharkiv").text or "")
    assert "I don't know a place called “Qwertzuiop”" in (watch(engine, "add Qwertzuiop").text or "")
    assert "on: takes" in (watch(engine, "add Sudan on:sometimes").text or "")
    assert "A radius can be up to 500 km" in (watch(engine, "add within 900 km of Erbil").text or "")
    assert "Which area?" in (watch(engine, "add killed>=3").text or "")
    watch(engine, "add Kharkiv city contested on:new,disputes")
    assert "already watches that" in (watch(engine, "add Kharkiv city contested on:disputes,new").text or "")
    listing = watch(engine, "list").text or ""
    assert "#2 Kharkiv, Ukraine · contested only · on new incidents, disputes opened" in listing
    assert "Sudan" not in listing  # that watch belongs to a DM on Slack
    assert "Stopped watch #2" in (watch(engine, "remove 2").text or "")
    assert "watches no area" in (watch(engine, "list").text or "")


def test_a_removed_watch_alerts_no_more(engine: Engine, tmp_path: Path) -> None:
    watch(engine, "add Kharkiv oblast")
    store = AlertStore(engine)
    assert alerts_now(store) == []  # the index is built with the watch in it
    watch(engine, "remove all")
    engine.ingest([report(tmp_path, "a", "Kyiv Daily Wire", "2026-12-02", VILLAGE_FIRST, "Missile hits Verbolozivka")])
    assert alerts_now(store) == []


def test_a_failed_post_is_retried_after_a_pause_and_not_lost(engine: Engine, tmp_path: Path) -> None:
    from datetime import timedelta

    watch(engine, "add Kharkiv oblast")
    store = AlertStore(engine)
    engine.ingest([report(tmp_path, "a", "Kyiv Daily Wire", "2026-12-02", VILLAGE_FIRST, "Missile hits Verbolozivka")])
    (batch,) = alerts_now(store)
    store.mark_failed(batch, "HTTP 503", now(), timedelta(minutes=1))
    assert alerts_now(store, minutes=0.5) == []
    (again,) = alerts_now(store, minutes=2)
    assert [r.id for r in again.rows] == [r.id for r in batch.rows]
    with engine.sessions.begin() as s:  # five failures in a row: given up, with the error kept
        s.execute(update(AlertDelivery).values(attempts=5))
    store.mark_failed(again, "HTTP 503", now(2), timedelta(minutes=1))
    with engine.sessions() as s:
        assert s.scalar(select(AlertDelivery.status)) == "failed"
