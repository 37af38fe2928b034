"""/export in chat (issue 20): channel managers get the same file as `briefbot export`; others are told who may."""
from __future__ import annotations

import csv
import io
import json
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from bot.commands import Caller, default_registry, dispatch
from bot.commands.exports import parse_request
from briefings.engine import Engine
from tests.briefings.test_chart import REPORTS, write_reports

NOW = datetime(2025, 3, 10, 12, 0, tzinfo=timezone.utc)
MANAGER = Caller(platform="slack", user="U1", channel="C1", workspace="T1", can_manage=True)
MEMBER = Caller(platform="slack", user="U2", channel="C1", workspace="T1", can_manage=False)


@pytest.fixture()
def engine(tmp_path: Path, db_url: str) -> Engine:
    eng = Engine(db_url)
    eng.ingest(write_reports(tmp_path, REPORTS))
    yield eng
    eng.close()


def test_a_manager_gets_the_claims_as_a_csv_file(engine: Engine) -> None:
    reply = dispatch(default_registry(), engine, "export", "csv kirkuk", caller=MANAGER, now=NOW)
    assert reply.attachment is not None, reply.text
    assert reply.attachment.filename == "briefbot-claims-2025-03-10.csv"
    rows = list(csv.DictReader(io.StringIO(reply.attachment.data.decode("utf-8"))))
    assert {r["value"] for r in rows if r["field"] == "killed"} == {"3", "4", "5", "7"}
    assert reply.text is not None and reply.text.startswith(f"{len(rows)} claims at kirkuk")


def test_geojson_in_a_dm_needs_no_manager(engine: Engine) -> None:
    dm = Caller(platform="discord", user="U3", channel="D1", is_dm=True)
    reply = dispatch(default_registry(), engine, "export", "geojson", caller=dm, now=NOW)
    assert reply.attachment is not None and reply.attachment.content_type == "application/geo+json"
    doc = json.loads(reply.attachment.data)
    assert doc["type"] == "FeatureCollection" and doc["features"][0]["geometry"]["type"] == "Point"


def test_a_member_is_told_who_may_export(engine: Engine) -> None:
    reply = dispatch(default_registry(), engine, "export", "csv", caller=MEMBER, now=NOW)
    assert reply.attachment is None and reply.ephemeral and "Only channel managers" in (reply.text or "")


def test_nothing_matching_is_a_note_not_an_empty_file(engine: Engine) -> None:
    reply = dispatch(default_registry(), engine, "export", "csv nowhereville", caller=MANAGER, now=NOW)
    assert reply.attachment is None and "Nothing to export at nowhereville" in (reply.text or "")


def test_the_request_reads_format_place_and_period() -> None:
    assert parse_request("geojson iraq 30d", NOW) == ("geojson", "iraq", NOW - timedelta(days=30))
    assert parse_request("", NOW) == ("csv", None, None)
    assert parse_request("jsonl al anbar", NOW) == ("jsonl", "al anbar", None)
    fmt, place, since = parse_request("csv this week", NOW)
    assert (fmt, place) == ("csv", None) and since is not None and since <= NOW
