"""/readings through Bolt's real handling and the fake Slack: a file shared in the channel goes
with the command (fetched with the bot's token), a link is checked, another workspace keeps the
bundled readings."""

from __future__ import annotations

import asyncio

import pytest
from fake_slack import TEAM
from slack_harness import SECRET, Harness, text_of
from slack_world import ADMIN, STUDYSET

from bot.core.engine import Core
from bot.readings.shelf import Shelf
from bot.slack.listeners import build_app
from bot.slack.outlet import SlackOutlet
from content.model import Studyset


@pytest.fixture
def core(store, clock, client, tmp_path) -> Core:
    shelf = Shelf(tmp_path / "data")
    return Core(Studyset.from_dict(STUDYSET), store, clock, SlackOutlet(client), shelf=shelf)


def shown(reply: dict) -> str:
    return text_of(reply["blocks"])


def cited(reply: dict) -> str:
    return next(b for b in reply["blocks"] if b["type"] == "context")["elements"][0]["text"]


async def test_an_admin_shares_a_page_and_a_pdf_and_the_workspace_studies_them(
    slack, fake, core, shared_dir, client, store, clock
):
    page = (shared_dir / "corpora" / "web" / "bbc-1.html").read_bytes()
    paper = (shared_dir / "corpora" / "pdf" / "test_Grobid_2_05982691.pdf").read_bytes()
    for name, data in (("bbc.html", page), ("paper.pdf", paper)):
        fake.share_file(ADMIN, "C0QUIZ", name, data)
        (added,) = await slack.ask(ADMIN, "/readings", "add")
        assert added["response_type"] == "ephemeral" and f"Added {name} as reading" in shown(added)
    await asyncio.wait_for(core.settle(), 120)
    progress = [
        m for m in fake.called("chat.update") if "Building readings" in text_of(m["blocks"])
    ]
    assert progress and all(m["ts"] == progress[0]["ts"] for m in progress)  # one message
    assert "2 articles" in text_of(progress[-1]["blocks"])
    assert len(fake.called("file_download")) == 2

    (fact,) = await slack.ask("U0ADA", "/fact", "Obama gun laws frustration")
    assert "Obama admits US gun laws" in cited(fact), fact
    (fact,) = await slack.ask("U0ADA", "/fact", "energy efficient routing zone")
    assert "Energy Efficient Routing Protocol" in cited(fact)

    # Another workspace on the same database still studies the bundled readings.
    other = Harness(build_app(core, client, SECRET), fake)
    body = other.command_body("U0ADA", "/sources", name="other").replace(
        f"team_id={TEAM}", "team_id=T0OTHER"
    )
    await other.send(body)
    await fake.wait_until(lambda: fake.responses("other"))
    assert "Ships of the Northern Sea" in text_of(fake.responses("other")[0]["blocks"])


async def test_a_student_is_refused_and_a_private_link_is_refused(slack, fake):
    fake.share_file("U0ADA", "C0QUIZ", "notes.txt", b"my notes")
    (refused,) = await slack.ask("U0ADA", "/readings", "add")
    assert "instructors" in shown(refused) and refused["response_type"] == "ephemeral"
    (refused,) = await slack.ask(ADMIN, "/readings", "add <http://10.0.0.7/page.html>")
    assert "Not added: 10.0.0.7 is a private, loopback, link-local or metadata" in shown(refused)
    (hint,) = await slack.ask(ADMIN, "/readings", "add")
    assert "Share the file" in shown(hint)
    (listed,) = await slack.ask(ADMIN, "/readings", "list")
    assert "bundled readings" in shown(listed)
