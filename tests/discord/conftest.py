"""The real bot against the fake Discord: a server per test, bots started on a real SQLite file."""

from __future__ import annotations

import asyncio

import discord.http
import pytest
from discord_harness import STUDYSET, Clock, Session
from fake_discord import TOKEN, FakeDiscord

from bot.core.engine import Core
from bot.discord.app import use_api
from bot.discord.client import StudyBot
from content.model import Studyset
from db.sqlite import SqliteStore


@pytest.fixture
def studyset() -> Studyset:
    return Studyset.from_dict(STUDYSET)


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def fake():
    server = FakeDiscord()
    await server.start()
    base = discord.http.Route.BASE
    use_api(server.api_url)
    yield server
    discord.http.Route.BASE = base
    await server.close()


@pytest.fixture
async def start_bot(fake, studyset, clock, tmp_path):
    """Start a bot (again: a restart) on the same database file; stopped at the end."""
    running: list[tuple[StudyBot, asyncio.Task, SqliteStore]] = []

    async def start(**options) -> Session:
        store = await SqliteStore.open(tmp_path / "studybot.sqlite3")
        options = {"guild_ready_timeout": 0.05, **options}
        bot = StudyBot(lambda outlet: Core(studyset, store, clock, outlet), **options)
        await bot.login(TOKEN)
        task = asyncio.create_task(bot.connect())
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        running.append((bot, task, store))
        return Session(fake, bot)

    async def stop(session: Session) -> None:
        for entry in [r for r in running if r[0] is session.bot]:
            await _stop(*entry)
            running.remove(entry)

    start.stop = stop
    yield start
    for entry in running:
        await _stop(*entry)


async def _stop(bot: StudyBot, task: asyncio.Task, store: SqliteStore) -> None:
    await bot.close()
    await asyncio.wait_for(task, 10)
    await store.close()


@pytest.fixture
async def session(start_bot) -> Session:
    return await start_bot()
