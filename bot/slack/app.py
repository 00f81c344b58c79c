"""studybot in a Slack workspace: Socket Mode by default, HTTP mode with a signing secret.

`run(settings)` is what `studybot run` calls when SLACK_BOT_TOKEN is set (`serve(settings)`
beside Discord's when both are configured). A missing or refused
token ends it with one line on stderr and exit code 2, other start-up problems with exit code 1;
everything a Slack user can cause is answered in Slack.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sys
from collections.abc import AsyncIterator, Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

import aiohttp
from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler
from slack_bolt.async_app import AsyncApp
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.engine import Core
from bot.health import beat, heartbeat_path
from bot.settings import Settings
from bot.slack import http
from bot.slack.listeners import build_app
from bot.slack.outlet import SlackOutlet
from bot.stopping import until_stopped
from bot.studyset_file import open_semantic, read_studyset
from db.api import StoreError
from db.sqlite import SqliteStore

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
TICK_SECONDS = 1.0  # how often due work (reveals, scheduled posts) is looked for
RATE_LIMIT_RETRIES = 3

Connected = Callable[[], Awaitable[bool]]


EXIT_TOKEN = 2  # a token is missing or Slack refuses it
EXIT_FAILED = 1  # anything else that stops the start: content, database, network, port


class Refused(Exception):
    """A problem that ends the run with one line on stderr and an exit code."""

    def __init__(self, message: str, code: int = EXIT_FAILED) -> None:
        super().__init__(message)
        self.code = code


def web_client(settings: Settings, session: aiohttp.ClientSession) -> AsyncWebClient:
    """One client on one session (else every call opens a new TLS connection), waiting out
    Slack's rate limits (a reveal, the next question and a summary can come at once)."""
    base = {"base_url": settings.slack_api_url} if settings.slack_api_url else {}
    return AsyncWebClient(
        token=settings.slack_bot_token,
        session=session,
        retry_handlers=[
            AsyncConnectionErrorRetryHandler(),
            AsyncRateLimitErrorRetryHandler(max_retry_count=RATE_LIMIT_RETRIES),
        ],
        **base,
    )


def check_settings(settings: Settings) -> None:
    if not settings.slack_bot_token:
        raise Refused("SLACK_BOT_TOKEN is not set (it starts with xoxb-).", EXIT_TOKEN)
    if not (settings.slack_app_token or settings.slack_signing_secret):
        raise Refused(
            "set SLACK_APP_TOKEN (xapp-, Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode).",
            EXIT_TOKEN,
        )


def run(settings: Settings) -> int:
    return asyncio.run(until_stopped(serve(settings)))


async def serve(
    settings: Settings,
    clock: Callable[[], datetime] = lambda: datetime.now(UTC),
    ready: asyncio.Event | None = None,
) -> int:
    """Runs until cancelled (closing the socket and the database cleanly) or refused: then one
    line on stderr and the exit code. `ready` is set once Slack requests are being taken."""
    try:
        check_settings(settings)
        async with aiohttp.ClientSession() as session:
            await _serve(settings, web_client(settings, session), clock, ready)
    except Refused as e:
        print(f"studybot: {e}", file=sys.stderr)
        return e.code
    return 0


async def _serve(
    settings: Settings,
    client: AsyncWebClient,
    clock: Callable[[], datetime],
    ready: asyncio.Event | None,
) -> None:
    await _check_token(client)
    try:
        studyset = read_studyset(settings.content)
    except ValueError as e:
        raise Refused(str(e)) from None
    try:
        store = await SqliteStore.open(settings.database)
    except StoreError as e:
        raise Refused(str(e)) from None
    try:
        core = Core(
            studyset,
            store,
            clock,
            SlackOutlet(client, settings.slack_command_prefix),
            default_timezone=settings.timezone,
            semantic=open_semantic(settings.content, settings.semantic),
        )
        app = build_app(core, client, settings.slack_signing_secret, settings.slack_command_prefix)
        mode = _socket_mode if settings.slack_app_token else _http_mode
        async with mode(app, settings) as connected:
            if ready:
                ready.set()
            await _tick_forever(core, connected, heartbeat_path(settings))
    finally:
        await store.close()


async def _check_token(client: AsyncWebClient) -> None:
    try:
        await client.auth_test()
    except SlackApiError as e:
        error = e.response.get("error")
        raise Refused(f"Slack refused SLACK_BOT_TOKEN ({error}).", EXIT_TOKEN) from None
    except (aiohttp.ClientError, TimeoutError) as e:
        raise Refused(f"cannot reach the Slack Web API at {client.base_url} ({e}).") from None


@contextlib.asynccontextmanager
async def _socket_mode(app: AsyncApp, settings: Settings) -> AsyncIterator[Connected]:
    # The socket client retries a refused connection forever; ask for the socket URL once here
    # so a bad app token ends the run with a clear line instead.
    try:
        opened = await app.client.apps_connections_open(app_token=settings.slack_app_token)
    except SlackApiError as e:
        error = e.response.get("error")
        raise Refused(f"Slack refused SLACK_APP_TOKEN ({error}).", EXIT_TOKEN) from None
    handler = AsyncSocketModeHandler(app, settings.slack_app_token)
    handler.client.wss_uri = opened["url"]
    try:
        await handler.connect_async()
        log.info("Slack: connected in Socket Mode")
        yield handler.client.is_connected
    finally:
        await handler.close_async()


@contextlib.asynccontextmanager
async def _http_mode(app: AsyncApp, settings: Settings) -> AsyncIterator[Connected]:
    runner = web.AppRunner(http.web_app(app, EVENTS_PATH), access_log=None)
    await runner.setup()
    try:
        try:
            await web.TCPSite(runner, port=settings.slack_port).start()
        except OSError as e:
            raise Refused(f"cannot listen on port {settings.slack_port} ({e.strerror}).") from None
        log.info("Slack: taking requests on port %s at %s", settings.slack_port, EVENTS_PATH)
        yield _listening
    finally:
        await runner.cleanup()


async def _listening() -> bool:
    return True  # HTTP mode has no connection to lose: Slack calls in


async def _tick_forever(core: Core, connected: Connected, heartbeat: Path) -> None:
    """Run due work every tick; beat (for `studybot health`) while Slack can reach the bot."""
    while True:
        try:
            await core.tick()
        except Exception:
            # one failed post (a deleted channel, Slack down) must not stop every later one
            log.exception("scheduled work failed; trying again at the next tick")
        else:
            if await connected():
                beat(heartbeat)
        await asyncio.sleep(TICK_SECONDS)
