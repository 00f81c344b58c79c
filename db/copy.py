"""`studybot db copy SRC DST`: move a class between SQLite and PostgreSQL, either way.

Rows move unchanged (both stores keep values alike), ids included, into a target that must be
new or empty. The source is read in one snapshot, so the bot may keep running on it. Every table
is then read back from the target inside the copy's own transaction and compared row by row with
the source; the kept score totals, which the target's triggers rebuild, are compared too. Any
difference rolls the whole copy back, leaving the target as it was.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Sequence
from pathlib import Path

import asyncpg

from db import pg_schema, schema
from db.api import StoreError
from db.stores import is_postgres

# Every table, parents before children, with the key its rows are compared in.
TABLES: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("communities", ("id",)),
    ("members", ("community_id", "user_id")),
    ("rounds", ("id",)),
    ("round_messages", ("round_id", "position")),
    ("last_shown", ("seq",)),
    ("answers", ("id",)),
    ("reviews", ("community_id", "user_id", "question_id")),
    ("schedules", ("id",)),
    ("post_log", ("schedule_id", "period")),
    ("posted_prompts", ("community_id", "channel_id", "prompt_id")),
    ("deliveries", ("key",)),
    ("question_reports", ("id",)),
    ("question_decisions", ("community_id", "question_id")),
    ("added_questions", ("community_id", "question_id")),
    ("report_notices", ("community_id",)),
    ("readings", ("id",)),
    ("content_versions", ("id",)),
    ("slack_installations", ("enterprise_id", "team_id")),
    ("slack_oauth_states", ("state",)),
    ("heartbeats", ("host", "process")),
)
# Kept by triggers from the copied rows: compared, never copied.
DERIVED: tuple[tuple[str, tuple[str, ...]], ...] = (
    ("score_totals", ("community_id", "user_id")),
    ("round_totals", ("round_id", "user_id")),
    ("score_quarters", ("community_id", "quarter", "user_id")),
)


class _Sqlite:
    def __init__(self, path: Path, *, writable: bool) -> None:
        if writable:
            schema.prepare(path)
        self.name = str(path)
        self.connection = schema.open_current(path, writable=writable)

    async def begin(self, *, writing: bool) -> None:
        self.connection.execute("BEGIN IMMEDIATE" if writing else "BEGIN")

    async def end(self, *, commit: bool) -> None:
        self.connection.execute("COMMIT" if commit else "ROLLBACK")

    async def tables(self) -> set[str]:
        found = self.connection.execute(
            "SELECT name FROM sqlite_schema WHERE type = 'table' AND name NOT LIKE 'sqlite_%'"
        )
        return {row[0] for row in found}

    async def columns(self, table: str) -> list[str]:
        return [row[1] for row in self.connection.execute(f"PRAGMA table_info({table})")]

    async def rows(self, table: str, columns: Sequence[str], key: Sequence[str]) -> list[tuple]:
        return self.connection.execute(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(key)}"
        ).fetchall()

    async def insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        marks = ", ".join("?" for _ in columns)
        self.connection.executemany(
            f"INSERT INTO {table} ({', '.join(columns)}) VALUES ({marks})", rows
        )

    async def after_insert(self, table: str) -> None:
        """SQLite's rowids continue from the largest id by themselves."""

    async def close(self) -> None:
        self.connection.close()


