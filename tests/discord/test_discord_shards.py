"""Several `studybot run` processes, each running its own range of shards, on one database (an
SQLite file, a PostgreSQL database) against the fake Discord: every due job is done by exactly one of them, and when one is killed
mid-job the other finishes it once its hold runs out."""

from __future__ import annotations

import asyncio
import os
import signal
import sys
import time
from contextlib import asynccontextmanager
from datetime import UTC, datetime, timedelta

import pytest
from discord_harness import INSTRUCTOR
from fake_discord import CHANNEL_ID, GUILD_ID, TOKEN
from test_core_world import world_dict

from bot.core.rounds import HOLD
from db.stores import open_store

OTHER_GUILD = GUILD_ID + (1 << 22)  # the next shard of two: (guild_id >> 22) % 2 differs
MESSAGES = rf"/channels/{CHANNEL_ID}/messages"


@pytest.fixture
def shared(env, database) -> dict:
    """The processes' environment, on the store under test (`database`: SQLite, PostgreSQL)."""
    return {**env, "STUDYBOT_DATABASE": str(database)}


def bot_env(env: dict, fake, caller: str, shard_ids: str) -> dict:
    return {
        **env,
        "DISCORD_TOKEN": TOKEN,
        "STUDYBOT_DISCORD_API_URL": fake.api_url_for(caller),  # its REST calls are `caller`'s
        "STUDYBOT_SHARD_COUNT": "2",
        "STUDYBOT_SHARD_IDS": shard_ids,
    }


async def studybot(*args: str, env: dict, cwd, **streams) -> asyncio.subprocess.Process:
    return await asyncio.create_subprocess_exec(
        sys.executable,
        "-m",
        "bot",
        *args,
        env=env,
        cwd=cwd,
        stdin=asyncio.subprocess.DEVNULL,
        **streams,
    )


PIPES = {"stdout": asyncio.subprocess.PIPE, "stderr": asyncio.subprocess.PIPE}


@asynccontextmanager
async def processes(env: dict, fake, tmp_path):
    """Two bot processes, "one" on shard 0 and "two" on shard 1, killed when the block ends."""
    fake.guilds, fake.shard_count = [GUILD_ID, OTHER_GUILD], 2
    started = {}
    for caller, shard in (("one", "0"), ("two", "1")):
        with open(tmp_path / f"{caller}.log", "w") as log:  # the child keeps its own copy
            environment = bot_env(env, fake, caller, shard)
            started[caller] = await studybot(
                "run", env=environment, cwd=tmp_path, stdout=log, stderr=log
            )
    try:
        await until(lambda: {0, 1} <= fake.shards.keys(), "both processes connect", 30)
        await until(lambda: fake.commands, "the commands are synced", 30)
        yield started
    finally:
        for process in started.values():
            if process.returncode is None:
                process.kill()
            await process.wait()


