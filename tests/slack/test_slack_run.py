"""Slack through the runtime: token problems end with one line and exit 2; both modes take
real requests."""

from __future__ import annotations

import asyncio
import json
import socket
from urllib.parse import urlencode

import aiohttp
import pytest
from fake_slack import APP_TOKEN, BOT_TOKEN, TEAM
from slack_harness import SECRET, Harness
from slack_world import STUDYSET

from bot.health import heartbeat_path
from bot.runtime import serve as runtime
from bot.runtime.exits import FAILED, SETUP
from bot.settings import Settings
from bot.slack.app import SlackAdapter


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def settings(tmp_path, fake) -> Settings:
    content = tmp_path / "studyset.json"
    content.write_text(json.dumps(STUDYSET), encoding="utf-8")
    return Settings(
        content=content,
        database=tmp_path / "studybot.sqlite3",
        slack_bot_token=BOT_TOKEN,
        slack_app_token=APP_TOKEN,
        slack_api_url=fake.api_url,
    )


def run(settings: Settings) -> int:
    return runtime.run(settings, [SlackAdapter(settings)])


async def serve(settings: Settings) -> int:
    return await runtime.serve(settings, [SlackAdapter(settings)])


async def start(settings: Settings) -> asyncio.Task:
    """The runtime serving Slack, as a task, once it takes requests."""
    ready = asyncio.Event()
    task = asyncio.create_task(runtime.serve(settings, [SlackAdapter(settings, ready)]))
    waiter = asyncio.ensure_future(ready.wait())
    await asyncio.wait({task, waiter}, timeout=10, return_when=asyncio.FIRST_COMPLETED)
    waiter.cancel()
    if task.done():
        task.result()
    assert ready.is_set()
    return task


async def beating(settings: Settings) -> bool:
    """Whether the heartbeat `studybot health` reads appears (the first tick makes it)."""
    path = heartbeat_path(settings)

    async def appeared() -> None:
        while not path.exists():
            await asyncio.sleep(0.01)

    await asyncio.wait_for(appeared(), 5)
    return True


def one_line(capsys) -> str:
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err, err
    return err


async def stop(task: asyncio.Task) -> None:
    task.cancel()
    with pytest.raises(asyncio.CancelledError):
        await task


def test_without_a_bot_token_run_says_so_and_exits_2(capsys):
    assert run(Settings(slack_app_token=APP_TOKEN)) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "SLACK_BOT_TOKEN" in err


def test_without_an_app_token_or_secret_run_says_which_to_set(capsys):
    assert run(Settings(slack_bot_token=BOT_TOKEN)) == 2
    err = capsys.readouterr().err
    assert "SLACK_APP_TOKEN" in err and "SLACK_SIGNING_SECRET" in err


def test_an_unreachable_api_is_one_line_and_exit_1(capsys, tmp_path):
    dead = f"http://127.0.0.1:{free_port()}/api/"
    content = tmp_path / "studyset.json"
    content.write_text(json.dumps(STUDYSET), encoding="utf-8")
    settings = Settings(
        content=content,
        database=tmp_path / "db.sqlite3",
        slack_bot_token=BOT_TOKEN,
        slack_app_token=APP_TOKEN,
        slack_api_url=dead,
    )
    assert run(settings) == FAILED
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "cannot reach" in err
    assert not (tmp_path / "db.sqlite3").exists()  # nothing written before the token checked out


async def test_a_rejected_bot_token_is_refused(settings, capsys):
    code = await serve(Settings(**{**vars(settings), "slack_bot_token": "xoxb-revoked"}))
    assert code == SETUP and "SLACK_BOT_TOKEN" in one_line(capsys)


async def test_a_rejected_app_token_is_refused(settings, capsys):
    code = await serve(Settings(**{**vars(settings), "slack_app_token": "xapp-revoked"}))
    assert code == SETUP and "SLACK_APP_TOKEN" in one_line(capsys)


async def test_a_missing_content_file_is_one_clear_line(settings, tmp_path, capsys):
    missing = tmp_path / "nowhere.json"
    code = await serve(Settings(**{**vars(settings), "content": missing}))
    assert code == SETUP and "no content file at" in one_line(capsys)
    assert not settings.database.exists()


async def test_socket_mode_takes_a_slash_command_and_acknowledges_it(settings, fake):
    task = await start(settings)
    try:
        assert await beating(settings)
        payload = {
            "team_id": TEAM,
            "channel_id": "C0QUIZ",
            "user_id": "U0ADA",
            "user_name": "ada",
            "command": "/define",
            "text": "CDA",
            "response_url": fake.response_url("socket-1"),
            "trigger_id": "trigger-socket-1",
        }
        await fake.envelope("slash_commands", payload, "env-1", accepts_response_payload=True)
        (ack,) = await fake.wait_for("socket_ack")
        assert ack["envelope_id"] == "env-1"
        (reply,) = await fake.wait_for("response_url")
        assert "Coastal Defence Agreement" in json.dumps(reply["blocks"])
        # a redelivery of the same envelope is acknowledged, not run again
        await fake.envelope("slash_commands", payload, "env-1", retry_attempt=1)
        await fake.wait_for("socket_ack", 2)
        assert len(fake.called("response_url")) == 1
    finally:
        await stop(task)


@pytest.fixture
def http(settings) -> Settings:
    """The same app in HTTP mode, on a free port."""
    changes = {"slack_app_token": "", "slack_signing_secret": SECRET, "slack_port": free_port()}
    return Settings(**{**vars(settings), **changes})


async def test_http_mode_takes_signed_requests_and_refuses_forged_ones(http, fake):
    port = http.slack_port
    task = await start(http)
    try:
        assert await beating(http)
        signer = Harness(app=None, fake=fake)
        body = urlencode(
            {
                "team_id": TEAM,
                "channel_id": "C0QUIZ",
                "user_id": "U0BO",
                "user_name": "bo",
                "command": "/sources",
                "text": "",
                "response_url": fake.response_url("http-1"),
                "trigger_id": "trigger-http-1",
            }
        )
        url = f"http://127.0.0.1:{port}/slack/events"
        async with aiohttp.ClientSession() as session:
            async with session.post(
                url, data=body, headers=signer.headers(body, secret="wrong")
            ) as r:
                assert r.status == 401
            async with session.post(url, data=body, headers=signer.headers(body)) as r:
                assert r.status == 200
        (reply,) = await fake.wait_for("response_url")
        assert reply["response_url"] == "http-1"
        assert "Ports and Trade" in json.dumps(reply["blocks"])
    finally:
        await stop(task)


async def test_http_mode_answers_malformed_requests_with_400(http, fake, caplog):
    port = http.slack_port
    task = await start(http)
    signer = Harness(app=None, fake=fake)
    form = urlencode({"command": "/sources", "team_id": TEAM, "trigger_id": "t-1"})
    malformed = [
        (form, {**signer.headers(form), "x-slack-request-timestamp": "soon"}),
        ("payload=%7Bnot+json", signer.headers("payload=%7Bnot+json")),
        (b"command=%2Fsources&text=\xff\xfe", signer.headers("command=%2Fsources&text=")),
    ]
    try:
        url = f"http://127.0.0.1:{port}/slack/events"
        async with aiohttp.ClientSession() as session:
            for body, headers in malformed:
                async with session.post(url, data=body, headers=headers) as r:
                    assert r.status == 400, body
        assert fake.called("response_url") == []
        assert not task.done()
        assert "Traceback" not in caplog.text and not any(r.exc_info for r in caplog.records)
    finally:
        await stop(task)
