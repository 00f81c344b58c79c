"""`studybot health` across machines: each process keeps its beat in the shared database too,
and a process's health check lists the processes on the other machines."""

from __future__ import annotations

import asyncio
import re
from datetime import UTC, datetime, timedelta

from test_console_cli import studybot

from bot.health import HOST, beat, heartbeat_path, process_label
from bot.settings import Settings
from db.health import heartbeats
from db.stores import open_store


async def test_a_beat_is_kept_per_host_and_process_and_read_back(database):
    now = datetime.now(UTC).replace(microsecond=0)
    async with await open_store(database) as store:
        await store.beat("host-a", "shards 0-3", now - timedelta(seconds=30))
        await store.beat("host-a", "shards 0-3", now)  # the newest beat replaces the older
        await store.beat("host-b", "shards 4-7", now)
        await store.beat("host-a", "studybot", now)
    assert await heartbeats(database) == [
        ("host-a", "shards 0-3", now),
        ("host-a", "studybot", now),
        ("host-b", "shards 4-7", now),
    ]


def test_health_lists_the_processes_beating_on_other_machines(env, tmp_path, postgres_server):
    url = postgres_server.create_database("health")
    environment = {**env, "STUDYBOT_DATABASE": url, "STUDYBOT_SHARD_COUNT": "8"}
    environment["STUDYBOT_SHARD_IDS"] = "0-3"
    settings = Settings.from_env(environment)
    assert process_label(heartbeat_path(settings)) == "shards 0-3"

    async def beats() -> None:
        now = datetime.now(UTC)
        async with await open_store(url) as store:
            await store.beat("machine-b", "shards 4-7", now)
            await store.beat("machine-c", "studybot", now - timedelta(minutes=5))
            await store.beat(HOST, "shards 0-3", now)  # this machine's: its files tell

    asyncio.run(beats())
    beat(tmp_path / heartbeat_path(settings))  # relative: data/ under the working folder
    done = studybot(["health"], environment, tmp_path)
    assert done.returncode == 0, done.stderr
    assert re.sub(r"\d+ s ago", "N s ago", done.stdout).splitlines() == [
        "shards 4-7 on machine-b: healthy: last heartbeat N s ago",
        "studybot on machine-c: unhealthy: last heartbeat N s ago",
        "shards 0-3 (this one): healthy: last heartbeat N s ago",
    ]
