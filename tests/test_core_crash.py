"""A bot killed with SIGKILL mid-post, then started again on the same database, loses no post.

The child runs a real Core on a real SQLite file or PostgreSQL database (the `database` fixture). Its outlet appends every post and edit to a
"channel" file, as a platform would keep them, and at a chosen call it stops: before the post
reaches the channel, or just after. The test kills it there, starts a Core again on the same
files and ticks until the work is done, then reads the channel as members would see it.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
import textwrap
from datetime import timedelta
from pathlib import Path

import pytest
from test_core_world import START, Clock, make_studyset

from bot.core.api import Reply
from bot.core.engine import Core
from db.stores import open_store

TESTS = Path(__file__).resolve().parent

# argv: database, channel file, scenario, kill call (1-based), "before" | "after"
CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import timedelta
    sys.path.insert(0, sys.argv[6])
    from test_core_crash import ChannelFile
    from test_core_world import Clock, actor, open_core

    class Dying(ChannelFile):
        def __init__(self, path, kill_at, when):
            super().__init__(path)
            self.calls, self.kill_at, self.when = 0, kill_at, when

        async def _record(self, entry):
            self.calls += 1
            if self.calls == self.kill_at and self.when == "before":
                await self._stuck()
            ref = await super()._record(entry)
            if self.calls == self.kill_at:
                await self._stuck()
            return ref

        async def _stuck(self):
            print("stuck", flush=True)
            await asyncio.sleep(3600)

    async def main(database, channel, scenario, kill_at, when):
        clock = Clock()
        outlet = Dying(channel, int(kill_at), when)
        core, store, _ = await open_core(database, clock, outlet)
        teacher = actor("teacher", instructor=True)
        if scenario == "live":
            await core.command(actor("ann"), ("quiz", "start"), {"questions": 2, "seconds": 30})
        elif scenario == "stop":
            await core.command(actor("ann"), ("quiz", "start"), {"questions": 3, "seconds": 30})
            await core.command(actor("ann"), ("quiz", "stop"), {})
        elif scenario == "weekly":
            await core.command(teacher, ("quiz", "weekly", "open"), {"questions": 2, "days": 1})
            clock.advance(days=1)
        else:
            options = {"time": "10:00"} | ({"day": "mon"} if scenario == "weekly-quiz" else {})
            await core.command(teacher, ("schedule", scenario), options)
            clock.advance(hours=1)
        for _ in range(10):
            await core.tick()
            clock.advance(seconds=31)
        print("done", flush=True)

    asyncio.run(main(*sys.argv[1:6]))
    """
)


class ChannelFile:
    """An outlet whose channel is a JSON-lines file shared by every process."""

    platform = "test"

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)

    async def send(self, community_id: str, channel_id: str, reply: Reply) -> str:
        return await self._record(_entry("send", "", reply))

    async def edit(self, community_id: str, channel_id: str, message_ref: str, reply: Reply):
        await self._record(_entry("edit", message_ref, reply))

    async def _record(self, entry: dict) -> str:
        posted = self.path.read_text().count("\n") if self.path.exists() else 0
        entry["ref"] = entry["ref"] or f"m{posted + 1}"
        with self.path.open("a", encoding="utf-8") as channel:
            channel.write(json.dumps(entry) + "\n")
        return entry["ref"]


def _entry(op: str, ref: str, reply: Reply) -> dict:
    question = reply.question.question_id if reply.question else None
    return {"op": op, "ref": ref, "title": reply.title, "text": reply.text, "question": question}


def run_child_until_killed(
    tmp_path: Path, database: Path | str, scenario: str, kill_at: int, when: str
) -> None:
    channel = tmp_path / "channel.jsonl"
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, database, channel, scenario, str(kill_at), when, TESTS],
        stdout=subprocess.PIPE,
        text=True,
        cwd=TESTS.parent,
    )
    try:
        assert child.stdout.readline().strip() == "stuck", "the kill point was never reached"
        child.send_signal(signal.SIGKILL)
    finally:
        child.kill()
        child.wait()
    assert child.returncode == -signal.SIGKILL


async def restart_and_tick(
    tmp_path: Path, database: Path | str, clock: Clock, ticks: int = 12
) -> list[dict]:
    """Start again on the same database and channel, tick as the clock runs on; the channel's log."""
    channel = tmp_path / "channel.jsonl"
    async with await open_store(database) as store:
        core = Core(make_studyset(), store, clock, ChannelFile(channel))
        for _ in range(ticks):
            await core.tick()
            clock.advance(seconds=31)
    return (
        [json.loads(line) for line in channel.read_text().splitlines()] if channel.exists() else []
    )


def messages(log: list[dict]) -> dict[str, list[dict]]:
    """Each message's states: as posted, then after each edit."""
    states: dict[str, list[dict]] = {}
    for entry in log:
        if entry["op"] == "send":
            states[entry["ref"]] = [entry]
        else:
            assert entry["ref"] in states, "an edit of a message never posted"
            states[entry["ref"]].append(entry)
    return states


