"""The Slack adapter for `bot.runtime`: Socket Mode by default, HTTP mode with a signing secret.

`studybot run` serves it when SLACK_BOT_TOKEN is set. A missing or refused token ends the run
with one line on stderr and the runtime's exit code; everything a Slack user can cause is
answered in Slack.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
from collections.abc import AsyncIterator, Awaitable, Callable

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

from bot.runtime.exits import FAILED, Refused
from bot.runtime.host import Host
from bot.settings import Settings
from bot.slack import http
from bot.slack.listeners import build_app
from bot.slack.outlet import SlackOutlet

log = logging.getLogger(__name__)

EVENTS_PATH = "/slack/events"
RATE_LIMIT_RETRIES = 3

Connected = Callable[[], Awaitable[bool]]


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


class SlackAdapter:
    def __init__(self, settings: Settings, ready: asyncio.Event | None = None) -> None:
        self.settings = settings
        self.ready = ready  # set once Slack requests are being taken

    def check(self) -> None:
        if not self.settings.slack_bot_token:
            raise Refused("SLACK_BOT_TOKEN is not set (it starts with xoxb-).")
        if not (self.settings.slack_app_token or self.settings.slack_signing_secret):
            raise Refused(
                "set SLACK_APP_TOKEN (xapp-, Socket Mode) or SLACK_SIGNING_SECRET (HTTP mode)."
            )

    async def serve(self, host: Host) -> None:
        """Until cancelled, closing the socket or the port cleanly."""
        settings = self.settings
        async with aiohttp.ClientSession() as session:
            client = web_client(settings, session)
            await _check_token(client)
            core = (await host.open())(SlackOutlet(client, settings.slack_command_prefix))
            app = build_app(
                core, client, settings.slack_signing_secret, settings.slack_command_prefix
            )
            mode = _socket_mode if settings.slack_app_token else _http_mode
            async with mode(app, settings) as connected:
                host.tick(core, connected)
                if self.ready:
                    self.ready.set()
                await asyncio.Event().wait()  # Slack calls the listeners; until cancelled


async def _check_token(client: AsyncWebClient) -> None:
    try:
        await client.auth_test()
    except SlackApiError as e:
        error = e.response.get("error")
        raise Refused(f"Slack refused SLACK_BOT_TOKEN ({error}).") from None
    except (aiohttp.ClientError, TimeoutError) as e:
        raise Refused(
            f"cannot reach the Slack Web API at {client.base_url} ({e}).", FAILED
        ) from None


@contextlib.asynccontextmanager
async def _socket_mode(app: AsyncApp, settings: Settings) -> AsyncIterator[Connected]:
    # The socket client retries a refused connection forever; ask for the socket URL once here
    # so a bad app token ends the run with a clear line instead.
    try:
        opened = await app.client.apps_connections_open(app_token=settings.slack_app_token)
    except SlackApiError as e:
        error = e.response.get("error")
        raise Refused(f"Slack refused SLACK_APP_TOKEN ({error}).") from None
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
            raise Refused(
                f"cannot listen on port {settings.slack_port} ({e.strerror}).", FAILED
            ) from None
        log.info("Slack: taking requests on port %s at %s", settings.slack_port, EVENTS_PATH)
        yield _listening
    finally:
        await runner.cleanup()


async def _listening() -> bool:
    return True  # HTTP mode has no connection to lose: Slack calls in
