"""Starting the Discord bot: `studybot run` calls `run(settings)` when DISCORD_TOKEN is set
(`serve(settings)` beside Slack's when both are configured).

Problems a user can fix (no token, a rejected token, an unreachable API, an unusable content
file or database) end with one line on stderr and a non-zero exit code, never a traceback.
"""

from __future__ import annotations

import asyncio
import sys

import aiohttp
import discord
import discord.http

from bot.discord.client import StudyBot
from bot.health import heartbeat_path
from bot.settings import Settings
from bot.stopping import until_stopped
from bot.studyset_file import open_semantic, read_studyset
from db.api import StoreError
from db.sqlite import SqliteStore

EXIT_TOKEN = 2  # the token is missing or Discord refuses it
EXIT_FAILED = 1


def run(settings: Settings) -> int:
    if not settings.discord_token.strip():
        return _fail(
            "DISCORD_TOKEN is not set; copy the token from your application's Bot page into .env",
            EXIT_TOKEN,
        )
    discord.utils.setup_logging()  # connection news and errors on stderr, as operators expect
    return asyncio.run(until_stopped(serve(settings)))


def use_api(url: str) -> None:
    """Send every REST call (webhooks and interaction callbacks included) to another base."""
    discord.http.Route.BASE = url.rstrip("/")


async def serve(settings: Settings) -> int:
    """Run until cancelled or refused; the exit code says how a refusal ended it."""
    dev_guild = settings.discord_dev_guild.strip()
    if dev_guild and not dev_guild.isdigit():
        return _fail(
            f"STUDYBOT_DISCORD_DEV_GUILD must be a server id (digits), not {dev_guild!r}",
            EXIT_FAILED,
        )
    if settings.discord_api_url:
        use_api(settings.discord_api_url)
    try:
        studyset = read_studyset(settings.content)
    except ValueError as exc:
        return _fail(str(exc), EXIT_FAILED)
    try:
        store = await SqliteStore.open(settings.database)
    except StoreError as exc:
        return _fail(str(exc), EXIT_FAILED)
    bot = StudyBot(
        studyset,
        store,
        dev_guild=int(dev_guild) if dev_guild else None,
        heartbeat=heartbeat_path(settings),
        default_timezone=settings.timezone,
        semantic=open_semantic(settings.content, settings.semantic),
    )
    try:
        async with bot:
            await bot.start(settings.discord_token.strip())
    except discord.LoginFailure:
        return _fail(
            "Discord rejected DISCORD_TOKEN; reset it on the application's Bot page and update .env",
            EXIT_TOKEN,
        )
    except discord.PrivilegedIntentsRequired:
        return _fail("Discord refused the gateway intents the bot asked for", EXIT_FAILED)
    except (aiohttp.ClientConnectionError, discord.GatewayNotFound) as exc:
        return _fail(f"cannot reach Discord at {discord.http.Route.BASE}: {exc}", EXIT_FAILED)
    finally:
        await store.close()
    return 0


def _fail(message: str, code: int) -> int:
    print(f"studybot: {message}", file=sys.stderr)
    return code
