"""Readings per community, played through the console (--json) on one real SQLite file: an
instructor brings an HTML page and a PDF into one community; another keeps the bundled readings."""

from __future__ import annotations

import asyncio
import io
import json
import multiprocessing

import pytest
from test_core_world import write_studyset

from bot.console.app import serve
from bot.console.session import Clock, parse_instant
from bot.settings import Settings
from db.sqlite import SqliteStore

START = "2026-02-24T09:00:00"


@pytest.fixture
def content(tmp_path):
    return write_studyset(tmp_path / "world.json")


@pytest.fixture
def page(shared_dir):
    return shared_dir / "corpora" / "web" / "bbc-1.html"


@pytest.fixture
def paper(shared_dir):
    return shared_dir / "corpora" / "pdf" / "test_Grobid_2_05982691.pdf"


async def play(
    content, database, script, *, community="classA", user="ann", instructor=True, semantic=True
):
    out = io.StringIO()
    settings = Settings(content=content, database=database, semantic=semantic)
    options = {"user": user, "instructor": instructor, "json_lines": True, "community": community}
    clock = Clock(fixed=parse_instant(START))
    assert await serve(settings, io.StringIO(script), out, clock=clock, **options) == 0
    return [json.loads(line) for line in out.getvalue().splitlines()]


def texts(lines, title=None):
    return [line["text"] for line in lines if title is None or line.get("title") == title]


async def served_question_ids(database, community) -> set[str]:
    async with await SqliteStore.open(database) as store:
        place = await store.community("console", community)
        data = json.loads(await store.content_json(place.content_version))
    return {q["id"] for q in data["questions"] if not q.get("withheld")}  # served ones


async def test_own_readings_answer_facts_and_quizzes_while_another_community_keeps_bundled(
    content, tmp_path, page, paper
):
    db = tmp_path / "data" / "bot.sqlite3"
    script = f"/readings add {page}\n/readings add {paper}\n/wait\n"
    lines = await play(content, db, script)
    progress = texts(lines, "Building readings")
    assert any(t.startswith("Reading 1 of 2: bbc-1.html") for t in progress)
    assert any(t.startswith("Reading 2 of 2: test") and "Grobid" in t for t in progress)
    assert progress[-1].startswith("2 articles,") and "served" in progress[-1]
    assert "withheld" in progress[-1]
    # Every progress line edits the one message the build posted first.
    posted = [line for line in lines if line.get("title") == "Building readings" and "ref" in line]
    assert len(posted) == 1
    edits = {
        line["edits"]
        for line in lines
        if line.get("title") == "Building readings" and "edits" in line
    }
    assert edits == {posted[0]["ref"]}

    lines = await play(
        content,
        db,
        "/fact Obama gun laws frustration\n/fact energy efficient routing protocol zone\n"
        "/quiz start 3\n/sources\n",
    )
    facts = [line for line in lines if "citation" in line and "question" not in line]
    assert "Obama admits US gun laws" in facts[0]["citation"]
    assert "Energy Efficient Routing Protocol" in facts[1]["citation"]
    drawn = [line["question"]["id"] for line in lines if "question" in line]
    assert drawn and set(drawn) <= await served_question_ids(db, "classA")
    assert "NATO" not in texts(lines, "The articles")[0]

    # Another community on the same database: the bundled readings (here the test world).
    other = await play(content, db, "/sources\n/fact ITPP\n", community="classB", user="zoe")
    assert "The Northern Alliance" in texts(other, "The articles")[0]
    assert "ITPP" in other[1]["text"] or "Individually Tailored" in other[1]["text"]


async def test_a_student_cannot_add_list_remove_or_reset(content, tmp_path, page):
    db = tmp_path / "data" / "bot.sqlite3"
    script = f"/readings add {page}\n/readings list\n/readings remove 1\n/readings reset\n"
    lines = await play(content, db, script, user="bob", instructor=False)
    assert len(lines) == 4 and all("for instructors only" in t for t in texts(lines))
    assert not (tmp_path / "data" / "readings").exists()


async def test_remove_rebuilds_and_reset_goes_back_to_bundled(content, tmp_path, page, paper):
    db = tmp_path / "data" / "bot.sqlite3"
    await play(content, db, f"/readings add {page}\n/readings add {paper}\n/wait\n")
    lines = await play(content, db, "/readings remove 1\n/wait\n/sources\n")
    assert texts(lines, "The articles")[-1].count("\n") == 0  # one article left: the paper
    assert "Energy Efficient" in texts(lines, "The articles")[-1]
    lines = await play(content, db, "/readings reset\n/sources\n/readings list\n")
    assert "Back to the bundled readings (1 reading" in lines[0]["text"]
    assert (
        "Obama" not in texts(lines, "The articles")[0]
        and "Energy" not in texts(lines, "The articles")[0]
    )
    assert "it studies the bundled readings" in texts(lines, "Readings")[0]


@pytest.mark.parametrize(
    ("name", "data", "says"),
    [
        ("photo.pdf", b"\x89PNG\r\n\x1a\n" + b"\x00" * 64, "is not a PDF (it is a PNG image)"),
        ("huge.txt", b"a" * (20 * 2**20 + 1), "larger than 20 MB"),
        ("notes.exe", b"MZ..", "is not a reading I can read"),
        ("empty.md", b"  \n", "is empty"),
    ],
)
async def test_bad_files_get_one_clear_message_and_change_nothing(
    content, tmp_path, name, data, says
):
    db = tmp_path / "data" / "bot.sqlite3"
    bad = tmp_path / name
    bad.write_bytes(data)
    lines = await play(content, db, f"/readings add {bad}\n/readings list\n/sources\n")
    assert len(texts(lines)) == 3 and says in lines[0]["text"] and lines[0]["private"]
    assert "it studies the bundled readings" in lines[1]["text"]
    assert not (tmp_path / "data" / "readings").exists()


