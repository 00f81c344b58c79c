"""Every slash command through Bolt's real request handling, the core and a real SQLite file."""

from __future__ import annotations

from fake_slack import TEAM
from slack_harness import (
    SECRET,
    Harness,
    action_labels,
    answer_button,
    buttons,
    choice_buttons,
    text_of,
)
from slack_world import ADMIN, TUTOR, TUTORS_GROUP

from bot.slack.listeners import build_app
from bot.slack.render import RUN_ACTION, parse_question_block_id
from content.model import Studyset


def shown(reply: dict) -> str:
    return text_of(reply["blocks"])


def answers_for(studyset: Studyset, blocks: list[dict]) -> tuple[str, ...]:
    block_id = next(b["block_id"] for b in blocks if b.get("block_id", "").startswith("q:"))
    return studyset.question_by_id[parse_question_block_id(block_id)[1]].answers


async def test_fact_answers_in_channel_with_its_citation(slack):
    (reply,) = await slack.ask("U0ADA", "/fact", "where was the CDA signed")
    assert reply["response_type"] == "in_channel"
    assert "Bergen" in shown(reply)
    context = [b for b in reply["blocks"] if b["type"] == "context"]
    assert "Ships of the Northern Sea" in context[0]["elements"][0]["text"]
    assert "paragraph 1" in context[0]["elements"][0]["text"]


async def test_a_long_passage_leads_with_the_answer_and_its_full_passage_is_a_click_away(slack):
    (reply,) = await slack.ask("U0ADA", "/fact", "what replaces the fleet escort force")
    text = shown(reply)
    assert "… *In September 2024 the ministry announced" in text  # Slack's bold
    assert "**" not in text and "trilater" not in text and "from the yards. …" in text
    (block, element), *_ = [
        (b, e) for b, e in buttons(reply["blocks"]) if e["text"]["text"] == "Full passage"
    ]
    (full,) = await slack.press("U0ADA", block, element)
    assert full["response_type"] == "ephemeral"
    assert "since 1961" in shown(full) and "trilateral exercises." in shown(full)


async def test_define_and_sources(slack):
    (defined,) = await slack.ask("U0BO", "/define", "cda")
    assert "Coastal Defence Agreement" in shown(defined)
    (listed,) = await slack.ask("U0BO", "/sources")
    assert "Ships of the Northern Sea" in shown(listed) and "Ports and Trade" in shown(listed)


async def test_on_this_date_today_and_a_date_that_does_not_exist(slack):
    (today,) = await slack.ask("U0ADA", "/onthisdate")  # the clock says 24 February
    assert today["response_type"] == "in_channel"
    assert "Coastal Defence Agreement was signed in Bergen" in shown(today)
    (bad,) = await slack.ask("U0ADA", "/onthisdate", "31 February")
    assert bad["response_type"] == "ephemeral"
    assert shown(bad).startswith(":warning:")


async def test_help_and_unknown_commands_answer_privately(slack):
    (helped,) = await slack.ask("U0ADA", "/help")
    assert helped["response_type"] == "ephemeral"
    assert "/quiz start" in shown(helped)
    (unknown,) = await slack.ask("U0ADA", "/quiz", "bogus")
    assert unknown["response_type"] == "ephemeral"
    assert "/quiz weekly take" in shown(unknown)


async def test_a_command_prefix_names_the_commands(fake, core, client):
    slack = Harness(build_app(core, client, SECRET, prefix="study-"), fake)
    (helped,) = await slack.ask("U0ADA", "/study-help")
    assert "/study-fact" in shown(helped) and "`/fact" not in shown(helped)
    (fact,) = await slack.ask("U0ADA", "/study-fact", "icebreaker crew")
    assert "Polaris" in shown(fact)


async def test_students_are_refused_instructor_commands_privately(slack, fake):
    for command, text in [
        ("/quiz", "weekly open"),
        ("/prompt", "post"),
        ("/schedule", "onthisdate 09:00"),
        ("/settings", "timezone Europe/Oslo"),
        ("/scores", "export"),
    ]:
        (reply,) = await slack.ask("U0ADA", command, text)
        assert reply["response_type"] == "ephemeral", command
        assert "for instructors only" in shown(reply), command
    assert fake.called("chat.postMessage") == []


