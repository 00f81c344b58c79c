"""Live rounds with several members clicking at once, and the core's clock-driven posts."""

from __future__ import annotations

import asyncio

from fake_slack import TEAM
from slack_harness import (
    SECRET,
    Harness,
    action_labels,
    answer_button,
    buttons,
    choice_buttons,
    text_of,
    wrong_button,
)
from slack_world import ADMIN, STUDENTS

from bot.core.engine import Core
from bot.slack.listeners import build_app
from bot.slack.outlet import SlackOutlet
from bot.slack.render import parse_question_block_id


def question_of(core, message: dict):
    block_id = next(
        b["block_id"] for b in message["blocks"] if b.get("block_id", "").startswith("q:")
    )
    return core.studyset.question_by_id[parse_question_block_id(block_id)[1]]


async def test_a_live_round_with_several_members_clicking(slack, fake, core, clock):
    await slack.ask("U0ADA", "/quiz", "start 2 ships seconds=20")  # two choice questions
    intro, first = await fake.wait_for("chat.postMessage", 2)
    assert "started a live quiz" in text_of(intro["blocks"])
    answers = question_of(core, first).answers
    right, wrong = answer_button(first["blocks"], answers), wrong_button(first["blocks"], answers)
    ada, bo, cy = STUDENTS
    results = await asyncio.gather(
        slack.press(ada, *right, message_ts=first["ts"]),
        slack.press(bo, *right, message_ts=first["ts"]),
        slack.press(cy, *wrong, message_ts=first["ts"]),
    )
    (ada_result,), (bo_result,), (cy_result,) = results
    assert all(r["response_type"] == "ephemeral" for r in (ada_result, bo_result, cy_result))
    assert text_of(ada_result["blocks"]).startswith(":white_check_mark: Correct!")
    assert text_of(bo_result["blocks"]).startswith(":white_check_mark: Correct!")
    assert text_of(cy_result["blocks"]).startswith(":x:")
    assert answers[0] not in text_of(cy_result["blocks"])  # no spoiler before the reveal
    (again,) = await slack.press(ada, *wrong)
    assert "already answered" in text_of(again["blocks"])

    clock.advance(seconds=21)
    await core.tick()
    (reveal,) = fake.called("chat.update")
    assert (reveal["channel"], reveal["ts"]) == ("C0QUIZ", first["ts"])
    revealed = text_of(reveal["blocks"])
    assert f"Answer: {answers[0]}" in revealed and "2 of 3 answers right" in revealed
    assert choice_buttons(reveal["blocks"]) == []
    assert action_labels(reveal["blocks"]) == ["Report"]
    second = fake.called("chat.postMessage")[2]
    assert "Question 2 of 2" in text_of(second["blocks"])
    late = await slack.press(bo, *right)  # a click on question 1 after it closed
    assert "closed" in text_of(late[0]["blocks"])

    answers = question_of(core, second).answers
    clock.advance(seconds=10)  # cy answers later than ada and bo did: a smaller speed bonus
    await slack.press(cy, *answer_button(second["blocks"], answers))
    clock.advance(seconds=11)
    await core.tick()
    assert len(fake.called("chat.update")) == 2
    summary = fake.called("chat.postMessage")[3]
    ranks = [line for line in text_of(summary["blocks"]).splitlines() if line[:1].isdigit()]
    points = {line.split()[1].rstrip(":"): int(line.split()[2]) for line in ranks}
    assert points["ada"] == points["bo"] > points["cy"] > 0
    assert ranks[-1].startswith("3. cy")
    await core.tick()  # nothing more is due: no second reveal, no second summary
    assert len(fake.called("chat.postMessage")) == 4


async def test_a_free_text_question_is_answered_in_its_input(slack, fake, core, clock):
    await slack.ask("U0BO", "/quiz", "start 1 ports")  # the ports article's question is free text
    question = (await fake.wait_for("chat.postMessage", 2))[1]
    (field,) = [b for b in question["blocks"] if b["type"] == "input"]
    (result,) = await slack.press("U0BO", field, field["element"], value="  rotterdam ")
    assert text_of(result["blocks"]).startswith(":white_check_mark:")
    (wrong,) = await slack.press("U0CY", field, field["element"], value="Hamburg")
    assert text_of(wrong["blocks"]).startswith(":x:")


