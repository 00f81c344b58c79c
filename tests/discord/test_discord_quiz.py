"""Quizzes with buttons and modals, restarts, rate limits and gateway drops, end to end."""

from __future__ import annotations

import asyncio
import copy

from discord_harness import INSTRUCTOR, STUDENT, button, buttons
from fake_discord import CHANNEL_ID, Member


async def _live_question(session, fake, **options) -> dict:
    await session.slash(STUDENT, "quiz", {"questions": 1, **options}, group=("start",))
    question = fake.channel_messages()[-1]
    assert question["embeds"][0]["description"].startswith("Question 1/1")
    return question


async def test_live_round_many_members_at_once_each_recorded_once(session, fake, clock):
    question = await _live_question(session, fake, kind="date")
    right = button(question, "2023")
    members = [Member(910000000000000000 + i, f"member{i}") for i in range(12)]
    answered = await asyncio.gather(*(session.click(m, question, right) for m in members))
    assert all(len(o) == 1 and o[0].ephemeral and "Correct" in o[0].text for o in answered)

    again = await asyncio.gather(*(session.click(m, question, right) for m in members[:3]))
    assert all("already answered" in o[0].text for o in again)
    round_id = int(right.split(":")[2])
    given = await session.bot.core.store.answers(round_id)
    assert sorted(a.user_id for a in given) == sorted(str(m.id) for m in members)

    as_shown = copy.deepcopy(question)  # a click racing the reveal still carries the buttons
    clock.advance(seconds=31)
    await session.bot.core.tick()
    revealed = fake.messages[int(question["id"])]
    labels = [b["label"] for b in buttons(revealed)]
    assert labels == ["Report"], "the reveal takes the answer buttons away; Report stays"
    assert "Answer: 2023" in revealed["embeds"][0]["description"]
    assert "12 of 12 answers right" in revealed["embeds"][0]["description"]
    assert revealed["embeds"][0]["footer"]["text"].startswith("“The Alliance in Asia”")
    late = await session.click(STUDENT, as_shown, right)
    assert late[0].ephemeral and "closed" in late[0].text


async def test_typed_answer_to_the_showing_question(session, fake):
    await _live_question(session, fake, kind="number")
    out = await session.slash(STUDENT, "answer", {"response": "400"})
    assert out[0].ephemeral and "Correct" in out[0].text


async def test_free_text_answer_through_a_modal(session, fake):
    question = await _live_question(session, fake, kind="number")
    open_form, report = buttons(question)
    assert report["label"] == "Report"
    modal = await session.open_modal(STUDENT, question, open_form["custom_id"])
    assert modal.type == 9
    field = modal.data["components"][0]["components"][0]["custom_id"]
    out = await session.submit(STUDENT, modal.data["custom_id"], {field: "four hundred"})
    assert out[0].ephemeral and "Correct" in out[0].text


async def test_practice_continues_privately(session, fake):
    shown = await session.slash(STUDENT, "quiz", group=("practice",))
    assert all(o.ephemeral for o in shown) and shown[-1].buttons
    answered = await _answer_first_choice(session, shown[-1].message)
    assert all(o.ephemeral for o in answered) and answered[0].data["embeds"][0]["footer"]
    assert answered[-1].buttons, "the next practice question follows"
    assert not fake.channel_messages(), "practice is private"


async def _answer_first_choice(session, message: dict):
    """Click the first choice, or type "400" into the form of a free-text question."""
    first = buttons(message)[0]
    if not first["custom_id"].startswith("sb:t:"):
        return await session.click(STUDENT, message, first["custom_id"])
    modal = await session.open_modal(STUDENT, message, first["custom_id"])
    field = modal.data["components"][0]["components"][0]["custom_id"]
    return await session.submit(STUDENT, modal.data["custom_id"], {field: "400"})


async def test_weekly_quiz_button_continues_privately(session, fake, clock):
    opened = await session.slash(INSTRUCTOR, "quiz", {"questions": 2}, group=("weekly", "open"))
    assert opened[0].ephemeral
    announcement = fake.channel_messages()[-1]
    take = button(announcement, "Take this week's quiz")
    shown = await session.click(STUDENT, announcement, take)
    assert len(shown) == 1 and shown[0].ephemeral and shown[0].buttons
    status = await session.slash(STUDENT, "quiz", group=("weekly", "status"))
    assert "answered 0" in status[0].text
    by_command = await session.slash(STUDENT, "quiz", group=("weekly", "take"))
    assert by_command[0].ephemeral and by_command[0].text == shown[0].text

    outs = shown
    for _ in range(2):  # answer each question privately; the next one follows
        outs = await _answer_first_choice(session, outs[-1].message)
        assert len(outs) == 2 and all(o.ephemeral for o in outs)
    assert "finished this week's quiz" in outs[-1].text

    closed = await session.slash(INSTRUCTOR, "quiz", group=("weekly", "close"))
    assert closed[0].ephemeral
    assert "Weekly quiz results" in fake.channel_messages()[-1]["embeds"][0]["title"]


