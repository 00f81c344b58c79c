"""Gradebook export, as CSV or JSON: one row per scored answer, or one per member with totals.

The queries live here once, for both stores: a store runs them through its reader, `read` and
`read_postgres` (for the CLI) through a connection that only reads.
"""

from __future__ import annotations

import csv
import json
import sqlite3
from collections.abc import Iterable, Sequence
from datetime import datetime
from pathlib import Path
from typing import TextIO

import asyncpg

from db import pg_schema, schema
from db.api import StoreError
from db.records import positional
from db.times import from_micros

COLUMNS = (
    "platform",
    "community",
    "user_id",
    "display_name",
    "round_id",
    "round_kind",
    "channel_id",
    "question_id",
    "response",
    "correct",
    "points",
    "answered_at",
)

QUERY = """
SELECT c.platform, c.external_id, a.user_id, m.display_name, a.round_id, r.kind, r.channel_id,
       a.question_id, a.response, a.correct, a.points, a.answered_at
FROM answers AS a
JOIN rounds AS r ON r.id = a.round_id
JOIN communities AS c ON c.id = a.community_id
JOIN members AS m ON m.community_id = a.community_id AND m.user_id = a.user_id
WHERE a.scored = 1 AND (CAST(:community AS BIGINT) IS NULL OR a.community_id = :community)
ORDER BY a.community_id, a.answered_at, a.id
"""

TOTAL_COLUMNS = (
    "platform",
    "community",
    "user_id",
    "display_name",
    "points",
    "correct",
    "answered",
    "accuracy",
)

TOTALS_QUERY = """
SELECT c.platform, c.external_id, t.user_id, m.display_name, t.points, t.correct, t.answered,
       round(1.0 * t.correct / t.answered, 3)
FROM score_totals AS t
JOIN communities AS c ON c.id = t.community_id
JOIN members AS m ON m.community_id = t.community_id AND m.user_id = t.user_id
WHERE t.answered > 0 AND (CAST(:community AS BIGINT) IS NULL OR t.community_id = :community)
ORDER BY t.community_id, t.points DESC, t.correct DESC, t.answered, t.user_id
"""

# A community named on the command line by its platform id (guild, workspace) or our own number.
FIND_COMMUNITY = """
SELECT id FROM communities WHERE external_id = :name
UNION ALL
SELECT id FROM communities WHERE CAST(id AS TEXT) = :name
LIMIT 1
"""


def shape_totals(row: Sequence) -> dict:
    record = dict(zip(TOTAL_COLUMNS, row, strict=True))
    record["accuracy"] = float(record["accuracy"])  # PostgreSQL's round() gives a Decimal
    return record


def shape(row: Sequence) -> dict:
    record = dict(zip(COLUMNS, row, strict=True))
    record["correct"] = bool(record["correct"])
    record["answered_at"] = from_micros(record["answered_at"])
    return record


def read(path: Path, community: str | None = None, *, totals: bool = False) -> list[dict]:
    """Gradebook rows from a database file opened read-only: answers, or members' totals.

    `community` is a guild/workspace id (or studybot's own number); None means every community.
    """
    connection = schema.open_current(path, writable=False)
    try:
        number = None
        if community is not None:
            found = connection.execute(FIND_COMMUNITY, {"name": community}).fetchone()
            if found is None:
                raise StoreError(f"there is no community {community!r} in {path}")
            number = found[0]
        if totals:
            rows = connection.execute(TOTALS_QUERY, {"community": number})
            return [shape_totals(row) for row in rows]
        return [shape(row) for row in connection.execute(QUERY, {"community": number})]
    except sqlite3.DatabaseError as error:
        raise StoreError(f"cannot read {path}: {error}") from error
    finally:
        connection.close()


async def read_postgres(url: str, community: str | None = None, *, totals: bool = False) -> list:
    """As `read`, from a PostgreSQL database, in one read-only snapshot."""
    connection = await pg_schema.open_current(url)
    try:
        async with connection.transaction(readonly=True, isolation="repeatable_read"):
            number = None
            if community is not None:
                sql, arguments = positional(FIND_COMMUNITY, {"name": community})
                number = await connection.fetchval(sql, *arguments)
                if number is None:
                    where = pg_schema.describe(url)
                    raise StoreError(f"there is no community {community!r} in {where}")
            query, shaped = (TOTALS_QUERY, shape_totals) if totals else (QUERY, shape)
            sql, arguments = positional(query, {"community": number})
            return [shaped(row) for row in await connection.fetch(sql, *arguments)]
    except asyncpg.PostgresError as error:
        raise StoreError(f"cannot read {pg_schema.describe(url)}: {error}") from error
    finally:
        await connection.close()


def _cell(value: object) -> object:
    if isinstance(value, datetime):
        return value.isoformat()
    # Text typed by students must not turn into a formula when the gradebook opens the file.
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


def write_csv(rows: Iterable[dict], out: TextIO, columns: Sequence[str] = COLUMNS) -> None:
    writer = csv.DictWriter(out, fieldnames=columns, lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: _cell(value) for key, value in row.items()})


def write_json(rows: Iterable[dict], out: TextIO) -> None:
    records = [
        {
            key: value.isoformat() if isinstance(value, datetime) else value
            for key, value in row.items()
        }
        for row in rows
    ]
    json.dump(records, out, ensure_ascii=False, indent=1)
    out.write("\n")