async def test_members_of_the_instructor_user_group_are_instructors(slack, fake):
    (refused,) = await slack.ask(TUTOR, "/prompt", "post")
    assert "for instructors only" in shown(refused)
    (set_role,) = await slack.ask(ADMIN, "/settings", f"instructor-role <!subteam^{TUTORS_GROUP}>")
    assert TUTORS_GROUP in shown(set_role)
    (posted,) = await slack.ask(TUTOR, "/prompt", "post")
    assert posted["response_type"] == "ephemeral"
    (prompt,) = await fake.wait_for("chat.postMessage")
    assert prompt["channel"] == "C0QUIZ"
    assert "Is an icebreaker fleet worth its cost?" in text_of(prompt["blocks"])
    assert "thread" in text_of(prompt["blocks"])
    (still_refused,) = await slack.ask("U0ADA", "/prompt", "post")
    assert "for instructors only" in shown(still_refused)


async def test_without_user_groups_only_admins_are_instructors(slack, fake):
    fake.groups_error = "paid_teams_only"
    await slack.ask(ADMIN, "/settings", f"instructor-role {TUTORS_GROUP}")
    (refused,) = await slack.ask(TUTOR, "/schedule", "list")
    assert "for instructors only" in shown(refused)
    (listed,) = await slack.ask(ADMIN, "/schedule", "list")
    assert "for instructors only" not in shown(listed)


async def test_schedules_are_added_listed_and_removed(slack):
    await slack.ask(ADMIN, "/settings", "timezone Europe/Oslo")
    (daily,) = await slack.ask(ADMIN, "/schedule", "onthisdate 09:00")
    (weekly,) = await slack.ask(ADMIN, "/schedule", "weekly-quiz mon 10:00 3")
    (prompt,) = await slack.ask(ADMIN, "/schedule", "prompt fri 15:30 ports")
    assert "Europe/Oslo" in shown(daily)
    (listed,) = await slack.ask(ADMIN, "/schedule", "list")
    assert len(shown(listed).splitlines()) >= 3
    (removed,) = await slack.ask(ADMIN, "/schedule", "remove 2")
    assert not shown(removed).startswith(":warning:")
    (after,) = await slack.ask(ADMIN, "/schedule", "list")
    assert len(shown(after).splitlines()) == len(shown(listed).splitlines()) - 1
    (bad,) = await slack.ask(ADMIN, "/schedule", "onthisdate 25:99")
    assert shown(bad).startswith(":warning:")
    assert all(r["response_type"] == "ephemeral" for r in (daily, weekly, prompt, removed))


async def test_typed_answers_scores_and_leaderboards(slack, fake, core, clock):
    await slack.ask("U0ADA", "/quiz", "start 1 ships")  # a question with choices
    question = (await fake.wait_for("chat.postMessage", 2))[1]
    answers = answers_for(core.studyset, question["blocks"])
    right_key = answer_button(question["blocks"], answers)[1]["text"]["text"][0]
    (ada,) = await slack.ask("U0ADA", "/answer", right_key)
    assert shown(ada).startswith(":white_check_mark:")
    (bo,) = await slack.ask("U0BO", "/answer", answers[0])  # the choice's text works too
    assert shown(bo).startswith(":white_check_mark:")
    (board,) = await slack.ask("U0CY", "/leaderboard")
    assert board["response_type"] == "in_channel"
    ranks = [line for line in shown(board).splitlines() if line[:1].isdigit()]
    assert ranks[0].startswith("1. ada") and ranks[1].startswith("1. bo")  # tied: one rank
    (week,) = await slack.ask("U0CY", "/leaderboard", "week")
    assert "1. ada" in shown(week)
    (mine,) = await slack.ask("U0BO", "/score")
    assert "bo:" in shown(mine) and "1/1 right" in shown(mine)
    (theirs,) = await slack.ask("U0BO", "/score", "<@U0ADA|ada>")
    assert "ada:" in shown(theirs)
    (export,) = await slack.ask(ADMIN, "/scores", "export")
    assert export["response_type"] == "ephemeral"
    csv = shown(export)
    assert csv.count(f"slack,{TEAM},") == 2 and "U0ADA" in csv and "U0BO" in csv


async def test_practice_continues_privately_through_buttons(slack, core):
    intro, first = await slack.ask("U0CY", "/quiz", "practice", replies=2)
    assert intro["response_type"] == first["response_type"] == "ephemeral"
    assert "Nothing here is scored" in shown(intro)
    blocks = first["blocks"]
    for _ in range(len(core.studyset.questions)):
        answers = answers_for(core.studyset, blocks)
        result, nxt = await slack.answer_rightly("U0CY", blocks, answers, replies=2)
        assert result["response_type"] == nxt["response_type"] == "ephemeral"
        assert shown(result).startswith(":white_check_mark:")
        blocks = nxt["blocks"]
    assert "Practice done: 3/3 right" in text_of(blocks)


