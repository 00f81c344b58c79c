"""The shared store: `db.api.Store` on a PostgreSQL database, through an asyncpg pool.

Several bot processes can share one database. Each method is one statement (or one short
transaction), so the rules hold between processes exactly as within one: one answer per member,
question and round; one post per schedule and period; one open live round per channel; these
are the same UNIQUE and partial indexes as in SQLite (see db/migrations/postgresql/).
Values are stored as the SQLite store stores them, so the two read back identically.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from datetime import UTC, datetime, timedelta

import asyncpg

from db import export, pg_schema
from db.api import (
    Answer,
    Audience,
    BuildRunning,
    Community,
    ContentVersion,
    Decision,
    DuplicateSchedule,
    LeaderRow,
    Member,
    QuestionBank,
    QuestionStats,
    Reading,
    Report,
    Round,
    RoundKind,
    RoundStatus,
    Schedule,
    ScheduleKind,
    Scope,
    StoreError,
    UserStats,
)
from db.group_commit import GroupCommit
from db.records import (
    BANK_QUERY,
    BEAT,
    BOX_DAYS,
    POST_ATTEMPTS,
    STATS_QUERY,
    as_answer,
    as_community,
    as_question_bank,
    as_reading,
    as_round,
    as_schedule,
    as_user_stats,
    as_version,
    check_schedule,
    leaderboard_query,
    positional,
)
from db.times import from_micros, maybe_micros, to_micros, zone

POOL_SIZE = 10  # connections per process; PostgreSQL allows 100 by default
# Answer transactions committing at once per process, each of at most ANSWER_BATCH answers; the
# rest of the pool serves everything else. 2 measured best of 1-8 (bench/store.py, 3 processes).
ANSWER_FLUSHES = 2
ANSWER_BATCH = 500
_DAY = 86_400_000_000  # microseconds

_RETRYABLE = f"post_log.sent_at IS NULL AND post_log.attempts < {POST_ATTEMPTS}"
# Showing again moves a row to the newest place, as SQLite's INSERT OR REPLACE gives a new seq.
_NEWEST_SHOWN = (
    "ON CONFLICT (community_id, audience, target) DO UPDATE SET seq = DEFAULT,"
    " round_id = excluded.round_id, question_id = excluded.question_id"
)
_DEADLOCK_RETRIES = 3
_FIRST_BOX_RIGHT = min(2, len(BOX_DAYS))
# The Leitner box after an answer to a question now in box `r.box`. A first answer's box (the
# row proposed, `excluded`) is _FIRST_BOX_RIGHT when right and 1 when wrong, which tells them apart.
_NEXT_BOX = (
    "CASE WHEN excluded.box > 1 THEN least(r.box + 1, cardinality($9::integer[])) ELSE 1 END"
)
# A batch of answers in one statement: the member rows, the answers, their Leitner boxes and (by
# trigger) the kept totals. Each row says whether its round is in its community and whether it
# was new; $1-$8 are the answers' columns, row n of each array being the batch's answer n.
_ANSWERS_SQL = (
    "WITH given AS (SELECT * FROM unnest($1::bigint[], $2::bigint[], $3::text[], $4::text[],"
    " $5::text[], $6::integer[], $7::integer[], $8::bigint[]) WITH ORDINALITY AS g (round_id,"
    " community_id, user_id, question_id, response, correct, points, answered_at, n)),"
    " known AS (SELECT given.*, (r.kind <> 'practice')::integer AS scored FROM given"
    " JOIN rounds AS r ON r.id = given.round_id AND r.community_id = given.community_id),"
    " member AS (INSERT INTO members (community_id, user_id, display_name)"
    " SELECT DISTINCT community_id, user_id, user_id FROM known ORDER BY community_id, user_id"
    " ON CONFLICT DO NOTHING),"
    " inserted AS (INSERT INTO answers (round_id, question_id, community_id, user_id, response,"
    " correct, points, scored, answered_at) SELECT round_id, question_id, community_id, user_id,"
    " response, correct, points, scored, answered_at FROM known ORDER BY n"
    " ON CONFLICT (round_id, question_id, user_id) DO NOTHING"
    " RETURNING community_id, user_id, question_id, correct, answered_at),"
    " reviewed AS (INSERT INTO reviews AS r (community_id, user_id, question_id, box, due_at,"
    " reviewed_at) SELECT community_id, user_id, question_id, first.box,"
    " answered_at + ($9::integer[])[first.box]::bigint * $10, answered_at FROM inserted,"
    f" LATERAL (SELECT CASE WHEN correct = 1 THEN {_FIRST_BOX_RIGHT} ELSE 1 END AS box) AS first"
    " ON CONFLICT (community_id, user_id, question_id) DO UPDATE"
    f" SET box = {_NEXT_BOX}, due_at = excluded.reviewed_at"
    f" + ($9::integer[])[{_NEXT_BOX}]::bigint * $10, reviewed_at = excluded.reviewed_at)"
    " SELECT given.n, known.n IS NOT NULL AS known, EXISTS (SELECT 1 FROM inserted AS i"
    " WHERE i.community_id = given.community_id AND i.user_id = given.user_id"
    " AND i.question_id = given.question_id) AS inserted"
    " FROM given LEFT JOIN known ON known.n = given.n"
)


def _answer_columns(batch: list[tuple[Answer, int]]) -> list[list]:
    """The batch as _ANSWERS_SQL's parameters: one array per column, then Leitner's days."""
    return [
        [answer.round_id for answer, _ in batch],
        [community for _, community in batch],
        [answer.user_id for answer, _ in batch],
        [answer.question_id for answer, _ in batch],
        [answer.response for answer, _ in batch],
        [int(answer.correct) for answer, _ in batch],
        [answer.points for answer, _ in batch],
        [to_micros(answer.answered_at) for answer, _ in batch],
        list(BOX_DAYS),
        _DAY,
    ]


# Trouble with the database itself: unreachable, cut off, full, failing.
_TROUBLE = (
    OSError,
    asyncpg.PostgresError,
    asyncpg.InterfaceError,
    asyncpg.InternalClientError,  # a connection cut off in the middle of a query
)


class PostgresStore:
    """`db.api.Store` on PostgreSQL: `async with await PostgresStore.open(url) as store:`."""

    def __init__(self, url: str, pool: asyncpg.Pool) -> None:
        self.url = url
        self._pool = pool
        self._answers = GroupCommit(
            self._write_answers, flushes=ANSWER_FLUSHES, max_batch=ANSWER_BATCH
        )

    @classmethod
    async def open(cls, url: str, *, pool_size: int = POOL_SIZE) -> PostgresStore:
        """Connect and apply pending migrations; StoreError saying why when it cannot."""
        await pg_schema.prepare(url)
        try:
            pool = await asyncpg.create_pool(url, min_size=1, max_size=pool_size)
        except _TROUBLE as error:
            raise pg_schema.connection_error(url, error) from error
        return cls(url, pool)

    async def close(self) -> None:
        """Wait for queries and answers under way, then close; closing twice is harmless."""
        await self._answers.close()
        await self._pool.close()

    async def __aenter__(self) -> PostgresStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    @contextlib.asynccontextmanager
    async def _session(self) -> AsyncIterator[asyncpg.Connection]:
        """A pooled connection (the pool replaces one that was cut off). Trouble with the database
        itself becomes a StoreError, as in the SQLite store; a broken rule (an integrity error)
        is left for the method to interpret."""
        try:
            async with self._pool.acquire() as connection:
                yield connection
        except asyncpg.IntegrityConstraintViolationError:
            raise
        except _TROUBLE as error:
            raise StoreError(
                f"the database could not be reached or written ({error}); try again"
            ) from error

    async def _one(self, sql: str, *arguments: object) -> asyncpg.Record | None:
        async with self._session() as connection:
            return await connection.fetchrow(sql, *arguments)

    async def _all(self, sql: str, *arguments: object) -> list[asyncpg.Record]:
        async with self._session() as connection:
            return await connection.fetch(sql, *arguments)

    async def _count(self, sql: str, *arguments: object) -> int:
        """Rows a statement changed."""
        async with self._session() as connection:
            status = await connection.execute(sql, *arguments)
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
            json.dumps(options or {}),
            to_micros(opens_at) if kind == "live" else None,  # held by its creator at first
        )
        try:
            async with self._session() as connection, connection.transaction():
                # Numbers are counted: a community's rounds are created one at a time.
                await connection.execute(
                    "SELECT 1 FROM communities WHERE id = $1 FOR NO KEY UPDATE", community_id
                )
                row = await connection.fetchrow(
                    "INSERT INTO rounds (community_id, channel_id, kind, question_ids,"
                    " started_by, opens_at, closes_at, seconds, options, step_claimed_at,"
                    " number) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10,"
                    " (SELECT count(*) + 1 FROM rounds WHERE community_id = $1 AND kind = $3))"
                    " RETURNING *",
                    *values,
                )
        except asyncpg.UniqueViolationError as error:
            if error.constraint_name == "rounds_one_open_live_per_channel":
                raise StoreError("a live quiz is already running in this channel") from error
            if error.constraint_name == "rounds_one_open_weekly_per_community":
                raise StoreError("a weekly quiz is already open in this community") from error
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
            " WHERE status = 'open' AND (question_closes_at <= $1 OR closes_at <= $1"
            # a live round whose next post is missing (about to be shown, or lost in a crash)
            " OR (kind = 'live' AND question_closes_at IS NULL))"
            " AND ($2::text IS NULL OR communities.platform = $2) ORDER BY rounds.id",
            to_micros(now),
            platform,
        )
        return [as_round(row) for row in rows]

    async def claim_step(self, rnd: Round, now: datetime, stale_before: datetime) -> bool:
        changed = await self._count(
            "UPDATE rounds SET step_claimed_at = $1 WHERE id = $2 AND status = 'open'"
            " AND position = $3 AND question_closes_at IS NOT DISTINCT FROM $4::bigint"
            " AND (step_claimed_at IS NULL OR step_claimed_at < $5)",
            to_micros(now),
            rnd.id,
            rnd.position,
            maybe_micros(rnd.question_closes_at),
            to_micros(stale_before),
        )
        return changed == 1

    async def question_shown(
        self, round_id: int, position: int, message_ref: str, closes_at: datetime
    ) -> bool:
        arguments = (round_id, position, message_ref)
        async with self._session() as connection, connection.transaction():
            moved = await connection.execute(
                "UPDATE rounds SET step_claimed_at = NULL, question_closes_at ="
                " CASE WHEN stopped_by IS NULL THEN $3 ELSE closes_at END"
                " WHERE id = $1 AND status = 'open' AND position = $2",
                round_id,
                position,
                to_micros(closes_at),
            )
            if moved != "UPDATE 1":
                return False
            await connection.execute(
                "INSERT INTO round_messages (round_id, position, message_ref)"
                " VALUES ($1, $2, $3) ON CONFLICT (round_id, position)"
                " DO UPDATE SET message_ref = excluded.message_ref",
                *arguments,
            )
            # What the channel was shown last, for typed answers there.
            await connection.execute(
                "INSERT INTO last_shown AS s"
                " (community_id, audience, target, round_id, question_id)"
                " SELECT community_id, 'channel', channel_id, id,"
                " question_ids::jsonb ->> position FROM rounds WHERE id = $1"
                f" {_NEWEST_SHOWN}",
                round_id,
            )
        return True

    async def question_revealed(self, round_id: int, position: int, now: datetime) -> bool:
        changed = await self._count(
            "UPDATE rounds SET position = position + 1, question_closes_at = NULL,"
            " step_claimed_at = $3 WHERE id = $1 AND status = 'open' AND position = $2",
            round_id,
            position,
            to_micros(now),
        )
        return changed == 1

    async def request_stop(self, round_id: int, stopped_by: str, now: datetime) -> bool:
        # A question not yet shown (no closing time) stays so, as in SQLite's min().
        changed = await self._count(
            "UPDATE rounds SET stopped_by = $2, closes_at = $3,"
            " question_closes_at = CASE WHEN question_closes_at IS NULL THEN NULL"
            " ELSE least(question_closes_at, $3) END"
            " WHERE id = $1 AND status = 'open' AND stopped_by IS NULL",
            round_id,
            stopped_by,
            to_micros(now),
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
        Answers arriving together are written in one transaction (see db/group_commit.py).
        """
        return await self._answers.submit((answer, community_id))

    async def _write_answers(self, batch: list[tuple[Answer, int]]) -> list[bool | Exception]:
        """Each answer's outcome, all committed in one transaction.

        An answer to a question the member answered earlier in the batch (a double click, or
        the same question in another round) goes into a later statement, so each statement
        moves a Leitner box at most once and the first answer is the one kept, as one by one.
        """
        waves: list[list[int]] = []
        seen: dict[tuple, int] = {}
        for index, (answer, community_id) in enumerate(batch):
            key = (community_id, answer.user_id, answer.question_id)
            seen[key] = seen.get(key, -1) + 1
            if seen[key] == len(waves):
                waves.append([])
            waves[seen[key]].append(index)
        for wave in waves:
            # Members in one order in every transaction, so two processes' batches wait for
            # each other rather than deadlock (and one that does anyway is tried again).
            wave.sort(key=lambda i: (batch[i][1], batch[i][0].user_id, i))
        known: set[int] = set()
        inserted: set[int] = set()
        for attempt in range(_DEADLOCK_RETRIES):
            known.clear()
            inserted.clear()
            try:
                async with self._session() as connection, connection.transaction():
                    for wave in waves:
                        rows = await connection.fetch(
                            _ANSWERS_SQL, *_answer_columns([batch[i] for i in wave])
                        )
                        for row in rows:
                            index = wave[row["n"] - 1]
                            if row["known"]:
                                known.add(index)
                            if row["inserted"]:
                                inserted.add(index)
                break
            except StoreError as error:
                deadlock = isinstance(error.__cause__, asyncpg.DeadlockDetectedError)
                if not deadlock or attempt == _DEADLOCK_RETRIES - 1:
                    raise
        return [
            index in inserted
            if index in known
            else ValueError(f"there is no round {answer.round_id} in community {community}")
            for index, (answer, community) in enumerate(batch)
        ]

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
        query = await leaderboard_query(self, community_id, scope, now, round_id, limit)
        if query is None:
            return []
        sql, arguments = positional(*query)
        rows = await self._all(sql, *arguments)
        return [LeaderRow(r[0], r[1], int(r[2]), int(r[3]), int(r[4])) for r in rows]

    async def user_stats(self, community_id: int, user_id: str) -> UserStats | None:
        sql, arguments = positional(STATS_QUERY, {"community": community_id, "user": user_id})
        return as_user_stats(user_id, await self._one(sql, *arguments))

    # what was shown last

    async def set_shown(
        self, community_id: int, audience: Audience, target: str, round_id: int, question_id: str
    ) -> None:
        await self._count(
            "INSERT INTO last_shown AS s (community_id, audience, target, round_id, question_id)"
            f" VALUES ($1, $2, $3, $4, $5) {_NEWEST_SHOWN}",
            community_id,
            audience,
            target,
            round_id,
            question_id,
        )

    async def forget_shown(self, community_id: int, audience: Audience, target: str) -> None:
        await self._count(
            "DELETE FROM last_shown WHERE community_id = $1 AND audience = $2 AND target = $3",
            community_id,
            audience,
            target,
        )

    async def last_shown(
        self, community_id: int, user_id: str, channel_id: str
    ) -> tuple[int, str] | None:
        row = await self._one(
            "SELECT s.round_id, s.question_id FROM last_shown AS s"
            " JOIN rounds AS r ON r.id = s.round_id WHERE s.community_id = $1"
            " AND ((s.audience = 'member' AND s.target = $2)"
            " OR (s.audience = 'channel' AND s.target = $3 AND r.status = 'open'))"
            " ORDER BY s.seq DESC LIMIT 1",
            community_id,
            user_id,
            channel_id,
        )
        return None if row is None else (row[0], row[1])

    # spaced repetition

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
        values = (
            community_id,
            channel_id,
            kind,
            weekday,
            local_time,
            timezone,
            json.dumps(options or {}, sort_keys=True),  # one spelling, so duplicates are seen
        )
        try:
            row = await self._one(
                "INSERT INTO schedules (community_id, channel_id, kind, weekday, local_time,"
                " timezone, options, created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8)"
                " RETURNING *",
                *values,
                to_micros(datetime.now(UTC)),
            )
        except asyncpg.UniqueViolationError as error:
            same = await self._one(
                "SELECT id FROM schedules WHERE community_id = $1 AND channel_id = $2"
                " AND kind = $3 AND weekday IS NOT DISTINCT FROM $4::integer AND local_time = $5"
                " AND timezone = $6 AND options = $7",
                *values,
            )
            if same is None:
                raise ValueError(f"cannot add the schedule: {error}") from error
            raise DuplicateSchedule(same["id"]) from None
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

    async def claim_post(
        self, schedule_id: int, period: str, now: datetime, stale_before: datetime
    ) -> bool:
        """True for exactly one caller per (schedule, period), across tasks, processes and
        restarts, plus one retry of a claim never marked posted. False too when the schedule no
        longer exists or is disabled.
        """
        changed = await self._count(
            "INSERT INTO post_log (schedule_id, period, claimed_at) SELECT $1, $2, $3"
            " WHERE EXISTS (SELECT 1 FROM schedules WHERE id = $1 AND enabled = 1)"
            " ON CONFLICT (schedule_id, period) DO UPDATE"
            " SET claimed_at = $3, attempts = post_log.attempts + 1"
            f" WHERE {_RETRYABLE} AND post_log.claimed_at < $4",
            schedule_id,
            period,
            to_micros(now),
            to_micros(stale_before),
        )
        return changed == 1

    async def mark_posted(self, schedule_id: int, period: str, now: datetime) -> None:
        await self._count(
            "INSERT INTO post_log (schedule_id, period, claimed_at, sent_at) SELECT $1, $2, $3, $3"
            " WHERE EXISTS (SELECT 1 FROM schedules WHERE id = $1)"
            " ON CONFLICT (schedule_id, period) DO UPDATE SET sent_at = excluded.sent_at",
            schedule_id,
            period,
            to_micros(now),
        )

    async def post_pending(self, schedule_id: int, period: str) -> bool:
        row = await self._one(
            f"SELECT 1 FROM post_log WHERE schedule_id = $1 AND period = $2 AND {_RETRYABLE}",
            schedule_id,
            period,
        )
        return row is not None

    async def first_delivery(self, key: str, now: datetime, keep: timedelta) -> bool:
        """True for exactly one caller per key until it expires; expired keys are swept here."""
        moment = to_micros(now)
        async with self._session() as connection, connection.transaction():
            await connection.execute("DELETE FROM deliveries WHERE expires_at <= $1", moment)
            status = await connection.execute(
                "INSERT INTO deliveries (key, expires_at) VALUES ($1, $2) ON CONFLICT DO NOTHING",
                key,
                to_micros(now + keep),
            )
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

    # the question bank

    async def report_question(
        self, community_id: int, question_id: str, user_id: str, reason: str, now: datetime
    ) -> bool:
        changed = await self._count(
            "WITH member AS (INSERT INTO members (community_id, user_id, display_name)"
            " VALUES ($1, $3, $3) ON CONFLICT DO NOTHING)"
            " INSERT INTO question_reports (community_id, question_id, user_id, reason,"
            " reported_at) VALUES ($1, $2, $3, $4, $5)"
            " ON CONFLICT (community_id, question_id, user_id) WHERE resolved_at IS NULL"
            " DO NOTHING",
            community_id,
            question_id,
            user_id,
            reason,
            to_micros(now),
        )
        return changed == 1

    async def open_reports(self, community_id: int) -> list[Report]:
        rows = await self._all(
            "SELECT question_id, count(*) AS reports, min(reported_at) AS first_at,"
            " array_agg(reason ORDER BY reported_at, id) FILTER (WHERE reason <> '') AS reasons"
            " FROM question_reports WHERE community_id = $1 AND resolved_at IS NULL"
            " GROUP BY question_id ORDER BY first_at, question_id",
            community_id,
        )
        return [
            Report(
                question_id=row["question_id"],
                reports=row["reports"],
                reasons=tuple(row["reasons"] or ()),
                first_at=from_micros(row["first_at"]),
            )
            for row in rows
        ]

    async def decide_question(
        self, community_id: int, question_id: str, status: Decision, decided_by: str, now: datetime
    ) -> int:
        if status not in ("retired", "restored"):
            raise ValueError(f"a question is retired or restored, not {status!r}")
        moment = to_micros(now)
        async with self._session() as connection, connection.transaction():
            await connection.execute(
                "INSERT INTO question_decisions (community_id, question_id, status, decided_by,"
                " decided_at) VALUES ($1, $2, $3, $4, $5)"
                " ON CONFLICT (community_id, question_id) DO UPDATE SET status = excluded.status,"
                " decided_by = excluded.decided_by, decided_at = excluded.decided_at",
                community_id,
                question_id,
                status,
                decided_by,
                moment,
            )
            closed = await connection.execute(
                "UPDATE question_reports SET resolved_at = $3 WHERE community_id = $1"
                " AND question_id = $2 AND resolved_at IS NULL",
                community_id,
                question_id,
                moment,
            )
        return int(closed.rsplit(" ", 1)[-1])

    async def add_question(
        self, community_id: int, question_id: str, question: dict, added_by: str, now: datetime
    ) -> bool:
        changed = await self._count(
            "INSERT INTO added_questions (community_id, question_id, question, added_by,"
            " added_at) VALUES ($1, $2, $3, $4, $5) ON CONFLICT DO NOTHING",
            community_id,
            question_id,
            json.dumps(question),
            added_by,
            to_micros(now),
        )
        return changed == 1

    async def question_bank(self, community_id: int) -> QuestionBank:
        sql, arguments = positional(BANK_QUERY, {"community": community_id})
        return as_question_bank(await self._all(sql, *arguments))

    async def question_stats(
        self, community_id: int, *, min_asked: int, limit: int
    ) -> list[QuestionStats]:
        rows = await self._all(
            "SELECT question_id, count(*), sum(correct) FROM answers"
            " WHERE community_id = $1 AND scored = 1 GROUP BY question_id HAVING count(*) >= $2"
            " ORDER BY 1.0 * sum(correct) / count(*), count(*) DESC, question_id LIMIT $3",
            community_id,
            min_asked,
            limit,
        )
        return [QuestionStats(row[0], int(row[1]), int(row[2])) for row in rows]

    async def claim_report_notice(self, community_id: int, now: datetime, every: timedelta) -> bool:
        changed = await self._count(
            "INSERT INTO report_notices (community_id, notified_at)"
            " SELECT $1, $2 WHERE EXISTS (SELECT 1 FROM question_reports"
            " WHERE community_id = $1 AND resolved_at IS NULL)"
            " ON CONFLICT (community_id) DO UPDATE SET notified_at = excluded.notified_at"
            " WHERE report_notices.notified_at <= $3",
            community_id,
            to_micros(now),
            to_micros(now - every),
        )
        return changed == 1

    # a community's own readings and the content built from them

    async def add_reading(
        self,
        community_id: int,
        name: str,
        source: str,
        sha256: str,
        stored: str,
        added_by: str,
        now: datetime,
    ) -> tuple[Reading, bool]:
        added = await self._count(
            "INSERT INTO readings (community_id, name, source, sha256, stored, added_by,"
            " added_at) VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING",
            community_id,
            name,
            source,
            sha256,
            stored,
            added_by,
            to_micros(now),
        )
        row = await self._one(
            "SELECT * FROM readings WHERE community_id = $1 AND sha256 = $2 AND removed_at IS NULL",
            community_id,
            sha256,
        )
        return as_reading(row), added == 1

    async def readings(self, community_id: int) -> list[Reading]:
        rows = await self._all(
            "SELECT * FROM readings WHERE community_id = $1 AND removed_at IS NULL ORDER BY id",
            community_id,
        )
        return [as_reading(row) for row in rows]

    async def remove_readings(
        self, community_id: int, now: datetime, reading_id: int | None = None
    ) -> int:
        return await self._count(
            "UPDATE readings SET removed_at = $1 WHERE community_id = $2 AND removed_at IS NULL"
            " AND ($3::bigint IS NULL OR id = $3)",
            to_micros(now),
            community_id,
            reading_id,
        )

    async def start_build(
        self, community_id: int, started_by: str, now: datetime, stale_before: datetime
    ) -> ContentVersion:
        async with self._session() as connection, connection.transaction():
            await connection.execute(
                "UPDATE content_versions SET status = 'failed', finished_at = $1,"
                " report = 'the process building it stopped before it finished'"
                " WHERE community_id = $2 AND status = 'running' AND started_at < $3",
                to_micros(now),
                community_id,
                to_micros(stale_before),
            )
            row = await connection.fetchrow(
                "INSERT INTO content_versions (community_id, status, started_by, started_at)"
                " VALUES ($1, 'running', $2, $3) ON CONFLICT DO NOTHING RETURNING *",
                community_id,
                started_by,
                to_micros(now),
            )
            if row is None:
                running = await connection.fetchval(
                    "SELECT id FROM content_versions WHERE community_id = $1"
                    " AND status = 'running'",
                    community_id,
                )
                raise BuildRunning(running)
        return as_version(row)

    async def finish_build(
        self, version_id: int, studyset_json: str, report: str, now: datetime
    ) -> bool:
        async with self._session() as connection, connection.transaction():
            community = await connection.fetchval(
                "UPDATE content_versions SET status = 'done', finished_at = $1, report = $2,"
                " studyset = $3 WHERE id = $4 AND status = 'running' RETURNING community_id",
                to_micros(now),
                report,
                studyset_json,
                version_id,
            )
            if community is None:
                return False
            await connection.execute(
                "UPDATE communities SET content_version = $1 WHERE id = $2", version_id, community
            )
            # Older builds' content is no longer served: keep their reports, not their bytes.
            await connection.execute(
                "UPDATE content_versions SET studyset = NULL WHERE community_id = $1 AND id != $2",
                community,
                version_id,
            )
        return True

    async def fail_build(self, version_id: int, report: str, now: datetime) -> None:
        await self._count(
            "UPDATE content_versions SET status = 'failed', finished_at = $1, report = $2"
            " WHERE id = $3 AND status = 'running'",
            to_micros(now),
            report,
            version_id,
        )

    async def serve_bundled(self, community_id: int) -> None:
        await self._count(
            "UPDATE communities SET content_version = NULL WHERE id = $1", community_id
        )

    async def content_json(self, version_id: int) -> str | None:
        row = await self._one(
            "SELECT studyset FROM content_versions WHERE id = $1 AND status = 'done'", version_id
        )
        return None if row is None else row["studyset"]

    async def latest_build(self, community_id: int) -> ContentVersion | None:
        row = await self._one(
            "SELECT * FROM content_versions WHERE community_id = $1 ORDER BY id DESC LIMIT 1",
            community_id,
        )
        return None if row is None else as_version(row)

    # gradebook

    # Slack installations

    async def save_slack_installation(
        self, enterprise_id: str, team_id: str, installation: dict, now: datetime
    ) -> None:
        await self._count(
            "INSERT INTO slack_installations (enterprise_id, team_id, installation, installed_at)"
            " VALUES ($1, $2, $3, $4) ON CONFLICT (enterprise_id, team_id) DO UPDATE SET"
            " installation = excluded.installation, installed_at = excluded.installed_at",
            enterprise_id,
            team_id,
            json.dumps(installation),
            to_micros(now),
        )

    async def slack_installation(self, enterprise_id: str, team_id: str) -> dict | None:
        row = await self._one(
            "SELECT installation FROM slack_installations WHERE enterprise_id = $1 AND team_id = $2",
            enterprise_id,
            team_id,
        )
        return None if row is None else json.loads(row["installation"])

    async def delete_slack_installation(self, enterprise_id: str, team_id: str) -> bool:
        deleted = await self._count(
            "DELETE FROM slack_installations WHERE enterprise_id = $1 AND team_id = $2",
            enterprise_id,
            team_id,
        )
        return deleted == 1

    async def issue_oauth_state(self, state: str, expires_at: datetime) -> None:
        await self._count(
            "INSERT INTO slack_oauth_states (state, expires_at) VALUES ($1, $2)",
            state,
            to_micros(expires_at),
        )

    async def consume_oauth_state(self, state: str, now: datetime) -> bool:
        async with self._session() as connection, connection.transaction():
            await connection.execute(
                "DELETE FROM slack_oauth_states WHERE expires_at <= $1", to_micros(now)
            )
            status = await connection.execute(
                "DELETE FROM slack_oauth_states WHERE state = $1", state
            )
        return status == "DELETE 1"

    async def beat(self, host: str, process: str, now: datetime) -> None:
        sql, arguments = positional(BEAT, {"host": host, "process": process, "at": to_micros(now)})
        await self._count(sql, *arguments)

    async def export_rows(self, community_id: int | None = None) -> list[dict]:
        sql, arguments = positional(export.QUERY, {"community": community_id})
        return [export.shape(row) for row in await self._all(sql, *arguments)]
