"""The Slack adapter for `bot.runtime`: Socket Mode by default, HTTP mode with a signing secret,
and a distributed app (HTTP mode, installed through OAuth by many workspaces) with a client id
and secret.

`studybot run` serves it when SLACK_BOT_TOKEN, or SLACK_CLIENT_ID and SECRET, are set. A missing or refused token ends the run
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
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackApiError
from slack_sdk.http_retry.builtin_async_handlers import (
    AsyncConnectionErrorRetryHandler,
    AsyncRateLimitErrorRetryHandler,
)
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator
from slack_sdk.web.async_client import AsyncWebClient

from bot.runtime.exits import FAILED, Refused
from bot.runtime.host import Host
from bot.settings import Settings
from bot.slack import http
from bot.slack.installations import Installations, States
from bot.slack.listeners import build_app
from bot.slack.manifest import SCOPES
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
        token=settings.slack_bot_token or None,  # none for a distributed app: each install's
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
        if self.settings.slack_oauth:
            return _check_oauth(self.settings)
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
            installations = oauth = None
            if settings.slack_oauth:
                make_core = await host.open()
                installations = Installations(host.store, host.clock, rotator(settings, client))
                oauth = oauth_settings(settings, installations, States(host.store, host.clock))
            else:
                await _check_token(client)
                make_core = await host.open()
            prefix = settings.slack_command_prefix
            core = make_core(SlackOutlet(client, prefix, installations))
            app = build_app(core, client, settings.slack_signing_secret, prefix, oauth)
            mode = _socket_mode if settings.slack_app_token and not oauth else _http_mode
            async with mode(app, settings) as connected:
                host.tick(core, connected)
                if self.ready:
                    self.ready.set()
                await asyncio.Event().wait()  # Slack calls the listeners; until cancelled


def oauth_settings(
    settings: Settings, installations: Installations, states: States
) -> AsyncOAuthSettings:
    """Bolt's OAuth flow at /slack/install and /slack/oauth_redirect (its default paths)."""
    return AsyncOAuthSettings(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        scopes=list(SCOPES),
        installation_store=installations,
        state_store=states,
    )


def rotator(settings: Settings, client: AsyncWebClient) -> AsyncTokenRotator:
    """Refreshes the tokens of an app with token rotation on (the others never expire)."""
    return AsyncTokenRotator(
        client_id=settings.slack_client_id,
        client_secret=settings.slack_client_secret,
        client=client,
    )


def _check_oauth(settings: Settings) -> None:
    missing = [
        name
        for name, value in (
            ("SLACK_CLIENT_ID", settings.slack_client_id),
            ("SLACK_CLIENT_SECRET", settings.slack_client_secret),
            ("SLACK_SIGNING_SECRET", settings.slack_signing_secret),
        )
        if not value
    ]
    if missing:
        raise Refused(f"a distributed Slack app (OAuth) also needs {', '.join(missing)}.")
    if settings.slack_bot_token:
        raise Refused(
            "SLACK_BOT_TOKEN is for one workspace; a distributed app (SLACK_CLIENT_ID) gets a"
            " token from each install. Set one or the other."
        )


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
