"""Every slash command through the real discord.py client and the fake Discord."""

from __future__ import annotations

import asyncio

import pytest
from discord_harness import INSTRUCTOR, ROLE_INSTRUCTOR, STUDENT, button
from fake_discord import INSTRUCTOR_ROLE_ID, Member, Role


def only(outputs):
    assert len(outputs) == 1, outputs
    return outputs[0]


async def test_fact_answers_publicly_with_the_citation_in_the_footer(session):
    out = only(await session.slash(STUDENT, "fact", {"query": "who blocked the tokyo office"}))
    assert out.type == 4 and not out.ephemeral
    assert "France" in out.embeds[0]["description"]
    assert out.embeds[0]["footer"]["text"].startswith("“The Alliance in Asia” by Ana Author")


async def test_a_long_passage_leads_with_the_answer_and_its_full_passage_is_a_click_away(
    session,
):
    out = only(
        await session.slash(STUDENT, "fact", {"query": "what replaces the fleet escort force"})
    )
    description = out.embeds[0]["description"]
    assert description.startswith("… **In September 2024 the ministry announced")
    assert "since 1961" not in description and "trilater" not in description
    assert description.endswith("from the yards. …")  # cut after a sentence, not in a word
    full = only(await session.click(STUDENT, out.message, button(out.message, "Full passage")))
    assert full.ephemeral
    assert "since 1961" in full.text and "and their trilateral exercises." in full.text


async def test_define_and_sources(session):
    out = only(await session.slash(STUDENT, "define", {"term": "itpp"}))
    assert "Individually Tailored Partnership Programme" in out.text
    out = only(await session.slash(STUDENT, "sources"))
    assert "The Alliance in Asia" in out.text and "Rebuilding the Fleet" in out.text


async def test_onthisdate_with_and_without_a_date(session):
    out = only(await session.slash(STUDENT, "onthisdate", {"date": "2026-02-24"}))
    assert "Tomahawk" in out.text and "4 years ago" in out.text
    assert only(await session.slash(STUDENT, "onthisdate")).type == 4


async def test_a_bad_option_is_a_private_usage_line(session):
    out = only(await session.slash(STUDENT, "onthisdate", {"date": "2026-02-30"}))
    assert out.ephemeral


async def test_help(session):
    out = only(await session.slash(STUDENT, "help"))
    assert "/fact" in out.text


async def test_autocomplete_offers_glossary_terms_and_titles(session):
    choices = await session.autocomplete(STUDENT, "fact", {"query": "it"}, "query")
    assert "ITPP" in [c["value"] for c in choices]
    choices = await session.autocomplete(STUDENT, "fact", {"query": "fleet"}, "query")
    assert [c["name"] for c in choices] == ["Rebuilding the Fleet"]
    choices = await session.autocomplete(
        STUDENT, "quiz", {"article": "alli"}, "article", group=("start",)
    )
    assert [(c["name"], c["value"]) for c in choices] == [("The Alliance in Asia", "alliance")]
    choices = await session.autocomplete(
        INSTRUCTOR, "settings", {"zone": "europe/ber"}, "zone", group=("timezone",)
    )
    assert [c["value"] for c in choices] == ["Europe/Berlin"]


async def test_student_is_refused_an_instructor_command_privately(session, fake):
    for name, group, options in [
        ("schedule", ("list",), None),
        ("prompt", ("post",), None),
        ("settings", ("timezone",), {"zone": "Europe/Berlin"}),
        ("scores", ("export",), None),
        ("quiz", ("weekly", "open"), None),
    ]:
        out = only(await session.slash(STUDENT, name, options, group=group))
        assert out.ephemeral and "instructors only" in out.text, name
    assert not fake.channel_messages(), "a refused command must not post anything"


async def test_instructor_settings_and_role(session):
    out = only(
        await session.slash(INSTRUCTOR, "settings", {"zone": "Europe/Berlin"}, group=("timezone",))
    )
    assert "Europe/Berlin" in out.text
    role = Role(INSTRUCTOR_ROLE_ID, "Instructor")
    only(await session.slash(INSTRUCTOR, "settings", {"role": role}, group=("instructor-role",)))
    # a member holding that role now counts as an instructor
    out = only(await session.slash(ROLE_INSTRUCTOR, "schedule", group=("list",)))
    assert "instructors only" not in out.text


