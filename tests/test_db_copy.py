"""`studybot db copy`: a class moves from SQLite into PostgreSQL and back, every row the same."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from bot.cli import main
from db import copy as copying
from db import pg_schema
from db.api import Answer, StoreError
from db.stores import is_postgres, open_store

NOW = datetime(2026, 2, 24, 12, 0, tzinfo=UTC)


async def _fill(where) -> None:
    """Something in every table, practice and the question bank included."""
    async with await open_store(where) as store:
        guild = await store.community("discord", "g1", default_timezone="Europe/Berlin")
        await store.update_community(guild.id, instructor_role="r1", settings={"quiz": "c1"})
        await store.member(guild.id, "u1", "Ann")
        await store.member(guild.id, "u2", "Zoë")
        live = await store.create_round(guild.id, "c1", "live", ["q1", "q2"], "u1", NOW, seconds=20)
        weekly = await store.create_round(
            guild.id, "c1", "weekly", ["q1"], "bot", NOW, closes_at=NOW + timedelta(days=7)
        )
        practice = await store.create_round(guild.id, "c2", "practice", ["q3"], "u2", NOW)
        await store.question_shown(live.id, 0, "m1", NOW + timedelta(seconds=20))
        await store.set_shown(guild.id, "member", "u2", practice.id, "q3")
        for i, (round_, user) in enumerate([(live, "u1"), (live, "u2"), (weekly, "u1")]):
            answer = Answer(round_.id, "q1", user, f"r{i}", i != 1, 3 * (i != 1), NOW)
            await store.record_answer(answer, guild.id)
        await store.record_answer(Answer(practice.id, "q3", "u3", "x", True, 1, NOW), guild.id)
        await store.finish_round(live.id, "stopped", NOW + timedelta(minutes=1))
        schedule = await store.add_schedule(guild.id, "c1", "onthisdate", None, "08:00", "UTC")
        await store.claim_post(schedule.id, "2026-02-24", NOW, NOW)
        await store.mark_posted(schedule.id, "2026-02-24", NOW)
        await store.claim_post(schedule.id, "2026-02-25", NOW, NOW)  # claimed, never sent
        await store.record_prompt(guild.id, "c1", "p1", NOW)
        await store.first_delivery("slack:E1", NOW, timedelta(days=1))
        await store.report_question(guild.id, "q1", "u2", "two answers fit", NOW)
        await store.report_question(guild.id, "q2", "u2", "", NOW)
        await store.decide_question(guild.id, "q2", "retired", "u1", NOW)
        await store.add_question(guild.id, "mine-1", {"prompt": "Which year?"}, "u1", NOW)
        await store.claim_report_notice(guild.id, NOW, timedelta(days=1))
        workspace = await store.community("slack", "T1")
        other = await store.create_round(workspace.id, "C1", "live", ["q1"], "W1", NOW)
        await store.record_answer(Answer(other.id, "q1", "W1", "y", True, 1, NOW), workspace.id)


async def _snapshot(where) -> dict:
    """What members and instructors see: leaderboards, stats, gradebook, schedules, prompts."""
    async with await open_store(where) as store:
        guild = await store.community("discord", "g1")
        workspace = await store.community("slack", "T1")
        return {
            "guild": guild,
            "boards": [await store.leaderboard(c.id, "all") for c in (guild, workspace)],
            "week": await store.leaderboard(guild.id, "week", now=NOW),
            "stats": await store.user_stats(guild.id, "u1"),
            "gradebook": await store.export_rows(),
            "schedules": await store.schedules(),
            "prompts": await store.posted_prompts(guild.id, "c1"),
            "reviews": await store.due_reviews(guild.id, "u1", NOW + timedelta(days=1), 5),
            "message": await store.message(1, 0),
            "shown": await store.last_shown(guild.id, "u2", "c1"),
            "pending": [await store.post_pending(1, day) for day in ("2026-02-24", "2026-02-25")],
            "rounds": [await store.get_round(i) for i in range(1, 5)],
            "bank": await store.question_bank(guild.id),
            "reports": await store.open_reports(guild.id),
            "notice": await store.claim_report_notice(guild.id, NOW, timedelta(days=1)),
        }


async def test_sqlite_into_postgresql_and_back_keeps_every_row(tmp_path, postgres_server):
    original, returned = tmp_path / "class.sqlite3", tmp_path / "back.sqlite3"
    url = postgres_server.create_database("copy_round_trip")
    await _fill(original)
    there = await copying.copy(original, url)
    assert there["answers"] == 5 and there["communities"] == 2
    back = await copying.copy(url, returned)
    assert back == there
    expected = await _snapshot(original)
    assert await _snapshot(url) == expected
    assert await _snapshot(returned) == expected
    # New rows continue after the copied ids rather than colliding with them.
    async with await open_store(url) as store:
        guild = await store.community("discord", "g1")
        again = await store.create_round(guild.id, "c1", "live", ["q9"], "u1", NOW)
        assert again.id == max(r.id for r in expected["rounds"] if r) + 1
        assert not await store.first_delivery("slack:E1", NOW, timedelta(days=1))
        assert not await store.claim_post(expected["schedules"][0].id, "2026-02-24", NOW, NOW)


async def test_copy_refuses_a_target_that_holds_data_and_leaves_it_as_it_was(tmp_path, database):
    source = tmp_path / "source.sqlite3"
    await _fill(source)
    async with await open_store(database) as store:
        await store.community("console", "local")
    with pytest.raises(StoreError, match="already holds communities"):
        await copying.copy(source, database)
    async with await open_store(database) as store:
        assert (await store.community("console", "local")).id == 1
        assert await store.community_by_id(2) is None


def _losing_a_row(insert):
    """An insert that silently drops the last row of the post log, as a faulty disk might."""

    async def losing(self, table, columns, rows):
        await insert(self, table, columns, rows[:-1] if table == "post_log" else rows)

    return losing


async def test_a_difference_found_in_the_check_rolls_the_whole_copy_back(
    tmp_path, database, monkeypatch
):
    source = tmp_path / "source.sqlite3"
    await _fill(source)
    for side in (copying._Sqlite, copying._Postgres):
        monkeypatch.setattr(side, "insert", _losing_a_row(side.insert))
    with pytest.raises(StoreError, match="copy of post_log differs from the source at row 2"):
        await copying.copy(source, database)
    if is_postgres(database):
        async with await open_store(database) as store:
            assert await store.community_by_id(1) is None  # rolled back: empty as it was
    else:
        assert not list(tmp_path.glob(f"{database.name}*"))  # the file made for it is gone too


async def test_every_table_of_either_store_is_copied_or_rebuilt(tmp_path, postgres_server):
    listed = {table for table, _ in (*copying.TABLES, *copying.DERIVED)}
    path = tmp_path / "any.sqlite3"
    url = postgres_server.create_database("copy_tables")
    await pg_schema.prepare(url)
    for side in (
        copying._Sqlite(path, writable=True),
        await copying._Postgres.open(url, writable=False),
    ):
        try:
            assert await side.tables() == listed
        finally:
            await side.close()


def test_the_command_copies_and_says_what_it_moved(tmp_path, postgres_server, capsys):
    source = tmp_path / "class.sqlite3"
    asyncio.run(_fill(source))
    url = postgres_server.create_database("copy_command")
    assert main(["db", "copy", str(source), url]) == 0
    out = capsys.readouterr().out
    assert "every row verified" in out and "5 answers" in out
    assert main(["db", "copy", str(source), url]) == 1
    assert "already holds" in capsys.readouterr().err
    assert main(["db", "copy", str(source), str(source)]) == 1
    assert "the same database" in capsys.readouterr().err
