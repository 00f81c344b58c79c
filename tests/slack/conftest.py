"""The real Slack adapter against the fake Slack: a Bolt app over the real core and a real
SQLite file, driven by signed requests the way Slack sends them."""

from __future__ import annotations

import aiohttp
import pytest
from fake_slack import BOT_TOKEN, FakeSlack
from slack_harness import SECRET, Harness
from slack_world import ADMIN, STUDENTS, STUDYSET, TUTOR, TUTORS_GROUP, Clock

from bot.core.engine import Core
from bot.settings import Settings
from bot.slack.app import web_client
from bot.slack.listeners import build_app
from bot.slack.outlet import SlackOutlet
from content.model import Studyset
from db.sqlite import SqliteStore


@pytest.fixture
def clock() -> Clock:
    return Clock()


@pytest.fixture
async def fake():
    server = await FakeSlack().start()
    for user in STUDENTS:
        server.add_user(user, user.removeprefix("U0").lower())
    server.add_user(ADMIN, "prof", is_admin=True)
    server.add_user(TUTOR, "tutor")
    server.groups[TUTORS_GROUP] = [TUTOR]
    yield server
    await server.stop()


@pytest.fixture
async def store(tmp_path):
    opened = await SqliteStore.open(tmp_path / "studybot.sqlite3")
    yield opened
    await opened.close()


@pytest.fixture
async def client(fake):
    settings = Settings(slack_bot_token=BOT_TOKEN, slack_api_url=fake.api_url)
    async with aiohttp.ClientSession() as session:  # shared, as `serve` shares one
        yield web_client(settings, session)


@pytest.fixture
def core(store, clock, client) -> Core:
    return Core(Studyset.from_dict(STUDYSET), store, clock, SlackOutlet(client))


@pytest.fixture
def slack(fake, core, client) -> Harness:
    return Harness(build_app(core, client, SECRET), fake)
