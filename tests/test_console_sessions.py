"""Whole sessions played through the console (--json), several users, a moved clock, real SQLite.

Each `play` is one console run over a script; two runs on one database are a restart.
"""

from __future__ import annotations

import io
import json
from datetime import UTC, datetime, timedelta

import pytest
from test_core_world import write_studyset

from bot.console.app import serve
from bot.console.session import Clock, parse_instant
from bot.settings import Settings
from content.model import BUNDLED, Studyset
from db.sqlite import SqliteStore


@pytest.fixture
def content(tmp_path):
    return write_studyset(tmp_path / "world.json")


async def play(content, database, script: str, clock: str, user="alice", instructor=False):
    out = io.StringIO()
    settings = Settings(content=content, database=database)
    options = {"user": user, "instructor": instructor, "json_lines": True}
    clock = Clock(fixed=parse_instant(clock))
    assert await serve(settings, io.StringIO(script), out, clock=clock, **options) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def questions(lines):
    return [line for line in lines if "question" in line]


def results(lines, who):
    return [line["result"] for line in lines if line["to"] == f"@{who}" and "result" in line]


ANSWERS = {  # question prompt start -> its canonical answer
    "What does ITPP": "Individually Tailored Partnership Programme",
    "In which year": "2023",
    "How many ships": "twelve",
    "Where did ministers": "Brussels",
    "When were the four-navy": "12 July 2023",
}


def canonical(question_line) -> str:
    prompt = question_line["question"]["prompt"]
    return next(v for k, v in ANSWERS.items() if prompt.startswith(k))


def right_response(question_line) -> str:
    """The letter of the right choice (choices are shuffled), or the answer in words."""
    choices = question_line["question"]["choices"]
    if not choices:
        return canonical(question_line)
    return next(c["key"] for c in choices if c["label"] == canonical(question_line))


def wrong_response(question_line) -> str:
    choices = question_line["question"]["choices"]
    if not choices:
        return "seven hundred"
    return next(c["key"] for c in choices if c["label"] != canonical(question_line))


async def test_live_round_with_three_users(content, tmp_path):
    db = tmp_path / "live.sqlite3"
    start = "2026-02-24T09:00:00"
    # First run: start a two-question round and see the first question.
    lines = await play(content, db, "/quiz start 2 seconds=30\n", start)
    first = questions(lines)[0]
    assert first["to"] == "#general" and first["question"]["total"] == 2
    # Second run on the same database (a restart): three users answer, the clock moves on.
    script = "\n".join(
        [
            f"/answer {right_response(first)}",  # alice, right and fast
            "/as bob",
            wrong_response(first),  # bob, a bare line answers the question
            right_response(first),  # bob again: refused, his first answer stands
            "/as carol",
            "/clock +20s",
            right_response(first),  # carol, right but slower
            "/clock +11s",  # question 1 closes: revealed, question 2 shown
            "/clock +31s",  # question 2 closes unanswered: round summary
            "/leaderboard",
        ]
    )
    lines = await play(content, db, script + "\n", "2026-02-24T09:00:05")
    assert results(lines, "alice") == [{"correct": True, "points": 14, "answer": ""}]
    assert [r["correct"] for r in results(lines, "bob")] == [False]
    assert results(lines, "carol")[0]["correct"] is True
    assert 10 <= results(lines, "carol")[0]["points"] < 14
    refusals = [line["text"] for line in lines if line.get("error")]
    assert any("already answered" in text for text in refusals)
    reveals = [line for line in lines if "edits" in line]
    assert reveals[0]["edits"] == first["ref"]  # the message posted before the restart
    assert "2 of 3 answers right" in reveals[0]["text"]
    assert len(questions(lines)) == 1  # question 2, posted after the reveal
    board = next(line for line in lines if line.get("title") == "Live round finished")
    ranked = [(e["user"], e["points"]) for e in board["leaderboard"]]
    assert ranked[0] == ("alice", 14) and ranked[1][0] == "carol"
    assert [e["user"] for e in board["leaderboard"]] == ["alice", "carol", "bob"]


