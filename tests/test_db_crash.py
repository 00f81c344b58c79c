"""A writer killed with SIGKILL mid-burst loses nothing it reported as written."""

from __future__ import annotations

import signal
import sqlite3
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from db.sqlite import SqliteStore

# The child records answers from 50 concurrent tasks and prints "user question" for each
# answer as soon as record_answer returns, i.e. once it is committed.
CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import UTC, datetime
    from db.api import Answer
    from db.sqlite import SqliteStore

    async def main(path):
        store = await SqliteStore.open(path)
        community = await store.community("console", "crash")
        questions = [f"q{i}" for i in range(2_000)]
        now = datetime.now(UTC)
        round_ = await store.create_round(community.id, "c", "weekly", questions, "bot", now)
        print("ready", flush=True)

        async def worker(user):
            # Each worker answers questions back to back, so a commit is always in flight.
            for question in questions:
                answer = Answer(round_.id, question, user, "x", True, 1, now)
                if await store.record_answer(answer, community.id):
                    sys.stdout.write(f"{user} {question}\\n")
                    sys.stdout.flush()

        await asyncio.gather(*(worker(f"u{u}") for u in range(50)))

    asyncio.run(main(sys.argv[1]))
    """
)


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
async def test_sigkill_mid_burst_keeps_every_reported_answer(tmp_path):
    path = tmp_path / "studybot.sqlite3"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        cwd=Path(__file__).resolve().parents[1],
    )
    reported = []
    try:
        assert child.stdout.readline().strip() == "ready"
        while len(reported) < 1500:
            line = child.stdout.readline()
            assert line, "the child stopped writing before it was killed"
            reported.append(tuple(line.split()))
        child.send_signal(signal.SIGKILL)
        # Lines printed before the kill landed are reports too; a line cut short by it is not.
        reported += [tuple(line.split()) for line in child.stdout.read().split("\n")[:-1]]
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL

    connection = sqlite3.connect(path)
    try:
        assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
        stored = set(connection.execute("SELECT user_id, question_id FROM answers"))
    finally:
        connection.close()
    assert set(reported) <= stored
    assert len(reported) == len(set(reported))

    async with await SqliteStore.open(path) as store:  # the bot starts again on the same file
        community = await store.community("console", "crash")
        total = sum(row.answered for row in await store.leaderboard(community.id, limit=100))
        assert total == len(stored)
