"""Opening database files: migrations, connection settings, and the files the store refuses."""

from __future__ import annotations

import shutil
import sqlite3
import threading
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path

import pytest

from db import schema
from db.api import StoreError
from db.sqlite import SqliteStore

NOW = datetime(2026, 2, 24, 12, 0, tzinfo=UTC)


def _build(path: Path, steps: list[schema.Migration]) -> None:
    """A database at the version reached by `steps`, written the way migrate() would."""
    connection = sqlite3.connect(path, isolation_level=None)
    for step in steps:
        connection.executescript(
            f"BEGIN;\n{step.path.read_text()}\nPRAGMA user_version = {step.version};\nCOMMIT;"
        )
    connection.close()


async def _open_and_close(path: Path) -> None:
    """For refusals: should the store open after all, close it so the test fails, not hangs."""
    await (await SqliteStore.open(path)).close()


def _user_version(path: Path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("PRAGMA user_version").fetchone()[0]
    finally:
        connection.close()


async def test_a_new_file_and_its_folder_are_created_at_the_latest_version(tmp_path):
    path = tmp_path / "nested" / "folder" / "studybot.sqlite3"
    await (await SqliteStore.open(path)).close()
    assert _user_version(path) == len(schema.migrations())
    connection = sqlite3.connect(path)
    assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert connection.execute("PRAGMA application_id").fetchone()[0] == schema.APPLICATION_ID
    connection.close()


@pytest.mark.parametrize("start", range(len(schema.migrations())))
async def test_every_earlier_version_migrates_to_the_latest_and_keeps_working(tmp_path, start):
    steps = schema.migrations()
    path = tmp_path / "old.sqlite3"
    _build(path, steps[:start])
    assert _user_version(path) == start
    async with await SqliteStore.open(path) as store:
        community = await store.community("console", "local")
        round_ = await store.create_round(community.id, "main", "live", ["q1"], "ann", NOW)
        assert round_.status == "open"
    assert _user_version(path) == len(steps)


async def test_answers_written_at_version_1_are_counted_after_migrating(tmp_path):
    path = tmp_path / "v1.sqlite3"
    _build(path, schema.migrations()[:1])
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO communities (id, platform, external_id, created_at)"
            " VALUES (1, 'discord', 'g', 0)"
        )
        connection.executemany(
            "INSERT INTO members VALUES (1, ?, ?)", [("ann", "Ann"), ("bo", "Bo")]
        )
        connection.executemany(
            "INSERT INTO rounds (id, community_id, channel_id, kind, question_ids, started_by,"
            " opens_at) VALUES (?, 1, 'c', ?, '[]', 'ann', 0)",
            [(1, "live"), (2, "practice")],
        )
        connection.executemany(
            "INSERT INTO answers (round_id, question_id, community_id, user_id, response,"
            " correct, points, scored, answered_at) VALUES (?, ?, 1, ?, 'r', ?, ?, ?, 0)",
            [
                (1, "q1", "ann", 1, 3, 1),
                (1, "q2", "ann", 0, 0, 1),
                (1, "q1", "bo", 1, 2, 1),
                (2, "q1", "bo", 1, 50, 0),
            ],
        )
    connection.close()

    async with await SqliteStore.open(path) as store:
        rows = await store.leaderboard(1)
    assert [(r.user_id, r.display_name, r.points, r.correct, r.answered) for r in rows] == [
        ("ann", "Ann", 3, 1, 2),
        ("bo", "Bo", 2, 1, 1),
    ]


async def test_version_2_data_is_carried_into_the_hardening_rules(tmp_path):
    path = tmp_path / "v2.sqlite3"
    _build(path, schema.migrations()[:2])
    connection = sqlite3.connect(path)
    with connection:
        connection.execute(
            "INSERT INTO communities (id, platform, external_id, created_at)"
            " VALUES (1, 'discord', 'g', 0)"
        )
        connection.executemany(  # two open weekly quizzes, which are no longer allowed
            "INSERT INTO rounds (id, community_id, channel_id, kind, question_ids, started_by,"
            " opens_at) VALUES (?, 1, ?, ?, '[]', 'ann', 0)",
            [
                (1, "c", "practice"),
                (2, "c", "weekly"),
                (3, "c", "live"),
                (4, "c", "weekly"),
                (5, "d", "live"),
            ],
        )
        connection.executemany(  # the same schedule twice, and one other
            "INSERT INTO schedules (id, community_id, channel_id, kind, weekday, local_time,"
            " timezone, created_at) VALUES (?, 1, 'c', 'onthisdate', NULL, ?, 'UTC', 0)",
            [(1, "09:00"), (2, "09:00"), (3, "10:00")],
        )
        connection.execute("INSERT INTO post_log VALUES (1, '2026-02-24', 7)")
    connection.close()

    async with await SqliteStore.open(path) as store:
        numbers = [(await store.get_round(i)).number for i in range(1, 6)]
        assert numbers == [1, 1, 1, 2, 2]  # per kind: practice 1; weekly 1, 2; live 1, 2
        assert (await store.open_round(1, "c", "weekly")).id == 4
        assert (await store.get_round(2)).status == "closed"
        assert [s.id for s in await store.schedules(1)] == [1, 3]
        assert not await store.post_pending(1, "2026-02-24")  # logged before: counted as sent
        assert not await store.claim_post(1, "2026-02-24", NOW, NOW)


