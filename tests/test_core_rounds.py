"""The core's rules for rounds, scores and permissions, driven through Core with a real store."""

from __future__ import annotations

import pytest
from test_core_world import Clock, actor, open_core

from bot.core.api import Actor, OutletError


@pytest.fixture
async def world(tmp_path):
    clock = Clock()
    core, store, outlet = await open_core(tmp_path / "s.sqlite3", clock)
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
