"""PostgreSQL migrations: the same numbered steps as SQLite's, applied once, refusing strangers."""

from __future__ import annotations

import asyncio
import os
import subprocess
import sys
from pathlib import Path

import asyncpg
import pytest

from db import pg_schema, schema
from db.api import StoreError
from db.postgres import PostgresStore

TESTS = Path(__file__).resolve().parent


def test_every_sqlite_migration_has_its_postgresql_twin():
    sqlite = [step.path.name for step in schema.migrations()]
    postgres = [step.path.name for step in schema.migrations(pg_schema.MIGRATIONS)]
    assert postgres == sqlite


async def _indexes(url: str) -> dict[str, str]:
    connection = await pg_schema.connect(url)
    try:
        rows = await connection.fetch(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = current_schema()"
        )
    finally:
        await connection.close()
    return {row[0]: row[1] for row in rows}


async def test_the_rules_are_the_same_unique_and_partial_indexes(postgres_server):
    url = postgres_server.create_database("schema_rules")
    assert await pg_schema.prepare(url) == list(range(1, len(schema.migrations()) + 1))
    indexes = await _indexes(url)
    assert (
        "WHERE ((status = 'open'::text) AND (kind = 'live'::text))"
        in (indexes["rounds_one_open_live_per_channel"])
    )
    assert indexes["rounds_one_open_live_per_channel"].startswith("CREATE UNIQUE INDEX")
    assert "(round_id, question_id, user_id)" in indexes["answers_round_id_question_id_user_id_key"]
    assert "(schedule_id, period)" in indexes["post_log_pkey"]
    assert await pg_schema.prepare(url) == []


async def test_processes_starting_together_migrate_once(postgres_server):
    url = postgres_server.create_database("schema_together")
    applied = await asyncio.gather(*(pg_schema.prepare(url) for _ in range(6)))
    assert sorted(version for versions in applied for version in versions) == list(
        range(1, len(schema.migrations()) + 1)
    )
    async with await PostgresStore.open(url) as store:
        assert (await store.community("console", "local")).id == 1


async def _run(url: str, sql: str) -> None:
    connection = await asyncpg.connect(url)
    try:
        await connection.execute(sql)
    finally:
        await connection.close()


async def test_someone_elses_database_is_refused_and_left_alone(postgres_server):
    url = postgres_server.create_database("schema_foreign")
    await _run(url, "CREATE TABLE invoices (id integer)")
    with pytest.raises(StoreError, match="not one of studybot's"):
        await PostgresStore.open(url)
    assert set((await _indexes(url)).keys()) == set()


async def test_a_newer_schema_is_refused(postgres_server):
    url = postgres_server.create_database("schema_newer")
    await pg_schema.prepare(url)
    await _run(url, "UPDATE studybot_schema SET version = version + 1")
    with pytest.raises(StoreError, match="newer than this studybot knows"):
        await PostgresStore.open(url)


async def test_an_unreachable_server_is_one_clear_error(tmp_path):
    url = f"postgresql://studybot@/nowhere?host={tmp_path}"
    with pytest.raises(StoreError, match="cannot connect to"):
        await PostgresStore.open(url)


def test_passwords_stay_out_of_messages():
    shown = pg_schema.describe("postgresql://bot:s3cret@db.example:5432/studybot")
    assert shown == "postgresql://bot:***@db.example:5432/studybot"
    assert pg_schema.describe("postgresql://bot@/studybot?host=/run") == (
        "postgresql://bot@/studybot?host=/run"
    )


async def test_lost_connections_are_a_store_error_and_the_pool_recovers(postgres_server):
    url = postgres_server.create_database("schema_lost")
    size = 3
    async with await PostgresStore.open(url, pool_size=size) as store:
        community = await store.community("console", "local")
        for _ in range(5):
            await asyncio.gather(*(store.community_by_id(community.id) for _ in range(size)))
            # An administrator (or a failover) ends every session of the bot.
            await _run(
                url,
                "SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
                " WHERE datname = current_database() AND pid <> pg_backend_pid()",
            )
            # Each cut connection fails at most one call, which hears why, and is replaced.
            failures = 0
            for _ in range(size):
                try:
                    assert await store.community_by_id(community.id) == community
                except StoreError as error:
                    assert "could not be reached" in str(error)
                    failures += 1
            assert failures <= size
            assert await store.community_by_id(community.id) == community  # all replaced


def test_without_a_server_the_tests_needing_one_fail_saying_why(tmp_path):
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            "-q",
            "-p",
            "no:cacheprovider",
            "-rA",
            f"{TESTS / 'test_db_store.py'}::test_a_weekly_round_is_found_from_any_channel",
        ],
        env={**os.environ, "STUDYBOT_POSTGRES_BIN": str(tmp_path / "no-programs-here")},
        capture_output=True,
        text=True,
        cwd=TESTS.parent,
        timeout=120,
    )
    assert done.returncode != 0
    assert "1 passed, 1 error" in done.stdout and "skipped" not in done.stdout
    assert "the PostgreSQL test server could not start" in done.stdout
    assert "run `make postgres`" in done.stdout
