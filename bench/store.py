"""Both stores under load: concurrent answer writers, and leaderboards over 1,000,000 answers.

Goals (issues 4 and 15): >= 2,000 answers/s from 200 concurrent tasks with none lost and
duplicates rejected, p99 answer round trip < 50 ms, on SQLite and on PostgreSQL from 3 processes
at once; every leaderboard < 10 ms with 1,000,000 answers. The same burst is also run on SQLite
with group commit switched off (one transaction per write) as the baseline. PostgreSQL is a
scratch server on this machine with its durable defaults (fsync and synchronous commit on).
"""

from __future__ import annotations

import asyncio
import contextlib
import multiprocessing
import sqlite3
import statistics
import tempfile
import time
from collections.abc import Iterable
from datetime import UTC, datetime, timedelta
from pathlib import Path

import asyncpg

from bench._shared import percentile
from db import postgres, writer
from db.api import Answer
from db.health import KEPT_TOTALS, counted
from db.pg_tools import ScratchServer
from db.stores import is_postgres, open_store
from db.times import to_micros

TASKS = 200
ANSWERS_PER_TASK = 150
DUPLICATE_EVERY = 5  # every fifth answer is sent twice, as a double-clicked button would
LEADERBOARD_USERS = 1_000
LEADERBOARD_WEEKS = 50
QUESTIONS_PER_WEEK = 20
LEADERBOARD_ANSWERS = LEADERBOARD_USERS * LEADERBOARD_WEEKS * QUESTIONS_PER_WEEK  # 1,000,000
LEADERBOARD_GOAL_MS = 10.0
_COLUMNS = (
    "round_id, question_id, community_id, user_id, response, correct, points, scored, answered_at"
)
_MARKS = ", ".join("?" * len(_COLUMNS.split(", ")))
NOW = datetime(2026, 3, 4, 12, 0, tzinfo=UTC)


@contextlib.contextmanager
def _batch_limit(size: int | None):
    """Cap how many writes share a commit in stores opened meanwhile (None: as shipped). 1 is
    one transaction per write: on PostgreSQL as many at once as the pool has connections, as
    before answers were grouped."""
    saved = writer.MAX_BATCH, postgres.ANSWER_BATCH, postgres.ANSWER_FLUSHES
    if size is not None:
        writer.MAX_BATCH = postgres.ANSWER_BATCH = size
        postgres.ANSWER_FLUSHES = postgres.POOL_SIZE if size == 1 else postgres.ANSWER_FLUSHES
    try:
        yield
    finally:
        writer.MAX_BATCH, postgres.ANSWER_BATCH, postgres.ANSWER_FLUSHES = saved


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


def _in_process(
    where: str, community: int, round_id: int, numbers: range, batch: int | None, results
) -> None:
    with _batch_limit(batch):
        results.put(asyncio.run(_students(where, community, round_id, numbers)))


async def _count(where: Path | str, round_id: int) -> int:
    async with await open_store(where) as store:
        return len(await store.answers(round_id))


