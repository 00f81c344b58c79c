"""A distributed Slack app: workspaces install it through Bolt's OAuth flow (the install page,
Slack's redirect back, oauth.v2.access at the fake Slack), the installations live in studybot's
SQLite file, and every workspace's calls go out with its own token."""

from __future__ import annotations

import asyncio
import dataclasses
import html
import json
import re
from urllib.parse import parse_qs, urlparse

import aiohttp
import pytest
from aiohttp.test_utils import TestClient, TestServer
from slack_harness import SECRET, Harness
from slack_world import ADMIN, STUDYSET

from bot.core.api import OutletError, Reply
from bot.core.engine import Core
from bot.runtime.exits import Refused
from bot.settings import Settings
from bot.slack import http
from bot.slack.app import EVENTS_PATH, SlackAdapter, oauth_settings, rotator, web_client
from bot.slack.installations import Installations, States
from bot.slack.listeners import build_app
from bot.slack.outlet import SlackOutlet
from content.model import Studyset
from db.sqlite import SqliteStore

CLIENT = ("1234.5678", "client-secret")
SCHOOLS = {"T0ASH": ("code-ash", "xoxb-ash"), "T0BIRCH": ("code-birch", "xoxb-birch")}


def settings_for(fake) -> Settings:
    return Settings(
        slack_client_id=CLIENT[0],
        slack_client_secret=CLIENT[1],
        slack_signing_secret=SECRET,
        slack_api_url=fake.api_url,
    )


class Distributed:
    """studybot as a distributed app on one database: its web routes and its Bolt app."""

    def __init__(self, fake, store, clock, session) -> None:
        settings = settings_for(fake)
        client = web_client(settings, session)
        self.installations = Installations(store, clock, rotator(settings, client))
        states = States(store, clock)
        outlet = SlackOutlet(client, installations=self.installations)
        self.core = Core(Studyset.from_dict(STUDYSET), store, clock, outlet)
        self.app = build_app(
            self.core, client, SECRET, oauth=oauth_settings(settings, self.installations, states)
        )
        self.slack = Harness(self.app, fake)
        self.web = TestClient(TestServer(http.web_app(self.app, EVENTS_PATH)))

    async def install_page(self) -> tuple[str, str]:
        """The state in the page's Add-to-Slack link, and the state cookie it set."""
        page = await self.web.get("/slack/install")
        assert page.status == 200
        link = html.unescape(re.search(r'<a href="([^"]+)"', await page.text()).group(1))
        assert link.startswith("https://slack.com/oauth/v2/authorize?")
        query = parse_qs(urlparse(link).query)
        assert query["client_id"] == [CLIENT[0]] and "chat:write" in query["scope"][0]
        return query["state"][0], page.cookies["slack-app-oauth-state"].value

    async def redirect(self, code: str, state: str, cookie: str) -> aiohttp.ClientResponse:
        """Slack sending the installer's browser back with the code and the state."""
        return await self.web.get(
            "/slack/oauth_redirect",
            params={"code": code, "state": state},
            headers={"Cookie": f"slack-app-oauth-state={cookie}"},
        )

    async def install(self, code: str) -> None:
        answer = await self.redirect(code, *await self.install_page())
        assert answer.status == 200, await answer.text()


async def forgotten(store, team: str) -> None:
    """Wait for Bolt's event listener (it runs after the acknowledgement) to delete it."""
    async with asyncio.timeout(5):
        while await store.slack_installation("", team) is not None:
            await asyncio.sleep(0.01)


@pytest.fixture
async def distributed(fake, store, clock):
    fake.client = CLIENT
    for team, (code, token) in SCHOOLS.items():
        fake.offer_install(team, code, token)
    async with aiohttp.ClientSession() as session:
        app = Distributed(fake, store, clock, session)
        await app.web.start_server()
        yield app
        await app.web.close()


async def test_two_workspaces_install_and_each_uses_its_own_token(distributed, fake):
    for code, _ in SCHOOLS.values():
        await distributed.install(code)
    for team, (_, token) in SCHOOLS.items():
        before = len(fake.tokens("users.info"))
        (reply,) = await distributed.slack.ask(ADMIN, "/leaderboard", team=team)
        assert reply["response_type"] == "in_channel", reply
        assert fake.tokens("users.info")[before:] == [token]  # who is asking, in that workspace

    # unprompted posts (a live round's questions) go out with the workspace's token too
    await distributed.slack.ask(ADMIN, "/quiz", "start 1", team="T0BIRCH")
    await fake.wait_for("chat.postMessage", 2)
    assert set(fake.tokens("chat.postMessage")) == {"xoxb-birch"}


async def test_a_forged_or_replayed_state_is_refused(distributed, fake, store):
    state, cookie = await distributed.install_page()
    forged = await distributed.redirect("code-ash", "forged-state", "forged-state")
    assert forged.status == 401  # Bolt's answer to a state the store never issued
    assert fake.called("oauth.v2.access") == []  # the code was never exchanged

    assert (await distributed.redirect("code-ash", state, cookie)).status == 200
    fake.offer_install("T0ASH", "code-ash", "xoxb-ash")  # the same redirect, captured and replayed
    assert (await distributed.redirect("code-ash", state, cookie)).status == 401
    assert len(fake.called("oauth.v2.access")) == 1
    assert await store.slack_installation("", "T0ASH") is not None