async def test_weekly_quiz_across_its_window_with_a_restart(content, tmp_path):
    db = tmp_path / "weekly.sqlite3"
    monday = "2026-02-23T08:00:00"
    script = "/quiz weekly open 2 days=3\n/as alice\n/quiz weekly take\n"
    lines = await play(content, db, script, monday, "teacher", True)
    post = next(line for line in lines if line.get("title") == "Weekly quiz")
    assert post["to"] == "#general" and post["actions"][0]["command"] == ["quiz", "weekly", "take"]
    first = questions(lines)[0]
    assert first["private"] and first["to"] == "@alice"

    # Restart: alice takes it again, gets the same first question, answers it.
    lines = await play(content, db, "/quiz weekly take\n", "2026-02-23T09:00:00")
    assert questions(lines)[0]["question"]["id"] == first["question"]["id"]
    lines = await play(
        content, db, f"/quiz weekly take\n{right_response(first)}\n", "2026-02-23T09:01:00"
    )
    assert results(lines, "alice")[0]["correct"] is True
    second = questions(lines)[-1]
    assert second["question"]["id"] != first["question"]["id"]

    # Restart again, a day later: she resumes at the second question and finishes.
    script = f"/quiz weekly take\n{right_response(second)}\n"
    lines = await play(content, db, script, "2026-02-24T12:00:00")
    assert questions(lines)[0]["question"]["id"] == second["question"]["id"]
    assert results(lines, "alice") == [{"correct": True, "points": 10, "answer": canonical(second)}]
    assert any("finished this week's quiz: 2/2 right, 20 points" in line["text"] for line in lines)

    # Bob: one right, one wrong, then an extra answer that changes nothing.
    lines = await play(content, db, "/quiz weekly take\n", "2026-02-25T10:00:00", "bob")
    q1 = questions(lines)[0]
    q2 = first if q1["question"]["id"] == second["question"]["id"] else second
    script = f"/quiz weekly take\n{right_response(q1)}\n{wrong_response(q2)}\n/answer 2023\n"
    lines = await play(content, db, script, "2026-02-25T10:01:00", "bob")
    assert [r["correct"] for r in results(lines, "bob")] == [True, False]
    assert lines[-1]["error"] and lines[-1]["to"] == "@bob"

    # The window ends (opened Monday 08:00 for three days): results posted once.
    lines = await play(content, db, "/clock +1h\n/clock +1h\n", "2026-02-26T07:30:00", "bob")
    closed = [line for line in lines if line.get("title") == "Weekly quiz results"]
    assert len(closed) == 1 and "2 members took part" in closed[0]["text"]
    assert [(e["user"], e["points"]) for e in closed[0]["leaderboard"]] == [
        ("alice", 20),
        ("bob", 10),
    ]
    lines = await play(content, db, "/quiz weekly take\n", "2026-02-26T10:00:00", "carol")
    assert lines[-1]["error"] and "No weekly quiz is open" in lines[-1]["text"]


async def test_daily_post_across_a_dst_change_without_duplicates(content, tmp_path):
    db = tmp_path / "daily.sqlite3"
    setup = "/settings timezone America/New_York\n/schedule onthisdate 09:00\n/schedule list\n"
    lines = await play(content, db, setup, "2026-03-07T12:00:00", "teacher", True)
    assert "daily at 09:00 America/New_York" in lines[-1]["text"]
    posts: list[datetime] = []
    # Saturday 7 March (EST, UTC-5) to Monday 9 March (EDT, UTC-4) in half-hour steps, a new
    # console run (a restart) every four hours, and the first stretch played twice.
    start = datetime(2026, 3, 7, 12, 0, tzinfo=UTC)
    times = [start + timedelta(minutes=30 * i) for i in range(104)]
    for chunk in range(0, len(times), 8):
        moments = times[chunk : chunk + 8]
        script = "".join(f"/clock {t.isoformat()}\n" for t in moments)
        for _ in range(2 if chunk == 0 else 1):
            lines = await play(content, db, script, moments[0].isoformat(), "teacher", True)
            posts += [_clock_of(lines, i) for i, line in enumerate(lines) if _is_daily(line)]
    assert posts == [
        datetime(2026, 3, 7, 14, 0, tzinfo=UTC),  # 09:00 EST
        datetime(2026, 3, 8, 13, 0, tzinfo=UTC),  # 09:00 EDT, the day clocks went forward
        datetime(2026, 3, 9, 13, 0, tzinfo=UTC),
    ]


def _is_daily(line) -> bool:
    return line.get("title") == "On this date" and line["to"] == "#general"


def _clock_of(lines, index) -> datetime:
    """The time the console reported just before a post (each /clock line reports it)."""
    for line in reversed(lines[:index]):
        if line["text"].startswith("The time is "):
            stamp = line["text"].removeprefix("The time is ").removesuffix(" UTC.")
            return datetime.fromisoformat(stamp).replace(tzinfo=UTC)
    raise AssertionError("no clock line before the post")


