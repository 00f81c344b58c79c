"""The core's rules for rounds, scores and permissions, driven through Core with a real store."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

import pytest
from test_core_world import Clock, RecordingOutlet, actor, open_core

from bot.core.api import Actor, OutletError


@pytest.fixture
async def world(database):
    """A core on each store: the rounds' rules hold on SQLite and PostgreSQL alike."""
    clock = Clock()
    core, store, outlet = await open_core(database, clock)
    yield core, store, outlet, clock
    await store.close()


def right_key(core, view) -> str:
    answer = core.studyset.question_by_id[view.question_id].answer
    return next((c.key for c in view.choices if c.label == answer), answer)


def shown_questions(outlet):
    return [reply.question for *_, reply in outlet.sent if reply.question is not None]


async def test_answers_after_close_or_twice_change_nothing(world):
    core, store, outlet, clock = world
    alice, bob = actor("alice"), actor("bob")
    await core.command(alice, ("quiz", "start"), {"questions": 2, "seconds": 30})
    view = shown_questions(outlet)[0]
    (first,) = await core.answer(alice, view.round_id, view.question_id, right_key(core, view))
    assert first.result.correct and first.result.points == 15  # answered at once: full bonus
    (again,) = await core.answer(alice, view.round_id, view.question_id, "whatever")
    assert again.error and "already answered" in again.text
    clock.advance(seconds=30)  # closed by the clock, even before a tick has run
    (late,) = await core.answer(bob, view.round_id, view.question_id, right_key(core, view))
    assert late.error and "closed" in late.text
    await core.tick()
    (late,) = await core.answer(bob, view.round_id, view.question_id, right_key(core, view))
    assert late.error and "closed" in late.text
    rows = await store.leaderboard(1, "all")
    assert [(r.display_name, r.points, r.answered) for r in rows] == [("alice", 15, 1)]


async def test_scores_stay_in_their_community(world):
    core, _, outlet, _ = world
    alice = actor("alice", guild="guild1")
    mallory = actor("mallory", guild="guild2")
    await core.command(alice, ("quiz", "start"), {"questions": 1})
    view = shown_questions(outlet)[0]
    await core.answer(alice, view.round_id, view.question_id, right_key(core, view))
    (foreign,) = await core.answer(mallory, view.round_id, view.question_id, "A")
    assert foreign.error and "not part of a quiz here" in foreign.text
    (board,) = await core.command(mallory, ("leaderboard",), {})
    assert board.leaderboard == () and "no scores yet" in board.text
    (score,) = await core.command(mallory, ("score",), {"user": "alice"})
    assert score.error and "alice" in score.text
    (own,) = await core.command(alice, ("leaderboard",), {})
    assert [e.user for e in own.leaderboard] == ["alice"]


@pytest.mark.parametrize(
    ("platform", "said", "unsaid"),
    [
        ("discord", "server admins", "workspace"),
        ("slack", "workspace admins", "server"),
        ("console", "--instructor", "server"),
        ("test", "admins", "server"),
    ],
)
async def test_an_instructor_refusal_speaks_the_platform_s_language(world, platform, said, unsaid):
    core, *_ = world
    student = Actor(platform, "guild1", "s", "student", "c1")
    (refused,) = await core.command(student, ("schedule", "list"), {})
    assert refused.error and "/schedule list is for instructors only" in refused.text
    assert said in refused.text and unsaid not in refused.text


async def test_who_may_run_instructor_commands(world):
    core, *_ = world
    student = actor("student", roles={"r-teach"})
    admin = actor("admin", instructor=True)
    (refused,) = await core.command(student, ("schedule", "list"), {})
    assert refused.error and refused.private and "instructors only" in refused.text
    (done,) = await core.command(admin, ("settings", "instructor-role"), {"role": "<@&42>"})
    assert "42" in done.text
    (still,) = await core.command(student, ("schedule", "list"), {})
    assert still.error
    teacher = actor("teacher", roles={"42"})
    (allowed,) = await core.command(teacher, ("schedule", "list"), {})
    assert not allowed.error and "No schedules" in allowed.text


