"""The question bank in the store: reports, decisions, added questions, stats, report notices."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest

from db.api import Answer
from db.sqlite import SqliteStore

NOW = datetime(2026, 2, 24, 12, 0, tzinfo=UTC)
DAY = timedelta(days=1)


@pytest.fixture
async def store(tmp_path):
    async with await SqliteStore.open(tmp_path / "studybot.sqlite3") as store:
        yield store


async def test_reports_stay_open_per_community_until_a_decision(store):
    here = await store.community("discord", "g1")
    there = await store.community("discord", "g2")
    assert await store.report_question(here.id, "q-1", "ann", "two right answers", NOW)
    assert not await store.report_question(here.id, "q-1", "ann", "again", NOW)  # one open each
    assert await store.report_question(here.id, "q-1", "bob", "", NOW + DAY)
    assert await store.report_question(here.id, "q-2", "bob", "typo", NOW + DAY)

    bank = await store.question_bank(here.id)
    assert bank.reported == {"q-1", "q-2"}
    assert (await store.question_bank(there.id)).reported == frozenset()
    reports = await store.open_reports(here.id)
    assert [(r.question_id, r.reports, r.reasons) for r in reports] == [
        ("q-1", 2, ("two right answers",)),
        ("q-2", 1, ("typo",)),
    ]
    assert reports[0].first_at == NOW

    assert await store.decide_question(here.id, "q-1", "retired", "teacher", NOW + DAY) == 2
    bank = await store.question_bank(here.id)
    assert (bank.reported, bank.retired) == ({"q-2"}, {"q-1"})
    # a decision stands until the next one; a new report after it opens again
    assert await store.report_question(here.id, "q-1", "ann", "still wrong", NOW + 2 * DAY)
    assert await store.decide_question(here.id, "q-1", "restored", "teacher", NOW + 2 * DAY) == 1
    bank = await store.question_bank(here.id)
    assert (bank.reported, bank.retired, bank.restored) == ({"q-2"}, frozenset(), {"q-1"})
    with pytest.raises(ValueError):
        await store.decide_question(here.id, "q-1", "deleted", "teacher", NOW)


async def test_an_added_question_is_kept_once_and_survives_reopening(tmp_path):
    path = tmp_path / "studybot.sqlite3"
    fields = {"id": "q-abc", "prompt": "Which?", "answers": ["Japan"], "choices": []}
    async with await SqliteStore.open(path) as store:
        place = await store.community("slack", "T1")
        first = store.add_question(place.id, "q-abc", fields, "teacher", NOW)
        second = store.add_question(place.id, "q-abc", fields, "teacher", NOW)
        assert sorted(await asyncio.gather(first, second)) == [False, True]
    async with await SqliteStore.open(path) as store:
        assert (await store.question_bank(place.id)).added == (fields,)


async def test_question_stats_put_the_least_often_right_first(store):
    place = await store.community("console", "c")
    rnd = await store.create_round(place.id, "ch", "weekly", ["easy", "hard"], "t", NOW)
    practice = await store.create_round(place.id, "ch", "practice", ["hard"], "ann", NOW)
    for n, user in enumerate(["ann", "bob", "cy"]):
        await store.record_answer(Answer(rnd.id, "easy", user, "x", True, 10, NOW), place.id)
        right = n == 0
        await store.record_answer(Answer(rnd.id, "hard", user, "x", right, 10, NOW), place.id)
    # practice is never counted: it brings missed questions back on purpose
    await store.record_answer(Answer(practice.id, "hard", "ann", "x", True, 0, NOW), place.id)

    stats = await store.question_stats(place.id, min_asked=3, limit=10)
    assert [(s.question_id, s.asked, s.right) for s in stats] == [("hard", 3, 1), ("easy", 3, 3)]
    assert stats[0].share_right == pytest.approx(1 / 3)
    assert await store.question_stats(place.id, min_asked=4, limit=10) == []


async def test_report_notices_come_at_most_once_a_day_and_only_with_open_reports(store):
    place = await store.community("discord", "g1")
    assert not await store.claim_report_notice(place.id, NOW, DAY)  # nothing waiting
    await store.report_question(place.id, "q-1", "ann", "", NOW)
    claims = [store.claim_report_notice(place.id, NOW, DAY) for _ in range(3)]
    assert sorted(await asyncio.gather(*claims)) == [False, False, True]
    assert not await store.claim_report_notice(place.id, NOW + DAY / 2, DAY)
    assert await store.claim_report_notice(place.id, NOW + DAY, DAY)
    await store.decide_question(place.id, "q-1", "restored", "teacher", NOW + DAY)
    assert not await store.claim_report_notice(place.id, NOW + 3 * DAY, DAY)
