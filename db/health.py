"""`studybot db check`: is the database sound, which schema is it, and do the kept totals agree?

SQLite gets its own integrity check; PostgreSQL checks its own pages, so here it is asked whether
every index (the rules among them) is valid. Both are read-only and compare the totals.
"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path

import asyncpg

from db import pg_schema, schema
from db.api import StoreError
from db.stores import is_postgres
from db.times import from_micros

# Totals kept by triggers, each with the migration that added it, its key, and that key as
# computed from an answer, named alike (see db/migrations/002_score_totals.sql and 008_period_totals.sql).
KEPT_TOTALS = (
    ("score totals", 2, "score_totals", "community_id, user_id", "community_id, user_id"),
    ("round totals", 8, "round_totals", "round_id, user_id", "round_id, user_id"),
    (
        "quarter-hour totals",
        8,
        "score_quarters",
        "community_id, quarter, user_id",
        "community_id, answered_at / 900000000 AS quarter, user_id",
    ),
)


@dataclass(frozen=True)
class Health:
    version: int
    known: int  # the newest schema version this studybot has
    problems: list[str]  # empty when all is well


def counted(key: str, from_answer: str) -> str:
    """Totals counted afresh from the answers, in a kept table's columns."""
    by = ", ".join(str(n) for n in range(1, key.count(",") + 2))  # the key's columns by place
    return (
        f"SELECT {from_answer}, sum(points), sum(correct), count(*)"
        f" FROM answers WHERE scored = 1 GROUP BY {by}"
    )


def drift(key: str, table: str, from_answer: str) -> str:
    """How many of a kept table's rows differ from a fresh count of the answers (both stores)."""
    kept = f"SELECT {key}, points, correct, answered FROM {table} WHERE answered > 0"
    fresh = counted(key, from_answer)
    return (
        f"SELECT count(*) FROM (SELECT {key} FROM ({kept} EXCEPT {fresh}) AS kept"
        f" UNION SELECT {key} FROM ({fresh} EXCEPT {kept}) AS counted) AS drifted"
    )


INVALID_INDEXES = (
    "SELECT c.relname FROM pg_index AS i JOIN pg_class AS c ON c.oid = i.indexrelid"
    " JOIN pg_namespace AS n ON n.oid = c.relnamespace"
    " WHERE n.nspname = current_schema() AND NOT (i.indisvalid AND i.indisready) ORDER BY 1"
)


def _drift_checks(version: int) -> list[tuple[str, str]]:
    """The kept totals a schema at `version` has: each one's name and its drift query."""
    return [
        (name, drift(key, table, from_answer))
        for name, added, table, key, from_answer in KEPT_TOTALS
        if version >= added
    ]


def _drift_problem(name: str, rows: int) -> list[str]:
    return [f"kept {name} disagree with the answers for {rows} member(s)"] if rows else []


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
            for name, sql in _drift_checks(found):
                problems += _drift_problem(name, connection.execute(sql).fetchone()[0])
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
            for name, sql in _drift_checks(found):
                problems += _drift_problem(name, await connection.fetchval(sql))
    except asyncpg.PostgresError as error:
        raise StoreError(f"cannot check {pg_schema.describe(url)}: {error}") from error
    finally:
        await connection.close()
    return Health(found, known, problems)


HEARTBEATS_VERSION = 9  # the migration that added heartbeats
_BEATS = "SELECT host, process, beat_at FROM heartbeats ORDER BY host, process"


async def heartbeats(where: str | Path) -> list[tuple[str, str, datetime]]:
    """Every bot process's last beat kept in the database, read-only: (host, process, when);
    none from a database older than the heartbeats. StoreError when it cannot be read."""
    if is_postgres(where):
        connection = await pg_schema.connect(str(where))
        try:
            known = len(schema.migrations(pg_schema.MIGRATIONS))
            found = await pg_schema.version(connection, str(where), known)
            rows = await connection.fetch(_BEATS) if found >= HEARTBEATS_VERSION else []
        except asyncpg.PostgresError as error:
            raise StoreError(f"cannot read {pg_schema.describe(str(where))}: {error}") from error
        finally:
            await connection.close()
    else:
        connection = schema.connect(Path(where), writable=False)
        try:
            found = schema.version(connection, Path(where), len(schema.migrations()))
            rows = connection.execute(_BEATS).fetchall() if found >= HEARTBEATS_VERSION else []
        except sqlite3.DatabaseError as error:
            raise StoreError(f"cannot read {where}: {error}") from error
        finally:
            connection.close()
    return [(host, process, from_micros(at)) for host, process, at in rows]
