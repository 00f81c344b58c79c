"""`bot.runtime` as operators meet it: real `studybot` processes, started and stopped."""

from __future__ import annotations

import asyncio
import json
import re
import signal
import tempfile
import time
from pathlib import Path

import asyncpg
import pytest
from test_console_cli import running, studybot
from test_core_world import world_dict

from db import pg_schema, schema
from db.pg_tools import ScratchServer

PLATFORMS = {
    "console": {},
    "discord": {"DISCORD_TOKEN": "x", "STUDYBOT_DISCORD_API_URL": "http://127.0.0.1:9/api/v10"},
    "slack": {
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
        "STUDYBOT_SLACK_API_URL": "http://127.0.0.1:9/api/",
    },
}


def dangling_reference(data: dict) -> dict:
    data["questions"][0]["passage"] = "alliance-009"  # no such paragraph
    return data


def wrong_shape(data: dict) -> list:
    return [data]


@pytest.mark.parametrize("platform", sorted(PLATFORMS))
@pytest.mark.parametrize(
    ("corrupt", "says"),
    [
        (dangling_reference, "unknown passage 'alliance-009'"),
        (wrong_shape, "the file must hold a JSON object"),
    ],
)
def test_content_that_fails_its_check_stops_every_start_in_one_line(
    env, tmp_path, platform, corrupt, says
):
    content = tmp_path / "broken.json"
    content.write_text(json.dumps(corrupt(world_dict())), encoding="utf-8")
    environment = {**env, **PLATFORMS[platform], "STUDYBOT_CONTENT": str(content)}
    done = studybot(["run"], environment, tmp_path, "/quiz start 1\n")
    assert done.returncode == 2, done.stderr
    assert done.stdout == "" and done.stderr.count("\n") == 1, done.stderr
    assert says in done.stderr and "studybot content check" in done.stderr
    assert not (tmp_path / "data").exists(), "nothing is opened before the content checks out"


def test_the_console_checks_its_content_option_too(env, tmp_path):
    content = tmp_path / "broken.json"
    content.write_text(json.dumps(dangling_reference(world_dict())), encoding="utf-8")
    done = studybot(["console", "--content", str(content)], env, tmp_path, "/help\n")
    assert done.returncode == 2 and done.stderr.count("\n") == 1, done.stderr
    assert "unknown passage 'alliance-009'" in done.stderr


@pytest.mark.parametrize("sig", [signal.SIGTERM, signal.SIGINT])
def test_a_signal_stops_a_running_bot_cleanly_with_exit_0(env, tmp_path, sig):
    with running(["run"], env, tmp_path) as process:
        process.stdin.write("/sources\n")
        process.stdin.flush()
        assert "The articles" in process.stdout.readline()
        time.sleep(0.2)  # the input stays open: the bot is running, waiting
        process.send_signal(sig)
        assert process.wait(timeout=30) == 0
        assert "Traceback" not in process.stderr.read()


async def _schema_version(url: str) -> int:
    connection = await asyncpg.connect(url)
    try:
        return await connection.fetchval("SELECT version FROM studybot_schema")
    finally:
        await connection.close()


def test_the_bot_waits_for_a_database_server_that_starts_late_then_migrates_it(env, tmp_path):
    # Its folder is known before it starts, so the bot is pointed at a server not there yet.
    server = ScratchServer(folder=Path(tempfile.mkdtemp(prefix="studybot-pg-late-")))
    environment = {**env, "STUDYBOT_DATABASE": server.url(), "STUDYBOT_DATABASE_WAIT": "60"}
    try:
        with running(["run"], environment, tmp_path) as process:
            waiting = process.stderr.readline()
            assert waiting.startswith("waiting for the database: cannot connect to"), waiting
            server.start()
            process.stdin.write("/sources\n")
            process.stdin.flush()
            assert "The articles" in process.stdout.readline()
            process.stdin.close()
            assert process.wait(timeout=30) == 0
            assert "Traceback" not in process.stderr.read()
        known = len(schema.migrations(pg_schema.MIGRATIONS))
        assert asyncio.run(_schema_version(server.url())) == known
    finally:
        server.stop()


def test_a_database_server_that_never_answers_ends_the_start_with_exit_1(env, tmp_path):
    nowhere = "postgresql://studybot@/studybot?host=/nonexistent-studybot"
    environment = {**env, "STUDYBOT_DATABASE": nowhere, "STUDYBOT_DATABASE_WAIT": "3"}
    started = time.monotonic()
    done = studybot(["run"], environment, tmp_path, "/sources\n")
    assert done.returncode == 1 and done.stdout == "", done.stderr
    lines = done.stderr.splitlines()
    assert len(lines) >= 2 and all(
        line.startswith("waiting for the database") for line in lines[:-1]
    )
    assert lines[-1].startswith("studybot: cannot connect to postgresql://studybot@/studybot")
    assert re.search(r"gave up after \d+ s, see STUDYBOT_DATABASE_WAIT", lines[-1]), lines[-1]
    assert 3 <= time.monotonic() - started < 30


def test_a_database_that_refuses_the_bot_is_not_waited_for(env, tmp_path, postgres_server):
    missing = postgres_server.url("no_such_database")
    done = studybot(["run"], {**env, "STUDYBOT_DATABASE": missing}, tmp_path, "/sources\n")
    assert done.returncode == 2 and done.stdout == "", done.stderr
    assert done.stderr.count("\n") == 1 and "does not exist" in done.stderr, done.stderr