async def test_a_docx_zip_bomb_is_refused_before_it_is_read(content, tmp_path):
    import zipfile

    bomb = tmp_path / "bomb.docx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", b"<w:document>" + b" " * (300 * 2**20))
    assert bomb.stat().st_size < 2 * 2**20
    db = tmp_path / "data" / "bot.sqlite3"
    lines = await play(content, db, f"/readings add {bomb}\n")
    assert "would unpack to more than 200 MB" in lines[0]["text"]


async def test_a_page_with_no_article_is_skipped_with_its_reason_and_the_rest_stays(
    content, tmp_path, paper
):
    db = tmp_path / "data" / "bot.sqlite3"
    await play(content, db, f"/readings add {paper}\n/wait\n")
    empty = tmp_path / "menu.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    lines = await play(content, db, f"/readings add {empty}\n/wait\n/sources\n/readings list\n")
    final = texts(lines, "Building readings")[-1]
    assert "Skipped menu.html: no article text found in the page (/readings remove 2" in final
    assert "Energy Efficient" in texts(lines, "The articles")[0]


async def test_a_build_without_any_article_fails_and_keeps_the_previous_content(content, tmp_path):
    db = tmp_path / "data" / "bot.sqlite3"
    empty = tmp_path / "menu.html"
    empty.write_text("<html><body><nav><a href='/'>Home</a></nav></body></html>")
    lines = await play(content, db, f"/readings add {empty}\n/wait\n/sources\n/readings list\n")
    final = texts(lines, "Building readings")[-1]
    assert final.startswith("Build failed: no usable article in the readings (")
    assert "keeps its previous readings" in final
    assert "The Northern Alliance" in texts(lines, "The articles")[0]
    assert "The last build failed" in texts(lines, "Readings")[0]


async def test_a_killed_build_keeps_the_previous_content_and_says_why(
    content, tmp_path, paper, page
):
    db = tmp_path / "data" / "bot.sqlite3"
    await play(content, db, f"/readings add {paper}\n/wait\n")

    async def kill_the_worker():
        while not multiprocessing.active_children():
            await asyncio.sleep(0.01)
        for child in multiprocessing.active_children():
            child.kill()

    killer = asyncio.ensure_future(kill_the_worker())
    lines = await play(content, db, f"/readings add {page}\n/wait\n/sources\n")
    await killer
    final = texts(lines, "Building readings")[-1]
    assert "the build process was stopped (signal 9)" in final
    assert "Obama" not in texts(lines, "The articles")[0]
    assert "Energy Efficient" in texts(lines, "The articles")[0]


SHIPPING = (
    "Shipping around the Cape\n\n"
    "These attacks have prompted shipping companies to bypass the Red Sea by using the Cape of "
    "Good Hope and the Straits of Magellan, increasing shipping costs by 175 to 200 per cent "
    "according to Marco Forgione, Director General at the Institute of Export & International "
    "Trade.\n\n"
    "Harbour pilots of the port guided container ships through the channel at high tide in "
    "1987. The port authority licensed twelve pilots in 1990 after a long strike.\n"
)
PARAPHRASE = "/fact how much pricier does freight get when vessels avoid the suez route\n"


async def test_own_readings_are_looked_up_by_meaning_with_vectors_the_build_embedded(tmp_path):
    """With the real model (the bundled readings have their vectors, so meaning is on): the
    build embeds the new readings' sentences once into the community's vectors file, and /fact
    there finds a paraphrase that shares no word with the text."""
    from content.model import BUNDLED
    from content.semantic import VectorStore

    reading = tmp_path / "shipping.txt"
    reading.write_text(SHIPPING, encoding="utf-8")
    db = tmp_path / "data" / "bot.sqlite3"
    lines = await play(BUNDLED, db, f"/readings add {reading}\n/wait\n{PARAPHRASE}")
    progress = texts(lines, "Building readings")
    assert any(t.startswith("Embedding sentences for lookup by meaning: 3 of 3") for t in progress)
    assert "Cape of Good Hope" in lines[-1]["text"] and "Shipping around" in lines[-1]["citation"]
    vectors = list((tmp_path / "data" / "vectors").glob("community-*.vectors.npz"))
    assert len(vectors) == 1 and len(VectorStore(vectors[0])) == 3

    # Words alone do not find it: the same question with meaning switched off.
    lines = await play(BUNDLED, db, PARAPHRASE, semantic=False)
    assert "Cape of Good Hope" not in lines[-1]["text"] and "citation" not in lines[-1]


async def test_with_meaning_off_a_build_embeds_nothing(tmp_path):
    from content.model import BUNDLED

    reading = tmp_path / "shipping.txt"
    reading.write_text(SHIPPING, encoding="utf-8")
    db = tmp_path / "data" / "bot.sqlite3"
    lines = await play(BUNDLED, db, f"/readings add {reading}\n/wait\n", semantic=False)
    assert not any(t.startswith("Embedding") for t in texts(lines, "Building readings"))
    assert texts(lines, "Building readings")[-1].startswith("1 article")
    assert not (tmp_path / "data" / "vectors").exists()