async def test_one_live_round_per_channel_and_who_stops_it(world):
    core, _, outlet, clock = world
    alice, bob = actor("alice"), actor("bob")
    await core.command(alice, ("quiz", "start"), {"questions": 2})
    (second,) = await core.command(bob, ("quiz", "start"), {})
    assert second.error and "already running" in second.text
    (elsewhere,) = await core.command(actor("bob", channel="c2"), ("quiz", "start"), {})
    assert not elsewhere.error
    (refused,) = await core.command(bob, ("quiz", "stop"), {})
    assert refused.error and "started this round" in refused.text
    (stopped,) = await core.command(alice, ("quiz", "stop"), {})
    assert not stopped.error
    assert outlet.edits and outlet.sent[-1][3].title == "Live round stopped by alice"
    clock.advance(minutes=5)
    await core.tick()  # the stopped round never shows its next question
    assert [r.title for *_, r in outlet.sent].count("Live round stopped by alice") == 1


async def test_practice_brings_back_misses_and_never_scores(world):
    core, store, _, clock = world
    alice = actor("alice")
    replies = await core.command(alice, ("quiz", "practice"), {})
    view = replies[-1].question
    missed = view.question_id
    wrong = next((c.key for c in view.choices if c.key != right_key(core, view)), "nonsense")
    feedback, *_ = await core.command(alice, ("answer",), {"response": wrong})
    assert feedback.result == feedback.result.__class__(
        False, 0, core.studyset.question_by_id[missed].answer
    )
    assert await store.leaderboard(1, "all") == []
    clock.advance(minutes=1)
    again = await core.command(alice, ("quiz", "practice"), {})
    assert "(1 you missed before)" in again[0].text
    assert again[-1].question.question_id == missed


async def test_prompts_rotate_before_repeating(world):
    core, _, outlet, _ = world
    teacher = actor("teacher", instructor=True)
    for _ in range(3):
        await core.command(teacher, ("prompt", "post"), {})
    posted = [r.text for *_, r in outlet.sent if r.thread]
    assert len(set(posted[:2])) == 2 and posted[2] == posted[0]
    (only,) = await core.command(teacher, ("prompt", "post"), {"article": "harbour"})
    assert "p2" in only.text


async def test_scheduled_weekly_quiz_opens_late_within_its_window_and_closes(world):
    core, store, outlet, clock = world
    teacher = actor("teacher", instructor=True)
    await core.command(teacher, ("settings", "timezone"), {"zone": "Europe/Berlin"})
    # Monday 23 Feb 09:00 UTC; weekly quiz every Tuesday 08:00 Berlin (07:00 UTC) for 2 days.
    (added,) = await core.command(
        teacher,
        ("schedule", "weekly-quiz"),
        {"day": "tue", "time": "08:00", "questions": 2, "days": 2},
    )
    assert "every Tuesday at 08:00 Europe/Berlin" in added.text
    clock.advance(days=1, hours=3)  # down over the due time; back Tuesday 12:00 UTC
    await core.tick()
    await core.tick()
    opened = [r for *_, r in outlet.sent if r.title == "Weekly quiz"]
    assert len(opened) == 1
    rnd = await store.open_round(1, "c1", "weekly")
    assert rnd.closes_at.isoformat() == "2026-02-26T07:00:00+00:00"  # from the due time
    clock.advance(days=2)
    await core.tick()
    assert [r.title for *_, r in outlet.sent].count("Weekly quiz results") == 1
    clock.advance(days=6)  # the next Tuesday, on time
    await core.tick()
    assert [r.title for *_, r in outlet.sent].count("Weekly quiz") == 2


