"""The core under load, in-process, on a real SQLite file and the bundled content.

1. A live question answered by 500 members within 2 seconds of the (injected) clock, in bursts
   of concurrent answers: every answer must be recorded, and the reveal must count them all.
2. Reply latency per command, p50 and p99, against the goal of p99 < 50 ms; the store's own
   leaderboard query is timed alongside as the baseline the core's work adds to.
"""

from __future__ import annotations

import asyncio
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._shared import percentile
from bot.core.api import Actor, Reply
from bot.core.engine import Core
from bot.core.parse import parse_command
from content.model import Studyset
from db.sqlite import SqliteStore

USERS = 500
WINDOW = timedelta(seconds=2)
BURST = 25  # answers arriving together
REPEATS = 60  # timed calls per command
GOAL_P99_MS = 50.0

COMMANDS = [
    "/fact when did abe visit nato headquarters",
    "/fact what is the JSDF",
    "/define ITPP",
    "/onthisdate 2024-07-11",
    "/sources",
    "/leaderboard",
    "/leaderboard week",
    "/score",
    "/help",
    "/quiz weekly status",
]


class Clock:
    def __init__(self) -> None:
        self.now = datetime(2026, 2, 24, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


class Outlet:
    platform = "bench"

    def __init__(self) -> None:
        self.sent: list[Reply] = []
        self.edits: list[Reply] = []

    async def send(self, community_id: str, channel_id: str, reply: Reply) -> str:
        self.sent.append(reply)
        return f"m{len(self.sent)}"

    async def edit(self, community_id: str, channel_id: str, ref: str, reply: Reply) -> None:
        self.edits.append(reply)


def member(i: int, instructor: bool = False) -> Actor:
    return Actor("bench", "g1", f"u{i}", f"user{i}", "c1", is_admin=instructor)


async def live_burst(core: Core, store: SqliteStore, outlet: Outlet, clock: Clock) -> list[float]:
    await core.command(member(0, True), ("quiz", "start"), {"questions": 1, "seconds": 30})
    view = next(r.question for r in outlet.sent if r.question is not None)
    keys = [c.key for c in view.choices] or ["an answer"]
    latencies: list[float] = []

    async def one(i: int) -> None:
        started = time.perf_counter()
        (reply,) = await core.answer(
            member(i), view.round_id, view.question_id, keys[i % len(keys)]
        )
        latencies.append(time.perf_counter() - started)
        assert reply.result is not None, reply.text

    started_at = clock.now
    for first in range(1, USERS + 1, BURST):
        clock.now = started_at + WINDOW * (first - 1) / USERS
        await asyncio.gather(*(one(i) for i in range(first, min(first + BURST, USERS + 1))))
    recorded = len(await store.answers(view.round_id, view.question_id))
    clock.now = started_at + timedelta(seconds=31)
    await core.tick()
    counted = f"of {USERS} answers right" in outlet.edits[-1].text
    print(
        f"live question: {USERS} answers within {WINDOW.total_seconds():.0f} s of clock time, "
        f"{recorded} recorded, reveal counted all: {counted}"
    )
    return latencies


async def command_latencies(core: Core, store: SqliteStore) -> None:
    asker = member(1)
    await core.command(asker, ("fact",), {"query": "warm the index"})
    rows = [("command", "p50 ms", "p99 ms", "p99/goal")]
    for line in COMMANDS:
        path, options = parse_command(line)
        samples = []
        for _ in range(REPEATS):
            started = time.perf_counter()
            await core.command(asker, path, options)
            samples.append(time.perf_counter() - started)
        rows.append(_row(line, samples))
    starts, answers = [], []
    for _ in range(REPEATS):  # a practice session begun, then its first question answered
        started = time.perf_counter()
        await core.command(asker, ("quiz", "practice"), {})
        middle = time.perf_counter()
        await core.command(asker, ("answer",), {"response": "A"})
        starts.append(middle - started)
        answers.append(time.perf_counter() - middle)
    rows += [_row("/quiz practice", starts), _row("/answer A (practice)", answers)]
    samples = []
    for _ in range(REPEATS):
        started = time.perf_counter()
        await store.leaderboard(1, "all")
        samples.append(time.perf_counter() - started)
    rows.append(_row("(baseline: store.leaderboard alone)", samples))
    width = max(len(r[0]) for r in rows)
    for row in rows:
        print(f"{row[0]:<{width}}  {row[1]:>7}  {row[2]:>7}  {row[3]:>8}")


def _row(name: str, samples: list[float]) -> tuple[str, str, str, str]:
    p50, p99 = percentile(samples, 0.5) * 1000, percentile(samples, 0.99) * 1000
    return (name, f"{p50:.2f}", f"{p99:.2f}", f"{p99 / GOAL_P99_MS:.2f}")


async def main() -> None:
    studyset = Studyset.load()
    with tempfile.TemporaryDirectory() as folder:
        store = await SqliteStore.open(Path(folder) / "bench.sqlite3")
        clock, outlet = Clock(), Outlet()
        core = Core(studyset, store, clock, outlet)
        try:
            answers = await live_burst(core, store, outlet, clock)
            p50, p99 = percentile(answers, 0.5) * 1000, percentile(answers, 0.99) * 1000
            print(
                f"answer latency under bursts of {BURST}: p50 {p50:.2f} ms, p99 {p99:.2f} ms "
                f"(p99/goal {p99 / GOAL_P99_MS:.2f}; mean {statistics.mean(answers) * 1000:.2f} ms)"
            )
            await command_latencies(core, store)
        finally:
            await store.close()


def run() -> None:
    asyncio.run(main())
