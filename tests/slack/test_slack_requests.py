"""What Slack's request handling must refuse or absorb: forged, stale and repeated deliveries."""

from __future__ import annotations

import time
from datetime import timedelta

from fake_slack import TEAM
from slack_harness import SECRET, Harness, buttons
from slack_world import ADMIN, STUDYSET

from bot.core.engine import Core
from bot.slack.listeners import build_app
from bot.slack.outlet import SlackOutlet
from bot.slack.render import ANSWER_ACTION
from content.model import Studyset
from db.sqlite import SqliteStore


async def _barrier(slack) -> None:
    """A valid request after the ones under test; its reply shows the app is still serving."""
    before = len(slack.fake.called("response_url"))
    response = await slack.command("U0ADA", "/sources")
    assert response.status == 200
    await slack.fake.wait_for("response_url", before + 1)


async def test_a_bad_signature_is_refused_with_no_side_effect(slack, fake, store):
    body = slack.command_body("U0ADA", "/quiz", "start 3")
    response = await slack.send(body, slack.headers(body, secret="not-the-secret"))
    assert response.status == 401
    assert fake.calls == []  # not even auth.test: the request never got past the signature
    await _barrier(slack)
    assert fake.called("chat.postMessage") == []
    community = await store.community("slack", TEAM)
    assert await store.open_round(community.id, "C0QUIZ", "live") is None


async def test_a_tampered_body_is_refused(slack, fake):
    body = slack.command_body("U0ADA", "/quiz", "start 3")
    headers = slack.headers(body)
    response = await slack.send(body.replace("start+3", "stop"), headers)
    assert response.status == 401
    assert fake.calls == []


async def test_a_stale_timestamp_is_refused_with_no_side_effect(slack, fake, store):
    body = slack.command_body("U0ADA", "/quiz", "start 3")
    old = int(time.time()) - 10 * 60  # Slack's replay window is five minutes
    response = await slack.send(body, slack.headers(body, timestamp=old))
    assert response.status == 401
    assert fake.calls == []
    await _barrier(slack)
    assert fake.called("chat.postMessage") == []


async def test_a_retried_command_runs_once(slack, fake, store):
    body = slack.command_body("U0ADA", "/quiz", "start 2")
    assert (await slack.send(body)).status == 200
    posted = await fake.wait_for("chat.postMessage", 2)  # the announcement and question 1
    retry = {**slack.headers(body), "x-slack-retry-num": "1", "x-slack-retry-reason": "timeout"}
    assert (await slack.send(body, retry)).status == 200
    await _barrier(slack)
    assert len(fake.called("chat.postMessage")) == len(posted) == 2
    replies = [c for c in fake.called("response_url") if c["response_url"].startswith("command-1")]
    assert len(replies) == 1  # "Live round ... started", not also "already running"


async def test_a_retried_click_counts_once(slack, fake, store):
    await slack.command("U0ADA", "/quiz", "start 2 ships")  # questions with choices
    question = (await fake.wait_for("chat.postMessage", 2))[1]
    block, button = buttons(question["blocks"])[0]
    assert button["action_id"].startswith(ANSWER_ACTION)
    body = slack.click_body("U0BO", block, button)
    assert (await slack.send(body)).status == 200
    await fake.wait_for("response_url", 2)  # the start confirmation, then the click's result
    retry = {**slack.headers(body), "x-slack-retry-num": "2"}
    assert (await slack.send(body, retry)).status == 200
    await _barrier(slack)
    clicks = [c for c in fake.called("response_url") if c["response_url"].startswith("click-")]
    assert len(clicks) == 1
    assert "already answered" not in clicks[0]["text"]
    community = await store.community("slack", TEAM)
    rnd = await store.open_round(community.id, "C0QUIZ", "live")
    assert [a.user_id for a in await store.answers(rnd.id)] == ["U0BO"]


async def test_a_retry_after_a_restart_or_to_a_second_process_runs_once(
    slack, fake, store, clock, client, tmp_path
):
    """Two apps on one database file: a restarted process, or a second HTTP process."""
    second_store = await SqliteStore.open(tmp_path / "studybot.sqlite3")
    try:
        second_core = Core(Studyset.from_dict(STUDYSET), second_store, clock, SlackOutlet(client))
        second = Harness(build_app(second_core, client, SECRET), fake)
        second._ids = slack._ids  # one numbering of trigger ids, as Slack's are unique
        body = slack.command_body(ADMIN, "/schedule", "onthisdate 09:00")
        assert (await slack.send(body)).status == 200
        await fake.wait_for("response_url", 1)
        retry = {**slack.headers(body), "x-slack-retry-num": "1", "x-slack-retry-reason": "timeout"}
        assert (await second.send(body, retry)).status == 200
        assert (await second.send(body)).status == 200  # a replay, within the five minutes
        await _barrier(second)
        community = await store.community("slack", TEAM)
        assert len(await store.schedules(community.id)) == 1
    finally:
        await second_store.close()


async def test_a_delivery_is_forgotten_once_it_expires(store, clock):
    first = await store.first_delivery("slack:trigger_id:1", clock(), timedelta(minutes=5))
    again = await store.first_delivery("slack:trigger_id:1", clock(), timedelta(minutes=5))
    later = clock() + timedelta(minutes=6)
    assert (first, again) == (True, False)
    assert await store.first_delivery("slack:trigger_id:1", later, timedelta(minutes=5))
