"""Hostile requests against the real bolt HTTP app over loopback: 401 unsigned, 400 unreadable, never 500."""
from __future__ import annotations

import asyncio
import logging
import time
from typing import Any
from urllib.parse import urlencode

import aiohttp
import pytest
from slack_sdk.signature import SignatureVerifier

from tests.adapters.slack.harness import SIGNING_SECRET, run, running

HTTP = {"slack_mode": "http", "slack_http_host": "127.0.0.1", "slack_http_port": 0,
        "slack_signing_secret": SIGNING_SECRET}
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"


def sign(raw: bytes, content_type: str | None, timestamp: str | None = None) -> dict[str, str]:
    timestamp = timestamp or str(int(time.time()))
    base = f"v0:{timestamp}:".encode() + raw
    import hashlib
    import hmac

    signature = "v0=" + hmac.new(SIGNING_SECRET.encode(), base, hashlib.sha256).hexdigest()
    headers = {"X-Slack-Request-Timestamp": timestamp, "X-Slack-Signature": signature}
    if content_type:
        headers["Content-Type"] = content_type
    return headers


DEEP = b"[" * 100_000 + b"]" * 100_000
UNSIGNED: list[tuple[str, bytes, dict[str, str]]] = [
    ("no headers at all", b'{"type":"event_callback"}', {"Content-Type": JSON}),
    ("empty timestamp", b"command=%2Fhelp", {"Content-Type": FORM, "X-Slack-Request-Timestamp": "",
                                            "X-Slack-Signature": "v0=00"}),
    ("non-integer timestamp", b"command=%2Fhelp", {"Content-Type": FORM, "X-Slack-Request-Timestamp": "soon",
                                                  "X-Slack-Signature": "v0=00"}),
    ("float timestamp", b"command=%2Fhelp", {"Content-Type": FORM, "X-Slack-Request-Timestamp": "1.7e9",
                                            "X-Slack-Signature": "v0=00"}),
    ("non-ASCII digits", b"command=%2Fhelp", {"Content-Type": FORM, "X-Slack-Request-Timestamp": "١٧٠٠٠٠٠٠٠٠",
                                             "X-Slack-Signature": "v0=00"}),
    ("JSON []", b"[]", {"Content-Type": JSON}),
    ("JSON null", b"null", {"Content-Type": JSON}),
    ("truncated JSON", b'{"type": "event_callback", "event": {', {"Content-Type": JSON}),
    ("100k-deep JSON", DEEP, {"Content-Type": JSON}),
    ("invalid UTF-8", b"command=%2Fhelp&text=\xff\xfe", {"Content-Type": FORM}),
    ("payload= not JSON", b"payload=%7Bnot-json", {"Content-Type": FORM}),
    ("UTF-16 charset", "command=/help".encode("utf-16"), {"Content-Type": FORM + "; charset=utf-16"}),
]
SIGNED_BUT_UNREADABLE: list[tuple[str, bytes, str | None]] = [
    ("JSON []", b"[]", JSON),
    ("JSON null", b"null", JSON),
    ("truncated JSON", b'{"type": "event_callback", "event": {', JSON),
    ("100k-deep JSON", DEEP, JSON),
    ("invalid UTF-8 in a form", b"command=%2Fhelp&text=caf\xe9", FORM),
    ("invalid UTF-8 in JSON", b'{"type": "event_callback", "x": "\xc3\x28"}', JSON),
    ("payload= not JSON", b"payload=%7Bnot-json", FORM),
    ("payload= a JSON list", b"payload=%5B1%2C2%5D", FORM),
    ("form body labelled JSON", urlencode({"command": "/help", "text": ""}).encode(), JSON),
    ("UTF-16 charset", "command=/help".encode("utf-16"), FORM + "; charset=utf-16"),
    ("text/plain", b"command=%2Fhelp", "text/plain"),
    ("no content type", b"command=%2Fhelp", None),
]


async def send(url: str, raw: bytes, headers: dict[str, str]) -> int:
    async with aiohttp.ClientSession(skip_auto_headers=("Content-Type",)) as session:
        async with session.post(url, data=raw, headers=headers) as response:
            await response.read()
            return response.status


def hostile_round(engine: Any, cases: list[tuple[str, bytes, dict[str, str]]]) -> tuple[dict[str, int], int, int]:
    """Send every case, then one well-formed signed /help: the statuses, that /help's, and the replies sent."""

    async def scenario() -> tuple[dict[str, int], int, int]:
        async with running(engine, **HTTP) as (fake, service):
            url = f"http://127.0.0.1:{service.port}/slack/events"
            statuses = {name: await send(url, raw, headers) for name, raw, headers in cases}
            form = fake.slash("/help", "")
            good = urlencode(form).encode()
            ok = await send(url, good, sign(good, FORM))
            await fake.wait_for(lambda: bool(fake.hooks_to(form["response_url"])), what="the /help answer")
            await asyncio.sleep(0.1)
            return statuses, ok, len(fake.hooks)

    return run(scenario())


def no_tracebacks(records: list[logging.LogRecord]) -> None:
    assert not [r for r in records if r.exc_info], "a rejected request logged a traceback"
    assert not [r for r in records if r.levelno >= logging.ERROR], [r.getMessage() for r in records]


