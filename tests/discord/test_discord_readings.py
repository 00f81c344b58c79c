"""/readings through the real discord.py client and the fake Discord: files attached to the
slash command, the build's progress edited into one channel message, another guild untouched."""

from __future__ import annotations

import asyncio

import pytest
from discord_harness import INSTRUCTOR, STUDENT, Session
from fake_discord import CHANNEL_ID, GUILD_ID, TOKEN, Attachment

from bot.core.engine import Core
from bot.discord.client import StudyBot
from bot.readings.shelf import Shelf
from db.sqlite import SqliteStore


@pytest.fixture
async def session(fake, studyset, clock, tmp_path):
    store = await SqliteStore.open(tmp_path / "data" / "studybot.sqlite3")
    shelf = Shelf(tmp_path / "data")
    bot = StudyBot(
        lambda outlet: Core(studyset, store, clock, outlet, shelf=shelf), guild_ready_timeout=0.05
    )
    await bot.login(TOKEN)
    task = asyncio.create_task(bot.connect())
    await asyncio.wait_for(bot.wait_until_ready(), 10)
    yield Session(fake, bot)
    await bot.close()
    await asyncio.wait_for(task, 10)
    await store.close()


def reply(outputs) -> dict:
    """The member-visible answer: the last output that carries an embed."""
    return next(o for o in reversed(outputs) if o.embeds)


async def test_an_instructor_attaches_a_page_and_a_pdf_and_the_guild_studies_them(
    session, fake, shared_dir
):
    page = (shared_dir / "corpora" / "web" / "bbc-1.html").read_bytes()
    paper = (shared_dir / "corpora" / "pdf" / "test_Grobid_2_05982691.pdf").read_bytes()
    for name, data in (("bbc.html", page), ("paper.pdf", paper)):
        out = reply(
            await session.slash(
                INSTRUCTOR, "readings", {"file": Attachment(name, data)}, group=("add",)
            )
        )
        assert out.ephemeral and f"Added {name} as reading" in out.text
    await asyncio.wait_for(session.bot.core.settle(), 120)
    posted = [
        m for m in fake.channel_messages() if m["embeds"][0].get("title") == "Building readings"
    ]
    assert len(posted) == 1  # one message, edited as the build went
    assert "2 articles" in posted[0]["embeds"][0]["description"]

    choices = await session.autocomplete(STUDENT, "fact", {"query": "obama"}, "query")
    assert [c["name"] for c in choices] == [
        "Obama admits US gun laws are his 'biggest frustration'"
    ]
    out = reply(await session.slash(STUDENT, "fact", {"query": "Obama gun laws frustration"}))
    assert out.embeds[0]["footer"]["text"].startswith("“Obama admits US gun laws")
    out = reply(await session.slash(STUDENT, "fact", {"query": "energy efficient routing zone"}))
    assert "Energy Efficient Routing Protocol" in out.embeds[0]["footer"]["text"]
    await session.slash(INSTRUCTOR, "quiz", {"questions": 1}, group=("start",))
    question = fake.channel_messages()[-1]
    prompt = question["content"] or question["embeds"][0]["description"]
    assert "Alliance" not in prompt and "Tomahawk" not in prompt and "ITPP" not in prompt


async def test_a_student_is_refused(session):
    out = reply(
        await session.slash(
            STUDENT, "readings", {"file": Attachment("notes.txt", b"some notes")}, group=("add",)
        )
    )
    assert out.ephemeral and "for instructors only" in out.text.lower()


async def test_an_oversized_attachment_is_refused_without_downloading_it(session, fake):
    huge = Attachment("big.pdf", b"%PDF-1.4", size=200 * 2**20)
    out = reply(await session.slash(INSTRUCTOR, "readings", {"file": huge}, group=("add",)))
    assert "big.pdf is larger than 20 MB" in out.text
    assert not [r for r in fake.requests if r[1].startswith("/attachments/")]


async def test_a_link_to_a_private_address_is_refused(session):
    out = reply(
        await session.slash(
            INSTRUCTOR, "readings", {"link": "http://169.254.169.254/latest"}, group=("add",)
        )
    )
    assert "Not added: 169.254.169.254 is a private, loopback, link-local or metadata" in out.text
    assert GUILD_ID  # the refusal changed nothing: the guild still studies the bundled set
    out = reply(await session.slash(STUDENT, "sources"))
    assert "The Alliance in Asia" in out.text


async def test_a_channel_the_bot_may_not_post_in_leaves_no_build_running(session, fake):
    fake.forbidden.add(CHANNEL_ID)
    text = Attachment("notes.txt", b"Pilots guided ships through the channel in 1987.\n")
    out = reply(await session.slash(INSTRUCTOR, "readings", {"file": text}, group=("add",)))
    assert out.ephemeral and "may not post in that channel" in out.text
    fake.forbidden.discard(CHANNEL_ID)
    out = reply(await session.slash(INSTRUCTOR, "readings", group=("list",)))
    assert "The last build failed" in out.text and "could not be posted" in out.text