async def test_a_student_is_refused_an_instructor_command(content, tmp_path):
    db = tmp_path / "refuse.sqlite3"
    script = (
        "/schedule onthisdate 09:00\n/quiz weekly open\n/as teacher --instructor\n/schedule list\n"
    )
    lines = await play(content, db, script, "2026-02-24T09:00:00", "student")
    refusals = [line for line in lines if line.get("error")]
    assert len(refusals) == 2
    assert all(line["private"] and line["to"] == "@student" for line in refusals)
    assert all("instructors only" in line["text"] for line in refusals)
    assert lines[-1]["to"] == "@teacher" and "No schedules yet" in lines[-1]["text"]


async def test_a_tick_the_store_fails_is_told_and_the_session_goes_on(tmp_path):
    from test_core_world import make_studyset

    from bot.console.session import ConsoleOutlet, Printer, Session
    from bot.core.engine import Core

    out, path = io.StringIO(), tmp_path / "bot.sqlite3"
    printer = Printer(out, json_lines=True)
    clock = Clock(fixed=parse_instant("2026-02-24T09:00"))
    async with await SqliteStore.open(path) as store:
        core = Core(make_studyset(), store, clock, ConsoleOutlet(printer))
        session = Session(core, printer, clock, "ann", instructor=False)
        with open(path, "r+b") as damaged:
            damaged.seek(4096)
            damaged.write(b"\xff" * (path.stat().st_size - 4096))
        await session.handle("/clock +1m")
        await session.handle("/as ben")
    said = [json.loads(line)["text"] for line in out.getvalue().splitlines()]
    assert "The time is 2026-02-24 09:01:00 UTC." in said
    assert any("could not be read" in text and "malformed" in text for text in said)
    assert "You are now ben." in said  # the session went on


async def test_the_question_bank_played_through_the_console(content, tmp_path):
    db = tmp_path / "bank.sqlite3"
    script = "/quiz practice\n/report the date is wrong\n/questions review\n"
    lines = await play(content, db, script, "2026-02-24T09:00:00")
    reported = questions(lines)[0]["question"]["id"]
    assert any("is reported" in line["text"] for line in lines)
    assert "for instructors only" in lines[-1]["text"] and lines[-1]["error"]

    script = "\n".join(
        [
            "/questions review",
            '/questions add answer="Vienna" Where did the ministers meet?',
            '/questions add answer=Brussels wrong="Tokyo; Ottawa" Where did they condemn it?',
            "/quiz start 6",
        ]
    )
    lines = await play(content, db, script + "\n", "2026-02-24T10:00:00", "teacher", True)
    notice, head, item = lines[:3]
    assert "members reported 1 question" in notice["text"]
    assert head["title"] == "Question bank" and reported in item["text"]
    restore = item["actions"][0]
    assert (restore["command"], restore["options"]) == (["questions", "restore"], {"id": reported})
    assert "“Vienna” is not written in any passage" in lines[3]["text"]
    added = lines[4]["text"].split()[1]
    async with await SqliteStore.open(db) as store:
        place = await store.community("console", "console")
        live = await store.open_round(place.id, "general", "live")
    assert reported not in live.question_ids and added in live.question_ids
    assert len(live.question_ids) == 5  # the other four and the one added

    script = f"/quiz stop\n/questions restore id={reported}\n"
    lines = await play(content, db, script, "2026-02-24T11:00:00", "teacher", True)
    assert "1 report closed" in lines[-1]["text"]


async def test_fact_more_shows_the_full_passage_the_answer_shortened(tmp_path):
    def run(script: str):
        out = io.StringIO()
        settings = Settings(content=BUNDLED, database=tmp_path / "db.sqlite3", semantic=False)
        return out, serve(settings, io.StringIO(script), out)

    out, serving = run("/fact when did the JMSDF establish the fleet escort force\n")
    assert await serving == 0
    shown = out.getvalue()
    assert "Japan established the FEF in 1961" in shown
    (typed,) = [line.split("type: ")[1] for line in shown.splitlines() if "[Full passage]" in line]
    assert typed.startswith("/fact") and typed.endswith("more nato-and-japan-011")
    full = Studyset.load(BUNDLED).passage_by_id["nato-and-japan-011"].text
    for line in (typed, "/fact more nato-and-japan-011"):  # as shown, and as a person types it
        out, serving = run(line + "\n")
        assert await serving == 0
        assert full in out.getvalue() and "privately" in out.getvalue()
