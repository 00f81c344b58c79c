"""Both stores under load: concurrent answer writers, and leaderboards over 100,000 answers.

Goals (issue 4): >= 2,000 answers/s from 200 concurrent tasks with none lost and duplicates
rejected; p99 write latency < 50 ms; a leaderboard query < 5 ms with 100,000 answers. The same
burst is also run on SQLite with group commit switched off (one transaction per write) as the
baseline, and on PostgreSQL (a scratch server on this machine, fsync on) beside SQLite.
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import statistics
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bench._shared import percentile
from db import writer
from db.api import Answer, Store
from db.pg_tools import ScratchServer
from db.stores import open_store

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


async def _setup(where: Path | str) -> tuple[int, int]:
    """The community and weekly round every burst answers; their ids."""
    async with await open_store(where) as store:
        community = await store.community("bench", "burst")
        questions = [f"q{i}" for i in range(ANSWERS_PER_TASK)]
        round_ = await store.create_round(community.id, "c", "weekly", questions, "bench", NOW)
        return community.id, round_.id


async def _students(where: Path | str, community: int, round_id: int, numbers: range) -> dict:
    """Each student answers every question, some twice; the answers' latencies and outcomes."""
    store = await open_store(where)
    latencies: list[float] = []
    outcomes = {"accepted": 0, "rejected": 0}

    async def student(number: int) -> None:
        user = f"u{number}"
        await store.member(community, user, f"Student {number}")
        for index in range(ANSWERS_PER_TASK):
            answer = Answer(round_id, f"q{index}", user, "r", index % 2 == 0, 1, NOW)
            for _ in range(2 if index % DUPLICATE_EVERY == 0 else 1):
                started = time.perf_counter()
                stored = await store.record_answer(answer, community)
                latencies.append(time.perf_counter() - started)
                outcomes["accepted" if stored else "rejected"] += 1

    try:
        started = time.time()  # wall clock: comparable between processes
        await asyncio.gather(*(student(number) for number in numbers))
        return {"latencies": latencies, "span": (started, time.time()), **outcomes}
    finally:
        await store.close()


def _in_process(where: str, community: int, round_id: int, numbers: range, results) -> None:
    results.put(asyncio.run(_students(where, community, round_id, numbers)))


async def _count(where: Path | str, round_id: int) -> int:
    async with await open_store(where) as store:
        return len(await store.answers(round_id))


def _burst(where: Path | str, processes: int = 1) -> dict:
    """TASKS students answering at once, from one process or split between several."""
    community, round_id = asyncio.run(_setup(where))
    if processes == 1:
        parts = [asyncio.run(_students(where, community, round_id, range(TASKS)))]
    else:
        spawn = multiprocessing.get_context("spawn")
        results = spawn.Queue()
        workers = [
            spawn.Process(
                target=_in_process,
                args=(where, community, round_id, range(n, TASKS, processes), results),
            )
            for n in range(processes)
        ]
        for worker in workers:
            worker.start()
        parts = [results.get() for _ in workers]
        for worker in workers:
            worker.join()
    latencies = [latency for part in parts for latency in part["latencies"]]
    elapsed = max(p["span"][1] for p in parts) - min(p["span"][0] for p in parts)
    expected = TASKS * ANSWERS_PER_TASK
    return {
        "seconds": elapsed,
        "rate": len(latencies) / elapsed,
        "p50": statistics.median(latencies) * 1000,
        "p99": percentile(latencies, 0.99) * 1000,
        "lost": expected - asyncio.run(_count(where, round_id)),
        "accepted": sum(part["accepted"] for part in parts),
        "rejected": sum(part["rejected"] for part in parts),
        "duplicates": TASKS * len(range(0, ANSWERS_PER_TASK, DUPLICATE_EVERY)),
        "expected": expected,
    }


async def _fill(store: Store) -> tuple[int, int]:
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


async def _queries(where: Path | str) -> dict:
    store = await open_store(where)
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
        f"{name:<27} {result['rate']:>8,.0f} answers/s for {result['seconds']:4.1f} s"
        f"   p50 {result['p50']:6.2f} ms"
        f"   p99 {result['p99']:7.2f} ms   lost {result['lost']}"
        f"   duplicates rejected {result['rejected']}/{result['duplicates']}"
    )


def run() -> None:
    server = ScratchServer(durable=True)
    server.start()
    try:
        _run(server)
    finally:
        server.stop()


def _run(server: ScratchServer) -> None:
    with tempfile.TemporaryDirectory() as folder:
        folder = Path(folder)
        print(f"{TASKS} concurrent tasks, {TASKS * ANSWERS_PER_TASK:,} answers + duplicates")
        grouped = _burst(folder / "grouped.sqlite3")
        with _batch_limit(1):
            single = _burst(folder / "single.sqlite3")
        shared = _burst(server.create_database("burst"))
        spread = _burst(server.create_database("burst_3"), processes=3)
        _report_burst("SQLite, group commit", grouped)
        _report_burst("baseline: commit per write", single)
        _report_burst("PostgreSQL, 1 process", shared)
        _report_burst("PostgreSQL, 3 processes", spread)
        print(
            f"goal >= 2,000 answers/s: {grouped['rate']:,.0f}"
            f" ({grouped['rate'] / single['rate']:.1f}x the baseline)"
            f"   goal p99 < 50 ms: {grouped['p99']:.2f} ms"
            f"   goal none lost: {grouped['lost']}"
            f"   accepted {grouped['accepted']:,}/{grouped['expected']:,}"
        )

        labels = {"stats": "user stats", "missed": "most-missed review"}
        for store, where in (
            ("SQLite", folder / "queries.sqlite3"),
            ("PostgreSQL", server.create_database("queries")),
        ):
            queries = asyncio.run(_queries(where))
            print(
                f"\n{store}: {LEADERBOARD_ANSWERS:,} answers by {LEADERBOARD_USERS} members"
                f" (written in {queries['fill']:.1f} s)"
            )
            for name in ("all", "week", "round", "stats", "missed"):
                median, p99 = queries[name]
                label = labels.get(name, f"leaderboard {name}")
                print(f"{label:<20} median {median:6.2f} ms   p99 {p99:6.2f} ms   (goal < 5 ms)")


if __name__ == "__main__":
    run()
