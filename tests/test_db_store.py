"""The store contract, kept by SQLite and PostgreSQL alike (the `database` fixture gives each test
both): rounds, answers, stats, reviews, schedules, prompts. SQLite-only behaviour is at the end."""

from __future__ import annotations

import asyncio
import sqlite3
from datetime import UTC, datetime, timedelta

import pytest

from db import schema
from db.api import Answer, DuplicateSchedule, StoreError
from db.records import BOX_DAYS
from db.sqlite import SqliteStore
from db.stores import open_store

NOW = datetime(2026, 2, 24, 12, 0, tzinfo=UTC)
LATER = NOW + timedelta(minutes=5)
DAY = "2026-02-24"


@pytest.fixture
async def store(database):
    async with await open_store(database) as store:
        yield store


@pytest.fixture
async def community(store):
    return await store.community("discord", "guild-1")


def _answer(round_id, user, question="q1", correct=True, points=1, at=NOW, response="42"):
    return Answer(round_id, question, user, response, correct, points, at)


async def test_a_new_community_starts_in_the_default_zone_given(database):
    async with await open_store(database) as store:
        created = await store.community("slack", "T2", default_timezone="Europe/Oslo")
        assert created.timezone == "Europe/Oslo"
        assert (await store.community("slack", "T2")).timezone == "Europe/Oslo"
        with pytest.raises(ValueError, match="unknown time zone"):
            await store.community("slack", "T3", default_timezone="Mars/Olympus")


async def test_a_community_is_created_once_and_settings_persist(database):
    async with await open_store(database) as store:
        first, again = await asyncio.gather(
            store.community("slack", "T1"), store.community("slack", "T1")
        )
        assert first == again
        assert first.timezone == "UTC"
        updated = await store.update_community(
            first.id, timezone="Asia/Tokyo", settings={"quiz_channel": "C9"}
        )
        assert (updated.timezone, updated.settings) == ("Asia/Tokyo", {"quiz_channel": "C9"})
        with pytest.raises(ValueError, match="unknown time zone"):
            await store.update_community(first.id, timezone="Mars/Olympus")

    async with await open_store(database) as reopened:
        assert await reopened.community("slack", "T1", default_timezone="Europe/Oslo") == updated
        assert await reopened.community_by_id(first.id) == updated
        assert await reopened.community_by_id(first.id + 1) is None


async def test_member_names_are_refreshed(store, community):
    await store.member(community.id, "u1", "Ann")
    await store.member(community.id, "u1", "Ann B.")
    round_ = await store.create_round(community.id, "c1", "live", ["q1"], "u1", NOW)
    await store.record_answer(_answer(round_.id, "u1"), community.id)
    (row,) = await store.leaderboard(community.id)
    assert row.display_name == "Ann B."


async def test_only_one_live_round_may_be_open_per_channel(store, community):
    first = await store.create_round(
        community.id, "c1", "live", ["q1", "q2"], "u1", NOW, seconds=20
    )
    with pytest.raises(StoreError, match="already running"):
        await store.create_round(community.id, "c1", "live", ["q3"], "u2", NOW)
    # Other channels, and other kinds in the same channel, are unaffected.
    await store.create_round(community.id, "c2", "live", ["q3"], "u2", NOW)
    await store.create_round(community.id, "c1", "practice", ["q3"], "u2", NOW)
    assert (await store.open_round(community.id, "c1", "live")).id == first.id
    assert await store.finish_round(first.id, "stopped", NOW)
    assert not await store.finish_round(first.id, "closed", NOW)
    assert await store.open_round(community.id, "c1", "live") is None
    second = await store.create_round(community.id, "c1", "live", ["q4"], "u1", NOW)
    assert second.id != first.id


async def test_concurrent_starts_in_one_channel_leave_exactly_one_open_round(store, community):
    results = await asyncio.gather(
        *(store.create_round(community.id, "c1", "live", ["q1"], f"u{i}", NOW) for i in range(20)),
        return_exceptions=True,
    )
    started = [result for result in results if not isinstance(result, Exception)]
    assert len(started) == 1
    assert all(isinstance(result, StoreError) for result in results if result not in started)


async def test_a_weekly_round_is_found_from_any_channel(store, community):
    weekly = await store.create_round(
        community.id, "c1", "weekly", ["q1"], "bot", NOW, closes_at=NOW + timedelta(days=7)
    )
    assert (await store.open_round(community.id, "elsewhere", "weekly")).id == weekly.id


