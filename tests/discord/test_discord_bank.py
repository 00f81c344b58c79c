"""The question bank through the real discord.py client and the fake Discord: the Report
button, review with Restore/Retire buttons, and /questions add through a modal."""

from __future__ import annotations

from discord_harness import INSTRUCTOR, STUDENT, button, buttons
from fake_discord import GUILD_ID

ALL = {"q-year", "q-count", "q-who"}


async def drawn(session, fake) -> set[str]:
    """The questions a three-question live round draws now (the round is stopped after)."""
    await session.slash(INSTRUCTOR, "quiz", {"questions": 3}, group=("start",))
    store = session.bot.core.store
    place = await store.community("discord", str(GUILD_ID))
    rnd = await store.open_round(place.id, str(fake.channel_messages()[-1]["channel_id"]), "live")
    await session.slash(INSTRUCTOR, "quiz", group=("stop",))
    return set(rnd.question_ids)


async def open_form(session, fake, member):
    interaction, payload = fake.slash_payload(member, "questions", group=("add",))
    await fake.dispatch("INTERACTION_CREATE", payload)
    return await fake.first_output(interaction)


async def test_a_report_button_withholds_the_question_until_an_instructor_restores_it(
    session, fake
):
    await session.slash(STUDENT, "quiz", {"questions": 1}, group=("start",))
    question = fake.channel_messages()[-1]
    (thanks,) = await session.click(STUDENT, question, button(question, "Report"))
    assert thanks.ephemeral and "is reported" in thanks.text
    await session.slash(STUDENT, "quiz", group=("stop",))
    store = session.bot.core.store
    place = await store.community("discord", str(GUILD_ID))
    (reported,) = (await store.question_bank(place.id)).reported

    refused = await session.slash(STUDENT, "questions", group=("review",))
    assert refused[0].ephemeral and "for instructors only" in refused[0].text

    # the first instructor command after a report brings the (private) notice
    notice, head, item = await session.slash(INSTRUCTOR, "questions", group=("review",))
    assert all(o.ephemeral for o in (notice, head, item))
    assert "members reported 1 question" in notice.text and reported in item.text
    assert [b["label"] for b in buttons(item.message)] == ["Restore", "Retire"]
    assert await drawn(session, fake) == ALL - {reported}
    (restored,) = await session.click(INSTRUCTOR, item.message, button(item.message, "Restore"))
    assert "asked again" in restored.text
    assert await drawn(session, fake) == ALL

    (retired,) = await session.slash(INSTRUCTOR, "questions", {"id": reported}, group=("retire",))
    assert "not asked in this community again" in retired.text
    assert await drawn(session, fake) == ALL - {reported}


async def test_an_instructor_adds_a_question_through_a_modal(session, fake):
    form = await open_form(session, fake, INSTRUCTOR)
    assert form.type == 9 and form.data["custom_id"] == "sb:f:questions.add"
    fields = [row["components"][0]["custom_id"] for row in form.data["components"]]
    assert fields == ["prompt", "answer", "wrong", "article"]

    values = {"prompt": "Which city hosted the summit?", "answer": "Riga", "wrong": ""}
    (refused,) = await session.submit(INSTRUCTOR, form.data["custom_id"], values)
    assert refused.ephemeral and "“Riga” is not written in any passage" in refused.text

    values = {
        "prompt": "Which city hosted the summit where the partnership was agreed?",
        "answer": "Vilnius",
        "wrong": "Riga; Tallinn; Warsaw",
    }
    (added,) = await session.submit(INSTRUCTOR, form.data["custom_id"], values)
    assert added.ephemeral and "Added q-" in added.text, added.text
    assert added.embeds[0]["footer"]["text"].startswith("“The Alliance in Asia”")

    await session.slash(STUDENT, "quiz", {"kind": "added"}, group=("start",))
    question = fake.channel_messages()[-1]
    assert "Which city hosted the summit" in question["embeds"][0]["description"]
    assert button(question, "Vilnius").startswith("sb:a:")


async def test_a_student_s_submitted_form_is_refused_by_the_core(session, fake):
    values = {"prompt": "Which country blocked the office?", "answer": "France"}
    (refused,) = await session.submit(STUDENT, "sb:f:questions.add", values)
    assert refused.ephemeral and "for instructors only" in refused.text
