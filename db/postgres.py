"""The shared store: `db.api.Store` on a PostgreSQL database, through an asyncpg pool.

Several bot processes can share one database. Each method is one statement (or one short
transaction), so the rules hold between processes exactly as within one: one answer per member,
question and round; one post per schedule and period; one open live round per channel; these
are the same UNIQUE and partial indexes as in SQLite (see db/migrations/postgresql/).
Values are stored as the SQLite store stores them, so the two read back identically.
"""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta

import asyncpg

from db import export, pg_schema
from db.api import (
    Answer,
    Community,
    LeaderRow,
    Member,
    Round,
    RoundKind,
    RoundStatus,
    Schedule,
    ScheduleKind,
    Scope,
    StoreError,
    UserStats,
)
from db.records import (
    BOX_DAYS,
    as_answer,
    as_community,
    as_round,
    as_schedule,
    check_schedule,
    positional,
)
from db.times import maybe_micros, to_micros, week_bounds, zone

POOL_SIZE = 10  # connections per process; PostgreSQL allows 100 by default
_DAY = 86_400_000_000  # microseconds

_ENSURE_MEMBER = (
    "INSERT INTO members (community_id, user_id, display_name) VALUES ($1, $2, $2)"
    " ON CONFLICT DO NOTHING"
)


def _unavailable(error: Exception) -> StoreError:
    failure = StoreError(f"the database could not be reached or written ({error}); try again")
    failure.__cause__ = error
    return failure


