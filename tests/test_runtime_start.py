"""`bot.runtime` as operators meet it: real `studybot` processes, started and stopped."""

from __future__ import annotations

import json
import signal
import time

import pytest
from test_console_cli import running, studybot
from test_core_world import world_dict

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