async def test_a_missed_daily_post_is_skipped_the_next_day(world):
    core, _, outlet, clock = world
    teacher = actor("teacher", instructor=True)
    await core.command(teacher, ("schedule", "onthisdate"), {"time": "10:00"})
    clock.advance(days=1, hours=2)  # down from Monday 09:00 to Tuesday 11:00
    await core.tick()
    assert [r.title for *_, r in outlet.sent] == ["On this date"]  # Tuesday's, once
    clock.advance(hours=1)
    await core.tick()
    assert len(outlet.sent) == 1


async def test_help_shows_instructor_commands_to_instructors_only(world):
    core, *_ = world
    (student,) = await core.command(actor("s"), ("help",), {})
    (teacher,) = await core.command(actor("t", instructor=True), ("help",), {})
    assert "/quiz practice" in student.text and "/schedule list" not in student.text
    assert "/schedule list" in teacher.text and "(instructors)" in teacher.text
    (one,) = await core.command(actor("s"), ("help",), {"command": "schedule"})
    assert "/schedule remove ID" in one.text


class BrokenOutlet:
    platform = "test"

    async def send(self, community_id, channel_id, reply):
        raise ConnectionError("the platform is down")

    async def edit(self, community_id, channel_id, message_ref, reply):
        raise ConnectionError("the platform is down")


async def test_a_failing_platform_gets_a_private_apology_not_a_crash(tmp_path):
    clock = Clock()
    core, store, _ = await open_core(tmp_path / "s.sqlite3", clock, BrokenOutlet())
    try:
        (reply,) = await core.command(actor("alice"), ("quiz", "start"), {"questions": 1})
        assert reply.error and reply.private and "went wrong" in reply.text
        clock.advance(minutes=1)
        await core.tick()  # the round's reveal fails too; the tick survives it
    finally:
        await store.close()


async def test_export_is_csv_that_spreadsheets_will_not_execute(world):
    core, _, outlet, _ = world
    sly = actor("=HYPERLINK(1)")
    await core.command(sly, ("quiz", "start"), {"questions": 1})
    view = shown_questions(outlet)[0]
    await core.answer(sly, view.round_id, view.question_id, "+cmd")
    (student,) = await core.command(sly, ("scores", "export"), {})
    assert student.error
    (export,) = await core.command(actor("t", instructor=True), ("scores", "export"), {})
    name, data = export.attachment
    assert name == "scores-2026-02-23.csv" and name in export.text
    assert "1 scored answer by 1 member" in export.text
    header, row = data.decode("utf-8").strip().splitlines()
    assert "display_name" in header and "'=HYPERLINK(1)" in row
    assert ",=" not in row and ",+" not in row


class RefusingOutlet:
    """A platform where the bot lacks permission to post: it says so, as adapters do."""

    platform = "test"

    def __init__(self) -> None:
        self.refuse = True
        self.sent: list = []

    async def send(self, community_id, channel_id, reply):
        if self.refuse:
            raise OutletError("Give me Send Messages in that channel.")
        self.sent.append(reply)
        return f"m{len(self.sent)}"

    async def edit(self, community_id, channel_id, message_ref, reply):
        if self.refuse:
            raise OutletError("Give me Send Messages in that channel.")


async def test_a_platform_refusal_is_told_privately(tmp_path):
    core, store, _ = await open_core(tmp_path / "s.sqlite3", Clock(), RefusingOutlet())
    try:
        (reply,) = await core.command(actor("alice"), ("quiz", "start"), {"questions": 1})
        assert reply.error and reply.private
        assert reply.text == "Give me Send Messages in that channel."
    finally:
        await store.close()


async def test_a_refused_first_post_leaves_no_round_open(tmp_path):
    outlet = RefusingOutlet()
    core, store, _ = await open_core(tmp_path / "s.sqlite3", Clock(), outlet)
    try:
        (refused,) = await core.command(actor("alice"), ("quiz", "start"), {"questions": 1})
        assert refused.error
        outlet.refuse = False  # an admin fixed the permission
        (again,) = await core.command(actor("alice"), ("quiz", "start"), {"questions": 1})
        assert not again.error and "started" in again.text
        assert [r.question.position for r in outlet.sent if r.question] == [0]
    finally:
        await store.close()


