"""The SQLite store under load: concurrent answer writers, and leaderboards over 100,000 answers.

Goals (issue 4): >= 2,000 answers/s from 200 concurrent tasks with none lost and duplicates
rejected; p99 write latency < 50 ms; a leaderboard query < 5 ms with 100,000 answers. The same
burst is also run with group commit switched off (one transaction per write) as the baseline.
"""

from __future__ import annotations

import asyncio
import contextlib
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._shared import percentile
from db import writer
from db.api import Answer
from db.sqlite import SqliteStore

TASKS = 200
ANSWERS_PER_TASK = 150
DUPLICATE_EVERY = 5  # every fifth answer is sent twice, as a double-clicked button would
LEADERBOARD_ANSWERS = 100_000
LEADERBOARD_USERS = 400
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


@contextlib.contextmanager
def _batch_limit(size: int):
    """Temporarily cap how many writes share a commit (1 = one transaction per write)."""
    saved = writer.MAX_BATCH
    writer.MAX_BATCH = size
    try:
        yield
    finally:
        writer.MAX_BATCH = saved


async def _burst(path: Path) -> dict:
    store = await SqliteStore.open(path)
    try:
        community = await store.community("bench", "burst")
        questions = [f"q{i}" for i in range(ANSWERS_PER_TASK)]
        round_ = await store.create_round(community.id, "c", "weekly", questions, "bench", NOW)
        latencies: list[float] = []
        accepted = rejected = 0

        async def student(number: int) -> None:
            nonlocal accepted, rejected
            user = f"u{number}"
            await store.member(community.id, user, f"Student {number}")
            for index, question in enumerate(questions):
                answer = Answer(round_.id, question, user, "r", index % 2 == 0, 1, NOW)
                for _ in range(2 if index % DUPLICATE_EVERY == 0 else 1):
                    started = time.perf_counter()
                    stored = await store.record_answer(answer, community.id)
                    latencies.append(time.perf_counter() - started)
                    accepted += stored
                    rejected += not stored

        started = time.perf_counter()
        await asyncio.gather(*(student(number) for number in range(TASKS)))
        elapsed = time.perf_counter() - started
        kept = len(await store.answers(round_.id))
    finally:
        await store.close()
    expected = TASKS * ANSWERS_PER_TASK
    return {
        "seconds": elapsed,
        "rate": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "lost": expected - kept,
        "accepted": accepted,
        "rejected": rejected,
        "duplicates": TASKS * len(range(0, ANSWERS_PER_TASK, DUPLICATE_EVERY)),
        "expected": expected,
    }


async def _fill(store: SqliteStore) -> tuple[int, int]:
    """100,000 scored answers from 400 members over ten weeks of weekly rounds."""
    community = await store.community("bench", "leaderboard")
    await store.update_community(community.id, timezone="Europe/Berlin")
    per_round = LEADERBOARD_ANSWERS // 10 // LEADERBOARD_USERS
    round_id = 0
    for week in range(10):
        opens = NOW - timedelta(weeks=9 - week)
        questions = [f"w{week}q{i}" for i in range(per_round)]
        round_ = await store.create_round(community.id, "c", "weekly", questions, "bench", opens)
        round_id = round_.id
        jobs = [
            store.record_answer(
                Answer(
                    round_.id,
                    question,
                    f"u{user}",
                    "r",
                    (user + index) % 3 != 0,
                    (user * 7 + index) % 5,
                    opens + timedelta(minutes=user + index),
                ),
                community.id,
            )
            for user in range(LEADERBOARD_USERS)
            for index, question in enumerate(questions)
        ]
        for start in range(0, len(jobs), 2000):
            await asyncio.gather(*jobs[start : start + 2000])
        await store.finish_round(round_.id, "closed", opens + timedelta(weeks=1))  # one open
    return community.id, round_id


async def _timed(query, repeats: int = 100) -> tuple[float, float]:
    await query()  # warm the page cache
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        await query()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, percentile(times, 0.99) * 1000


async def _queries(path: Path) -> dict:
    store = await SqliteStore.open(path)
    try:
        filled = time.perf_counter()
        community, last_round = await _fill(store)
        fill_seconds = time.perf_counter() - filled
        return {
            "fill": fill_seconds,
            "all": await _timed(lambda: store.leaderboard(community, "all")),
            "week": await _timed(lambda: store.leaderboard(community, "week", now=NOW)),
            "round": await _timed(
                lambda: store.leaderboard(community, "round", round_id=last_round)
            ),
            "stats": await _timed(lambda: store.user_stats(community, "u7")),
            "missed": await _timed(lambda: store.question_stats(community, min_asked=5, limit=50)),
        }
    finally:
        await store.close()


def _report_burst(name: str, result: dict) -> None:
    print(
        f"{name:<26} {result['rate']:>8,.0f} answers/s for {result['seconds']:4.1f} s"
        f"   p50 {result['p50']:6.2f} ms"
        f"   p99 {result['p99']:7.2f} ms   lost {result['lost']}"
        f"   duplicates rejected {result['rejected']}/{result['duplicates']}"
    )


def run() -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        print(f"{TASKS} concurrent tasks, {TASKS * ANSWERS_PER_TASK:,} answers + duplicates")
        grouped = asyncio.run(_burst(folder / "grouped.sqlite3"))
        with _batch_limit(1):
            single = asyncio.run(_burst(folder / "single.sqlite3"))
        _report_burst("group commit", grouped)
        _report_burst("baseline: commit per write", single)
        print(
            f"goal >= 2,000 answers/s: {grouped['rate']:,.0f}"
            f" ({grouped['rate'] / single['rate']:.1f}x the baseline)"
            f"   goal p99 < 50 ms: {grouped['p99']:.2f} ms"
            f"   goal none lost: {grouped['lost']}"
            f"   accepted {grouped['accepted']:,}/{grouped['expected']:,}"
        )

        queries = asyncio.run(_queries(folder / "queries.sqlite3"))
        print(
            f"\n{LEADERBOARD_ANSWERS:,} answers by {LEADERBOARD_USERS} members"
            f" (written in {queries['fill']:.1f} s)"
        )
        labels = {"stats": "user stats", "missed": "most-missed review"}
        for name in ("all", "week", "round", "stats", "missed"):
            median, p99 = queries[name]
            label = labels.get(name, f"leaderboard {name}")
            print(f"{label:<20} median {median:6.2f} ms   p99 {p99:6.2f} ms   (goal < 5 ms)")


if __name__ == "__main__":
    run()
