"""What both stores share: rows to records, the rules checked before a write, Leitner's boxes.

A row is anything indexable by column name (sqlite3.Row, asyncpg.Record); both stores keep
values the same way (see db/migrations/postgresql/001_initial.sql).
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from datetime import UTC, datetime

from db.api import (
    Answer,
    Community,
    ContentVersion,
    QuestionBank,
    Reading,
    Round,
    Schedule,
    Scope,
    Store,
    UserStats,
)
from db.times import from_micros, maybe_datetime, to_micros, week_bounds, zone

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
        content_version=row["content_version"],
    )


def as_reading(row: Mapping) -> Reading:
    return Reading(
        id=row["id"],
        community_id=row["community_id"],
        name=row["name"],
        source=row["source"],
        sha256=row["sha256"],
        stored=row["stored"],
        added_by=row["added_by"],
        added_at=from_micros(row["added_at"]),
    )


def as_version(row: Mapping) -> ContentVersion:
    return ContentVersion(
        id=row["id"],
        community_id=row["community_id"],
        status=row["status"],
        started_by=row["started_by"],
        started_at=from_micros(row["started_at"]),
        finished_at=maybe_datetime(row["finished_at"]),
        report=row["report"],
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


QUARTER = 900_000_000  # microseconds in the quarter hours of score_quarters (008_period_totals)
# Each leaderboard's totals per member, kept by triggers (002_score_totals, 008_period_totals):
# read off an index rather than summed from the answers, whose week can number 20,000.
_TOTALS = {
    "all": (
        "SELECT user_id, points, correct, answered FROM score_totals"
        " WHERE community_id = :community AND answered > 0"
    ),
    "week": (
        "SELECT user_id, sum(points) AS points, sum(correct) AS correct,"
        " sum(answered) AS answered FROM score_quarters WHERE community_id = :community"
        " AND quarter >= :start AND quarter < :end GROUP BY user_id HAVING sum(answered) > 0"
    ),
    # Checked once against the round, so the round's own rows are read straight off its index.
    "round": (
        "SELECT user_id, points, correct, answered FROM round_totals"
        " WHERE round_id = :round AND answered > 0"
        " AND EXISTS (SELECT 1 FROM rounds WHERE id = :round AND community_id = :community)"
    ),
}


async def leaderboard_query(
    store: Store,
    community_id: int,
    scope: Scope,
    now: datetime | None,
    round_id: int | None,
    limit: int,
) -> tuple[str, dict] | None:
    """The leaderboard's query (:named parameters) and its values; None for no community.

    Ranked by points, then correct answers, then fewer answers, then user id. A week starts
    Monday 00:00 in the community's zone, which falls on a quarter hour in every zone.
    """
    if scope not in _TOTALS:
        raise ValueError(f"unknown leaderboard scope {scope!r}")
    values: dict = {"community": community_id, "limit": limit}
    if scope == "week":
        community = await store.community_by_id(community_id)
        if community is None:
            return None
        start, end = week_bounds(now or datetime.now(UTC), community.timezone)
        values |= {"start": to_micros(start) // QUARTER, "end": to_micros(end) // QUARTER}
    elif scope == "round":
        if round_id is None:
            raise ValueError("a round leaderboard needs round_id")
        values["round"] = round_id
    sql = (
        "SELECT top.user_id, m.display_name, top.points, top.correct, top.answered"
        f" FROM ({_TOTALS[scope]} ORDER BY points DESC, correct DESC, answered, user_id"
        " LIMIT :limit) AS top"
        " JOIN members AS m ON m.community_id = :community AND m.user_id = top.user_id"
        " ORDER BY top.points DESC, top.correct DESC, top.answered, top.user_id"
    )
    return sql, values


BEAT = (
    "INSERT INTO heartbeats (host, process, beat_at) VALUES (:host, :process, :at)"
    " ON CONFLICT (host, process) DO UPDATE SET beat_at = excluded.beat_at"
)

# A member's totals and streaks: consecutive correct scored answers, a wrong one starts a new run.
STATS_QUERY = (
    "WITH ordered AS ("
    "  SELECT correct, points,"
    "   sum(1 - correct) OVER (ORDER BY answered_at, id) AS misses_so_far"
    "  FROM answers WHERE community_id = :community AND user_id = :user AND scored = 1"
    "), runs AS ("
    "  SELECT misses_so_far, sum(correct) AS run FROM ordered GROUP BY misses_so_far"
    ")"
    " SELECT m.display_name,"
    "  (SELECT count(*) FROM ordered) AS answered,"
    "  (SELECT coalesce(sum(correct), 0) FROM ordered) AS correct,"
    "  (SELECT coalesce(sum(points), 0) FROM ordered) AS points,"
    "  (SELECT coalesce(max(run), 0) FROM runs) AS best,"
    "  (SELECT run FROM runs ORDER BY misses_so_far DESC LIMIT 1) AS current"
    " FROM members AS m WHERE m.community_id = :community AND m.user_id = :user"
)

# A community's question bank in one query: every command reads it.
BANK_QUERY = (
    "SELECT 'reported' AS what, question_id, NULL AS question FROM question_reports"
    " WHERE community_id = :community AND resolved_at IS NULL"
    " UNION SELECT status, question_id, NULL FROM question_decisions"
    " WHERE community_id = :community"
    " UNION ALL SELECT 'added', question_id, question FROM added_questions"
    " WHERE community_id = :community ORDER BY what, question_id"
)


def as_user_stats(user_id: str, row: Mapping | None) -> UserStats | None:
    if row is None:
        return None
    return UserStats(
        user_id=user_id,
        display_name=row["display_name"],
        points=int(row["points"]),
        answered=int(row["answered"]),
        correct=int(row["correct"]),
        current_streak=int(row["current"] or 0),
        best_streak=int(row["best"]),
    )


def as_question_bank(rows: list[Mapping]) -> QuestionBank:
    def ids(what: str) -> frozenset[str]:
        return frozenset(row["question_id"] for row in rows if row["what"] == what)

    return QuestionBank(
        reported=ids("reported"),
        retired=ids("retired"),
        restored=ids("restored"),
        added=tuple(json.loads(row["question"]) for row in rows if row["what"] == "added"),
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