async def test_schedules_add_list_remove(session):
    out = only(
        await session.slash(INSTRUCTOR, "schedule", {"time": "09:00"}, group=("onthisdate",))
    )
    assert out.ephemeral or out.type == 4
    only(
        await session.slash(
            INSTRUCTOR, "schedule", {"day": "mon", "time": "10:00"}, group=("weekly-quiz",)
        )
    )
    only(
        await session.slash(
            INSTRUCTOR, "schedule", {"day": "fri", "time": "12:00"}, group=("prompt",)
        )
    )
    listing = only(await session.slash(INSTRUCTOR, "schedule", group=("list",))).text
    assert "09:00" in listing and "10:00" in listing and "12:00" in listing
    schedules = await session.bot.core.store.schedules()
    first = min(s.id for s in schedules)
    only(await session.slash(INSTRUCTOR, "schedule", {"id": first}, group=("remove",)))
    assert len(await session.bot.core.store.schedules()) == len(schedules) - 1


async def test_scheduled_post_arrives_in_its_channel(session, fake, clock):
    only(await session.slash(INSTRUCTOR, "schedule", {"time": "09:00"}, group=("onthisdate",)))
    await session.bot.core.tick()
    assert not fake.channel_messages(), "nothing is due before 09:00"
    clock.advance(hours=1, seconds=5)
    await session.bot.core.tick()
    await session.bot.core.tick()  # claimed once: a second tick posts nothing more
    posts = fake.channel_messages()
    assert len(posts) == 1
    assert posts[0]["embeds"][0]["description"]
    assert posts[0]["allowed_mentions"] == {"parse": []}


async def test_prompt_post_opens_a_thread(session, fake):
    out = only(await session.slash(INSTRUCTOR, "prompt", group=("post",)))
    assert out.ephemeral or out.type == 4
    posts = fake.channel_messages()
    assert len(posts) == 1 and "?" in posts[0]["embeds"][0]["description"]
    assert len(fake.threads) == 1
    assert fake.threads[0]["message_id"] == posts[0]["id"]
    assert fake.threads[0]["name"] in posts[0]["embeds"][0]["description"]


async def test_leaderboard_score_and_export(session, fake):
    await session.slash(STUDENT, "quiz", {"questions": 1, "kind": "date"}, group=("start",))
    question = fake.channel_messages()[-1]
    await session.click(STUDENT, question, button(question, "2023"))
    board = only(await session.slash(STUDENT, "leaderboard", {"scope": "all"}))
    assert "ada" in board.text and not board.ephemeral
    week = only(await session.slash(STUDENT, "leaderboard", {"scope": "week"}))
    assert "ada" in week.text
    score = only(await session.slash(INSTRUCTOR, "score", {"user": STUDENT}))
    assert "ada" in score.text and "1/1" in score.text
    mine = only(await session.slash(STUDENT, "score"))
    assert "ada" in mine.text
    export = only(await session.slash(INSTRUCTOR, "scores", group=("export",)))
    [(name, csv)] = export.files.items()
    assert export.ephemeral and name in export.text and name.endswith(".csv")
    assert "q-year" in csv


async def test_a_large_export_comes_whole_as_a_csv_file(session, fake):
    members = [Member(920000000000000000 + i, f"student-with-a-long-name-{i}") for i in range(40)]
    await session.slash(STUDENT, "quiz", {"questions": 1, "kind": "date"}, group=("start",))
    question = fake.channel_messages()[-1]
    await asyncio.gather(*(session.click(m, question, button(question, "2023")) for m in members))
    export = only(await session.slash(INSTRUCTOR, "scores", group=("export",)))
    assert export.ephemeral and len(export.embeds[0]["description"]) <= 4096
    [(name, text)] = export.files.items()
    assert name.endswith(".csv") and all(m.name in text for m in members)


@pytest.mark.parametrize("member", [STUDENT, INSTRUCTOR])
async def test_quiz_stop_by_starter_or_instructor(session, fake, member):
    await session.slash(STUDENT, "quiz", {"questions": 2}, group=("start",))
    out = only(await session.slash(member, "quiz", group=("stop",)))
    assert out.ephemeral and "stopped" in out.text.lower()
    assert "stopped" in fake.channel_messages()[-1]["embeds"][0]["title"].lower()


async def test_a_store_failure_before_the_command_is_answered_in_the_store_s_words(
    start_bot, tmp_path, monkeypatch
):
    from store_faults import LOCKED, write_locked

    from db import schema

    monkeypatch.setattr(schema, "BUSY_TIMEOUT_MS", 50)  # give up on the lock at once
    session = await start_bot()
    with write_locked(tmp_path / "studybot.sqlite3"):
        (out,) = await session.slash(STUDENT, "fact", {"query": "ITPP"})
    assert out.ephemeral and LOCKED in out.text
    (out,) = await session.slash(STUDENT, "fact", {"query": "ITPP"})
    assert "Individually Tailored Partnership Programme" in out.text
