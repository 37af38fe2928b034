"""HTTP mode: signed requests into the adapter's aiohttp server (as Slack sends them), replies to the fake."""
from __future__ import annotations

import asyncio
import json
import time
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from slack_sdk.signature import SignatureVerifier

from bot.scheduling.delivery import Target
from tests.adapters.slack.harness import SIGNING_SECRET, page_texts, run, running

HTTP = {"slack_mode": "http", "slack_http_host": "127.0.0.1", "slack_http_port": 0,
        "slack_signing_secret": SIGNING_SECRET}


def signed(body: str, *, age: float = 0.0, secret: str = SIGNING_SECRET, form: bool = True) -> dict[str, str]:
    timestamp = str(int(time.time() - age))
    return {"X-Slack-Request-Timestamp": timestamp,
            "X-Slack-Signature": SignatureVerifier(secret).generate_signature(timestamp=timestamp, body=body),
            "Content-Type": "application/x-www-form-urlencoded" if form else "application/json"}


async def post(url: str, body: str, headers: dict[str, str]) -> tuple[int, float]:
    started = time.monotonic()
    async with aiohttp.ClientSession() as session, session.post(url, data=body.encode(), headers=headers) as response:
        await response.read()
        return response.status, time.monotonic() - started


def test_incident_kalsu_signed_request_is_acked_within_3_s_and_answered(seeded_engine: Any) -> None:
    briefing = seeded_engine.incident("kalsu")

    async def scenario() -> tuple[int, float, list[dict[str, Any]]]:
        async with running(seeded_engine, **HTTP) as (fake, service):
            form = fake.slash("/incident", "kalsu")
            body = urlencode(form)
            status, took = await post(f"http://127.0.0.1:{service.port}/slack/events", body, signed(body))
            url = form["response_url"]
            await fake.wait_for(lambda: any("part" not in h["text"] for h in fake.hooks_to(url)), what="the answer")
            await asyncio.sleep(0.2)
            return status, took, fake.hooks_to(url)

    status, took, pages = run(scenario())
    assert status == 200 and took < 3.0
    sections = [b["text"]["text"] for p in pages for b in p["blocks"] if b["type"] == "section"]
    for section in (s for s in briefing.sections if s.kind == "disputed"):
        block = next(t for t in sections if t.startswith(f"*{section.title}*"))
        assert all(c.attributed_to in block for i in section.items for c in i.citations)


def test_forged_signatures_and_replayed_timestamps_are_rejected(sample_engine: Any) -> None:
    async def scenario() -> tuple[list[int], int]:
        async with running(sample_engine, **HTTP) as (fake, service):
            url = f"http://127.0.0.1:{service.port}/slack/events"
            statuses = []
            body = urlencode(fake.slash("/incident", "balad"))
            statuses.append((await post(url, body, signed(body, secret="not-the-secret")))[0])
            statuses.append((await post(url, body, signed(body, age=6 * 60)))[0])  # 6 minutes old, correctly signed
            tampered = signed(body)
            statuses.append((await post(url, body.replace("balad", "erbil"), tampered))[0])
            statuses.append((await post(url, body, {"Content-Type": "application/x-www-form-urlencoded"}))[0])
            await asyncio.sleep(0.2)
            return statuses, len(fake.hooks)

    statuses, answered = run(scenario())
    assert statuses == [401, 401, 401, 401] and answered == 0


def test_an_event_retried_with_x_slack_retry_num_is_answered_once(sample_engine: Any) -> None:
    async def scenario() -> tuple[list[int], int]:
        async with running(sample_engine, **HTTP) as (fake, service):
            url = f"http://127.0.0.1:{service.port}/slack/events"
            body = json.dumps(fake.event_envelope(fake.dm("help"), event_id="Ev0RETRIED")["payload"])
            first = (await post(url, body, signed(body, form=False)))[0]
            retry_headers = signed(body, form=False) | {"X-Slack-Retry-Num": "1", "X-Slack-Retry-Reason": "http_timeout"}
            second = (await post(url, body, retry_headers))[0]
            await fake.wait_for(lambda: bool(fake.posted()), what="the answer")
            await asyncio.sleep(0.3)
            return [first, second], len(fake.posted())

    statuses, posts = run(scenario())
    assert statuses == [200, 200] and posts == 1


@pytest.mark.filterwarnings("ignore:BasicAuth is deprecated:DeprecationWarning")  # inside slack-sdk's oauth.v2.access
def test_multi_workspace_install_through_oauth_then_answers_with_that_workspaces_token(
        sample_engine: Any, tmp_path: Any) -> None:
    settings = {**HTTP, "slack_bot_token": None, "slack_client_id": "111.222", "slack_client_secret": "shh",
                "database_url": f"sqlite:///{tmp_path / 'slack.sqlite3'}"}

    async def scenario() -> tuple[int, str, list[Any], list[str]]:
        async with running(sample_engine, **settings) as (fake, service):
            base = f"http://127.0.0.1:{service.port}"
            async with aiohttp.ClientSession() as http:
                async with http.get(f"{base}/slack/install", allow_redirects=False) as page:
                    state = page.cookies["slack-app-oauth-state"].value
                    html = await page.text()
                assert f"state={state}" in html and "client_id=111.222" in html and "scope=commands" in html
                fake.installs["CODE1"] = "T0NEW"
                async with http.get(f"{base}/slack/oauth_redirect?code=CODE1&state={state}",
                                    headers={"Cookie": f"slack-app-oauth-state={state}"}) as done:
                    installed = done.status
            body = json.dumps(fake.event_envelope(fake.dm("help"), team="T0NEW")["payload"])
            await post(f"{base}/slack/events", body, signed(body, form=False))
            await fake.wait_for(lambda: bool(fake.posted()), what="the answer in the new workspace")
            await service.runtime.deliverers["slack"].deliver(Target("slack", channel="CNEWDIGEST", workspace="T0NEW"),
                                                              sample_engine.incident("balad"))
            return installed, html, fake.posted(), [c.method for c in fake.calls]

    installed, _, posts, methods = run(scenario())
    assert installed == 200 and "oauth.v2.access" in methods
    assert [p.token for p in posts] == ["xoxb-T0NEW-installed"] * len(posts)
    assert posts[0].body["channel"] == "DASKER" and posts[-1].body["channel"] == "CNEWDIGEST"
    assert "/incident" in page_texts([posts[0].body])
