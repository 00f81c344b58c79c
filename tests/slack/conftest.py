"""The real Slack adapter against the fake Slack: a Bolt app over the real core and a real
SQLite file, driven by signed requests the way Slack sends them."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import aiohttp
import pytest
from fake_slack import BOT_TOKEN, FakeSlack
from slack_harness import SECRET, Harness

from bot.core.engine import Core
from bot.settings import Settings
from bot.slack.app import web_client
from bot.slack.listeners import build_app
from bot.slack.outlet import SlackOutlet
from content.model import Studyset
from db.sqlite import SqliteStore

START = datetime(2026, 2, 24, 8, 0, tzinfo=UTC)  # a Tuesday morning
STUDENTS = ("U0ADA", "U0BO", "U0CY")
ADMIN = "U0PROF"  # a workspace admin
TUTOR = "U0TUTOR"  # a member of the instructor user group
TUTORS_GROUP = "S0TUTORS"

STUDYSET = {
    "articles": [
        {
            "id": "ships",
            "title": "Ships of the Northern Sea",
            "authors": ["Ida Holm"],
            "source_file": "ships.txt",
            "sha256": "a" * 64,
        },
        {
            "id": "ports",
            "title": "Ports and Trade",
            "authors": ["Oskar Berg", "Lea Sund"],
            "source_file": "ports.txt",
            "sha256": "b" * 64,
        },
    ],
    "passages": [
        {
            "id": "ships-0",
            "article": "ships",
            "index": 0,
            "text": "The Coastal Defence Agreement (CDA) was signed in Bergen on 24 February 1998 "
            "by four navies.",
        },
        {
            "id": "ships-1",
            "article": "ships",
            "index": 1,
            "text": "The icebreaker Polaris was launched in 2011 and carries a crew of 60.",
        },
        {
            "id": "ports-0",
            "article": "ports",
            "index": 0,
            "text": "Rotterdam handled 440 million tonnes of cargo in 2023, the most in Europe.",
        },
    ],
    "glossary": [
        {
            "term": "CDA",
            "expansion": "Coastal Defence Agreement",
            "article": "ships",
            "passage": "ships-0",
        }
    ],
    "events": [
        {
            "id": "ev-cda",
            "date": "1998-02-24",
            "precision": "day",
            "text": "The Coastal Defence Agreement was signed in Bergen.",
            "article": "ships",
            "passage": "ships-0",
        },
        {
            "id": "ev-polaris",
            "date": "2011",
            "precision": "year",
            "text": "The icebreaker Polaris was launched.",
            "article": "ships",
            "passage": "ships-1",
        },
    ],
    "questions": [
        {
            "id": "q-signed",
            "kind": "place",
            "prompt": "Where was the Coastal Defence Agreement signed?",
            "answers": ["Bergen"],
            "choices": ["Oslo", "Bergen", "Tromsø"],
            "article": "ships",
            "passage": "ships-0",
            "explanation": "It was signed by four navies.",
        },
        {
            "id": "q-crew",
            "kind": "number",
            "prompt": "How many crew does the Polaris carry?",
            "answers": ["60", "sixty"],
            "choices": ["40", "60", "80", "120"],
            "article": "ships",
            "passage": "ships-1",
            "explanation": "",
        },
        {
            "id": "q-port",
            "kind": "place",
            "prompt": "Which port handled the most cargo in Europe in 2023?",
            "answers": ["Rotterdam"],
            "choices": [],
            "article": "ports",
            "passage": "ports-0",
            "explanation": "",
        },
    ],
    "prompts": [
        {"id": "pr-1", "text": "Is an icebreaker fleet worth its cost?", "article": "ships"},
        {"id": "pr-2", "text": "Why does one port come to dominate a coast?", "article": "ports"},
    ],
}


class Clock:
    """The core's injected time, moved by the tests."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)


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