async def test_a_scheduled_post_arrives_when_the_clock_comes_round(slack, fake, core, clock):
    (added,) = await slack.ask(ADMIN, "/schedule", "onthisdate 09:00", channel="C0NEWS")
    assert "09:00" in text_of(added["blocks"])
    await core.tick()  # 08:00: not yet
    assert fake.called("chat.postMessage") == []
    clock.advance(hours=1, seconds=30)
    fake.rate_limited["chat.postMessage"] = 1  # Slack says "slow down" once: the post waits
    await core.tick()
    assert fake.called("429") == [{"method": "chat.postMessage"}]
    (post,) = fake.called("chat.postMessage")
    assert post["channel"] == "C0NEWS"
    assert "Coastal Defence Agreement was signed in Bergen" in text_of(post["blocks"])
    await core.tick()
    clock.advance(minutes=5)
    await core.tick()
    assert len(fake.called("chat.postMessage")) == 1  # once a day, however often the clock ticks


async def test_the_weekly_window_closes_by_the_clock(slack, fake, core, clock):
    await slack.ask(ADMIN, "/quiz", "weekly open 1 1")
    (announcement,) = await fake.wait_for("chat.postMessage")
    (take,) = buttons(announcement["blocks"])
    (question,) = await slack.press("U0ADA", *take)
    answers = question_of(core, question).answers
    (result, done) = await slack.answer_rightly("U0ADA", question["blocks"], answers, replies=2)
    assert text_of(result["blocks"]).startswith(":white_check_mark:")
    assert "finished this week's quiz" in text_of(done["blocks"])
    clock.advance(days=1, seconds=1)
    await core.tick()
    results = fake.called("chat.postMessage")[1]
    assert "1 member took part" in text_of(results["blocks"])
    assert "1. ada" in text_of(results["blocks"])


async def test_a_button_posted_before_a_restart_still_works(
    slack, fake, core, store, clock, client
):
    await slack.ask("U0ADA", "/quiz", "start 1 ships seconds=60")
    question = (await fake.wait_for("chat.postMessage", 2))[1]
    answers = question_of(core, question).answers
    # a new process: a new core and Bolt app, nothing in memory, the same database
    restarted = Core(core.studyset, store, clock, SlackOutlet(client))
    after = Harness(build_app(restarted, client, SECRET), fake)
    (result,) = await after.press("U0BO", *answer_button(question["blocks"], answers))
    assert text_of(result["blocks"]).startswith(":white_check_mark:")
    clock.advance(seconds=61)
    await restarted.tick()
    (reveal,) = fake.called("chat.update")
    assert reveal["ts"] == question["ts"] and "1 of 1 answer right" in text_of(reveal["blocks"])


async def test_broken_and_invisible_text_is_cleaned_before_the_core_reads_it(slack, fake, store):
    (defined,) = await slack.ask("U0BO", "/define", "c\u200bd\u202ea")  # zero-width, bidi
    assert "Coastal Defence Agreement" in text_of(defined["blocks"])
    (bare,) = await slack.ask("U0BO", "/quiz")
    assert "/quiz start" in text_of(bare["blocks"]) and "There is no" not in text_of(bare["blocks"])
    await slack.ask("U0BO", "/quiz", "start 1 ports")
    question = (await fake.wait_for("chat.postMessage", 2))[1]
    (field,) = [b for b in question["blocks"] if b["type"] == "input"]
    # JSON may carry half a surrogate pair ("\ud800"): Python reads it as a lone surrogate
    (result,) = await slack.press("U0CY", field, field["element"], value="Rott\ud800erdam")
    assert text_of(result["blocks"]).startswith((":x:", ":white_check_mark:"))  # judged
    community = await store.community("slack", TEAM)
    rnd = await store.open_round(community.id, "C0QUIZ", "live")
    assert [a.response for a in await store.answers(rnd.id)] == ["Rott\ufffderdam"]