async def test_a_weekly_schedule_leaves_an_open_quiz_alone_and_tells_instructors(world):
    core, store, outlet, clock = world
    teacher, alice = actor("teacher", instructor=True), actor("alice")
    await core.command(teacher, ("quiz", "weekly", "open"), {"questions": 2, "days": 3})
    opened = await store.open_round(1, "c1", "weekly")
    (view,) = [r.question for r in await core.command(alice, ("quiz", "weekly", "take"), {})]
    # Two schedules at the same time, both due while the hand-opened quiz runs.
    for _ in range(2):
        await core.command(teacher, ("schedule", "weekly-quiz"), {"day": "mon", "time": "10:00"})
        await core.command(actor("t2", instructor=True), ("quiz", "weekly", "status"), {})
    await core.command(
        teacher, ("schedule", "weekly-quiz"), {"day": "mon", "time": "10:00", "questions": 3}
    )
    clock.advance(hours=1)
    await core.tick()
    (feedback, *_) = await core.answer(alice, view.round_id, view.question_id, "A")
    assert not feedback.error  # halfway through, her answers still count
    assert (await store.open_round(1, "c1", "weekly")).id == opened.id
    titles = [r.title for *_, r in outlet.sent]
    assert titles.count("Weekly quiz results") == 0 and titles.count("Weekly quiz") == 1
    told = [r.text for *_, r in outlet.sent if r.title == "Weekly quiz not opened"]
    assert len(told) == 2 and all("weekly quiz 1 is still open" in t for t in told)


async def test_two_weekly_schedules_at_one_time_open_one_quiz(world):
    core, store, outlet, clock = world
    teacher = actor("teacher", instructor=True)
    for questions in (2, 3):
        await core.command(
            teacher,
            ("schedule", "weekly-quiz"),
            {"day": "mon", "time": "10:00", "questions": questions},
        )
    clock.advance(hours=1)
    await core.tick()
    titles = [r.title for *_, r in outlet.sent]
    assert titles == ["Weekly quiz", "Weekly quiz not opened"]
    assert len((await store.open_round(1, "c1", "weekly")).question_ids) == 2


async def test_live_rounds_and_practice_never_show_the_open_weekly_questions(world):
    core, store, outlet, clock = world
    teacher, alice = actor("teacher", instructor=True), actor("alice")
    await core.command(teacher, ("quiz", "weekly", "open"), {"questions": 3})
    weekly = set((await store.open_round(1, "c1", "weekly")).question_ids)
    # Alice misses a weekly question: practice would bring it back first.
    (view,) = [r.question for r in await core.command(alice, ("quiz", "weekly", "take"), {})]
    await core.answer(alice, view.round_id, view.question_id, "surely not this")
    await core.command(alice, ("quiz", "start"), {"questions": 5, "seconds": 10})
    clock.advance(seconds=11)
    await core.tick()
    clock.advance(seconds=11)
    await core.tick()
    live = {v.question_id for v in shown_questions(outlet)}
    assert len(live) == 2 and not live & weekly
    practice = await core.command(alice, ("quiz", "practice"), {})
    first = practice[-1].question.question_id
    assert first not in weekly and "you missed before" not in practice[0].text
    # Once the window is over, they are fair game again.
    await core.command(teacher, ("quiz", "weekly", "close"), {})
    again = await core.command(actor("bob"), ("quiz", "start"), {"questions": 5})
    assert not again[0].error
    assert len(shown_questions(outlet)) == 3  # the third live question: the new round's first


async def test_nothing_left_outside_the_weekly_quiz_is_said_plainly(world):
    core, *_ = world
    await core.command(actor("teacher", instructor=True), ("quiz", "weekly", "open"), {})
    (live,) = await core.command(actor("alice"), ("quiz", "start"), {})
    assert live.error and "not in this week's open quiz" in live.text
    (practice,) = await core.command(actor("alice"), ("quiz", "practice"), {})
    assert practice.error and "outside this week's open quiz" in practice.text