def test_migrations_apply_in_order_and_a_failing_one_changes_nothing(tmp_path):
    folder = tmp_path / "migrations"
    folder.mkdir()
    first = schema.migrations()[0]
    shutil.copy(first.path, folder / first.path.name)
    (folder / "002_broken.sql").write_text(
        "ALTER TABLE members ADD COLUMN nickname TEXT;\nTHIS IS NOT SQL;\n"
    )
    path = tmp_path / "studybot.sqlite3"
    with pytest.raises(StoreError, match=r"002_broken\.sql"):
        schema.prepare(path, folder)
    # The first migration committed; none of the second did, not even its valid statement.
    assert _user_version(path) == 1
    columns = [row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(members)")]
    assert "nickname" not in columns

    (folder / "002_broken.sql").unlink()
    (folder / "002_nicknames.sql").write_text("ALTER TABLE members ADD COLUMN nickname TEXT;\n")
    assert schema.prepare(path, folder) == [2]
    assert schema.prepare(path, folder) == []
    columns = [row[1] for row in sqlite3.connect(path).execute("PRAGMA table_info(members)")]
    assert "nickname" in columns


def test_a_gap_in_migration_numbers_is_a_programming_error(tmp_path):
    (tmp_path / "001_a.sql").write_text("")
    (tmp_path / "003_c.sql").write_text("")
    with pytest.raises(RuntimeError, match="out of sequence"):
        schema.migrations(tmp_path)


async def test_a_newer_schema_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "future.sqlite3"
    await (await SqliteStore.open(path)).close()
    connection = sqlite3.connect(path)
    connection.execute(f"PRAGMA user_version = {len(schema.migrations()) + 1}")
    connection.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match="newer than this studybot knows"):
        await _open_and_close(path)
    assert path.read_bytes() == before


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda path: path.mkdir(), "is a folder"),
        (lambda path: path.write_text("name,score\nann,3\n"), "not a SQLite database"),
        (
            lambda path: sqlite3.connect(path).execute("CREATE TABLE notes (body TEXT)"),
            "not one of studybot's",
        ),
    ],
    ids=["folder", "text-file", "someone-elses-database"],
)
async def test_unusable_paths_are_refused_with_a_reason(tmp_path, make, message):
    path = tmp_path / "studybot.sqlite3"
    make(path)
    snapshot = None if path.is_dir() else path.read_bytes()
    with pytest.raises(StoreError, match=message):
        await _open_and_close(path)
    if snapshot is not None:
        assert path.read_bytes() == snapshot


async def test_a_corrupt_file_is_refused_and_left_untouched(tmp_path):
    path = tmp_path / "studybot.sqlite3"
    async with await SqliteStore.open(path) as store:
        community = await store.community("console", "local")
        await store.member(community.id, "ann", "Ann")
    data = bytearray(path.read_bytes())
    page_size = int.from_bytes(data[16:18], "big")
    # Scribble over the second page, where the first table's b-tree lives.
    data[page_size : page_size + 64] = b"\xa5" * 64
    path.write_bytes(bytes(data))
    with pytest.raises(StoreError, match="damaged"):
        await _open_and_close(path)
    assert path.read_bytes() == bytes(data)


async def test_connections_run_with_foreign_keys_busy_timeout_and_normal_sync(tmp_path):
    connection = schema.connect(tmp_path / "studybot.sqlite3")
    try:
        assert connection.execute("PRAGMA foreign_keys").fetchone()[0] == 1
        assert connection.execute("PRAGMA busy_timeout").fetchone()[0] == schema.BUSY_TIMEOUT_MS
        assert connection.execute("PRAGMA synchronous").fetchone()[0] == 1  # NORMAL
    finally:
        connection.close()


def test_processes_starting_together_on_a_new_file_migrate_it_once(tmp_path):
    path = tmp_path / "studybot.sqlite3"
    starters = 6
    barrier = threading.Barrier(starters)

    def start() -> list[int]:
        barrier.wait()
        return schema.prepare(path)  # a connection of its own, as another process would have

    with ThreadPoolExecutor(starters) as pool:
        applied = list(pool.map(lambda _: start(), range(starters)))
    every = [step.version for step in schema.migrations()]
    # Each migration was applied by exactly one of them; the others found it done.
    assert sorted(v for versions in applied for v in versions) == every
    assert _user_version(path) == len(every)