class PostgresStore:
    """`db.api.Store` on PostgreSQL: `async with await PostgresStore.open(url) as store:`."""

    def __init__(self, url: str, pool: asyncpg.Pool) -> None:
        self.url = url
        self._pool = pool

    @classmethod
    async def open(cls, url: str, *, pool_size: int = POOL_SIZE) -> PostgresStore:
        """Connect and apply pending migrations; StoreError saying why when it cannot."""
        await pg_schema.prepare(url)
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size)
        except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError) as error:
            raise StoreError(f"cannot connect to {pg_schema.describe(url)}: {error}") from error
        return cls(url, pool)

    async def close(self) -> None:
        """Wait for queries under way, then close; closing twice is harmless."""
        await self._pool.close()

    async def __aenter__(self) -> PostgresStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _one(self, sql: str, *arguments: object) -> asyncpg.Record | None:
        try:
            return await self._pool.fetchrow(sql, *arguments)
        except (OSError, asyncpg.PostgresConnectionError) as error:
            raise _unavailable(error) from error

    async def _all(self, sql: str, *arguments: object) -> list[asyncpg.Record]:
        try:
            return await self._pool.fetch(sql, *arguments)
        except (OSError, asyncpg.PostgresConnectionError) as error:
            raise _unavailable(error) from error

    async def _count(self, sql: str, *arguments: object) -> int:
        """Rows a statement changed."""
        try:
            status = await self._pool.execute(sql, *arguments)
        except (OSError, asyncpg.PostgresConnectionError) as error:
            raise _unavailable(error) from error
        return int(status.rsplit(" ", 1)[-1])

    # communities and members

    async def community(
        self, platform: str, external_id: str, default_timezone: str = "UTC"
    ) -> Community:
        sql = "SELECT * FROM communities WHERE platform = $1 AND external_id = $2"
        row = await self._one(sql, platform, external_id)
        if row is None:
            zone(default_timezone)
            row = await self._one(
                "INSERT INTO communities (platform, external_id, timezone, created_at)"
                " VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING RETURNING *",
                platform,
                external_id,
                default_timezone,
                to_micros(datetime.now(UTC)),
            )
            # Another process created it first: a new statement sees its committed row.
            row = row or await self._one(sql, platform, external_id)
        return as_community(row)

    async def community_by_id(self, community_id: int) -> Community | None:
        row = await self._one("SELECT * FROM communities WHERE id = $1", community_id)
        return None if row is None else as_community(row)

    async def update_community(
        self,
        community_id: int,
        *,
        timezone: str | None = None,
        instructor_role: str | None = None,
        settings: dict | None = None,
    ) -> Community:
        """Change the given fields; None leaves a field as it is. Unknown time zones: ValueError."""
        if timezone is not None:
            zone(timezone)
        row = await self._one(
            "UPDATE communities SET timezone = coalesce($2, timezone),"
            " instructor_role = coalesce($3, instructor_role), settings = coalesce($4, settings)"
            " WHERE id = $1 RETURNING *",
            community_id,
            timezone,
            instructor_role,
            None if settings is None else json.dumps(settings),
        )
        if row is None:
            raise ValueError(f"there is no community {community_id}")
        return as_community(row)

    async def member(self, community_id: int, user_id: str, display_name: str) -> Member:
        await self._count(
            "INSERT INTO members AS m (community_id, user_id, display_name) VALUES ($1, $2, $3)"
            " ON CONFLICT (community_id, user_id) DO UPDATE SET display_name = $3"
            " WHERE m.display_name <> $3",
            community_id,
            user_id,
            display_name,
        )
        return Member(community_id, user_id, display_name)

    async def members_called(self, community_id: int, name: str) -> list[Member]:
        # lower() under the "C" collation folds ASCII letters only, as SQLite's NOCASE does.
        rows = await self._all(
            "SELECT user_id, display_name FROM members WHERE community_id = $1"
            ' AND (user_id = $2 OR lower(display_name) = lower($2 COLLATE "C"))'
            " ORDER BY user_id = $2 DESC",
            community_id,
            name,
        )
        return [Member(community_id, r["user_id"], r["display_name"]) for r in rows]

    # rounds and answers

    async def create_round(
        self,
        community_id: int,
        channel_id: str,
        kind: RoundKind,
        question_ids: list[str],
        started_by: str,
        opens_at: datetime,
        closes_at: datetime | None = None,
        seconds: int = 0,
        question_closes_at: datetime | None = None,
        options: dict | None = None,
    ) -> Round:
        values = (
            community_id,
            channel_id,
            kind,
            json.dumps(list(question_ids)),
            started_by,
            to_micros(opens_at),
            maybe_micros(closes_at),
            seconds,
            maybe_micros(question_closes_at),
            json.dumps(options or {}),
        )
        try:
            row = await self._one(
                "INSERT INTO rounds (community_id, channel_id, kind, question_ids, started_by,"
                " opens_at, closes_at, seconds, question_closes_at, options)"
                " VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10) RETURNING *",
                *values,
            )
        except asyncpg.UniqueViolationError as error:
            if error.constraint_name == "rounds_one_open_live_per_channel":
                raise StoreError("a live quiz is already running in this channel") from error
            raise ValueError(f"cannot create the round: {error}") from error
        except asyncpg.IntegrityConstraintViolationError as error:
            raise ValueError(f"cannot create the round: {error}") from error
        return as_round(row)

    async def get_round(self, round_id: int) -> Round | None:
        row = await self._one("SELECT * FROM rounds WHERE id = $1", round_id)
        return None if row is None else as_round(row)

    async def open_round(self, community_id: int, channel_id: str, kind: RoundKind) -> Round | None:
        row = await self._one(
            "SELECT * FROM rounds WHERE status = 'open' AND community_id = $1 AND kind = $2"
            " AND ($2 = 'weekly' OR channel_id = $3) ORDER BY id DESC LIMIT 1",
            community_id,
            kind,
            channel_id,
        )
        return None if row is None else as_round(row)

    async def rounds_due(self, now: datetime, platform: str | None = None) -> list[Round]:
        rows = await self._all(
            "SELECT rounds.* FROM rounds JOIN communities ON communities.id = rounds.community_id"
            " WHERE status = 'open' AND (question_closes_at <= $1 OR closes_at <= $1)"
            " AND ($2::text IS NULL OR communities.platform = $2) ORDER BY rounds.id",
            to_micros(now),
            platform,
        )
        return [as_round(row) for row in rows]

    async def advance_round(
        self,
        round_id: int,
        position: int,
        question_closes_at: datetime | None,
        expect_position: int,
    ) -> bool:
        changed = await self._count(
            "UPDATE rounds SET position = $1, question_closes_at = $2"
            " WHERE id = $3 AND status = 'open' AND position = $4",
            position,
            maybe_micros(question_closes_at),
            round_id,
            expect_position,
        )
        return changed == 1

    async def finish_round(self, round_id: int, status: RoundStatus, now: datetime) -> bool:
        """The round's closes_at becomes `now` unless its planned end came earlier."""
        if status not in ("closed", "stopped"):
            raise ValueError(f"a round finishes as closed or stopped, not {status!r}")
        changed = await self._count(
            "UPDATE rounds SET status = $1, closes_at = least(closes_at, $2)"
            " WHERE id = $3 AND status = 'open'",
            status,
            to_micros(now),
            round_id,
        )
        return changed == 1

    async def set_message(self, round_id: int, position: int, message_ref: str) -> None:
        await self._count(
            "INSERT INTO round_messages (round_id, position, message_ref) VALUES ($1, $2, $3)"
            " ON CONFLICT (round_id, position) DO UPDATE SET message_ref = excluded.message_ref",
            round_id,
            position,
            message_ref,
        )

    async def message(self, round_id: int, position: int) -> str | None:
        row = await self._one(
            "SELECT message_ref FROM round_messages WHERE round_id = $1 AND position = $2",
            round_id,
            position,
        )
        return None if row is None else row["message_ref"]

    async def record_answer(self, answer: Answer, community_id: int) -> bool:
        """False, with nothing changed, if this user already answered this question in this round.

        Whether the answer counts toward scores is taken from the round (practice never does).
        """
        row = await self._one(
            # One statement: the member row, the answer, and (by trigger) the totals, or nothing.
            "WITH round AS (SELECT id, kind FROM rounds WHERE id = $3 AND community_id = $1),"
            " member AS (INSERT INTO members (community_id, user_id, display_name)"
            " SELECT $1, $2, $2 FROM round ON CONFLICT DO NOTHING),"
            " inserted AS (INSERT INTO answers (round_id, question_id, community_id, user_id,"
            " response, correct, points, scored, answered_at)"
            " SELECT id, $4, $1, $2, $5, $6, $7, (kind <> 'practice')::integer, $8 FROM round"
            " ON CONFLICT (round_id, question_id, user_id) DO NOTHING RETURNING 1)"
            " SELECT (SELECT count(*) FROM inserted) AS inserted,"
            " (SELECT count(*) FROM round) AS known",
            community_id,
            answer.user_id,
            answer.round_id,
            answer.question_id,
            answer.response,
            int(answer.correct),
            answer.points,
            to_micros(answer.answered_at),
        )
        if not row["known"]:
            raise ValueError(f"there is no round {answer.round_id} in community {community_id}")
        return row["inserted"] == 1

    async def answers(self, round_id: int, question_id: str | None = None) -> list[Answer]:
        rows = await self._all(
            "SELECT * FROM answers WHERE round_id = $1"
            " AND ($2::text IS NULL OR question_id = $2) ORDER BY answered_at, id",
            round_id,
            question_id,
        )
        return [as_answer(row) for row in rows]

    # scores

    async def leaderboard(
        self,
        community_id: int,
        scope: Scope = "all",
        *,
        now: datetime | None = None,
        round_id: int | None = None,
        limit: int = 10,
    ) -> list[LeaderRow]:
        """Ranked by points, then correct answers, then fewer answers, then user id."""
        arguments: list = [community_id, limit]
        if scope == "all":
            totals = (
                "SELECT user_id, points, correct, answered FROM score_totals"
                " WHERE community_id = $1 AND answered > 0"
            )
        elif scope == "week":
            community = await self.community_by_id(community_id)
            if community is None:
                return []
            start, end = week_bounds(now or datetime.now(UTC), community.timezone)
            arguments += [to_micros(start), to_micros(end)]
            totals = (
                "SELECT user_id, sum(points) AS points, sum(correct) AS correct,"
                " count(*) AS answered FROM answers WHERE community_id = $1 AND scored = 1"
                " AND answered_at >= $3 AND answered_at < $4 GROUP BY user_id"
            )
        elif scope == "round":
            if round_id is None:
                raise ValueError("a round leaderboard needs round_id")
            arguments.append(round_id)
            totals = (
                "SELECT user_id, sum(points) AS points, sum(correct) AS correct,"
                " count(*) AS answered FROM answers WHERE scored = 1 AND round_id = $3 AND EXISTS"
                " (SELECT 1 FROM rounds WHERE id = $3 AND community_id = $1) GROUP BY user_id"
            )
        else:
            raise ValueError(f"unknown leaderboard scope {scope!r}")
        rows = await self._all(
            "SELECT top.user_id, m.display_name, top.points, top.correct, top.answered"
            f" FROM ({totals} ORDER BY points DESC, correct DESC, answered, user_id LIMIT $2)"
            " AS top JOIN members AS m ON m.community_id = $1 AND m.user_id = top.user_id"
            " ORDER BY top.points DESC, top.correct DESC, top.answered, top.user_id",
            *arguments,
        )
        return [LeaderRow(r[0], r[1], int(r[2]), int(r[3]), int(r[4])) for r in rows]

    async def user_stats(self, community_id: int, user_id: str) -> UserStats | None:
        """Streaks count consecutive correct scored answers; a wrong one starts a new run."""
        row = await self._one(
            "WITH ordered AS ("
            "  SELECT correct, points,"
            "   sum(1 - correct) OVER (ORDER BY answered_at, id) AS misses_so_far"
            "  FROM answers WHERE community_id = $1 AND user_id = $2 AND scored = 1"
            "), runs AS ("
            "  SELECT misses_so_far, sum(correct) AS run FROM ordered GROUP BY misses_so_far"
            ")"
            " SELECT m.display_name,"
            "  (SELECT count(*) FROM ordered) AS answered,"
            "  (SELECT coalesce(sum(correct), 0) FROM ordered) AS correct,"
            "  (SELECT coalesce(sum(points), 0) FROM ordered) AS points,"
            "  (SELECT coalesce(max(run), 0) FROM runs) AS best,"
            "  (SELECT run FROM runs ORDER BY misses_so_far DESC LIMIT 1) AS current"
            " FROM members AS m WHERE m.community_id = $1 AND m.user_id = $2",
            community_id,
            user_id,
        )
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

    # spaced repetition

    async def record_review(
        self, community_id: int, user_id: str, question_id: str, correct: bool, now: datetime
    ) -> None:
        # One statement, so two reviews at once cannot both read the old box.
        await self._count(
            f"WITH member AS ({_ENSURE_MEMBER})"
            " INSERT INTO reviews AS r (community_id, user_id, question_id, box, due_at,"
            " reviewed_at) VALUES ($1, $2, $3, $6, $4 + ($5::integer[])[$6]::bigint * $7, $4)"
            " ON CONFLICT (community_id, user_id, question_id) DO UPDATE"
            " SET box = CASE WHEN $8 THEN least(r.box + 1, cardinality($5)) ELSE 1 END,"
            " due_at = $4 + $5[CASE WHEN $8 THEN least(r.box + 1, cardinality($5)) ELSE 1 END]"
            "::bigint * $7, reviewed_at = $4",
            community_id,
            user_id,
            question_id,
            to_micros(now),
            list(BOX_DAYS),
            min(2, len(BOX_DAYS)) if correct else 1,
            _DAY,
            correct,
        )

    async def due_reviews(
        self, community_id: int, user_id: str, now: datetime, limit: int
    ) -> list[str]:
        rows = await self._all(
            "SELECT question_id FROM reviews WHERE community_id = $1 AND user_id = $2"
            " AND due_at <= $3 ORDER BY due_at, box, question_id LIMIT $4",
            community_id,
            user_id,
            to_micros(now),
            limit,
        )
        return [row["question_id"] for row in rows]

    # schedules, post log, prompts

    async def add_schedule(
        self,
        community_id: int,
        channel_id: str,
        kind: ScheduleKind,
        weekday: int | None,
        local_time: str,
        timezone: str,
        options: dict | None = None,
    ) -> Schedule:
        """ValueError for a time that is not HH:MM, a weekday outside 0-6, or an unknown zone."""
        check_schedule(weekday, local_time, timezone)
        row = await self._one(
            "INSERT INTO schedules (community_id, channel_id, kind, weekday, local_time,"
            " timezone, options, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING *",
            community_id,
            channel_id,
            kind,
            weekday,
            local_time,
            timezone,
            json.dumps(options or {}),
            to_micros(datetime.now(UTC)),
        )
        return as_schedule(row)

    async def schedules(
        self, community_id: int | None = None, *, platform: str | None = None
    ) -> list[Schedule]:
        rows = await self._all(
            "SELECT schedules.* FROM schedules"
            " JOIN communities ON communities.id = schedules.community_id"
            " WHERE enabled = 1 AND ($1::bigint IS NULL OR community_id = $1)"
            " AND ($2::text IS NULL OR communities.platform = $2) ORDER BY schedules.id",
            community_id,
            platform,
        )
        return [as_schedule(row) for row in rows]

    async def remove_schedule(self, community_id: int, schedule_id: int) -> bool:
        """Delete a community's schedule (and its post log); False if it had no such schedule."""
        changed = await self._count(
            "DELETE FROM schedules WHERE id = $1 AND community_id = $2", schedule_id, community_id
        )
        return changed == 1

    async def claim_post(self, schedule_id: int, period: str, now: datetime) -> bool:
        """True for exactly one caller per (schedule, period), across tasks, processes and restarts.

        False too when the schedule no longer exists or is disabled.
        """
        changed = await self._count(
            "INSERT INTO post_log (schedule_id, period, claimed_at) SELECT $1, $2, $3"
            " WHERE EXISTS (SELECT 1 FROM schedules WHERE id = $1 AND enabled = 1)"
            " ON CONFLICT DO NOTHING",
            schedule_id,
            period,
            to_micros(now),
        )
        return changed == 1

    async def first_delivery(self, key: str, now: datetime, keep: timedelta) -> bool:
        """True for exactly one caller per key until it expires; expired keys are swept here."""
        moment = to_micros(now)
        try:
            async with self._pool.acquire() as connection, connection.transaction():
                await connection.execute("DELETE FROM deliveries WHERE expires_at <= $1", moment)
                status = await connection.execute(
                    "INSERT INTO deliveries (key, expires_at) VALUES ($1, $2)"
                    " ON CONFLICT DO NOTHING",
                    key,
                    to_micros(now + keep),
                )
        except (OSError, asyncpg.PostgresConnectionError) as error:
            raise _unavailable(error) from error
        return status == "INSERT 0 1"

    async def record_prompt(
        self, community_id: int, channel_id: str, prompt_id: str, now: datetime
    ) -> None:
        """Posting a prompt again moves it to the end of `posted_prompts`."""
        await self._count(
            "INSERT INTO posted_prompts (community_id, channel_id, prompt_id, posted_at)"
            " VALUES ($1, $2, $3, $4) ON CONFLICT (community_id, channel_id, prompt_id)"
            " DO UPDATE SET posted_at = excluded.posted_at",
            community_id,
            channel_id,
            prompt_id,
            to_micros(now),
        )

    async def posted_prompts(self, community_id: int, channel_id: str) -> list[str]:
        rows = await self._all(
            "SELECT prompt_id FROM posted_prompts WHERE community_id = $1 AND channel_id = $2"
            " ORDER BY posted_at, prompt_id",
            community_id,
            channel_id,
        )
        return [row["prompt_id"] for row in rows]

    # gradebook

    async def export_rows(self, community_id: int | None = None) -> list[dict]:
        sql, arguments = positional(export.QUERY, {"community": community_id})
        return [export.shape(row) for row in await self._all(sql, *arguments)]