# The outlet calls of each scenario, in order; "stop" is killed only inside /quiz stop.
LIVE_CALLS = ["intro", "question 1", "reveal 1", "question 2", "reveal 2", "summary"]
STOP_CALLS = ["intro", "question 1", "reveal 1", "summary"]
# Every kill point on SQLite; on PostgreSQL the kills just after a post (sent, never recorded),
# the case that needs the store's hold and records to be right, to keep the suite quick.
KILLS = [
    pytest.param(
        scenario,
        call,
        when,
        store,
        id=f"{scenario}-{when}-{calls[call - 1]}-{store}".replace(" ", ""),
    )
    for scenario, calls, first in (("live", LIVE_CALLS, 1), ("stop", STOP_CALLS, 3))
    for call in range(first, len(calls) + 1)
    for when in ("before", "after")
    for store in ("sqlite", "postgresql")
    if when == "after" or store == "sqlite"
]


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize(("scenario", "kill_at", "when", "database"), KILLS, indirect=["database"])
async def test_a_live_round_killed_mid_post_is_finished_after_a_restart(
    tmp_path, database, scenario, kill_at, when
):
    run_child_until_killed(tmp_path, database, scenario, kill_at, when)
    log = await restart_and_tick(tmp_path, database, Clock(START + timedelta(minutes=10)))
    states = messages(log)
    studyset = make_studyset()
    calls = LIVE_CALLS if scenario == "live" else STOP_CALLS
    cut_off = calls[kill_at - 1] if when == "after" else ""  # posted, but never recorded

    questions = [s for s in states.values() if s[0]["question"]]
    revealed = [s for s in questions if len(s) > 1]
    for shown in revealed:  # each reveal edits the message showing that very question
        prompt = studyset.question_by_id[shown[0]["question"]].prompt
        assert all(prompt in edit["text"] and "Answer:" in edit["text"] for edit in shown[1:])
    left_with_buttons = [s for s in questions if len(s) == 1]
    # Only a question posted just before the kill, never recorded, is posted again: the copy
    # the dead process sent cannot be found to edit.
    assert len(left_with_buttons) == (1 if cut_off.startswith("question") else 0)
    assert not [e for e in log if e["op"] == "send" and "Answer:" in e["text"]]

    shown_ids = [s[0]["question"] for s in revealed]
    expected = 2 if scenario == "live" else 1
    assert len(set(shown_ids)) == len(shown_ids) == expected  # each shown once, then revealed
    titles = [s[-1]["title"] for s in revealed]
    assert set(titles) == {"Time's up" if scenario == "live" else "Round stopped"}
    summaries = [e for e in log if e["op"] == "send" and e["title"].startswith("Live round")]
    assert len(summaries) == (2 if cut_off == "summary" else 1)
    intros = [e for e in log if e["title"] == "Live quiz"]
    # The intro goes out with the first question: a kill between them sends both again.
    intro_again = cut_off in ("intro", "question 1") or (when, kill_at) == ("before", 2)
    assert len(intros) == (2 if intro_again else 1)
    assert log.index(intros[0]) < log.index(next(e for e in log if e["question"]))

    async with await open_store(database) as store:
        (rnd,) = [await store.get_round(1)]
        assert rnd.status == ("closed" if scenario == "live" else "stopped")


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize("kind", ["onthisdate", "weekly-quiz"])
async def test_a_scheduled_post_claimed_but_never_sent_is_sent_after_a_restart(
    tmp_path, database, kind
):
    run_child_until_killed(tmp_path, database, kind, 1, "before")
    assert not (tmp_path / "channel.jsonl").exists()
    due = START + timedelta(hours=1)
    # At once the claim may still be a live process sending; once it is stale, it is retried.
    assert await restart_and_tick(tmp_path, database, Clock(due), ticks=1) == []
    log = await restart_and_tick(tmp_path, database, Clock(due + timedelta(minutes=5)))
    title = "On this date" if kind == "onthisdate" else "Weekly quiz"
    assert [e["title"] for e in log] == [title]
    again = await restart_and_tick(tmp_path, database, Clock(due + timedelta(minutes=30)))
    assert again == log  # confirmed: a later restart does not post it again


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="needs POSIX signals")
@pytest.mark.parametrize("when", ["before", "after"])
async def test_weekly_results_cut_off_by_a_kill_are_posted_after_a_restart(
    tmp_path, database, when
):
    run_child_until_killed(tmp_path, database, "weekly", 2, when)  # call 1 announced the quiz
    log = await restart_and_tick(tmp_path, database, Clock(START + timedelta(days=1, minutes=10)))
    results = [e for e in log if e["title"] == "Weekly quiz results"]
    assert len(results) == (2 if when == "after" else 1)  # at least once, never lost
    async with await open_store(database) as store:
        assert (await store.get_round(1)).status == "closed"