def test_unsigned_and_badly_timestamped_requests_get_401_with_one_log_line_each(
        sample_engine: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    statuses, ok, answered = hostile_round(sample_engine, UNSIGNED)
    assert statuses == {name: 401 for name, _, _ in UNSIGNED}
    assert ok == 200 and answered == 1  # only the well-formed /help was answered
    refused = [r for r in caplog.records if r.name == "adapters.slack.httpguard"]
    assert len(refused) == len(UNSIGNED) and all("refused (401)" in r.getMessage() for r in refused)
    no_tracebacks(caplog.records)


def test_signed_but_unreadable_bodies_get_400_never_500(sample_engine: Any, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    cases = [(name, raw, sign(raw, ctype)) for name, raw, ctype in SIGNED_BUT_UNREADABLE]
    statuses, ok, answered = hostile_round(sample_engine, cases)
    assert statuses == {name: 400 for name, _, _ in SIGNED_BUT_UNREADABLE}
    assert ok == 200 and answered == 1
    refused = [r.getMessage() for r in caplog.records if r.name == "adapters.slack.httpguard"]
    assert len(refused) == len(cases)
    assert any("nested too deeply" in m or "not valid JSON" in m for m in refused)
    assert any("not UTF-8" in m or "not valid UTF-8" in m for m in refused)
    no_tracebacks(caplog.records)


def test_the_signature_is_checked_on_the_raw_bytes(sample_engine: Any) -> None:
    """A body re-encoded after signing (same text, other bytes) no longer matches: nothing parses before the check."""
    text = urlencode({"command": "/help", "text": "café"})
    latin = text.replace("caf%C3%A9", "caf%E9").encode()
    signed_utf8 = sign(text.encode(), FORM)
    statuses, ok, answered = hostile_round(sample_engine, [("re-encoded", latin, signed_utf8)])
    assert statuses == {"re-encoded": 401} and ok == 200 and answered == 1


def test_a_signature_of_another_secret_is_refused() -> None:
    from adapters.slack.httpguard import Refused, check_signature

    raw = b"command=%2Fhelp"
    ts = str(int(time.time()))
    other = SignatureVerifier("someone-else").generate_signature(timestamp=ts, body=raw.decode())
    with pytest.raises(Refused) as refused:
        check_signature(SIGNING_SECRET, {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": other}, raw)
    assert refused.value.status == 401


def test_a_replayed_signed_command_is_answered_once_across_a_restart_and_across_replicas(sample_engine: Any) -> None:
    """The same signed bytes sent again (within Slack's 5 minutes) to a restarted process, then to two replicas."""
    from tests.adapters.slack.fake_slack import FakeSlack

    async def scenario() -> tuple[list[int], int, list[int], int]:
        answers = await FakeSlack().start()  # where every response_url points: it outlives the restarts
        try:
            form = answers.slash("/help", "")
            raw = urlencode(form).encode()
            headers = sign(raw, FORM)
            async with running(sample_engine, **HTTP) as (_fake, service):
                first = await send(f"http://127.0.0.1:{service.port}/slack/events", raw, headers)
                await answers.wait_for(lambda: bool(answers.hooks_to(form["response_url"])), what="the first answer")
            async with running(sample_engine, **HTTP) as (_fake2, restarted):  # a new process: nothing in memory
                replay = await send(f"http://127.0.0.1:{restarted.port}/slack/events", raw, headers)
                await asyncio.sleep(0.5)
                after_restart = len(answers.hooks_to(form["response_url"]))
                async with running(sample_engine, **HTTP) as (_fake3, replica):
                    form2 = answers.slash("/help", "")
                    raw2 = urlencode(form2).encode()
                    headers2 = sign(raw2, FORM)
                    both = await asyncio.gather(
                        send(f"http://127.0.0.1:{restarted.port}/slack/events", raw2, headers2),
                        send(f"http://127.0.0.1:{replica.port}/slack/events", raw2, headers2))
                    await answers.wait_for(lambda: bool(answers.hooks_to(form2["response_url"])), what="one answer")
                    await asyncio.sleep(0.5)
                    answered = len(answers.hooks_to(form2["response_url"]))
            return [first, replay], after_restart, list(both), answered
        finally:
            await answers.close()

    statuses, after_restart, both, answered = run(scenario())
    assert statuses == [200, 200] and after_restart == 1  # the replay was acknowledged, not answered again
    assert both == [200, 200] and answered == 1


def test_100_concurrent_signed_commands_pass_the_gate_and_are_acked_within_3_s(sample_engine: Any) -> None:
    """The gate (signature, body check, database claim) stays off the ack's critical path under a burst."""

    async def scenario() -> tuple[list[int], list[float], int]:
        async with running(sample_engine, **HTTP) as (fake, service):
            url = f"http://127.0.0.1:{service.port}/slack/events"
            forms = [fake.slash("/incident", "balad") for _ in range(100)]

            async def one(form: dict[str, str]) -> tuple[int, float]:
                raw = urlencode(form).encode()
                started = time.monotonic()
                status = await send(url, raw, sign(raw, FORM))
                return status, time.monotonic() - started

            results = await asyncio.gather(*(one(f) for f in forms))
            await fake.wait_for(lambda: all(fake.hooks_to(f["response_url"]) for f in forms), timeout=60,
                                what="every answer")
            return [s for s, _ in results], [t for _, t in results], sum(1 for f in forms if fake.hooks_to(f["response_url"]))

    statuses, took, answered = run(scenario(), timeout=90)
    assert statuses == [200] * 100 and max(took) < 3.0 and answered == 100
