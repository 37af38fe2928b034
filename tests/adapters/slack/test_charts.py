"""Charts on Slack through the real bolt + slack-sdk over the loopback fake: files_upload_v2's three steps,
the Chart button under /incident, and the DM fallback where the bot may not post files (issue 20)."""
from __future__ import annotations

import csv
import io
import json
from typing import Any

from matplotlib.image import imread

from adapters.slack.charts import CHART_ACTION
from tests.adapters.slack.harness import BOT_TOKEN, page_texts, run, running


def blocks_of(payload: dict[str, Any]) -> list[dict[str, Any]]:
    blocks = payload.get("blocks")
    return json.loads(blocks) if isinstance(blocks, str) else list(blocks or [])


def test_slash_chart_uploads_the_png_with_alt_text_to_the_channel(sample_engine: Any) -> None:
    async def scenario() -> tuple[list[dict[str, Any]], list[Any]]:
        async with running(sample_engine) as (fake, _):
            await fake.push(fake.slash_envelope("/chart", "tuz"))
            await fake.wait_for(lambda: bool(fake.files), what="the uploaded chart")
            return fake.files, [c for c in fake.calls if c.method.startswith("files.")]

    files, calls = run(scenario())
    assert [c.method for c in calls] == ["files.getUploadURLExternal", "files.completeUploadExternal"]
    assert all(c.token == BOT_TOKEN for c in calls)
    (chart,) = files
    assert chart["channel"] == "CNEWS" and chart["name"].startswith("tuz") and chart["name"].endswith(".png")
    assert imread(io.BytesIO(chart["data"]), format="png").shape[1] == 900
    assert "Killed:" in chart["alt_txt"] and "Tuz Khurmatu" in chart["title"]
    assert "killed 1–7" in chart["comment"]


def test_the_incident_briefing_has_a_chart_button_that_posts_the_chart_in_its_thread(sample_engine: Any) -> None:
    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        async with running(sample_engine) as (fake, _):
            envelope = fake.slash_envelope("/incident", "tuz")
            await fake.push(envelope)
            url = envelope["payload"]["response_url"]
            await fake.wait_for(lambda: any(b["type"] == "actions" for h in fake.hooks_to(url) for b in blocks_of(h)),
                                what="the briefing with its button")
            button = next(e for h in fake.hooks_to(url) for b in blocks_of(h) if b["type"] == "actions"
                          for e in b["elements"] if e["action_id"] == CHART_ACTION)
            assert button["action_id"] == CHART_ACTION and button["text"]["text"] == "Chart"
            await fake.push(fake.action_envelope(CHART_ACTION, button["value"], message_ts="1700000000.000042"))
            await fake.wait_for(lambda: bool(fake.files), what="the chart after the click")
            return fake.hooks_to(url), fake.files

    pages, files = run(scenario())
    assert sum(1 for p in pages for b in blocks_of(p) if b["type"] == "actions"
               for e in b["elements"] if e["action_id"] == CHART_ACTION) == 1  # one Chart button, last page
    assert files[0]["channel"] == "CNEWS" and files[0]["thread_ts"] == "1700000000.000042"
    assert files[0]["name"].startswith("tuz-")


def test_where_the_bot_may_not_upload_the_asker_is_told_and_gets_the_chart_in_a_dm(sample_engine: Any) -> None:
    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        async with running(sample_engine) as (fake, _):
            fake.script("files.completeUploadExternal", status=200, body={"ok": False, "error": "not_in_channel"})
            envelope = fake.slash_envelope("/chart", "tuz", channel="CPRIVATE")
            await fake.push(envelope)
            await fake.wait_for(lambda: bool(fake.files), what="the chart in the DM")
            return fake.hooks_to(envelope["payload"]["response_url"]), fake.files

    notes, files = run(scenario())
    assert notes[0]["response_type"] == "ephemeral" and "in your DMs" in page_texts(notes)
    assert [f["channel"] for f in files] == ["DASKER"]


def test_chart_of_no_incident_answers_privately_and_uploads_nothing(sample_engine: Any) -> None:
    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        async with running(sample_engine) as (fake, _):
            envelope = fake.slash_envelope("/chart", "xanadoor")
            await fake.push(envelope)
            url = envelope["payload"]["response_url"]
            await fake.wait_for(lambda: bool(fake.hooks_to(url)), what="the note")
            return fake.hooks_to(url), fake.files

    notes, files = run(scenario())
    assert not files and notes[0]["response_type"] == "ephemeral"
    assert "No incident matches" in page_texts(notes)


def test_export_by_a_workspace_admin_uploads_the_csv_and_a_member_is_refused(sample_engine: Any) -> None:
    async def scenario() -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        async with running(sample_engine) as (fake, _):
            fake.admins.add("UADMIN")
            member = fake.slash_envelope("/export", "csv", user="UMEMBER")
            await fake.push(member)
            url = member["payload"]["response_url"]
            await fake.wait_for(lambda: bool(fake.hooks_to(url)), what="the refusal")
            await fake.push(fake.slash_envelope("/export", "csv tuz", user="UADMIN"))
            await fake.wait_for(lambda: bool(fake.files), what="the export file")
            return fake.hooks_to(url), fake.files

    refusal, files = run(scenario())
    assert refusal[0]["response_type"] == "ephemeral" and "Only channel managers" in page_texts(refusal)
    (export,) = files
    assert export["name"].endswith(".csv") and export["channel"] == "CNEWS" and export["alt_txt"] is None
    rows = list(csv.DictReader(io.StringIO(export["data"].decode("utf-8"))))
    assert rows and {r["place"] for r in rows} == {"Tuz Khurmatu"}