class _Postgres:
    def __init__(self, url: str, connection: asyncpg.Connection) -> None:
        self.name = pg_schema.describe(url)
        self.connection = connection
        self.transaction: asyncpg.transaction.Transaction | None = None

    @classmethod
    async def open(cls, url: str, *, writable: bool) -> _Postgres:
        if writable:
            await pg_schema.prepare(url)
        return cls(url, await pg_schema.open_current(url))

    async def begin(self, *, writing: bool) -> None:
        self.transaction = self.connection.transaction(
            isolation="serializable" if writing else "repeatable_read", readonly=not writing
        )
        await self.transaction.start()

    async def end(self, *, commit: bool) -> None:
        assert self.transaction is not None
        await (self.transaction.commit() if commit else self.transaction.rollback())

    async def tables(self) -> set[str]:
        found = await self.connection.fetch(
            "SELECT tablename FROM pg_tables WHERE schemaname = current_schema()"
        )
        return {row[0] for row in found} - {"studybot_schema"}  # the version, set by migrating

    async def columns(self, table: str) -> list[str]:
        rows = await self.connection.fetch(
            "SELECT column_name FROM information_schema.columns"
            " WHERE table_schema = current_schema() AND table_name = $1 ORDER BY ordinal_position",
            table,
        )
        return [row[0] for row in rows]

    async def rows(self, table: str, columns: Sequence[str], key: Sequence[str]) -> list[tuple]:
        found = await self.connection.fetch(
            f"SELECT {', '.join(columns)} FROM {table} ORDER BY {', '.join(key)}"
        )
        return [tuple(row) for row in found]

    async def insert(self, table: str, columns: Sequence[str], rows: list[tuple]) -> None:
        await self.connection.copy_records_to_table(table, records=rows, columns=list(columns))

    async def after_insert(self, table: str) -> None:
        """Identity columns must continue after the copied ids, not collide with them."""
        identities = await self.connection.fetch(
            "SELECT column_name FROM information_schema.columns WHERE table_schema ="
            " current_schema() AND table_name = $1 AND is_identity = 'YES'",
            table,
        )
        for (column,) in identities:
            await self.connection.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', '{column}'),"
                f" coalesce(max({column}), 0) + 1, false) FROM {table}"
            )

    async def close(self) -> None:
        await self.connection.close()


async def _open(where: str | Path, *, writable: bool) -> _Sqlite | _Postgres:
    if is_postgres(where):
        return await _Postgres.open(str(where), writable=writable)
    return _Sqlite(Path(where), writable=writable)


async def copy(source: str | Path, target: str | Path) -> dict[str, int]:
    """Copy every row from `source` into the new or empty `target`; rows copied per table."""
    if str(source) == str(target):
        raise StoreError("the source and the target are the same database")
    new_file = None if is_postgres(target) or Path(target).exists() else Path(target)
    reader = await _open(source, writable=False)
    try:
        writer = await _open(target, writable=True)
        try:
            return await _copy(reader, writer)
        finally:
            await writer.close()
    except BaseException:
        if new_file is not None:  # a file made for this copy goes with it
            for suffix in ("", "-wal", "-shm"):
                new_file.with_name(new_file.name + suffix).unlink(missing_ok=True)
        raise
    finally:
        await reader.close()


async def _copy(reader: _Sqlite | _Postgres, writer: _Sqlite | _Postgres) -> dict[str, int]:
    await reader.begin(writing=False)
    try:
        await writer.begin(writing=True)
        committed = False
        try:
            counts = await _move_and_verify(reader, writer)
            await writer.end(commit=True)
            committed = True
        except (sqlite3.Error, asyncpg.PostgresError) as error:
            raise StoreError(f"cannot copy into {writer.name}: {error}") from error
        finally:
            if not committed:
                await writer.end(commit=False)
    finally:
        await reader.end(commit=False)
    return counts


async def _move_and_verify(reader: _Sqlite | _Postgres, writer: _Sqlite | _Postgres) -> dict:
    unknown = await reader.tables() - {table for table, _ in (*TABLES, *DERIVED)}
    if unknown:  # never leave rows behind without saying so
        raise StoreError(f"this studybot cannot copy the table(s) {', '.join(sorted(unknown))}")
    tables = {}
    for table, key in TABLES:
        columns = await reader.columns(table)
        if sorted(columns) != sorted(await writer.columns(table)):
            raise StoreError(f"table {table} differs between {reader.name} and {writer.name}")
        if await writer.rows(table, key, key):
            raise StoreError(
                f"{writer.name} already holds {table}; copy only into a new or empty database"
            )
        tables[table] = (columns, key)
    counts = {}
    for table, (columns, key) in tables.items():
        rows = await reader.rows(table, columns, key)
        if rows:
            await writer.insert(table, columns, rows)
        await writer.after_insert(table)
        counts[table] = len(rows)
    for table, key in (*TABLES, *DERIVED):
        columns = tables[table][0] if table in tables else await reader.columns(table)
        expected = await reader.rows(table, columns, key)
        found = await writer.rows(table, columns, key)
        if found != expected:
            first = next(
                (
                    i
                    for i, pair in enumerate(zip(expected, found, strict=False))
                    if pair[0] != pair[1]
                ),
                min(len(expected), len(found)),
            )
            raise StoreError(
                f"the copy of {table} differs from the source at row {first + 1} "
                f"({len(expected)} rows in the source, {len(found)} copied); nothing was copied"
            )
    return counts
