"""`studybot db check`: is the database sound, which schema is it, and do the kept totals agree?

SQLite gets its own integrity check; PostgreSQL checks its own pages, so here it is asked whether
every index (the rules among them) is valid. Both are read-only and compare the totals.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

import asyncpg

from db import pg_schema, schema
from db.api import StoreError

TOTALS_FROM_ANSWERS = (
    "SELECT community_id, user_id, sum(points), sum(correct), count(*)"
    " FROM answers WHERE scored = 1 GROUP BY community_id, user_id"
)
TOTALS_KEPT = (
    "SELECT community_id, user_id, points, correct, answered FROM score_totals WHERE answered > 0"
)
TOTALS_VERSION = 2  # the migration that added score_totals


@dataclass(frozen=True)
class Health:
    version: int
    known: int  # the newest schema version this studybot has
    problems: list[str]  # empty when all is well


# Members whose kept all-time totals differ from a fresh count of their answers (both stores).
DRIFT = (
    "SELECT count(*) FROM ("
    f" SELECT community_id, user_id FROM ({TOTALS_KEPT} EXCEPT {TOTALS_FROM_ANSWERS}) AS kept"
    " UNION"
    f" SELECT community_id, user_id FROM ({TOTALS_FROM_ANSWERS} EXCEPT {TOTALS_KEPT}) AS counted"
    ") AS drifted"
)
INVALID_INDEXES = (
    "SELECT c.relname FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indexrelid"
    " JOIN pg_namespace AS n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready) ORDER BY 1"
)


def drifted_totals(connection: sqlite3.Connection) -> int:
    """Members whose kept all-time totals differ from a fresh count of their answers."""
    return connection.execute(DRIFT).fetchone()[0]


def _drift_problem(drift: int) -> list[str]:
    return [f"kept score totals disagree with the answers for {drift} member(s)"] if drift else []


def check(path: Path) -> Health:
    """Read-only: the file is never changed, even when it is found wanting."""
    connection = schema.connect(path, writable=False)
    try:
        known = len(schema.migrations())
        found = schema.version(connection, path, known)
        try:
            problems = [row[0] for row in connection.execute("PRAGMA integrity_check(20)")]
            if problems == ["ok"]:
                problems = []
            if found >= TOTALS_VERSION:
                problems += _drift_problem(drifted_totals(connection))
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path} is damaged: {error}") from error
    finally:
        connection.close()
    return Health(found, known, problems)


async def check_postgres(url: str) -> Health:
    """Read-only, in one read-only transaction: one snapshot, and nothing can be changed."""
    connection = await pg_schema.connect(url)
    try:
        known = len(schema.migrations(pg_schema.MIGRATIONS))
        found = await pg_schema.version(connection, url, known)
        async with connection.transaction(readonly=True, isolation="repeatable_read"):
            invalid = [row[0] for row in await connection.fetch(INVALID_INDEXES)]
            problems = [f"index {name} is not valid; rebuild it with REINDEX" for name in invalid]
            if found >= TOTALS_VERSION:
                problems += _drift_problem(await connection.fetchval(DRIFT))
    except asyncpg.PostgresError as error:
        raise StoreError(f"cannot check {pg_schema.describe(url)}: {error}") from error
    finally:
        await connection.close()
    return Health(found, known, problems)