async def test_rounds_come_due_when_a_question_or_the_window_closes(store, community):
    live = await store.create_round(community.id, "c1", "live", ["q1", "q2"], "u1", NOW, seconds=30)
    weekly = await store.create_round(
        community.id, "c1", "weekly", ["q1"], "bot", NOW, closes_at=NOW + timedelta(days=7)
    )
    # Not shown yet: due, so that a question lost in a crash is shown by a later tick.
    assert [r.id for r in await store.rounds_due(NOW)] == [live.id]
    assert await store.question_shown(live.id, 0, "m1", NOW + timedelta(seconds=30))
    assert await store.rounds_due(NOW + timedelta(seconds=29)) == []
    assert [r.id for r in await store.rounds_due(NOW + timedelta(seconds=30))] == [live.id]
    assert [r.id for r in await store.rounds_due(NOW + timedelta(days=7))] == [live.id, weekly.id]

    assert await store.finish_round(weekly.id, "closed", NOW + timedelta(days=8))
    finished = await store.get_round(weekly.id)
    assert finished.status == "closed"
    assert finished.closes_at == NOW + timedelta(days=7)  # the planned end, which came first


async def test_one_holder_moves_a_live_round_and_a_dead_holder_is_taken_over(store, community):
    live = await store.create_round(community.id, "c1", "live", ["q1", "q2"], "u1", NOW, seconds=30)
    later = NOW + timedelta(seconds=30)
    stale = NOW - timedelta(seconds=60)
    assert not await store.claim_step(live, later, stale)  # its creator holds it until shown
    assert await store.question_shown(live.id, 0, "m1", later)
    shown = await store.get_round(live.id)
    assert (shown.position, shown.question_closes_at) == (0, later)
    assert await store.message(live.id, 0) == "m1"

    claims = await asyncio.gather(*(store.claim_step(shown, later, stale) for _ in range(5)))
    assert claims.count(True) == 1
    assert not await store.claim_step(live, later, stale)  # no longer as that snapshot saw it
    assert await store.question_revealed(live.id, 0, later)
    assert not await store.question_revealed(live.id, 0, later)  # recorded once
    moved = await store.get_round(live.id)
    assert (moved.position, moved.question_closes_at) == (1, None)
    # The revealer still holds the round, until its hold goes stale (its process died).
    assert not await store.claim_step(moved, later, later - timedelta(seconds=60))
    assert await store.claim_step(moved, later, later + timedelta(microseconds=1))


async def test_a_stop_closes_the_showing_question_now_even_if_shown_later(store, community):
    live = await store.create_round(community.id, "c1", "live", ["q1", "q2"], "u1", NOW, seconds=30)
    assert await store.request_stop(live.id, "Ann", NOW)
    assert not await store.request_stop(live.id, "Bo", NOW)
    # A holder showing the question meanwhile records it as closed at the stop.
    assert await store.question_shown(live.id, 0, "m1", NOW + timedelta(seconds=30))
    stopping = await store.get_round(live.id)
    assert (stopping.stopped_by, stopping.question_closes_at) == ("Ann", NOW)
    assert [r.id for r in await store.rounds_due(NOW)] == [live.id]


async def test_rounds_are_numbered_per_community_and_kind(store, community):
    other = await store.community("discord", "guild-2")
    practice = await store.create_round(community.id, "c1", "practice", ["q1"], "u1", NOW)
    first = await store.create_round(community.id, "c1", "live", ["q1"], "u1", NOW)
    elsewhere = await store.create_round(other.id, "c1", "live", ["q1"], "u1", NOW)
    await store.finish_round(first.id, "closed", NOW)
    second = await store.create_round(community.id, "c1", "live", ["q1"], "u1", NOW)
    assert [practice.number, first.number, elsewhere.number, second.number] == [1, 1, 1, 2]
    assert (await store.get_round(second.id)).number == 2


async def test_rounds_started_at_once_from_two_instances_get_distinct_numbers(database):
    async with await open_store(database) as one, await open_store(database) as two:
        community = await one.community("discord", "g")
        rounds = await asyncio.gather(
            *(
                (one, two)[i % 2].create_round(community.id, f"c{i}", "practice", ["q"], "u", NOW)
                for i in range(20)
            )
        )
    assert sorted(r.number for r in rounds) == list(range(1, 21))


