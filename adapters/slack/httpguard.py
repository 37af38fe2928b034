"""The gate in front of bolt's HTTP endpoint: signature first, on the raw bytes, then a body bolt can read.

bolt decodes and parses a request before it checks the signature, and a body it cannot decode or parse
(invalid UTF-8, a UTF-16 charset, JSON that is `[]`, `null`, truncated or nested 100k deep, a `payload=`
that is not JSON, a form labelled JSON) ended as HTTP 500 with a traceback. This aiohttp middleware answers
all of them first: 401 for a missing, stale or wrong signature (checked on the raw bytes, before anything
parses them), 400 for a signed body that is not what Slack sends; one log line each, never a traceback.
A request that passes is claimed in the database (bot/requestclaims.py) by its event id, trigger id or
signature: a replay or retry, even to another replica or after a restart, is acknowledged and not answered.
"""
from __future__ import annotations

import hashlib
import hmac
import asyncio
import json
import logging
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from urllib.parse import parse_qs

from aiohttp import web

from bot.requestclaims import RequestClaims

log = logging.getLogger(__name__)

MAX_AGE_SECONDS = 60 * 5  # Slack's own advice: refuse requests older than five minutes (replays)
MAX_DEPTH = 64  # Slack's payloads nest a dozen levels at most
FORM = "application/x-www-form-urlencoded"
JSON = "application/json"
Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class Refused(Exception):
    """The request is answered with `status` and `reason` (logged), without reaching bolt."""

    def __init__(self, status: int, reason: str) -> None:
        super().__init__(reason)
        self.status = status
        self.reason = reason


@dataclass(frozen=True)
class SignedRequest:
    """A request that passed the gate: its decoded body as bolt will read it."""

    content_type: str
    body: dict[str, object]


def check_signature(secret: str, headers: Mapping[str, str], raw: bytes, now: float | None = None) -> None:
    """Slack's v0 signature over `v0:timestamp:body` on the raw bytes; Refused(401) otherwise."""
    timestamp = (headers.get("X-Slack-Request-Timestamp") or "").strip()
    signature = (headers.get("X-Slack-Signature") or "").strip()
    if not timestamp or not signature:
        raise Refused(401, "unsigned request (no X-Slack-Request-Timestamp or X-Slack-Signature)")
    if not (timestamp.isascii() and timestamp.isdigit()) or len(timestamp) > 12:
        raise Refused(401, "X-Slack-Request-Timestamp is not a Unix time")
    if abs((now or time.time()) - int(timestamp)) > MAX_AGE_SECONDS:
        raise Refused(401, "stale X-Slack-Request-Timestamp (more than 5 minutes off)")
    expected = "v0=" + hmac.new(secret.encode(), b"v0:" + timestamp.encode() + b":" + raw, hashlib.sha256).hexdigest()
    if not signature.isascii() or not hmac.compare_digest(expected, signature):
        raise Refused(401, "wrong X-Slack-Signature")


def _depth(value: object, limit: int) -> int:
    """Nesting depth of parsed JSON, walked without recursion (stops once past `limit`)."""
    deepest, stack = 0, [(value, 1)]
    while stack:
        item, depth = stack.pop()
        deepest = max(deepest, depth)
        if deepest > limit:
            break
        children = item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        stack.extend((child, depth + 1) for child in children if isinstance(child, (dict, list)))
    return deepest


def _json_object(text: str, what: str) -> dict[str, object]:
    try:  # json's C parser raises RecursionError past ~1000 levels, so a 100k-deep body is cheap to refuse
        value = json.loads(text)
    except (ValueError, RecursionError):
        raise Refused(400, f"{what} is not valid JSON") from None
    if not isinstance(value, dict):
        raise Refused(400, f"{what} is JSON but not an object")
    if _depth(value, MAX_DEPTH) > MAX_DEPTH:
        raise Refused(400, f"{what} is nested too deeply")
    return value


def read_body(content_type: str, charset: str | None, raw: bytes) -> SignedRequest:
    """The body bolt will parse, checked: UTF-8, the content type Slack uses, JSON objects only."""
    if charset and charset.lower().replace("-", "").replace("_", "") not in ("utf8", "usascii", "ascii"):
        raise Refused(400, f"charset {charset!r} is not UTF-8")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Refused(400, "body is not valid UTF-8") from None
    if content_type == JSON:
        return SignedRequest(JSON, _json_object(text, "JSON body"))
    if content_type != FORM:
        raise Refused(400, f"content type {content_type or '(none)'} is not one Slack sends")
    try:
        form = parse_qs(text, keep_blank_values=True, strict_parsing=bool(text), errors="strict")
    except (ValueError, UnicodeDecodeError):
        raise Refused(400, "form body is not URL-encoded") from None
    body: dict[str, object] = {k: v[0] for k, v in form.items()}
    if "payload" in body:
        body["payload"] = _json_object(str(body["payload"]), "payload=")
    return SignedRequest(FORM, body)


def request_key(request: SignedRequest, signature: str) -> str | None:
    """What makes this request the same as another: the event id (Slack's retries keep it), the trigger id
    (one per command or click), else the signature (one per timestamp and body). None: answer every time."""
    body = request.body
    if body.get("type") == "url_verification" or body.get("ssl_check"):
        return None
    payload = body.get("payload")
    inner = payload if isinstance(payload, dict) else {}
    team_of_payload = inner.get("team")
    team = body.get("team_id") or (team_of_payload.get("id") if isinstance(team_of_payload, dict) else None)
    for name in ("event_id", "trigger_id"):
        value = body.get(name) or inner.get(name)
        if isinstance(value, str) and value:
            return f"{team or '-'}:{name}:{value}"
    return f"signature:{signature}"


async def claimed(claims: RequestClaims | None, key: str | None) -> bool:
    """True when this process should answer: the first claim of the key (or no claim store, or no key)."""
    if claims is None or key is None:
        return True
    try:
        return await asyncio.to_thread(claims.claim, "slack", key)
    except Exception as exc:  # the database is down: answering twice beats not answering
        log.warning("slack http: could not claim %s (%s); answering anyway", key, exc)
        return True


def slack_gate(secret: str, path: str, claims: RequestClaims | None = None
               ) -> Callable[[web.Request, Handler], Awaitable[web.StreamResponse]]:
    """The middleware for bolt's web app: requests to `path` pass only when signed, readable and new."""

    @web.middleware
    async def gate(request: web.Request, handler: Handler) -> web.StreamResponse:
        if request.path != path or request.method != "POST":
            return await handler(request)
        try:
            raw = await request.read()
            check_signature(secret, request.headers, raw)
            signed = read_body(request.content_type, request.charset, raw)
        except Refused as refused:
            log.warning("slack http: %s %s refused (%d): %s", request.method, request.path, refused.status,
                        refused.reason, extra={"request": request.headers.get("X-Slack-Request-Timestamp")})
            return web.Response(status=refused.status, text=refused.reason)
        key = request_key(signed, request.headers.get("X-Slack-Signature", ""))
        if not await claimed(claims, key):
            log.info("slack http: %s was answered already (a replay or a retry); acknowledged only", key,
                     extra={"request": key})
            return web.Response(status=200, text="")
        return await handler(request)

    return gate