def _burst(where: Path | str, processes: int = 1, batch: int | None = None) -> dict:
    """TASKS students answering at once, from one process or split between several."""
    community, round_id = asyncio.run(_setup(where))
    if processes == 1:
        with _batch_limit(batch):
            parts = [asyncio.run(_students(where, community, round_id, range(TASKS)))]
    else:
        spawn = multiprocessing.get_context("spawn")
        results = spawn.Queue()
        workers = [
            spawn.Process(
                target=_in_process,
                args=(where, community, round_id, range(n, TASKS, processes), batch, results),
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


async def _seed(where: Path | str) -> tuple[int, int]:
    """A million scored answers: LEADERBOARD_USERS members, a weekly quiz a week for a year.

    Written in bulk, not through the answer path (which the burst measures): SQLite in one
    transaction, its triggers keeping the totals; PostgreSQL by COPY with triggers off, the
    totals then summed once. The community's id and its last (open) round's id.
    """
    async with await open_store(where) as store:
        community = await store.community("bench", "leaderboard")
        await store.update_community(community.id, timezone="Europe/Berlin")
        for user in range(LEADERBOARD_USERS):
            await store.member(community.id, f"u{user}", f"Student {user}")
        rounds = []
        for week in range(LEADERBOARD_WEEKS):
            opens = NOW - timedelta(weeks=LEADERBOARD_WEEKS - 1 - week, days=2)
            questions = [f"w{week}q{i}" for i in range(QUESTIONS_PER_WEEK)]
            round_ = await store.create_round(community.id, "c", "weekly", questions, "b", opens)
            if week < LEADERBOARD_WEEKS - 1:  # one weekly quiz open at a time: the last
                await store.finish_round(round_.id, "closed", opens + timedelta(weeks=1))
            rounds.append((round_, opens))
    rows = (
        (
            round_.id,
            question,
            community.id,
            f"u{user}",
            "r",
            int((user + index) % 3 != 0),
            (user * 7 + index) % 15,
            1,
            to_micros(opens + timedelta(minutes=user % 600, seconds=index)),
        )
        for round_, opens in rounds
        for user in range(LEADERBOARD_USERS)
        for index, question in enumerate(round_.question_ids)
    )
    if is_postgres(where):
        await _copy_postgres(str(where), rows)
    else:
        _insert_sqlite(Path(where), rows)
    return community.id, rounds[-1][0].id


def _insert_sqlite(path: Path, rows: Iterable[tuple]) -> None:
    connection = sqlite3.connect(path, isolation_level=None)
    try:
        connection.execute("BEGIN")
        connection.executemany(f"INSERT INTO answers ({_COLUMNS}) VALUES ({_MARKS})", rows)
        connection.execute("COMMIT")
    finally:
        connection.close()


async def _copy_postgres(url: str, rows: Iterable[tuple]) -> None:
    connection = await asyncpg.connect(url)
    try:
        async with connection.transaction():
            await connection.execute("SET LOCAL session_replication_role = replica")
            await connection.copy_records_to_table(
                "answers", records=rows, columns=_COLUMNS.split(", ")
            )
            for _, _, table, key, from_answer in KEPT_TOTALS:
                await connection.execute(
                    f"INSERT INTO {table} ({key}, points, correct, answered)"
                    f" {counted(key, from_answer)}"
                )
        await connection.execute("VACUUM ANALYZE")  # as autovacuum would, after a bulk load
    finally:
        await connection.close()


async def _timed(query, repeats: int = 50) -> tuple[float, float]:
    await query()  # warm the page cache
    times = []
    for _ in range(repeats):
        started = time.perf_counter()
        await query()
        times.append(time.perf_counter() - started)
    return statistics.median(times) * 1000, percentile(times, 0.99) * 1000


async def _queries(where: Path | str, community: int, last_round: int) -> dict:
    async with await open_store(where) as store:
        if await store.leaderboard(community, "week", now=NOW) == []:
            raise RuntimeError("the seeded week is empty: the bench measures nothing")
        return {
            "all": await _timed(lambda: store.leaderboard(community, "all")),
            "week": await _timed(lambda: store.leaderboard(community, "week", now=NOW)),
            "round": await _timed(
                lambda: store.leaderboard(community, "round", round_id=last_round)
            ),
            "stats": await _timed(lambda: store.user_stats(community, "u7")),
            "missed": await _timed(
                lambda: store.question_stats(community, min_asked=5, limit=50), repeats=5
            ),
        }


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
        single = _burst(folder / "single.sqlite3", batch=1)
        shared = _burst(server.create_database("burst"))
        spread = _burst(server.create_database("burst_3"), processes=3)
        spread_single = _burst(server.create_database("burst_3_single"), processes=3, batch=1)
        _report_burst("SQLite, group commit", grouped)
        _report_burst("baseline: commit per write", single)
        _report_burst("PostgreSQL, 1 process", shared)
        _report_burst("PostgreSQL, 3 processes", spread)
        _report_burst("baseline: commit per answer", spread_single)
        for name, result, baseline in (
            ("SQLite", grouped, single),
            ("PostgreSQL, 3 processes", spread, spread_single),
        ):
            print(
                f"{name}: goal >= 2,000 answers/s: {result['rate']:,.0f}"
                f" ({result['rate'] / baseline['rate']:.1f}x its baseline)"
                f"   goal p99 < 50 ms: {result['p99']:.2f} ms"
                f"   goal none lost: {result['lost']}"
                f"   accepted {result['accepted']:,}/{result['expected']:,}"
            )

        labels = {"stats": "user stats", "missed": "most-missed review"}
        for store, where in (
            ("SQLite", folder / "queries.sqlite3"),
            ("PostgreSQL", server.create_database("queries")),
        ):
            seeded = time.perf_counter()
            community, last_round = asyncio.run(_seed(where))
            seconds = time.perf_counter() - seeded
            queries = asyncio.run(_queries(where, community, last_round))
            print(
                f"\n{store}: {LEADERBOARD_ANSWERS:,} answers by {LEADERBOARD_USERS:,} members,"
                f" {QUESTIONS_PER_WEEK * LEADERBOARD_USERS:,} a week (seeded in {seconds:.0f} s)"
            )
            for name in ("all", "week", "round", "stats", "missed"):
                median, p99 = queries[name]
                label = labels.get(name, f"leaderboard {name}")
                goal = (
                    f"(goal < {LEADERBOARD_GOAL_MS:.0f} ms)" if label.startswith("leader") else ""
                )
                line = f"{label:<20} median {median:7.2f} ms   p99 {p99:7.2f} ms   {goal}"
                print(line.rstrip())


if __name__ == "__main__":
    run()