async def test_a_state_from_another_browser_is_refused(distributed, fake, store):
    state, _ = await distributed.install_page()
    _, other_cookie = await distributed.install_page()
    answer = await distributed.redirect("code-ash", state, other_cookie)
    assert answer.status == 400  # Bolt's answer to a browser that did not open the install page
    assert await store.slack_installation("", "T0ASH") is None


async def test_an_uninstall_removes_one_workspace_and_the_other_keeps_working(
    distributed, fake, store
):
    for code, _ in SCHOOLS.values():
        await distributed.install(code)
    answer = await distributed.slack.event("T0ASH", {"type": "app_uninstalled"}, "Ev0UNINSTALL")
    assert answer.status == 200
    fake.revoke("T0ASH")
    await forgotten(store, "T0ASH")

    (reply,) = await distributed.slack.ask(ADMIN, "/leaderboard", team="T0BIRCH")
    assert reply["response_type"] == "in_channel"  # answered, not Bolt's authorization error
    assert fake.tokens("users.info")[-1] == "xoxb-birch"
    with pytest.raises(OutletError, match="no longer installed"):
        await distributed.core.outlet.send("T0ASH", "C0QUIZ", Reply(text="hello"))


async def test_revoked_tokens_remove_the_installation(distributed, fake, store):
    await distributed.install("code-ash")
    event = {"type": "tokens_revoked", "tokens": {"bot": ["U0BOT"]}}
    assert (await distributed.slack.event("T0ASH", event, "Ev0REVOKED")).status == 200
    await forgotten(store, "T0ASH")


async def test_a_rotating_token_is_refreshed_before_a_post_and_kept(distributed, fake, store):
    fake.offer_install("T0CEDAR", "code-cedar", "xoxb-cedar").expires_in = 60  # due within 2 h
    await distributed.install("code-cedar")
    await distributed.core.outlet.send("T0CEDAR", "C0QUIZ", Reply(text="hello"))
    assert fake.tokens("chat.postMessage") == ["xoxb-cedar-rotated"]  # the old one is dead
    saved = await store.slack_installation("", "T0CEDAR")
    assert saved["bot_token"] == "xoxb-cedar-rotated"
    assert saved["bot_refresh_token"] == "xoxe-xoxb-cedar-rotated"


async def test_installations_survive_a_restart(fake, clock, tmp_path):
    fake.client = CLIENT
    fake.offer_install("T0ASH", "code-ash", "xoxb-ash")
    path = tmp_path / "studybot.sqlite3"
    async with aiohttp.ClientSession() as session:
        async with await SqliteStore.open(path) as store:
            first = Distributed(fake, store, clock, session)
            await first.web.start_server()
            await first.install("code-ash")
            await first.web.close()
        async with await SqliteStore.open(path) as store:
            restarted = Distributed(fake, store, clock, session)
            await restarted.slack.ask(ADMIN, "/leaderboard", team="T0ASH")
    assert fake.tokens("users.info") == ["xoxb-ash"]


def test_a_distributed_app_needs_its_secrets_and_no_single_token(fake):
    with pytest.raises(Refused, match="SLACK_SIGNING_SECRET"):
        SlackAdapter(Settings(slack_client_id="1", slack_client_secret="2")).check()
    both = dataclasses.replace(settings_for(fake), slack_bot_token="xoxb-1")
    with pytest.raises(Refused, match="one or the other"):
        SlackAdapter(both).check()
    SlackAdapter(settings_for(fake)).check()


async def test_studybot_run_serves_the_install_flow_and_the_installed_workspace(fake, tmp_path):
    from test_slack_run import beating, free_port, start, stop

    content = tmp_path / "studyset.json"
    content.write_text(json.dumps(STUDYSET), encoding="utf-8")
    settings = dataclasses.replace(
        settings_for(fake),
        content=content,
        database=tmp_path / "db.sqlite3",
        slack_port=free_port(),
    )
    fake.client = CLIENT
    fake.offer_install("T0ASH", "code-ash", "xoxb-ash")
    task = await start(settings)
    try:
        assert await beating(settings)
        base = f"http://127.0.0.1:{settings.slack_port}"
        async with aiohttp.ClientSession(base) as browser:
            async with browser.get("/slack/install") as page:
                link = html.unescape(re.search(r'<a href="([^"]+)"', await page.text()).group(1))
                cookie = page.cookies["slack-app-oauth-state"].value
            state = parse_qs(urlparse(link).query)["state"][0]
            query = {"code": "code-ash", "state": state}
            headers = {"Cookie": f"slack-app-oauth-state={cookie}"}
            async with browser.get("/slack/oauth_redirect", params=query, headers=headers) as r:
                assert r.status == 200
            signer = Harness(app=None, fake=fake)
            body = signer.command_body(ADMIN, "/sources", name="run-1", team="T0ASH")
            async with browser.post("/slack/events", data=body, headers=signer.headers(body)) as r:
                assert r.status == 200
        (reply,) = await fake.wait_for("response_url")
        assert reply["response_url"] == "run-1" and "Ports and Trade" in json.dumps(reply["blocks"])
        assert fake.tokens("users.info") == ["xoxb-ash"]
    finally:
        await stop(task)
