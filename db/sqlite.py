"""The embedded store: one SQLite file, reads through aiosqlite, writes through one writer thread.

Reads run on an aiosqlite connection marked query-only. Writes are jobs (plain functions of a
sqlite3 connection) handed to `db.writer.Writer`, which commits concurrent writes together; a
write's coroutine returns only once it is committed. Rules that must hold even with several
processes on one file (one answer per question, one post per period, one live round per
channel) are UNIQUE constraints, not checks in Python.
"""

from __future__ import annotations

import asyncio
import json
import sqlite3
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from functools import partial
from pathlib import Path

import aiosqlite

from db import export, schema
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
)
from db.times import from_micros, maybe_micros, to_micros, zone
from db.writer import Writer

_RETRYABLE = f"sent_at IS NULL AND attempts < {POST_ATTEMPTS}"


def _ensure_member(connection: sqlite3.Connection, community_id: int, user_id: str) -> None:
    """Answers and reviews point at a member; one never seen before is named by their id."""
    connection.execute(
        "INSERT INTO members (community_id, user_id, display_name) VALUES (?, ?, ?)"
        " ON CONFLICT DO NOTHING",
        (community_id, user_id, user_id),
    )


def _review(connection: sqlite3.Connection, community_id: int, answer: Answer) -> None:
    """Leitner: right moves the question up a box (due later), wrong sends it to box 1 (due now)."""
    key = (community_id, answer.user_id, answer.question_id)
    row = connection.execute(
        "SELECT box FROM reviews WHERE community_id = ? AND user_id = ? AND question_id = ?", key
    ).fetchone()
    box = min((row["box"] if row else 1) + 1, len(BOX_DAYS)) if answer.correct else 1
    due = to_micros(answer.answered_at + timedelta(days=BOX_DAYS[box - 1]))
    connection.execute(
        "INSERT INTO reviews (community_id, user_id, question_id, box, due_at, reviewed_at)"
        " VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO UPDATE SET box = excluded.box,"
        " due_at = excluded.due_at, reviewed_at = excluded.reviewed_at",
        (*key, box, due, to_micros(answer.answered_at)),
    )


def _change(sql: str, parameters: tuple | dict) -> Callable[[sqlite3.Connection], int]:
    """A write job of one statement; it yields the number of rows the statement changed."""
    return lambda connection: connection.execute(sql, parameters).rowcount


def _write_connection(path: Path) -> sqlite3.Connection:
    connection = schema.connect(path)
    connection.row_factory = sqlite3.Row
    return connection


