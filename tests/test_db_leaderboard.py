"""Leaderboards are queries: all-time, one round, and this week from Monday 00:00 local time."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from db.api import Answer
from db.health import check, check_postgres
from db.stores import is_postgres, open_store


def utc(*parts: int) -> datetime:
    return datetime(*parts, tzinfo=UTC)


@pytest.fixture
async def store(database):
    async with await open_store(database) as store:
        yield store


async def _setup(store, timezone: str, answers: list[tuple[str, int, datetime]]):
    """One weekly round; each (user, points, when) answers its own question."""
    community = await store.community("discord", "g")
    await store.update_community(community.id, timezone=timezone)
    questions = [f"q{i}" for i in range(len(answers))]
    round_ = await store.create_round(community.id, "c", "weekly", questions, "bot", answers[0][2])
    for question, (user, points, when) in zip(questions, answers, strict=True):
        answer = Answer(round_.id, question, user, "r", points > 0, points, when)
        assert await store.record_answer(answer, community.id)
    return community, round_


async def _week(store, community, now) -> dict[str, int]:
    rows = await store.leaderboard(community.id, "week", now=now)
    return {row.user_id: row.points for row in rows}


async def test_the_week_follows_los_angeles_midnights_across_the_spring_change(store):
    # Clocks in Los Angeles go forward on Sunday 2026-03-08, so the week of Monday 2 March starts
    # at 08:00 UTC (PST) and ends at 07:00 UTC on Monday 9 March (PDT).
    community, _ = await _setup(
        store,
        "America/Los_Angeles",
        [
            ("before", 1, utc(2026, 3, 2, 7, 59)),  # Sunday 1 March, 23:59 PST
            ("first", 2, utc(2026, 3, 2, 8, 0)),  # Monday 2 March, 00:00 PST
            ("last", 4, utc(2026, 3, 9, 6, 59)),  # Sunday 8 March, 23:59 PDT
            ("after", 8, utc(2026, 3, 9, 7, 0)),  # Monday 9 March, 00:00 PDT
        ],
    )
    this_week = {"last": 4, "first": 2}
    assert await _week(store, community, utc(2026, 3, 2, 8, 0)) == this_week
    assert await _week(store, community, utc(2026, 3, 4, 12, 0)) == this_week
    assert await _week(store, community, utc(2026, 3, 9, 6, 59)) == this_week
    assert await _week(store, community, utc(2026, 3, 2, 7, 59)) == {"before": 1}
    assert await _week(store, community, utc(2026, 3, 9, 7, 0)) == {"after": 8}
    # A naive UTC week would have put "before" into this week and "last" into the next.
    everyone = await store.leaderboard(community.id, "all")
    assert [row.user_id for row in everyone] == ["after", "last", "first", "before"]


async def test_the_week_starts_on_a_half_hour_offset_in_kolkata(store):
    # Monday 2 March 2026, 00:00 IST is 18:30 UTC on Sunday 1 March.
    community, _ = await _setup(
        store,
        "Asia/Kolkata",
        [
            ("sunday", 3, utc(2026, 3, 1, 18, 29)),
            ("monday", 5, utc(2026, 3, 1, 18, 30)),
        ],
    )
    assert await _week(store, community, utc(2026, 3, 1, 18, 30)) == {"monday": 5}
    assert await _week(store, community, utc(2026, 3, 1, 18, 29)) == {"sunday": 3}


async def test_the_week_starts_on_a_quarter_hour_offset_in_kathmandu(store):
    # Monday 2 March 2026, 00:00 NPT is 18:15 UTC on Sunday 1 March: weeks are summed from
    # quarter hours, so a zone a quarter hour off the hour still splits at its own midnight.
    community, _ = await _setup(
        store,
        "Asia/Kathmandu",
        [
            ("sunday", 3, utc(2026, 3, 1, 18, 14, 59)),
            ("monday", 5, utc(2026, 3, 1, 18, 15)),
        ],
    )
    assert await _week(store, community, utc(2026, 3, 1, 18, 15)) == {"monday": 5}
    assert await _week(store, community, utc(2026, 3, 1, 18, 14)) == {"sunday": 3}


async def test_points_correct_and_answered_are_summed_and_ranked(store):
    when = utc(2026, 3, 3, 12, 0)
    community, round_ = await _setup(
        store,
        "Europe/Berlin",
        [
            ("ann", 3, when),
            ("ann", 0, when),
            ("ann", 2, when),
            ("bo", 4, when),
            ("bo", 1, when),
            ("cy", 6, when),
            ("cy", 0, when),
            ("cy", 0, when),
        ],
    )
    await store.member(community.id, "bo", "Bo")
    rows = await store.leaderboard(community.id, "all")
    # ann and bo tie on points and correct answers; bo needed fewer answers.
    assert [(r.user_id, r.display_name, r.points, r.correct, r.answered) for r in rows] == [
        ("cy", "cy", 6, 1, 3),
        ("bo", "Bo", 5, 2, 2),
        ("ann", "ann", 5, 2, 3),
    ]
    assert [r.user_id for r in await store.leaderboard(community.id, "all", limit=2)] == [
        "cy",
        "bo",
    ]
    by_round = await store.leaderboard(community.id, "round", round_id=round_.id)
    assert by_round == rows


async def test_practice_and_other_communities_never_count(store):
    when = utc(2026, 3, 3, 12, 0)
    community, _ = await _setup(store, "UTC", [("ann", 1, when)])
    practice = await store.create_round(community.id, "c", "practice", ["q0"], "bo", when)
    await store.record_answer(Answer(practice.id, "q0", "bo", "r", True, 50, when), community.id)
    other = await store.community("slack", "T")
    elsewhere = await store.create_round(other.id, "c", "live", ["q0"], "cy", when)
    await store.record_answer(Answer(elsewhere.id, "q0", "cy", "r", True, 9, when), other.id)

    for scope in ("all", "week"):
        rows = await store.leaderboard(community.id, scope, now=when)
        assert [(r.user_id, r.points) for r in rows] == [("ann", 1)]
    assert await store.leaderboard(community.id, "round", round_id=practice.id) == []
    assert await store.leaderboard(community.id, "round", round_id=elsewhere.id) == []
    assert [r.user_id for r in await store.leaderboard(other.id)] == ["cy"]
    assert (await store.user_stats(community.id, "bo")).answered == 0


async def _check(database) -> list[str]:
    if is_postgres(database):
        return (await check_postgres(database)).problems
    return check(database).problems


async def test_kept_totals_follow_every_change_to_answers(database, store, administer):
    when = utc(2026, 3, 3, 12, 0)
    community, round_ = await _setup(
        store, "UTC", [("ann", 3, when), ("bo", 2, when), ("ann", 1, when), ("cy", 4, when)]
    )
    practice = await store.create_round(community.id, "c", "practice", ["p"], "bo", when)
    await store.record_answer(Answer(practice.id, "p", "bo", "r", True, 9, when), community.id)
    # An administrator repairs answers by hand: totals must follow, whatever the statement.
    await administer(
        database,
        "UPDATE answers SET points = 7 WHERE user_id = 'bo' AND scored = 1",
        "DELETE FROM answers WHERE user_id = 'cy'",
        f"UPDATE answers SET scored = 1 WHERE round_id = {practice.id}",
    )
    assert await _check(database) == []
    everyone = [(r.user_id, r.points, r.answered) for r in await store.leaderboard(community.id)]
    assert everyone == [("bo", 16, 2), ("ann", 4, 2)]
    week = await store.leaderboard(community.id, "week", now=when)
    assert [(r.user_id, r.points, r.answered) for r in week] == everyone
    in_round = await store.leaderboard(community.id, "round", round_id=round_.id)
    assert [(r.user_id, r.points, r.answered) for r in in_round] == [("bo", 7, 1), ("ann", 4, 2)]

    # and a tampered total is caught, in each of the kept tables
    await administer(
        database,
        "UPDATE score_totals SET points = points + 1 WHERE user_id = 'ann'",
        f"UPDATE round_totals SET correct = 0 WHERE user_id = 'bo' AND round_id = {round_.id}",
        "DELETE FROM score_quarters WHERE user_id = 'ann'",
    )
    assert await _check(database) == [
        "kept score totals disagree with the answers for 1 member(s)",
        "kept round totals disagree with the answers for 1 member(s)",
        "kept quarter-hour totals disagree with the answers for 1 member(s)",
    ]