async def test_a_typed_answer_reaches_the_last_question_shown_after_a_restart(database):
    path, clock = database, Clock()
    alice = actor("alice")
    core, store, outlet = await open_core(path, clock)
    await core.command(alice, ("quiz", "start"), {"questions": 1, "seconds": 60})
    practice = await core.command(alice, ("quiz", "practice"), {})  # shown after the live one
    wanted = practice[-1].question
    await store.close()

    restarted, store, _ = await open_core(path, clock)  # or a second process on the same file
    try:
        key = right_key(restarted, wanted)
        (feedback, *_) = await restarted.command(alice, ("answer",), {"response": key})
        assert feedback.result is not None and feedback.result.correct
        practice_answers = await store.answers(wanted.round_id)
        assert [a.question_id for a in practice_answers] == [wanted.question_id]
        live = shown_questions(outlet)[0]
        assert await store.answers(live.round_id) == []
    finally:
        await store.close()


async def test_a_typed_answer_reaches_its_question_in_a_second_process(database):
    path, clock = database, Clock()
    one, store_one, outlet = await open_core(path, clock)
    two, store_two, _ = await open_core(path, clock)
    try:
        teacher = actor("teacher", instructor=True)
        await one.command(teacher, ("quiz", "weekly", "open"), {"questions": 2})
        (weekly,) = await one.command(actor("alice"), ("quiz", "weekly", "take"), {})
        await one.command(actor("bob", channel="c2"), ("quiz", "start"), {"questions": 1})
        live = shown_questions(outlet)[0]
        (mine, *_) = await two.command(actor("alice"), ("answer",), {"response": "A"})
        (bobs,) = await two.command(actor("bob", channel="c2"), ("answer",), {"response": "A"})
        assert not mine.error and not bobs.error
        given = await store_two.answers(weekly.question.round_id)
        assert [(a.user_id, a.question_id) for a in given] == [
            ("id-alice", weekly.question.question_id)
        ]
        assert [a.user_id for a in await store_two.answers(live.round_id)] == ["id-bob"]
    finally:
        await store_one.close()
        await store_two.close()


async def test_an_answer_is_kept_only_with_its_review(world, database, reviews_failing):
    core, _, outlet, _ = world
    alice = actor("alice")
    await core.command(alice, ("quiz", "start"), {"questions": 1})
    view = shown_questions(outlet)[0]
    async with reviews_failing(database):
        (failed,) = await core.answer(alice, view.round_id, view.question_id, right_key(core, view))
    assert failed.error and "try again" in failed.text
    (retried,) = await core.answer(alice, view.round_id, view.question_id, right_key(core, view))
    assert not retried.error and retried.result.correct


async def test_a_live_answer_counts_only_from_the_round_s_channel(world):
    core, store, outlet, _ = world
    await core.command(actor("alice"), ("quiz", "start"), {"questions": 1})
    view = shown_questions(outlet)[0]
    elsewhere = actor("mallory", channel="c2")
    (refused,) = await core.answer(
        elsewhere, view.round_id, view.question_id, right_key(core, view)
    )
    assert refused.error and "another channel" in refused.text
    assert await store.answers(view.round_id) == []


async def test_tied_scores_share_a_rank(world):
    core, _, outlet, clock = world
    await core.command(actor("alice"), ("quiz", "start"), {"questions": 1, "seconds": 10})
    view = shown_questions(outlet)[0]
    assert view.closes_at == clock.now + timedelta(seconds=10)  # shown with its closing time
    for name in ("ann", "ben", "cy"):
        await core.answer(actor(name), view.round_id, view.question_id, right_key(core, view))
    await core.answer(actor("dee"), view.round_id, view.question_id, "nonsense")
    clock.advance(seconds=11)
    await core.tick()
    (board,) = await core.command(actor("ann"), ("leaderboard",), {})
    assert [(e.rank, e.points) for e in board.leaderboard] == [(1, 15), (1, 15), (1, 15), (4, 0)]
    assert "\n1. ben: 15 points" in board.text and "\n4. dee" in board.text