async def test_one_open_weekly_quiz_per_community(store, community):
    first = await store.create_round(community.id, "c1", "weekly", ["q1"], "bot", NOW)
    with pytest.raises(StoreError, match="weekly quiz is already open"):
        await store.create_round(community.id, "c2", "weekly", ["q2"], "bot", NOW)
    await store.finish_round(first.id, "closed", NOW)
    assert await store.create_round(community.id, "c2", "weekly", ["q2"], "bot", NOW)


async def test_the_newest_question_shown_to_a_member_or_their_channel_wins(store, community):
    weekly = await store.create_round(community.id, "c1", "weekly", ["q1"], "bot", NOW)
    live = await store.create_round(community.id, "c1", "live", ["q2", "q3"], "u1", NOW)
    assert await store.last_shown(community.id, "u1", "c1") is None
    await store.set_shown(community.id, "member", "u1", weekly.id, "q1")
    assert await store.question_shown(live.id, 0, "m1", NOW)  # shown in c1, after
    assert await store.last_shown(community.id, "u1", "c1") == (live.id, "q2")
    assert await store.last_shown(community.id, "u1", "c2") == (weekly.id, "q1")
    assert await store.last_shown(community.id, "u2", "c1") == (live.id, "q2")
    await store.set_shown(community.id, "member", "u1", weekly.id, "q1")  # shown again: newest
    assert await store.last_shown(community.id, "u1", "c1") == (weekly.id, "q1")
    await store.forget_shown(community.id, "member", "u1")
    await store.finish_round(live.id, "closed", NOW)  # a finished live round waits for nothing
    assert await store.last_shown(community.id, "u1", "c1") is None


async def test_many_concurrent_answers_from_one_user_keep_exactly_one(store, community):
    round_ = await store.create_round(community.id, "c1", "live", ["q1"], "u1", NOW)
    attempts = [
        _answer(round_.id, "u1", correct=i % 2 == 0, points=i, response=f"try {i}")
        for i in range(100)
    ]
    results = await asyncio.gather(*(store.record_answer(a, community.id) for a in attempts))
    assert results.count(True) == 1
    (kept,) = await store.answers(round_.id, "q1")
    assert kept == attempts[results.index(True)]


async def test_two_store_instances_on_one_file_agree_on_the_first_answer(database):
    async with await open_store(database) as one, await open_store(database) as two:
        community = await one.community("discord", "g")
        round_ = await one.create_round(community.id, "c1", "live", ["q1", "q2"], "u1", NOW)
        answers = [
            _answer(round_.id, f"u{i % 10}", question=f"q{i % 2 + 1}", response=str(i))
            for i in range(80)
        ]
        results = await asyncio.gather(
            *(
                (one if i % 2 else two).record_answer(answer, community.id)
                for i, answer in enumerate(answers)
            )
        )
        stored = await two.answers(round_.id)
        assert (
            results.count(True) == len(stored) == len({(a.user_id, a.question_id) for a in answers})
        )
        assert {a.response for a in stored} == {
            answer.response for answer, ok in zip(answers, results, strict=True) if ok
        }


async def test_answers_arriving_together_end_as_if_given_one_at_a_time(store, community):
    """PostgreSQL writes answers arriving together in one transaction (group commit): a double
    click, the same question in two rounds and an answer to an unknown round among them."""
    other = await store.community("discord", "guild-2")

    async def answers_for(place):
        live = await store.create_round(place.id, "c1", "live", ["q1", "q2"], "u1", NOW)
        practice = await store.create_round(place.id, "c2", "practice", ["q1"], "u1", NOW)
        at = [NOW + timedelta(seconds=s) for s in range(6)]
        return [
            _answer(live.id, "u1", "q1", True, 10, at[0], "first"),
            _answer(live.id, "u1", "q1", False, 0, at[1], "double click"),
            _answer(practice.id, "u1", "q1", True, 0, at[2]),  # its box moves up twice
            _answer(live.id, "u2", "q1", False, 0, at[3]),
            _answer(999_999, "u3", "q1", True, 10, at[4]),  # no such round
            _answer(live.id, "u2", "q2", True, 12, at[5]),
        ]

    async def outcome(answer, place):
        try:
            return await store.record_answer(answer, place.id)
        except ValueError as error:
            return str(error).replace(str(place.id), "C")

    one_by_one = [await outcome(a, community) for a in await answers_for(community)]
    together = await asyncio.gather(*(outcome(a, other) for a in await answers_for(other)))
    assert one_by_one == [True, False, True, True, "there is no round 999999 in community C", True]
    assert list(together) == one_by_one

    async def state(place):
        box_3 = NOW + timedelta(days=BOX_DAYS[2])  # in box 2 it would be due a day after NOW
        return (
            [
                (r.user_id, r.points, r.correct, r.answered)
                for r in await store.leaderboard(place.id)
            ],
            await store.due_reviews(place.id, "u1", box_3, 5),
            await store.due_reviews(place.id, "u1", box_3 + timedelta(seconds=10), 5),
            await store.due_reviews(place.id, "u2", NOW + timedelta(seconds=10), 5),
        )

    assert await state(other) == await state(community)
    assert await state(community) == ([("u2", 12, 1, 2), ("u1", 10, 1, 1)], [], ["q1"], ["q1"])


