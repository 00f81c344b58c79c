"""Nasty input: typed lines, options from adapters, echoed text, long queries, unknown commands."""

from __future__ import annotations

import pytest
from test_core_world import Clock, actor, open_core

from bot.core.commands import BY_PATH, COMMANDS
from bot.core.engine import UsageProblem, coerce
from bot.core.parse import EXTRA, parse_command
from bot.core.text import MAX_QUERY, ZWSP, clip, clip_words, neutral


@pytest.mark.parametrize(
    ("line", "path", "options"),
    [
        ("/quiz start 5 kind=date", ("quiz", "start"), {"questions": "5", "kind": "date"}),
        ("/quiz start 3 40", ("quiz", "start"), {"questions": "3", "seconds": "40"}),
        ("/quiz start date 30", ("quiz", "start"), {"article": "date", "questions": "30"}),
        ("  /FACT   what is  ITPP? ", ("fact",), {"query": "what is  ITPP?"}),
        ("/fact query=a = b", ("fact",), {"query": "a = b"}),
        ("/quiz weekly take", ("quiz", "weekly", "take"), {}),
        ("/quiz weekly", ("quiz", "weekly"), {}),
        ("/nosuch thing", ("nosuch",), {}),
        ("/leaderboard week more", ("leaderboard",), {"scope": "week", EXTRA: ["more"]}),
        ("/", (), {}),
    ],
)
def test_parse_command(line, path, options):
    assert parse_command(line) == (path, options)


def test_every_command_has_a_handler_and_a_usage_line(tmp_path):
    from bot.core.engine import Core

    core = Core(None, None, Clock(), None)
    assert set(core._handlers) == set(BY_PATH)
    for command in COMMANDS:
        assert command.usage.startswith("/" + " ".join(command.path))


@pytest.mark.parametrize(
    ("path", "options", "problem"),
    [
        (("quiz", "start"), {"questions": "five"}, "questions must be a whole number"),
        (("quiz", "start"), {"questions": "0"}, "between 1 and 20"),
        (("quiz", "start"), {"seconds": 100000}, "between 5 and 600"),
        (("quiz", "start"), {"questions": True}, "whole number"),
        (("leaderboard",), {"scope": "year"}, "one of week, all"),
        (("leaderboard",), {EXTRA: ["x", "y"]}, "x y"),
        (("fact",), {}, "Missing QUERY"),
        (("fact",), {"query": "   "}, "Missing QUERY"),
        (("schedule", "remove"), {"id": "-3"}, "between 1"),
        (("define",), {"term": "x", "colour": "red"}, "no option colour"),
    ],
)
def test_bad_options_are_named(path, options, problem):
    with pytest.raises(UsageProblem, match=problem):
        coerce(BY_PATH[path], options)


def test_options_from_adapters_are_converted():
    assert coerce(BY_PATH["quiz", "start"], {"questions": 4, "seconds": "45"}) == {
        "questions": 4,
        "seconds": 45,
    }
    assert coerce(BY_PATH["leaderboard",], {"scope": "WEEK"}) == {"scope": "week"}


def test_neutral_defuses_mentions_and_markdown():
    text = neutral("@everyone look <@123> <@&9> <#77> <!channel> **bold** `x` ~~s~~ > q\nline")
    assert "@everyone" not in text and "@" + ZWSP + "everyone" in text
    for raw in ("<@123>", "<@&9>", "<#77>", "<!channel>"):
        assert raw not in text
    assert "\\*\\*bold\\*\\*" in text and "\\`x\\`" in text and "\n" not in text


def test_clip_cuts_with_a_note():
    assert clip("short") == ("short", "")
    cut, note = clip("x" * (MAX_QUERY + 50))
    assert len(cut) == MAX_QUERY and str(MAX_QUERY) in note


async def test_replies_to_nasty_input(tmp_path):
    core, store, _ = await open_core(tmp_path / "s.sqlite3", Clock())
    alice = actor("alice")
    try:

        async def ask(line):
            return await core.command(alice, *parse_command(line))

        (reply,) = await ask("/fact " + "ITPP " * 100)
        assert "cut to its first" in reply.text
        (reply,) = await ask("/fact @everyone zzqx <@123>")
        assert reply.private and "@everyone" not in reply.text and "<@123>" not in reply.text
        (reply,) = await ask("/define **<!channel>**")
        assert reply.private and "<!channel>" not in reply.text and "**" not in reply.text
        (reply,) = await ask("/nosuch @here")
        assert reply.error and reply.private and "/help" in reply.text
        (reply,) = await ask("/quiz banana")
        assert reply.error and "/quiz start" in reply.text
        (reply,) = await ask("/quiz start questions=many")
        assert reply.error and "Usage: `/quiz start" in reply.text
        (reply,) = await ask("/quiz start 3 nosucharticlewhatsoever")
        assert reply.error and "/sources" in reply.text
        (reply,) = await ask("/onthisdate 2026-02-30")
        assert reply.error and "February 2026 has no day 30" in reply.text
        (reply,) = await ask("/answer B")
        assert reply.error and "No question is waiting" in reply.text
        (reply,) = await ask("/score <@nobody>")
        assert reply.private and "no scored answers" in reply.text
        (reply,) = await ask("/score Someone Unknown")
        assert reply.error and "Someone Unknown" in reply.text
        assert await store.export_rows() == []  # nothing of the above wrote a score
    finally:
        await store.close()


async def test_display_names_are_shown_defused(tmp_path):
    clock = Clock()
    core, store, outlet = await open_core(tmp_path / "s.sqlite3", clock)
    troll = actor("@everyone **boss**")
    try:
        await core.command(troll, ("quiz", "start"), {"questions": 1, "seconds": 10})
        round_id = outlet.sent[-1][3].question.round_id
        view = outlet.sent[-1][3].question
        await core.answer(troll, round_id, view.question_id, "B")
        (board,) = await core.command(troll, ("leaderboard",), {})
        assert board.leaderboard and "@everyone" not in board.leaderboard[0].user
        assert "**" not in board.text.replace("\\*", "")
        assert "@everyone" not in outlet.sent[0][3].text
    finally:
        await store.close()


def test_clip_words_cuts_at_a_word_end_never_inside_one():
    text = "Japan, the United States and Australia hold trilateral exercises every year."
    cut, was_cut = clip_words(text, 52)
    assert was_cut and cut == "Japan, the United States and Australia hold"
    assert clip_words(text, 200) == (text, False)
    assert clip_words("Supercalifragilistic", 5) == ("Super", True)  # one long word: no choice