async def test_the_weekly_quiz_button_starts_it_privately(slack, fake, core):
    await slack.ask(ADMIN, "/quiz", "weekly open 2")
    (announcement,) = await fake.wait_for("chat.postMessage")
    (take,) = [
        (b, e) for b, e in buttons(announcement["blocks"]) if e["action_id"] == f"{RUN_ACTION}:0"
    ]
    (question,) = await slack.press("U0ADA", *take)
    assert question["response_type"] == "ephemeral"
    assert "Question 1 of 2" in shown(question)
    (status,) = await slack.ask("U0ADA", "/quiz", "weekly status")
    assert "You have answered 0" in shown(status)
    (closed,) = await slack.ask(ADMIN, "/quiz", "weekly close")
    assert closed["response_type"] == "ephemeral"
    results = (await fake.wait_for("chat.postMessage", 2))[1]
    assert "Weekly quiz results" in text_of(results["blocks"])


async def test_only_the_starter_or_an_instructor_stops_a_round(slack, fake):
    await slack.ask("U0ADA", "/quiz", "start 2")
    question = (await fake.wait_for("chat.postMessage", 2))[1]
    (refused,) = await slack.ask("U0BO", "/quiz", "stop")
    assert "Only the member who started" in shown(refused)
    (stopped,) = await slack.ask("U0ADA", "/quiz", "stop")
    assert stopped["response_type"] == "ephemeral"
    (reveal,) = await fake.wait_for("chat.update")
    assert (reveal["channel"], reveal["ts"]) == (question["channel"], question["ts"])
    assert choice_buttons(reveal["blocks"]) == []  # the answer buttons go with the reveal
    assert action_labels(reveal["blocks"]) == ["Report"]
    assert "Answer:" in text_of(reveal["blocks"])
    summary = (await fake.wait_for("chat.postMessage", 3))[2]
    assert "stopped by ada" in text_of(summary["blocks"])


async def test_a_channel_the_bot_cannot_post_in_gets_a_private_hint(slack, fake):
    fake.closed_channels.add("G0SECRET")
    (reply,) = await slack.ask("U0ADA", "/prompt", "post", channel="G0SECRET")
    assert "for instructors only" in shown(reply)
    (reply,) = await slack.ask(ADMIN, "/prompt", "post", channel="G0SECRET")
    assert reply["response_type"] == "ephemeral"
    assert "/invite @studybot" in shown(reply)


async def test_a_network_failure_still_gets_the_asker_an_answer(slack, fake):
    fake.dropped.add("users.info")
    (reply,) = await slack.ask("U0ADA", "/sources")
    assert reply["response_type"] == "ephemeral"
    assert "Something went wrong" in shown(reply)
    fake.dropped.clear()
    (reply,) = await slack.ask("U0ADA", "/sources")
    assert "Ports and Trade" in shown(reply)


async def test_who_someone_is_is_looked_up_once_a_minute_not_on_every_request(slack, fake):
    for _ in range(3):
        await slack.ask("U0ADA", "/sources")
    await slack.ask("U0BO", "/sources")
    assert [c["user"] for c in fake.called("users.info")] == ["U0ADA", "U0BO"]
    assert len(fake.called("usergroups.list")) == 1  # one call covers every member's groups


async def test_a_store_failure_before_the_command_is_answered_in_the_store_s_words(
    fake, client, clock, tmp_path, monkeypatch
):
    from slack_world import STUDYSET
    from store_faults import LOCKED, write_locked

    from bot.core.engine import Core
    from bot.slack.outlet import SlackOutlet
    from db import schema
    from db.sqlite import SqliteStore

    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)  # give up on the lock at once
    path = tmp_path / "locked.sqlite3"
    async with await SqliteStore.open(path) as store:
        core = Core(Studyset.from_dict(STUDYSET), store, clock, SlackOutlet(client))
        slack = Harness(build_app(core, client, SECRET), fake)
        with write_locked(path):
            (refused,) = await slack.ask("U0ADA", "/fact", "icebreaker crew")
        assert refused["response_type"] == "ephemeral" and LOCKED in shown(refused)
        (fact,) = await slack.ask("U0ADA", "/fact", "icebreaker crew")
        assert "Polaris" in shown(fact)