async def test_an_answer_to_an_unknown_round_is_an_error(store, community):
    with pytest.raises(ValueError, match="no round"):
        await store.record_answer(_answer(999, "u1"), community.id)


async def test_user_stats_count_points_accuracy_and_streaks(store, community):
    await store.member(community.id, "u1", "Ann")
    round_ = await store.create_round(
        community.id, "c1", "weekly", [f"q{i}" for i in range(10)], "bot", NOW
    )
    practice = await store.create_round(community.id, "c1", "practice", ["q0"], "u1", NOW)
    pattern = [True, True, False, True, True, True, False, True, True]
    for i, correct in enumerate(pattern):
        at = NOW + timedelta(minutes=i)
        answer = _answer(round_.id, "u1", f"q{i}", correct, 10 if correct else 0, at)
        assert await store.record_answer(answer, community.id)
    # Practice never counts, right or wrong.
    await store.record_answer(_answer(practice.id, "u1", "q0", False, 0), community.id)

    stats = await store.user_stats(community.id, "u1")
    assert stats.display_name == "Ann"
    assert stats.answered == len(pattern)
    assert stats.correct == pattern.count(True)
    assert stats.points == 10 * pattern.count(True)
    assert stats.accuracy == pytest.approx(7 / 9)
    assert (stats.current_streak, stats.best_streak) == (2, 3)

    await store.member(community.id, "u2", "Bo")
    empty = await store.user_stats(community.id, "u2")
    assert (empty.answered, empty.current_streak, empty.best_streak, empty.accuracy) == (0, 0, 0, 0)
    assert await store.user_stats(community.id, "stranger") is None


async def test_a_wrong_last_answer_ends_the_current_streak(store, community):
    round_ = await store.create_round(community.id, "c1", "live", ["q1", "q2"], "u1", NOW)
    await store.record_answer(_answer(round_.id, "u1", "q1", True), community.id)
    later = NOW + timedelta(seconds=5)
    await store.record_answer(_answer(round_.id, "u1", "q2", False, 0, later), community.id)
    stats = await store.user_stats(community.id, "u1")
    assert (stats.current_streak, stats.best_streak) == (0, 1)


async def test_leitner_boxes_move_up_when_right_and_back_to_one_when_wrong(store, community):
    async def due(at):
        return await store.due_reviews(community.id, "u1", at, 10)

    async def review(question, correct, at):  # each answer writes its review with it
        practice = await store.create_round(community.id, "c1", "practice", [question], "u1", at)
        assert await store.record_answer(_answer(practice.id, "u1", question, correct, 0, at), 1)

    await review("q1", True, NOW)  # box 2
    assert await due(NOW) == []
    assert await due(NOW + timedelta(days=BOX_DAYS[1])) == ["q1"]

    later = NOW + timedelta(days=BOX_DAYS[1])
    await review("q1", True, later)  # box 3
    assert await due(later + timedelta(days=BOX_DAYS[2], seconds=-1)) == []
    assert await due(later + timedelta(days=BOX_DAYS[2])) == ["q1"]

    await review("q1", False, later)  # back to box 1: due now
    await review("q2", False, NOW)
    assert await due(later) == ["q2", "q1"]  # the longer overdue first

    for _ in range(len(BOX_DAYS) + 3):  # the top box is the last
        await review("q3", True, NOW)
    assert "q3" not in await due(NOW + timedelta(days=BOX_DAYS[-1], seconds=-1))
    assert "q3" in await due(NOW + timedelta(days=BOX_DAYS[-1]))


