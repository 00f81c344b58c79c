"""`studybot db check`: is the file sound, which schema is it, and do the kept totals agree?"""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path

from db import schema
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


def drifted_totals(connection: sqlite3.Connection) -> int:
    """Members whose kept all-time totals differ from a fresh count of their answers."""
    return connection.execute(
        "SELECT count(*) FROM ("
        f" SELECT community_id, user_id FROM ({TOTALS_KEPT} EXCEPT {TOTALS_FROM_ANSWERS})"
        " UNION"
        f" SELECT community_id, user_id FROM ({TOTALS_FROM_ANSWERS} EXCEPT {TOTALS_KEPT}))"
    ).fetchone()[0]


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
            if found >= TOTALS_VERSION and (drift := drifted_totals(connection)):
                problems.append(
                    f"kept score totals disagree with the answers for {drift} member(s)"
                )
        except sqlite3.DatabaseError as error:
            raise StoreError(f"{path} is damaged: {error}") from error
    finally:
        connection.close()
    return Health(found, known, problems)
