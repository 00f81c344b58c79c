"""The Discord adapter for `bot.runtime`: `studybot run` serves it when DISCORD_TOKEN is set.

Problems an operator can fix (no token, a rejected token, an unreachable API) end the run with
one line on stderr and the runtime's exit code, never a traceback.
"""

from __future__ import annotations

import asyncio

import aiohttp
import discord
import discord.http
import yarl
from discord.gateway import DiscordWebSocket

from bot.discord.client import StudyBot
from bot.runtime.exits import FAILED, SETUP, Refused
from bot.runtime.host import Host
from bot.settings import Settings
from bot.shards import parse_shards


def use_api(url: str) -> None:
    """Send every REST call (webhooks and interaction callbacks included) to another base."""
    discord.http.Route.BASE = url.rstrip("/")


async def _find_gateway(bot: StudyBot) -> None:
    """Given a shard count, discord.py assumes Discord's own gateway; ask the API where it is,
    as discord.py does without one (a proxy or a test's fake at STUDYBOT_DISCORD_API_URL)."""
    _, url, _ = await bot.http.get_bot_gateway()
    DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(url)


class DiscordAdapter:
    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.token = settings.discord_token.strip()
        self.dev_guild = settings.discord_dev_guild.strip()

    def check(self) -> None:
        if not self.token:
            raise Refused(
                "DISCORD_TOKEN is not set; copy the token from your application's Bot page "
                "into .env"
            )
        if self.dev_guild and not self.dev_guild.isdigit():
            raise Refused(
                f"STUDYBOT_DISCORD_DEV_GUILD must be a server id (digits), not {self.dev_guild!r}"
            )

    async def serve(self, host: Host) -> None:
        if self.settings.discord_api_url:
            use_api(self.settings.discord_api_url)
        shards = parse_shards(self.settings.shard_count, self.settings.shard_ids)
        bot = StudyBot(
            await host.open(),
            dev_guild=int(self.dev_guild) if self.dev_guild else None,
            shards=shards,
        )
        try:
            async with bot:
                await bot.login(self.token)
                if shards is not None:
                    await _find_gateway(bot)
                connection = asyncio.ensure_future(bot.connect())
                ready = asyncio.ensure_future(bot.wait_until_ready())
                try:
                    await asyncio.wait({connection, ready}, return_when=asyncio.FIRST_COMPLETED)
                    if ready.done():  # outlets can post now: due work may run
                        host.tick(bot.core, bot.connected)
                    await connection
                finally:
                    ready.cancel()
                    connection.cancel()
        except discord.LoginFailure:
            raise Refused(
                "Discord rejected DISCORD_TOKEN; reset it on the application's Bot page and "
                "update .env"
            ) from None
        except discord.PrivilegedIntentsRequired:
            raise Refused("Discord refused the gateway intents the bot asked for", SETUP) from None
        except (aiohttp.ClientConnectionError, discord.GatewayNotFound) as exc:
            raise Refused(
                f"cannot reach Discord at {discord.http.Route.BASE}: {exc}", FAILED
            ) from None