async def test_an_answer_whose_review_cannot_be_written_is_not_kept(
    database, store, community, reviews_failing
):
    round_ = await store.create_round(community.id, "c1", "weekly", ["q1"], "bot", NOW)
    async with reviews_failing(database):
        with pytest.raises(StoreError, match=r"could not be .*written.*disk is full"):
            await store.record_answer(_answer(round_.id, "u1"), community.id)
        assert await store.answers(round_.id) == []
        assert await store.leaderboard(community.id) == []
    assert await store.record_answer(_answer(round_.id, "u1"), community.id)  # a retry counts
    assert await store.due_reviews(community.id, "u1", NOW + timedelta(days=1), 5) == ["q1"]


async def test_schedules_validate_and_remove_only_within_their_community(store, community):
    other = await store.community("discord", "guild-2")
    daily = await store.add_schedule(
        community.id, "c1", "onthisdate", None, "08:30", "Europe/Paris"
    )
    weekly = await store.add_schedule(
        community.id, "c1", "weekly-quiz", 0, "18:00", "UTC", {"questions": 5}
    )
    assert weekly.options == {"questions": 5}
    assert [s.id for s in await store.schedules(community.id)] == [daily.id, weekly.id]
    assert await store.schedules(other.id) == []
    for bad in (("8:30", None, "UTC"), ("08:30", 7, "UTC"), ("08:30", None, "Nowhere/City")):
        with pytest.raises(ValueError):
            await store.add_schedule(community.id, "c1", "prompt", bad[1], bad[0], bad[2])
    assert not await store.remove_schedule(other.id, daily.id)
    assert await store.remove_schedule(community.id, daily.id)
    assert [s.id for s in await store.schedules()] == [weekly.id]


async def test_an_identical_schedule_is_refused_a_different_one_is_not(store, community):
    first = await store.add_schedule(
        community.id, "c1", "weekly-quiz", 0, "18:00", "UTC", {"questions": 5, "days": 7}
    )
    for same in ({"questions": 5, "days": 7}, {"days": 7, "questions": 5}):
        with pytest.raises(DuplicateSchedule) as refused:
            await store.add_schedule(community.id, "c1", "weekly-quiz", 0, "18:00", "UTC", same)
        assert refused.value.existing == first.id
    await store.add_schedule(community.id, "c1", "weekly-quiz", 0, "18:00", "UTC", {"days": 7})
    await store.add_schedule(community.id, "c2", "weekly-quiz", 0, "18:00", "UTC", {"days": 7})
    await store.add_schedule(community.id, "c1", "onthisdate", None, "18:00", "UTC")
    with pytest.raises(DuplicateSchedule):  # daily ones too (no weekday)
        await store.add_schedule(community.id, "c1", "onthisdate", None, "18:00", "UTC")
    assert len(await store.schedules(community.id)) == 4


async def test_a_post_is_claimed_once_across_tasks_instances_and_restarts(database):
    async with await open_store(database) as one, await open_store(database) as two:
        community = await one.community("discord", "g")
        schedule = await one.add_schedule(community.id, "c1", "onthisdate", None, "09:00", "UTC")
        claims = await asyncio.gather(
            *((one, two)[i % 2].claim_post(schedule.id, DAY, NOW, NOW) for i in range(40))
        )
        assert claims.count(True) == 1
        await one.mark_posted(schedule.id, DAY, NOW)
        assert await two.claim_post(schedule.id, "2026-02-25", NOW, NOW)

    async with await open_store(database) as restarted:
        assert not await restarted.claim_post(schedule.id, DAY, LATER, LATER)
        assert not await restarted.post_pending(schedule.id, DAY)
        assert await restarted.claim_post(schedule.id, "2026-02-26", NOW, NOW)
        await restarted.remove_schedule(community.id, schedule.id)
        assert not await restarted.claim_post(schedule.id, "2026-02-27", NOW, NOW)