async def test_a_stopped_round_reveals_as_stopped_not_time_s_up(world):
    core, _, outlet, _ = world
    alice = actor("alice")
    await core.command(alice, ("quiz", "start"), {"questions": 2})
    await core.command(alice, ("quiz", "stop"), {})
    (reveal,) = [r for *_, r in outlet.edits]
    assert reveal.title == "Round stopped" and "Answer:" in reveal.text


async def test_live_rounds_are_numbered_apart_from_practice_and_weekly(world):
    core, *_ = world
    alice = actor("alice")
    await core.command(alice, ("quiz", "practice"), {})
    await core.command(
        actor("teacher", instructor=True), ("quiz", "weekly", "open"), {"questions": 1}
    )
    await core.command(alice, ("quiz", "practice"), {})
    (first,) = await core.command(alice, ("quiz", "start"), {"questions": 1})
    assert first.text.startswith("Live round 1 started")
    await core.command(alice, ("quiz", "stop"), {})
    (second,) = await core.command(alice, ("quiz", "start"), {"questions": 1})
    assert second.text.startswith("Live round 2 started")


async def test_an_identical_schedule_is_refused(world):
    core, store, *_ = world
    teacher = actor("teacher", instructor=True)
    options = {"day": "mon", "time": "9:00", "questions": 4}
    await core.command(teacher, ("schedule", "weekly-quiz"), options)
    (again,) = await core.command(
        teacher, ("schedule", "weekly-quiz"), {**options, "day": "Monday"}
    )
    assert again.error and "Schedule 1 already does exactly this" in again.text
    (other,) = await core.command(teacher, ("schedule", "weekly-quiz"), {**options, "questions": 5})
    assert not other.error
    assert len(await store.schedules(1)) == 2


async def test_a_schedule_that_cannot_run_leaves_the_others_alone(
    world, database, caplog, administer
):
    core, _, outlet, clock = world
    teacher = actor("teacher", instructor=True)
    await core.command(teacher, ("schedule", "onthisdate"), {"time": "10:00"})
    await core.command(
        actor("t", instructor=True, guild="g2"), ("schedule", "onthisdate"), {"time": "10:00"}
    )
    # e.g. a zone this machine's tz database lacks
    await administer(database, "UPDATE schedules SET timezone = 'Mars/Olympus' WHERE id = 1")
    clock.advance(hours=1)
    await core.tick()
    await core.tick()
    assert [(guild, r.title) for guild, _, _, r in outlet.sent] == [("g2", "On this date")]
    assert sum("schedule 1 cannot run" in m for m in caplog.messages) == 1


class DeletingOutlet(RecordingOutlet):
    """Someone deleted the question messages: edits fail as the platform says 'not found'."""

    async def edit(self, community_id, channel_id, message_ref, reply):
        raise LookupError(f"unknown message {message_ref}")


async def test_a_deleted_question_is_revealed_anew_and_the_round_goes_on(tmp_path):
    clock = Clock()
    core, store, outlet = await open_core(tmp_path / "s.sqlite3", clock, DeletingOutlet())
    try:
        await core.command(actor("alice"), ("quiz", "start"), {"questions": 2, "seconds": 10})
        for _ in range(2):
            clock.advance(seconds=11)
            await core.tick()
        titles = [r.title for *_, r in outlet.sent]
        assert titles.count("Time's up") == 2 and titles[-1] == "Live round finished"
    finally:
        await store.close()


async def test_two_processes_ticking_one_round_post_each_step_once(database):
    path, clock, outlet = database, Clock(), RecordingOutlet()
    one, store_one, _ = await open_core(path, clock, outlet)
    two, store_two, _ = await open_core(path, clock, outlet)
    try:
        await one.command(actor("alice"), ("quiz", "start"), {"questions": 3, "seconds": 10})
        for _ in range(4):
            clock.advance(seconds=11)
            await asyncio.gather(*(core.tick() for core in (one, two, one, two)))
        shown = [v.question_id for v in shown_questions(outlet)]
        assert len(shown) == len(set(shown)) == 3
        assert len(outlet.edits) == 3 and len({ref for _, _, ref, _ in outlet.edits}) == 3
        assert [r.title for *_, r in outlet.sent].count("Live round finished") == 1
    finally:
        await store_one.close()
        await store_two.close()