async def test_button_posted_before_a_restart_still_works(start_bot, fake):
    first = await start_bot()
    await first.slash(STUDENT, "quiz", {"questions": 1, "kind": "date"}, group=("start",))
    question = fake.channel_messages()[-1]
    await start_bot.stop(first)

    second = await start_bot()  # a new client on the same database file
    assert second.bot is not first.bot
    out = await second.click(STUDENT, question, button(question, "2023"))
    assert "Correct" in out[0].text
    again = await second.click(STUDENT, question, button(question, "2023"))
    assert "already answered" in again[0].text


async def test_rest_429_is_waited_out_and_retried(session, fake):
    limit = fake.rate_limit("POST", r"/channels/\d+/messages", times=1, retry_after=0.05)
    question = await _live_question(session, fake, kind="date")
    assert limit.hits == 1
    assert buttons(question), "the question arrived after the retry"
    callback_limit = fake.rate_limit("POST", r"/interactions/\d+/[^/]+/callback", retry_after=0.05)
    out = await session.slash(STUDENT, "sources")
    assert callback_limit.hits == 1 and "Rebuilding the Fleet" in out[0].text


async def test_gateway_drop_is_followed_by_a_resume(session, fake):
    await fake.drop_connection()
    await asyncio.wait_for(fake.resumed.wait(), 10)
    assert fake.resumes == 1 and fake.identifies == 1, "resumed, not a new session"
    out = await session.slash(STUDENT, "define", {"term": "ITPP"})
    assert "Individually Tailored Partnership Programme" in out[0].text


async def test_a_slow_command_is_deferred_then_answered_privately(start_bot, fake):
    session = await start_bot(defer_after=0.05)
    limit = fake.rate_limit("POST", r"/channels/\d+/messages", times=1, retry_after=0.5)
    outs = await session.slash(STUDENT, "quiz", {"questions": 1}, group=("start",))
    assert limit.hits == 1
    assert [(o.kind, o.type) for o in outs] == [("callback", 5), ("edit-original", 0)]
    assert outs[0].ephemeral and "Live round" in outs[1].text
    assert len(fake.channel_messages()) == 2, "the announcement and the question, once each"


async def test_answer_form_opened_before_a_restart_is_taken_after_it(start_bot, fake):
    first = await start_bot()
    question = await _live_question(first, fake, kind="number")
    modal = await first.open_modal(STUDENT, question, buttons(question)[0]["custom_id"])
    await start_bot.stop(first)

    second = await start_bot()
    field = modal.data["components"][0]["components"][0]["custom_id"]
    out = await second.submit(STUDENT, modal.data["custom_id"], {field: "400"})
    assert len(out) == 1 and "Correct" in out[0].text


async def test_a_channel_the_bot_may_not_post_in_gets_a_private_explanation(session, fake):
    fake.forbidden.add(CHANNEL_ID)
    out = await session.slash(STUDENT, "quiz", {"questions": 1}, group=("start",))
    assert len(out) == 1 and out[0].ephemeral
    assert "may not post in that channel" in out[0].text
    fake.forbidden.discard(CHANNEL_ID)  # an admin grants the permission: nothing is left running
    out = await session.slash(STUDENT, "quiz", {"questions": 1}, group=("start",))
    assert "Live round" in out[-1].text and "already running" not in out[-1].text


async def test_a_click_is_acknowledged_before_its_answer_is_recorded(start_bot, fake, tmp_path):
    """A class clicking at once must not wait for each other's answers to be acknowledged:
    with the database busy, the click is acknowledged at once and answered once it is free."""
    from store_faults import write_locked

    session = await start_bot(defer_after=30)  # the slow-work timer would come far too late
    question = await _live_question(session, fake, kind="date")
    iid, payload = fake.click_payload(STUDENT, question, button(question, "2023"))
    handled = asyncio.ensure_future(
        session.bot.wait_for("studybot_handled", check=lambda i: i == iid, timeout=20)
    )
    with write_locked(tmp_path / "studybot.sqlite3"):  # the answer cannot be written yet
        await fake.dispatch("INTERACTION_CREATE", payload)
        ack = await fake.first_output(iid, timeout=3)
        assert ack.acknowledgement and ack.ephemeral
        assert not handled.done()
    await handled
    (ack, reply) = fake.outputs[iid]
    assert reply.kind == "edit-original" and reply.ephemeral and "Correct" in reply.text
    round_id = int(payload["data"]["custom_id"].split(":")[2])
    assert len(await session.bot.core.store.answers(round_id)) == 1