class SqliteStore:
    """`db.api.Store` on one SQLite file: `async with await SqliteStore.open(path) as store:`.

    Close it (or leave the `async with`): aiosqlite's thread keeps the process alive until then.
    """

    def __init__(self, path: Path, reader: aiosqlite.Connection, writer: Writer) -> None:
        self.path = path
        self._reader = reader
        self._writer = writer

    @classmethod
    async def open(cls, path: Path | str) -> SqliteStore:
        """Check the file, create it and its folder if missing, and apply pending migrations.

        Raises StoreError, leaving the file untouched, if it cannot be used.
        """
        path = Path(path)
        await asyncio.to_thread(schema.prepare, path)
        writer = Writer(partial(_write_connection, path))
        await writer.start()
        reader = None
        try:
            reader = await aiosqlite.connect(path, isolation_level=None)
            reader.row_factory = sqlite3.Row
            await reader.execute(f"PRAGMA busy_timeout = {schema.BUSY_TIMEOUT_MS}")
            await reader.execute("PRAGMA query_only = ON")
        except BaseException:
            if reader is not None:
                await reader.close()
            await writer.close()
            raise
        return cls(path, reader, writer)

    async def close(self) -> None:
        """Finish the writes already submitted, then close; closing twice is harmless."""
        await self._writer.close()
        await self._reader.close()

    async def __aenter__(self) -> SqliteStore:
        return self

    async def __aexit__(self, *exc_info: object) -> None:
        await self.close()

    async def _one(self, sql: str, parameters: tuple | dict = ()) -> sqlite3.Row | None:
        """For queries of at most one row: one trip to the reader thread, not three."""
        return next(iter(await self._all(sql, parameters)), None)

    async def _all(self, sql: str, parameters: tuple | dict = ()) -> list[sqlite3.Row]:
        try:
            return list(await self._reader.execute_fetchall(sql, parameters))
        except sqlite3.Error as error:  # locked past the busy timeout, damaged, I/O
            raise StoreError(f"the database could not be read ({error}); try again") from error

    # communities and members

    async def community(
        self, platform: str, external_id: str, default_timezone: str = "UTC"
    ) -> Community:
        sql = "SELECT * FROM communities WHERE platform = ? AND external_id = ?"
        row = await self._one(sql, (platform, external_id))
        if row is None:
            zone(default_timezone)

            def create(connection: sqlite3.Connection) -> sqlite3.Row:
                connection.execute(
                    "INSERT INTO communities (platform, external_id, timezone, created_at)"
                    " VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING",
                    (platform, external_id, default_timezone, to_micros(datetime.now(UTC))),
                )
                return connection.execute(sql, (platform, external_id)).fetchone()

            row = await self._writer.run(create)
        return as_community(row)

    async def community_by_id(self, community_id: int) -> Community | None:
        row = await self._one("SELECT * FROM communities WHERE id = ?", (community_id,))
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
        changes = {"timezone": timezone, "instructor_role": instructor_role}
        if settings is not None:
            changes["settings"] = json.dumps(settings)
        changes = {column: value for column, value in changes.items() if value is not None}

        def update(connection: sqlite3.Connection) -> sqlite3.Row | None:
            if changes:
                assignments = ", ".join(f"{column} = :{column}" for column in changes)
                connection.execute(
                    f"UPDATE communities SET {assignments} WHERE id = :id",
                    {**changes, "id": community_id},
                )
            return connection.execute(
                "SELECT * FROM communities WHERE id = ?", (community_id,)
            ).fetchone()

        row = await self._writer.run(update)
        if row is None:
            raise ValueError(f"there is no community {community_id}")
        return as_community(row)

    async def member(self, community_id: int, user_id: str, display_name: str) -> Member:
        row = await self._one(
            "SELECT display_name FROM members WHERE community_id = ? AND user_id = ?",
            (community_id, user_id),
        )
        if row is None or row["display_name"] != display_name:
            await self._writer.run(
                _change(
                    "INSERT INTO members (community_id, user_id, display_name) VALUES (?, ?, ?)"
                    " ON CONFLICT DO UPDATE SET display_name = excluded.display_name",
                    (community_id, user_id, display_name),
                )
            )
        return Member(community_id, user_id, display_name)

    async def members_called(self, community_id: int, name: str) -> list[Member]:
        rows = await self._all(
            "SELECT user_id, display_name FROM members WHERE community_id = ?"
            " AND (user_id = ? OR display_name = ? COLLATE NOCASE) ORDER BY user_id = ? DESC",
            (community_id, name, name, name),
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
            community_id,
            kind,
        )

        def create(connection: sqlite3.Connection) -> sqlite3.Row:
            try:
                return connection.execute(
                    "INSERT INTO rounds (community_id, channel_id, kind, question_ids, started_by,"
                    " opens_at, closes_at, seconds, options, step_claimed_at, number)"
                    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?,"
                    " (SELECT count(*) + 1 FROM rounds WHERE community_id = ? AND kind = ?))"
                    " RETURNING *",
                    values,
                ).fetchall()[0]
            except sqlite3.IntegrityError as error:
                if "rounds.community_id, rounds.channel_id" in str(error):
                    raise StoreError("a live quiz is already running in this channel") from error
                if "rounds.community_id" in str(error):
                    raise StoreError("a weekly quiz is already open in this community") from error
                raise ValueError(f"cannot create the round: {error}") from error

        return as_round(await self._writer.run(create))

    async def get_round(self, round_id: int) -> Round | None:
        row = await self._one("SELECT * FROM rounds WHERE id = ?", (round_id,))
        return None if row is None else as_round(row)

    async def open_round(self, community_id: int, channel_id: str, kind: RoundKind) -> Round | None:
        channel = "" if kind == "weekly" else " AND channel_id = :channel"
        row = await self._one(
            "SELECT * FROM rounds WHERE status = 'open' AND community_id = :community"
            f" AND kind = :kind{channel} ORDER BY id DESC LIMIT 1",
            {"community": community_id, "kind": kind, "channel": channel_id},
        )
        return None if row is None else as_round(row)

    async def rounds_due(self, now: datetime, platform: str | None = None) -> list[Round]:
        moment = to_micros(now)
        rows = await self._all(
            # Read only the open rounds, not every round ever played, on each tick.
            "SELECT rounds.* FROM rounds INDEXED BY rounds_open"
            " JOIN communities ON communities.id = rounds.community_id"
            " WHERE status = 'open' AND (question_closes_at <= :now OR closes_at <= :now"
            # a live round whose next post is missing (about to be shown, or lost in a crash)
            " OR (kind = 'live' AND question_closes_at IS NULL))"
            " AND (:platform IS NULL OR communities.platform = :platform) ORDER BY rounds.id",
            {"now": moment, "platform": platform},
        )
        return [as_round(row) for row in rows]

    async def claim_step(self, rnd: Round, now: datetime, stale_before: datetime) -> bool:
        values = {
            "id": rnd.id,
            "position": rnd.position,
            "closes": maybe_micros(rnd.question_closes_at),
            "now": to_micros(now),
            "stale": to_micros(stale_before),
        }
        changed = await self._writer.run(
            _change(
                "UPDATE rounds SET step_claimed_at = :now WHERE id = :id AND status = 'open'"
                " AND position = :position AND question_closes_at IS :closes"
                " AND (step_claimed_at IS NULL OR step_claimed_at < :stale)",
                values,
            )
        )
        return changed == 1

    async def question_shown(
        self, round_id: int, position: int, message_ref: str, closes_at: datetime
    ) -> bool:
        values = {"id": round_id, "position": position, "ref": message_ref}
        values["closes"] = to_micros(closes_at)

        def shown(connection: sqlite3.Connection) -> bool:
            moved = connection.execute(
                "UPDATE rounds SET step_claimed_at = NULL,"
                " question_closes_at = CASE WHEN stopped_by IS NULL THEN :closes ELSE closes_at END"
                " WHERE id = :id AND status = 'open' AND position = :position",
                values,
            ).rowcount
            if moved:
                connection.execute(
                    "INSERT INTO round_messages (round_id, position, message_ref)"
                    " VALUES (:id, :position, :ref)"
                    " ON CONFLICT DO UPDATE SET message_ref = excluded.message_ref",
                    values,
                )
                # What the channel was shown last, for typed answers there.
                connection.execute(
                    "INSERT OR REPLACE INTO last_shown"
                    " (community_id, audience, target, round_id, question_id)"
                    " SELECT community_id, 'channel', channel_id, id,"
                    " json_extract(question_ids, '$[' || position || ']')"
                    " FROM rounds WHERE id = :id",
                    values,
                )
            return moved == 1

        return await self._writer.run(shown)

    async def question_revealed(self, round_id: int, position: int, now: datetime) -> bool:
        changed = await self._writer.run(
            _change(
                "UPDATE rounds SET position = position + 1, question_closes_at = NULL,"
                " step_claimed_at = :now WHERE id = :id AND status = 'open' AND position = :position",
                {"id": round_id, "position": position, "now": to_micros(now)},
            )
        )
        return changed == 1

    async def request_stop(self, round_id: int, stopped_by: str, now: datetime) -> bool:
        moment = to_micros(now)
        changed = await self._writer.run(
            _change(
                "UPDATE rounds SET stopped_by = :by, closes_at = :now,"
                " question_closes_at = min(question_closes_at, :now)"
                " WHERE id = :id AND status = 'open' AND stopped_by IS NULL",
                {"id": round_id, "by": stopped_by, "now": moment},
            )
        )
        return changed == 1

    async def finish_round(self, round_id: int, status: RoundStatus, now: datetime) -> bool:
        """The round's closes_at becomes `now` unless its planned end came earlier."""
        if status not in ("closed", "stopped"):
            raise ValueError(f"a round finishes as closed or stopped, not {status!r}")
        values = {"status": status, "now": to_micros(now), "id": round_id}
        changed = await self._writer.run(
            _change(
                "UPDATE rounds SET status = :status,"
                " closes_at = min(coalesce(closes_at, :now), :now)"
                " WHERE id = :id AND status = 'open'",
                values,
            )
        )
        return changed == 1

    async def message(self, round_id: int, position: int) -> str | None:
        row = await self._one(
            "SELECT message_ref FROM round_messages WHERE round_id = ? AND position = ?",
            (round_id, position),
        )
        return None if row is None else row["message_ref"]

    async def record_answer(self, answer: Answer, community_id: int) -> bool:
        """False, with nothing changed, if this user already answered this question in this round.

        Whether the answer counts toward scores is taken from the round (practice never does).
        """
        values = {
            "round": answer.round_id,
            "community": community_id,
            "question": answer.question_id,
            "user": answer.user_id,
            "response": answer.response,
            "correct": int(answer.correct),
            "points": answer.points,
            "at": to_micros(answer.answered_at),
        }

        def record(connection: sqlite3.Connection) -> bool:
            _ensure_member(connection, community_id, answer.user_id)
            inserted = connection.execute(
                "INSERT INTO answers (round_id, question_id, community_id, user_id, response,"
                " correct, points, scored, answered_at)"
                " SELECT id, :question, community_id, :user, :response, :correct, :points,"
                " kind != 'practice', :at FROM rounds WHERE id = :round AND community_id = :community"
                " ON CONFLICT (round_id, question_id, user_id) DO NOTHING",
                values,
            ).rowcount
            if inserted:
                _review(connection, community_id, answer)
                return True
            known = connection.execute(
                "SELECT 1 FROM rounds WHERE id = :round AND community_id = :community", values
            ).fetchone()
            if known is None:
                raise ValueError(f"there is no round {answer.round_id} in community {community_id}")
            return False

        return await self._writer.run(record)

    async def answers(self, round_id: int, question_id: str | None = None) -> list[Answer]:
        rows = await self._all(
            "SELECT * FROM answers WHERE round_id = :round"
            " AND (:question IS NULL OR question_id = :question) ORDER BY answered_at, id",
            {"round": round_id, "question": question_id},
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
        rows = await self._all(*query)
        return [LeaderRow(row[0], row[1], row[2], row[3], row[4]) for row in rows]

    async def user_stats(self, community_id: int, user_id: str) -> UserStats | None:
        row = await self._one(STATS_QUERY, {"community": community_id, "user": user_id})
        return as_user_stats(user_id, row)

    # what was shown last

    async def set_shown(
        self, community_id: int, audience: Audience, target: str, round_id: int, question_id: str
    ) -> None:
        # REPLACE gives the row a new, higher seq: the newest shown wins in `last_shown`.
        await self._writer.run(
            _change(
                "INSERT OR REPLACE INTO last_shown"
                " (community_id, audience, target, round_id, question_id) VALUES (?, ?, ?, ?, ?)",
                (community_id, audience, target, round_id, question_id),
            )
        )

    async def forget_shown(self, community_id: int, audience: Audience, target: str) -> None:
        await self._writer.run(
            _change(
                "DELETE FROM last_shown WHERE community_id = ? AND audience = ? AND target = ?",
                (community_id, audience, target),
            )
        )

    async def last_shown(
        self, community_id: int, user_id: str, channel_id: str
    ) -> tuple[int, str] | None:
        row = await self._one(
            "SELECT s.round_id, s.question_id FROM last_shown AS s"
            " JOIN rounds AS r ON r.id = s.round_id WHERE s.community_id = :community"
            " AND ((s.audience = 'member' AND s.target = :user)"
            " OR (s.audience = 'channel' AND s.target = :channel AND r.status = 'open'))"
            " ORDER BY s.seq DESC LIMIT 1",
            {"community": community_id, "user": user_id, "channel": channel_id},
        )
        return None if row is None else (row[0], row[1])

    # spaced repetition

    async def due_reviews(
        self, community_id: int, user_id: str, now: datetime, limit: int
    ) -> list[str]:
        rows = await self._all(
            "SELECT question_id FROM reviews WHERE community_id = ? AND user_id = ? AND due_at <= ?"
            " ORDER BY due_at, box, question_id LIMIT ?",
            (community_id, user_id, to_micros(now), limit),
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
            to_micros(datetime.now(UTC)),
        )

        def add(connection: sqlite3.Connection) -> sqlite3.Row:
            try:
                return connection.execute(
                    "INSERT INTO schedules (community_id, channel_id, kind, weekday, local_time,"
                    " timezone, options, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING *",
                    values,
                ).fetchall()[0]
            except sqlite3.IntegrityError:
                same = connection.execute(
                    "SELECT id FROM schedules WHERE community_id = ? AND channel_id = ?"
                    " AND kind = ? AND weekday IS ? AND local_time = ? AND timezone = ?"
                    " AND options = ?",
                    values[:-1],
                ).fetchone()
                if same is None:
                    raise
                raise DuplicateSchedule(same["id"]) from None

        return as_schedule(await self._writer.run(add))

    async def schedules(
        self, community_id: int | None = None, *, platform: str | None = None
    ) -> list[Schedule]:
        rows = await self._all(
            "SELECT schedules.* FROM schedules"
            " JOIN communities ON communities.id = schedules.community_id"
            " WHERE enabled = 1 AND (:community IS NULL OR community_id = :community)"
            " AND (:platform IS NULL OR communities.platform = :platform) ORDER BY schedules.id",
            {"community": community_id, "platform": platform},
        )
        return [as_schedule(row) for row in rows]

    async def remove_schedule(self, community_id: int, schedule_id: int) -> bool:
        """Delete a community's schedule (and its post log); False if it had no such schedule."""
        changed = await self._writer.run(
            _change(
                "DELETE FROM schedules WHERE id = ? AND community_id = ?",
                (schedule_id, community_id),
            )
        )
        return changed == 1

    async def claim_post(
        self, schedule_id: int, period: str, now: datetime, stale_before: datetime
    ) -> bool:
        """True for exactly one caller per (schedule, period), across tasks, processes and
        restarts, plus one retry of a claim never marked posted. False too when the schedule no
        longer exists or is disabled.
        """
        values = {
            "schedule": schedule_id,
            "period": period,
            "now": to_micros(now),
            "stale": to_micros(stale_before),
        }
        changed = await self._writer.run(
            _change(
                "INSERT INTO post_log (schedule_id, period, claimed_at) SELECT :schedule, :period,"
                " :now WHERE EXISTS (SELECT 1 FROM schedules WHERE id = :schedule AND enabled = 1)"
                " ON CONFLICT DO UPDATE SET claimed_at = :now, attempts = attempts + 1"
                f" WHERE {_RETRYABLE} AND claimed_at < :stale",
                values,
            )
        )
        return changed == 1

    async def mark_posted(self, schedule_id: int, period: str, now: datetime) -> None:
        moment = to_micros(now)
        await self._writer.run(
            _change(
                "INSERT INTO post_log (schedule_id, period, claimed_at, sent_at) SELECT ?, ?, ?, ?"
                " WHERE EXISTS (SELECT 1 FROM schedules WHERE id = ?)"
                " ON CONFLICT DO UPDATE SET sent_at = excluded.sent_at",
                (schedule_id, period, moment, moment, schedule_id),
            )
        )

    async def post_pending(self, schedule_id: int, period: str) -> bool:
        row = await self._one(
            f"SELECT 1 FROM post_log WHERE schedule_id = ? AND period = ? AND {_RETRYABLE}",
            (schedule_id, period),
        )
        return row is not None

    async def first_delivery(self, key: str, now: datetime, keep: timedelta) -> bool:
        """True for exactly one caller per key until it expires; expired keys are swept here."""

        def claim(connection: sqlite3.Connection) -> int:
            connection.execute("DELETE FROM deliveries WHERE expires_at <= ?", (to_micros(now),))
            return connection.execute(
                "INSERT INTO deliveries (key, expires_at) VALUES (?, ?) ON CONFLICT DO NOTHING",
                (key, to_micros(now + keep)),
            ).rowcount

        return await self._writer.run(claim) == 1

    async def record_prompt(
        self, community_id: int, channel_id: str, prompt_id: str, now: datetime
    ) -> None:
        """Posting a prompt again moves it to the end of `posted_prompts`."""
        values = (community_id, channel_id, prompt_id, to_micros(now))
        await self._writer.run(
            _change(
                "INSERT INTO posted_prompts (community_id, channel_id, prompt_id, posted_at)"
                " VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET posted_at = excluded.posted_at",
                values,
            )
        )

    async def posted_prompts(self, community_id: int, channel_id: str) -> list[str]:
        rows = await self._all(
            "SELECT prompt_id FROM posted_prompts WHERE community_id = ? AND channel_id = ?"
            " ORDER BY posted_at, prompt_id",
            (community_id, channel_id),
        )
        return [row["prompt_id"] for row in rows]

    # the question bank

    async def report_question(
        self, community_id: int, question_id: str, user_id: str, reason: str, now: datetime
    ) -> bool:
        values = (community_id, question_id, user_id, reason, to_micros(now))

        def report(connection: sqlite3.Connection) -> int:
            _ensure_member(connection, community_id, user_id)
            return connection.execute(
                "INSERT INTO question_reports (community_id, question_id, user_id, reason,"
                " reported_at) VALUES (?, ?, ?, ?, ?)"
                " ON CONFLICT (community_id, question_id, user_id) WHERE resolved_at IS NULL"
                " DO NOTHING",
                values,
            ).rowcount

        return await self._writer.run(report) == 1

    async def open_reports(self, community_id: int) -> list[Report]:
        rows = await self._all(
            "SELECT question_id, count(*) AS reports, min(reported_at) AS first_at,"
            " json_group_array(reason) FILTER (WHERE reason != '') AS reasons"
            " FROM (SELECT * FROM question_reports WHERE community_id = ?"
            " AND resolved_at IS NULL ORDER BY reported_at, id)"
            " GROUP BY question_id ORDER BY first_at, question_id",
            (community_id,),
        )
        return [
            Report(
                question_id=row["question_id"],
                reports=row["reports"],
                reasons=tuple(json.loads(row["reasons"])),
                first_at=from_micros(row["first_at"]),
            )
            for row in rows
        ]

    async def decide_question(
        self, community_id: int, question_id: str, status: Decision, decided_by: str, now: datetime
    ) -> int:
        if status not in ("retired", "restored"):
            raise ValueError(f"a question is retired or restored, not {status!r}")
        values = {
            "community": community_id,
            "question": question_id,
            "status": status,
            "by": decided_by,
            "now": to_micros(now),
        }

        def decide(connection: sqlite3.Connection) -> int:
            connection.execute(
                "INSERT INTO question_decisions (community_id, question_id, status, decided_by,"
                " decided_at) VALUES (:community, :question, :status, :by, :now)"
                " ON CONFLICT DO UPDATE SET status = excluded.status,"
                " decided_by = excluded.decided_by, decided_at = excluded.decided_at",
                values,
            )
            return connection.execute(
                "UPDATE question_reports SET resolved_at = :now WHERE community_id = :community"
                " AND question_id = :question AND resolved_at IS NULL",
                values,
            ).rowcount

        return await self._writer.run(decide)

    async def add_question(
        self, community_id: int, question_id: str, question: dict, added_by: str, now: datetime
    ) -> bool:
        values = (community_id, question_id, json.dumps(question), added_by, to_micros(now))
        changed = await self._writer.run(
            _change(
                "INSERT INTO added_questions (community_id, question_id, question, added_by,"
                " added_at) VALUES (?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                values,
            )
        )
        return changed == 1

    async def question_bank(self, community_id: int) -> QuestionBank:
        return as_question_bank(await self._all(BANK_QUERY, {"community": community_id}))

    async def question_stats(
        self, community_id: int, *, min_asked: int, limit: int
    ) -> list[QuestionStats]:
        rows = await self._all(
            "SELECT question_id, count(*) AS asked, sum(correct) AS right"
            " FROM answers INDEXED BY answers_by_question"
            " WHERE community_id = ? AND scored = 1 GROUP BY question_id HAVING count(*) >= ?"
            " ORDER BY 1.0 * sum(correct) / count(*), count(*) DESC, question_id LIMIT ?",
            (community_id, min_asked, limit),
        )
        return [QuestionStats(row["question_id"], row["asked"], row["right"]) for row in rows]

    async def claim_report_notice(self, community_id: int, now: datetime, every: timedelta) -> bool:
        values = {
            "community": community_id,
            "now": to_micros(now),
            "since": to_micros(now - every),
        }
        changed = await self._writer.run(
            _change(
                "INSERT INTO report_notices (community_id, notified_at)"
                " SELECT :community, :now WHERE EXISTS (SELECT 1 FROM question_reports"
                " WHERE community_id = :community AND resolved_at IS NULL)"
                " ON CONFLICT DO UPDATE SET notified_at = excluded.notified_at"
                " WHERE notified_at <= :since",
                values,
            )
        )
        return changed == 1

    # gradebook

    # Slack installations

    async def save_slack_installation(
        self, enterprise_id: str, team_id: str, installation: dict, now: datetime
    ) -> None:
        values = (enterprise_id, team_id, json.dumps(installation), to_micros(now))
        await self._writer.run(
            _change(
                "INSERT INTO slack_installations (enterprise_id, team_id, installation,"
                " installed_at) VALUES (?, ?, ?, ?) ON CONFLICT DO UPDATE SET"
                " installation = excluded.installation, installed_at = excluded.installed_at",
                values,
            )
        )

    async def slack_installation(self, enterprise_id: str, team_id: str) -> dict | None:
        row = await self._one(
            "SELECT installation FROM slack_installations WHERE enterprise_id = ? AND team_id = ?",
            (enterprise_id, team_id),
        )
        return None if row is None else json.loads(row["installation"])

    async def delete_slack_installation(self, enterprise_id: str, team_id: str) -> bool:
        deleted = await self._writer.run(
            _change(
                "DELETE FROM slack_installations WHERE enterprise_id = ? AND team_id = ?",
                (enterprise_id, team_id),
            )
        )
        return deleted == 1

    async def issue_oauth_state(self, state: str, expires_at: datetime) -> None:
        await self._writer.run(
            _change(
                "INSERT INTO slack_oauth_states (state, expires_at) VALUES (?, ?)",
                (state, to_micros(expires_at)),
            )
        )

    async def consume_oauth_state(self, state: str, now: datetime) -> bool:
        def consume(connection: sqlite3.Connection) -> int:
            connection.execute(
                "DELETE FROM slack_oauth_states WHERE expires_at <= ?", (to_micros(now),)
            )
            return connection.execute(
                "DELETE FROM slack_oauth_states WHERE state = ?", (state,)
            ).rowcount

        return await self._writer.run(consume) == 1

    async def beat(self, host: str, process: str, now: datetime) -> None:
        await self._writer.run(_change(BEAT, (host, process, to_micros(now))))

    async def export_rows(self, community_id: int | None = None) -> list[dict]:
        rows = await self._all(export.QUERY, {"community": community_id})
        return [export.shape(row) for row in rows]

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
        find = "SELECT * FROM readings WHERE community_id = ? AND sha256 = ? AND removed_at IS NULL"

        def add(connection: sqlite3.Connection) -> tuple[sqlite3.Row, bool]:
            added = connection.execute(
                "INSERT INTO readings (community_id, name, source, sha256, stored, added_by,"
                " added_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING",
                (community_id, name, source, sha256, stored, added_by, to_micros(now)),
            ).rowcount
            return connection.execute(find, (community_id, sha256)).fetchone(), added == 1

        row, new = await self._writer.run(add)
        return as_reading(row), new

    async def readings(self, community_id: int) -> list[Reading]:
        rows = await self._all(
            "SELECT * FROM readings WHERE community_id = ? AND removed_at IS NULL ORDER BY id",
            (community_id,),
        )
        return [as_reading(row) for row in rows]

    async def remove_readings(
        self, community_id: int, now: datetime, reading_id: int | None = None
    ) -> int:
        return await self._writer.run(
            _change(
                "UPDATE readings SET removed_at = :now WHERE community_id = :community"
                " AND removed_at IS NULL AND (:id IS NULL OR id = :id)",
                {"now": to_micros(now), "community": community_id, "id": reading_id},
            )
        )

    async def start_build(
        self, community_id: int, started_by: str, now: datetime, stale_before: datetime
    ) -> ContentVersion:
        def start(connection: sqlite3.Connection) -> sqlite3.Row | int:
            connection.execute(
                "UPDATE content_versions SET status = 'failed', finished_at = ?,"
                " report = 'the process building it stopped before it finished'"
                " WHERE community_id = ? AND status = 'running' AND started_at < ?",
                (to_micros(now), community_id, to_micros(stale_before)),
            )
            running = connection.execute(
                "SELECT id FROM content_versions WHERE community_id = ? AND status = 'running'",
                (community_id,),
            ).fetchone()
            if running is not None:
                return running["id"]
            return connection.execute(
                "INSERT INTO content_versions (community_id, status, started_by, started_at)"
                " VALUES (?, 'running', ?, ?) RETURNING *",
                (community_id, started_by, to_micros(now)),
            ).fetchone()

        found = await self._writer.run(start)
        if isinstance(found, int):
            raise BuildRunning(found)
        return as_version(found)

    async def finish_build(
        self, version_id: int, studyset_json: str, report: str, now: datetime
    ) -> bool:
        def finish(connection: sqlite3.Connection) -> bool:
            done = connection.execute(
                "UPDATE content_versions SET status = 'done', finished_at = ?, report = ?,"
                " studyset = ? WHERE id = ? AND status = 'running'",
                (to_micros(now), report, studyset_json, version_id),
            ).rowcount
            if done:
                connection.execute(
                    "UPDATE communities SET content_version = :id WHERE id ="
                    " (SELECT community_id FROM content_versions WHERE id = :id)",
                    {"id": version_id},
                )
                # Older builds' content is no longer served: keep their reports, not their bytes.
                connection.execute(
                    "UPDATE content_versions SET studyset = NULL WHERE id != :id AND community_id"
                    " = (SELECT community_id FROM content_versions WHERE id = :id)",
                    {"id": version_id},
                )
            return done == 1

        return await self._writer.run(finish)

    async def fail_build(self, version_id: int, report: str, now: datetime) -> None:
        await self._writer.run(
            _change(
                "UPDATE content_versions SET status = 'failed', finished_at = ?, report = ?"
                " WHERE id = ? AND status = 'running'",
                (to_micros(now), report, version_id),
            )
        )

    async def serve_bundled(self, community_id: int) -> None:
        await self._writer.run(
            _change("UPDATE communities SET content_version = NULL WHERE id = ?", (community_id,))
        )

    async def content_json(self, version_id: int) -> str | None:
        row = await self._one(
            "SELECT studyset FROM content_versions WHERE id = ? AND status = 'done'", (version_id,)
        )
        return None if row is None else row["studyset"]

    async def latest_build(self, community_id: int) -> ContentVersion | None:
        row = await self._one(
            "SELECT * FROM content_versions WHERE community_id = ? ORDER BY id DESC LIMIT 1",
            (community_id,),
        )
        return None if row is None else as_version(row)