async def test_a_choice_is_named_by_letter_and_text_or_with_a_typo(world):
    core, store, outlet, _ = world
    await core.command(actor("alice"), ("quiz", "start"), {"questions": 1, "kind": "acronym"})
    view = shown_questions(outlet)[0]
    key = right_key(core, view)
    label = next(c.label for c in view.choices if c.key == key)
    for name, response in [
        ("alice", f"{key} {label}"),
        ("bob", f"{key.lower()}) {label.lower()}"),
        ("carl", "Individualy Tailored Partnership Programe"),
    ]:
        (reply,) = await core.answer(actor(name), view.round_id, view.question_id, response)
        assert reply.result is not None and reply.result.correct, (name, reply.text)
    wrong = next(c for c in view.choices if c.key != key).label
    longest = max(wrong.split(), key=len)
    typo = wrong.replace(longest, longest[:3] + longest[4:])  # a wrong choice, misspelt
    (reply,) = await core.answer(actor("dan"), view.round_id, view.question_id, typo)
    assert reply.result is not None and not reply.result.correct
    # each response was read as the choice it names, and recorded as that choice
    recorded = {a.user_id: a.response for a in await store.answers(view.round_id)}
    assert recorded == {"id-alice": label, "id-bob": label, "id-carl": label, "id-dan": wrong}


async def test_text_matching_no_choice_asks_again(world):
    core, store, outlet, _ = world
    await core.command(actor("alice"), ("quiz", "start"), {"questions": 1, "kind": "acronym"})
    view = shown_questions(outlet)[0]
    for response in ("banana", "E"):
        (reply,) = await core.answer(actor("bob"), view.round_id, view.question_id, response)
        assert reply.error and "A–C" in reply.text
    assert await store.answers(view.round_id) == []  # nothing recorded: bob may answer again
    (reply,) = await core.answer(
        actor("bob"), view.round_id, view.question_id, right_key(core, view)
    )
    assert reply.result.correct


def test_repeating_the_acronym_asked_about_is_not_an_answer():
    from bot.core.rounds import is_correct
    from content.model import Question

    q = Question(
        "q-t",
        "term",
        "In these readings, what does RAA stand for?",
        ("Reciprocal Access Agreement",),
        (),
        "a",
        "a-000",
        "",
    )
    assert not is_correct(q, None, "RAA")
    assert not is_correct(q, None, "the RAA")
    assert is_correct(q, None, "reciprocal access agreement")


def test_a_long_choice_typed_whole_is_that_choice_and_a_fragment_asks_again():
    from bot.core.replies import Refusal
    from bot.core.rounds import picked_label
    from content.model import Question, Studyset
    from db.api import Round

    first = "Japan established the Fleet Escort Force (FEF)."
    later = ("The Russian invasion of Ukraine began.", "Hamas’ attack on Israel took place.")
    question = Question(
        "q-t",
        "timeline",
        "Which of these happened first?",
        (first,),
        (first, *later),
        "a",
        "a-0",
        "",
    )
    studyset = Studyset(articles=(), passages=(), questions=(question,))
    rnd = Round(1, 1, "c", "practice", ("q-t",), "u", datetime.now(UTC), None, "open")
    for typed in (first, first.rstrip("."), f"a) {first.lower()}", f"A {first}"):
        assert picked_label(rnd, question, studyset, typed) == first, typed
    assert picked_label(rnd, question, studyset, f"B {later[0]}") == later[0]
    for fragment in ("the Fleet Escort Force", "invasion of Ukraine"):
        with pytest.raises(Refusal, match="answer with a letter A–C"):
            picked_label(rnd, question, studyset, fragment)
