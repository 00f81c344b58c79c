"""Slack redelivers a request it thinks went unanswered (X-Slack-Retry-Num), and a captured
request may be replayed; run each one once.

The first delivery was already acknowledged and is being handled, so a repeat is acknowledged
again and dropped. Identity is the payload's own id where it has one, else the exact body; the
core keeps the identities in the store, so a restart or a second process knows them too.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Awaitable, Callable

from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse

from bot.core.engine import Core

log = logging.getLogger(__name__)


class Deliveries:
    def __init__(self, core: Core) -> None:
        self.core = core

    async def first_time(self, req: AsyncBoltRequest) -> bool:
        return await self.core.first_delivery(_identity(req))

    async def middleware(
        self, req: AsyncBoltRequest, next: Callable[[], Awaitable[None]]
    ) -> BoltResponse | None:
        """A Bolt global middleware (the argument names are how Bolt injects them)."""
        if await self.first_time(req):
            return await next()
        retry = req.headers.get("x-slack-retry-num", ["?"])[0]
        log.info("dropped a repeated delivery (retry %s)", retry)
        return BoltResponse(status=200, body="")


def _identity(req: AsyncBoltRequest) -> str:
    body = req.body
    for field in ("event_id", "trigger_id"):
        if body.get(field):
            return f"{field}:{body[field]}"
    raw = req.raw_body or json.dumps(body, sort_keys=True)  # Socket Mode has no raw body
    return "sha256:" + hashlib.sha256(raw.encode()).hexdigest()
