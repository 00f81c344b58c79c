"""Online backups taken while the store keeps writing."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime

import pytest

from db.api import Answer, StoreError
from db.backup import backup
from db.sqlite import SqliteStore

NOW = datetime(2026, 2, 24, 12, 0, tzinfo=UTC)


def _count(path) -> int:
    connection = sqlite3.connect(path)
    try:
        return connection.execute("SELECT count(*) FROM answers").fetchone()[0]
    finally:
        connection.close()


async def _backups_during_a_burst(store, path, folder):
    """Three backups taken while ten tasks keep answering: the community, (acknowledged before,
    copy, acknowledged after) for each backup, and the number of writing tasks."""
    community = await store.community("discord", "g")
    questions = [f"q{i}" for i in range(400)]
    round_ = await store.create_round(community.id, "c", "weekly", questions, "bot", NOW)
    written = 0
    stop = asyncio.Event()

    async def keep_answering(user: str) -> None:
        nonlocal written
        for question in questions:
            if stop.is_set():
                return
            answer = Answer(round_.id, question, user, "x", True, 1, NOW)
            recorded = await store.record_answer(answer, community.id)
            written += recorded

    writers = [asyncio.create_task(keep_answering(f"u{i}")) for i in range(10)]
    try:
        while written < 200:
            await asyncio.sleep(0.001)
        copies = []
        for number in range(3):
            before = written
            target = folder / "backups" / f"copy-{number}.sqlite3"
            await asyncio.to_thread(backup, path, target)
            copies.append((before, target, written))
    finally:
        stop.set()
        await asyncio.gather(*writers)
    return community, copies, len(writers)


async def test_a_backup_taken_during_a_burst_of_writes_is_a_consistent_snapshot(tmp_path):
    path = tmp_path / "live.sqlite3"
    async with await SqliteStore.open(path) as store:
        community, copies, writers = await _backups_during_a_burst(store, path, tmp_path)

    for before, target, after in copies:
        connection = sqlite3.connect(target)
        try:
            assert connection.execute("PRAGMA integrity_check").fetchall() == [("ok",)]
            assert connection.execute("PRAGMA foreign_key_check").fetchall() == []
            assert connection.execute("PRAGMA journal_mode").fetchone()[0] == "delete"
        finally:
            connection.close()
        # Everything acknowledged before the backup began is in it; at most one answer per writer
        # can have been committed and not yet acknowledged when it ended.
        assert before <= _count(target) <= after + writers
    # On a loaded machine the writers may finish before the last copy; one overlap is the point.
    assert any(after > before for before, _, after in copies), "no backup ran during the writes"

    async with await SqliteStore.open(copies[-1][1]) as restored:
        rows = await restored.leaderboard(community.id, limit=20)
        assert sum(row.answered for row in rows) == _count(copies[-1][1])


async def test_a_backup_replaces_the_target_only_when_complete(tmp_path):
    path = tmp_path / "live.sqlite3"
    async with await SqliteStore.open(path) as store:
        await store.community("console", "local")
    target = tmp_path / "copy.sqlite3"
    target.write_bytes(b"an older backup")
    size = backup(path, target)
    assert size == target.stat().st_size
    assert target.read_bytes().startswith(b"SQLite format 3\x00")
    assert [p.name for p in tmp_path.iterdir() if "partial" in p.name] == []


@pytest.mark.parametrize("where", ["same-file", "folder"])
async def test_a_backup_onto_the_database_or_a_folder_is_refused(tmp_path, where):
    path = tmp_path / "live.sqlite3"
    await (await SqliteStore.open(path)).close()
    before = path.read_bytes()
    target = path if where == "same-file" else tmp_path
    with pytest.raises(StoreError, match="overwrite the database" if target == path else "folder"):
        backup(path, target)
    assert path.read_bytes() == before