async def test_a_claim_never_marked_posted_is_retried_once_when_stale(store, community):
    schedule = await store.add_schedule(community.id, "c1", "onthisdate", None, "09:00", "UTC")
    assert await store.claim_post(schedule.id, DAY, NOW, NOW)  # its sender dies
    assert not await store.claim_post(schedule.id, DAY, NOW, NOW)  # may still be sending
    assert await store.post_pending(schedule.id, DAY)
    retries = await asyncio.gather(
        *(store.claim_post(schedule.id, DAY, LATER, LATER) for _ in range(5))
    )
    assert retries.count(True) == 1
    assert not await store.post_pending(schedule.id, DAY)  # and that one was the last try
    assert not await store.claim_post(schedule.id, DAY, LATER + timedelta(days=1), LATER)


async def test_prompts_are_listed_oldest_first_and_a_repost_moves_to_the_end(store, community):
    for minute, prompt in enumerate(["p1", "p2", "p3"]):
        await store.record_prompt(community.id, "c1", prompt, NOW + timedelta(minutes=minute))
    await store.record_prompt(community.id, "c2", "p9", NOW)
    assert await store.posted_prompts(community.id, "c1") == ["p1", "p2", "p3"]
    await store.record_prompt(community.id, "c1", "p1", NOW + timedelta(hours=1))
    assert await store.posted_prompts(community.id, "c1") == ["p2", "p3", "p1"]
    assert await store.posted_prompts(community.id, "c2") == ["p9"]


async def test_export_rows_hold_scored_answers_with_member_and_round(store, community):
    other = await store.community("slack", "T2")
    await store.member(community.id, "u1", "Ann")
    live = await store.create_round(community.id, "c1", "live", ["q1"], "u1", NOW)
    practice = await store.create_round(community.id, "c1", "practice", ["q1"], "u1", NOW)
    elsewhere = await store.create_round(other.id, "C1", "live", ["q1"], "W1", NOW)
    await store.record_answer(_answer(live.id, "u1", points=3), community.id)
    await store.record_answer(_answer(practice.id, "u1"), community.id)
    await store.record_answer(_answer(elsewhere.id, "W1"), other.id)

    (row,) = await store.export_rows(community.id)
    assert row == {
        "platform": "discord",
        "community": "guild-1",
        "user_id": "u1",
        "display_name": "Ann",
        "round_id": live.id,
        "round_kind": "live",
        "channel_id": "c1",
        "question_id": "q1",
        "response": "42",
        "correct": True,
        "points": 3,
        "answered_at": NOW,
    }
    assert len(await store.export_rows()) == 2


async def test_naive_datetimes_are_refused(store, community):
    naive = datetime(2026, 2, 24, 12, 0)  # noqa: DTZ001 - the mistake under test
    with pytest.raises(ValueError, match="naive"):
        await store.create_round(community.id, "c1", "live", ["q1"], "u1", naive)


async def test_a_file_locked_by_another_process_gives_a_store_error_then_recovers(
    tmp_path, monkeypatch
):
    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)
    path = tmp_path / "studybot.sqlite3"
    async with await SqliteStore.open(path) as store:
        community = await store.community("console", "local")
        round_ = await store.create_round(community.id, "c1", "live", ["q1"], "u1", NOW)
        other = sqlite3.connect(path, isolation_level=None)
        other.execute("BEGIN IMMEDIATE")  # another process holds the write lock
        with pytest.raises(StoreError, match="could not be written"):
            await store.record_answer(_answer(round_.id, "u1"), community.id)
        other.execute("ROLLBACK")
        other.close()
        assert await store.record_answer(_answer(round_.id, "u1"), community.id)


async def test_paths_with_spaces_and_uri_characters_work(tmp_path):
    path = tmp_path / "study group #1 ?%" / "my data.sqlite3"
    async with await SqliteStore.open(path) as store:
        await store.community("console", "local")
    assert path.is_file()
    assert [p.name for p in path.parent.iterdir() if p.suffix == ".sqlite3"] == [path.name]


async def test_a_read_that_fails_raises_store_error_in_the_store_s_words(tmp_path):
    path = tmp_path / "damaged.sqlite3"
    async with await SqliteStore.open(path) as store:
        await store.community("console", "c")
        with open(path, "r+b") as damaged:  # every page after the first becomes garbage
            damaged.seek(4096)
            damaged.write(b"\xff" * (path.stat().st_size - 4096))
        with pytest.raises(StoreError, match=r"could not be read .*malformed"):
            await store.schedules()
