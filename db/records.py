"""What both stores share: rows to records, the rules checked before a write, Leitner's boxes.

A row is anything indexable by column name (sqlite3.Row, asyncpg.Record); both stores keep
values the same way (see db/migrations/postgresql/001_initial.sql).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping

from db.api import Answer, Community, Round, Schedule
from db.times import from_micros, maybe_datetime, zone

# Leitner boxes: days until a question in box N is due again. Box 1 is due at once.
BOX_DAYS = (0, 1, 3, 7, 21)
POST_ATTEMPTS = 2  # a scheduled post whose sender died is tried once more
_LOCAL_TIME = re.compile(r"([01]\d|2[0-3]):[0-5]\d")
_NAMED = re.compile(r"(?<!:):([a-z_]+)")


def as_community(row: Mapping) -> Community:
    return Community(
        id=row["id"],
        platform=row["platform"],
        external_id=row["external_id"],
        timezone=row["timezone"],
        instructor_role=row["instructor_role"],
        settings=json.loads(row["settings"]),
    )


def as_round(row: Mapping) -> Round:
    return Round(
        id=row["id"],
        community_id=row["community_id"],
        channel_id=row["channel_id"],
        kind=row["kind"],
        question_ids=tuple(json.loads(row["question_ids"])),
        started_by=row["started_by"],
        opens_at=from_micros(row["opens_at"]),
        closes_at=maybe_datetime(row["closes_at"]),
        status=row["status"],
        position=row["position"],
        question_closes_at=maybe_datetime(row["question_closes_at"]),
        seconds=row["seconds"],
        options=json.loads(row["options"]),
        number=row["number"],
        stopped_by=row["stopped_by"],
    )


def as_answer(row: Mapping) -> Answer:
    return Answer(
        round_id=row["round_id"],
        question_id=row["question_id"],
        user_id=row["user_id"],
        response=row["response"],
        correct=bool(row["correct"]),
        points=row["points"],
        answered_at=from_micros(row["answered_at"]),
    )


def as_schedule(row: Mapping) -> Schedule:
    return Schedule(
        id=row["id"],
        community_id=row["community_id"],
        channel_id=row["channel_id"],
        kind=row["kind"],
        weekday=row["weekday"],
        local_time=row["local_time"],
        timezone=row["timezone"],
        options=json.loads(row["options"]),
        enabled=bool(row["enabled"]),
    )


def check_schedule(weekday: int | None, local_time: str, timezone: str) -> None:
    """ValueError for a time that is not HH:MM, a weekday outside 0-6, or an unknown zone."""
    if not _LOCAL_TIME.fullmatch(local_time):
        raise ValueError(f"time {local_time!r} is not HH:MM (24-hour clock)")
    if weekday is not None and not 0 <= weekday <= 6:
        raise ValueError(f"weekday {weekday} is not 0 (Monday) to 6 (Sunday)")
    zone(timezone)


def positional(sql: str, values: Mapping) -> tuple[str, list]:
    """A query written with :named parameters (SQLite's style) in PostgreSQL's $1, $2 style."""
    names: list[str] = []

    def number(match: re.Match) -> str:
        if match.group(1) not in names:
            names.append(match.group(1))
        return f"${names.index(match.group(1)) + 1}"

    return _NAMED.sub(number, sql), [values[name] for name in names]