async def until(condition, what: str, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, f"timed out waiting until {what}"
        await asyncio.sleep(0.1)


async def seed_due_work(database, weekly: bool = True) -> None:
    """Due as soon as a bot ticks: a daily prompt at midnight UTC in each server, and in the
    other server (with `weekly`) a weekly quiz whose window closed a minute ago."""
    now = datetime.now(UTC)
    async with await open_store(database) as store:
        for guild, channel in ((GUILD_ID, CHANNEL_ID), (OTHER_GUILD, OTHER_GUILD + 1)):
            place = await store.community("discord", str(guild))
            await store.add_schedule(place.id, str(channel), "prompt", None, "00:00", "UTC")
        if not weekly:
            return
        question = world_dict()["questions"][0]["id"]
        await store.create_round(
            place.id,
            str(OTHER_GUILD + 1),
            "weekly",
            [question],
            "seed",
            opens_at=now - timedelta(days=7),
            closes_at=now - timedelta(minutes=1),
        )


async def start_round(fake, questions: int) -> None:
    _, payload = fake.slash_payload(
        INSTRUCTOR, "quiz", {"questions": questions, "seconds": 5}, group=("start",)
    )
    await fake.dispatch("INTERACTION_CREATE", payload)  # to the shard of GUILD_ID only


def edits(fake) -> list[str]:
    """The message each reveal edited, as often as it was edited."""
    return [p for _, m, p in fake.calls if m == "PATCH" and p.startswith(MESSAGES + "/")]


def titled(fake, title: str, channel: int = CHANNEL_ID) -> list[dict]:
    return [
        m
        for m in fake.channel_messages(channel)
        if any(e.get("title") == title for e in m.get("embeds", []))
    ]


def finished(fake) -> list[dict]:
    return titled(fake, "Live round finished")


async def test_two_processes_with_half_the_shards_each_do_every_due_job_once(
    fake, shared, tmp_path
):
    await seed_due_work(shared["STUDYBOT_DATABASE"])
    async with processes(shared, fake, tmp_path) as running:
        assert sorted(s.count for s in fake.shards.values()) == [2, 2]
        await start_round(fake, questions=2)
        await until(lambda: finished(fake), "the live round finishes", 60)
        await asyncio.sleep(2.5)  # two more ticks each: a second post would show now
        assert all(p.returncode is None for p in running.values())

        questions = [m for m in fake.channel_messages() if m.get("components")]
        assert len(questions) == 2, "each question posted once"
        assert sorted(edits(fake)) == sorted(f"{MESSAGES}/{m['id']}" for m in questions)
        assert len(finished(fake)) == 1
        # the intro, two questions, the summary and the prompt; the other server: its prompt
        # and the weekly quiz's results
        assert len(fake.channel_messages()) == 5
        assert len(fake.channel_messages(OTHER_GUILD + 1)) == 2
        assert len(titled(fake, "Weekly quiz results", OTHER_GUILD + 1)) == 1
        assert len(fake.threads) == 2, "each prompt opened its one discussion thread"

        # each process beats its own heartbeat, and `studybot health` reports both
        health = await studybot(
            "health", env=bot_env(shared, fake, "one", "0"), cwd=tmp_path, **PIPES
        )
        out, err = await health.communicate()
    assert health.returncode == 0, err.decode()
    lines = out.decode().splitlines()
    assert lines[0].startswith("shards 1: healthy") and "shards 0 (this one): healthy" in lines[1]


async def test_a_process_killed_mid_reveal_leaves_the_round_to_the_other(fake, shared, tmp_path):
    stall = fake.stall("PATCH", rf"{MESSAGES}/\d+")  # whoever reveals first hangs there
    async with processes(shared, fake, tmp_path) as running:
        await start_round(fake, questions=2)
        await asyncio.wait_for(stall.arrived.wait(), 60)
        await asyncio.sleep(3)  # three ticks of the other process: the round is held
        assert len(edits(fake)) == 1, "the other process revealed while the round was held"
        victim = running[stall.by]
        os.kill(victim.pid, signal.SIGKILL)  # it dies holding the round
        await victim.wait()
        killed, mark = time.monotonic(), len(fake.calls)

        await until(lambda: finished(fake), "the other process finishes the round", 120)
        took = time.monotonic() - killed
        await asyncio.sleep(2.5)

        survivor = next(name for name in running if name != stall.by)
        questions = [m for m in fake.channel_messages() if m.get("components")]
        assert len(questions) == 2 and len(finished(fake)) == 1
        # the stalled reveal never landed; the survivor revealed each question once
        assert sorted(edits(fake)[1:]) == sorted(f"{MESSAGES}/{m['id']}" for m in questions)
        assert {caller for caller, _, _ in fake.calls[mark:]} == {survivor}
        assert took < HOLD.total_seconds() + 30, f"taken over {took:.0f} s after the kill"


async def test_a_scheduled_post_one_process_is_sending_is_not_sent_by_the_other(
    fake, shared, tmp_path
):
    await seed_due_work(shared["STUDYBOT_DATABASE"], weekly=False)
    other_channel = f"/channels/{OTHER_GUILD + 1}/messages"
    stall = fake.stall("POST", other_channel)  # the prompt's post hangs, its claim taken
    async with processes(shared, fake, tmp_path):
        await asyncio.wait_for(stall.arrived.wait(), 60)
        await until(lambda: len(fake.channel_messages()) == 1, "the first server's prompt", 30)
        await asyncio.sleep(3)  # three ticks of each process
        sent = [c for c, m, p in fake.calls if m == "POST" and p == other_channel]
        assert sent == [stall.by], "the prompt being sent was sent again"


async def test_bad_shard_settings_stop_the_start_in_one_line(env, tmp_path):
    cases = [
        ({"STUDYBOT_SHARD_COUNT": "4", "STUDYBOT_SHARD_IDS": "3-5"}, "shard 5 does not exist"),
        ({"STUDYBOT_SHARD_IDS": "0-1"}, "needs STUDYBOT_SHARD_COUNT"),
        ({"STUDYBOT_SHARD_COUNT": "two"}, "whole number"),
    ]
    for settings, says in cases:
        environment = {**env, "DISCORD_TOKEN": TOKEN, **settings}
        done = await studybot("run", env=environment, cwd=tmp_path, **PIPES)
        out, err = await done.communicate()
        assert done.returncode == 2, err.decode()
        assert out == b"" and err.decode().count("\n") == 1 and says in err.decode(), err
