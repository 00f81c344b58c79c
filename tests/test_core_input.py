"""Nasty input: typed lines, options from adapters, echoed text, long queries, unknown commands."""

from __future__ import annotations

import pytest
from test_core_world import Clock, actor, open_core

from bot.core.commands import BY_PATH, COMMANDS
from bot.core.engine import UsageProblem, coerce
from bot.core.parse import EXTRA, parse_command
from bot.core.text import MAX_QUERY, ZWSP, clean, clean_options, clip, clip_words, neutral


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


def test_clean_makes_user_text_safe_to_store_and_compare():
    assert clean("SC\u200bS") == "SCS"
    assert clean("\u202eevil\u202c \u2066x\u2069 \ufeffy") == "evil x y"
    assert clean("bad \udcff byte \ud800") == "bad \ufffd byte \ufffd"
    assert clean("Cafe\u0301") == "Café"  # one spelling (NFC) for one text
    assert clean("a\nb\tc\x00\x1b") == "a\nb\tc"
    assert clean_options({"x": ["\u200bA"], "n": 3}) == {"x": ["A"], "n": 3}


async def test_user_text_is_cleaned_once_at_the_edge(tmp_path):
    clock = Clock()
    core, store, outlet = await open_core(tmp_path / "s.sqlite3", clock)
    sneaky = actor("\u202eann\udcff")
    boss = actor("boss", instructor=True)
    try:
        (reply,) = await core.command(sneaky, ("define",), {"term": "IT\u200bPP"})
        assert reply.text.startswith("ITPP: Individually")
        (reply,) = await core.command(sneaky, ("fact",), {"query": "\u202ezzqx\u200b\udcff"})
        assert "\u202e" not in reply.text and "\u200b" not in reply.text.replace("@\u200b", "")
        for path, options in [
            (("answer",), {"response": "\ud800"}),
            (("score",), {"user": "\udcff\u202e"}),
            (("settings", "instructor-role"), {"role": "\udcff"}),
        ]:
            for reply in await core.command(boss, path, options):
                assert "went wrong" not in reply.text
                reply.text.encode("utf-8")  # no lone surrogate left to break a platform
        await core.command(sneaky, ("quiz", "start"), {"questions": 1, "seconds": 10})
        view = outlet.sent[-1][3].question
        (reply,) = await core.answer(sneaky, view.round_id, view.question_id, "\u202eB\u200b")
        assert reply.result is not None
        (member,) = await store.members_called(1, "ann\ufffd")
        assert member.display_name == "ann\ufffd"  # stored cleaned: no override, no surrogate
        assert all("\u202e" not in sent[3].text for sent in outlet.sent)
    finally:
        await store.close()


async def test_every_echo_of_user_input_is_cut(tmp_path):
    core, store, _ = await open_core(tmp_path / "s.sqlite3", Clock())
    boss = actor("boss", instructor=True)
    huge = "x" * 100_000
    try:
        for command in COMMANDS:
            options = {p.name: huge for p in command.params if p.type is str}
            options |= {"_extra": [huge]} if not command.params else {}
            for reply in await core.command(boss, command.path, options):
                assert len(reply.text) < 1_000, (command.path, reply.text[:200])
                assert "went wrong" not in reply.text
        (reply,) = await core.command(boss, (huge,), {})
        assert len(reply.text) < 200
    finally:
        await store.close()


async def test_a_bare_group_shows_its_subcommands(tmp_path):
    core, store, _ = await open_core(tmp_path / "s.sqlite3", Clock())
    try:
        for line, wanted in [("/quiz", "/quiz weekly take"), ("/schedule", "/schedule list")]:
            (reply,) = await core.command(actor("ann"), *parse_command(line))
            assert not reply.error and "There is no" not in reply.text
            assert wanted in reply.text and "/fact" not in reply.text
        (reply,) = await core.command(actor("ann"), *parse_command("/quiz banana"))
        assert reply.error and "/quiz banana" in reply.text and "/quiz start" in reply.text
    finally:
        await store.close()


async def test_score_finds_a_member_typed_with_an_at(tmp_path):
    core, store, outlet = await open_core(tmp_path / "s.sqlite3", Clock())
    ann, ben = actor("ann"), actor("Ben")
    try:
        await core.command(ann, ("quiz", "start"), {"questions": 1, "seconds": 10})
        view = outlet.sent[-1][3].question
        await core.answer(ann, view.round_id, view.question_id, "A")
        for typed in ("@ann", "ann", "@ANN", "id-ann"):
            (reply,) = await core.command(ben, ("score",), {"user": typed})
            assert reply.text.startswith("ann: "), (typed, reply.text)
        (reply,) = await core.command(ann, ("score",), {"user": "@ben"})
        assert reply.text == "Ben has no scored answers yet."
        (reply,) = await core.command(ann, ("score",), {"user": "@nobody"})
        assert reply.error and "“nobody”" in reply.text
    finally:
        await store.close()


@pytest.mark.parametrize(
    ("typed", "hint"),
    [("Europe", "Europe/"), ("America/Argentina", "America/Argentina/"), ("x" * 300, "")],
)
async def test_settings_timezone_refuses_non_zones_with_near_misses(tmp_path, typed, hint):
    core, store, _ = await open_core(tmp_path / "s.sqlite3", Clock())
    boss = actor("boss", instructor=True)
    try:
        (reply,) = await core.command(boss, ("settings", "timezone"), {"zone": typed})
        assert reply.error and "not a time zone name" in reply.text and hint in reply.text
        assert len(reply.text) < 300
        (reply,) = await core.command(boss, ("settings", "timezone"), {"zone": "europe/berlin"})
        assert reply.text.startswith("Time zone set to Europe/Berlin.")
    finally:
        await store.close()


async def test_onthisdate_takes_the_usual_forms_of_a_date(tmp_path):
    clock = Clock()
    core, store, _ = await open_core(tmp_path / "s.sqlite3", clock)
    try:
        for typed in ("24 Feb", "Feb 24", "february 24th", "2026-02-24"):
            (reply,) = await core.command(actor("ann"), ("onthisdate",), {"date": typed})
            assert "Ministers met in Brussels" in reply.text, (typed, reply.text)
        clock.now = clock.now.replace(month=2, day=23)
        (reply,) = await core.command(actor("ann"), ("onthisdate",), {"date": "tomorrow"})
        assert "Ministers met in Brussels" in reply.text
    finally:
        await store.close()


def test_clip_words_cuts_at_a_word_end_never_inside_one():
    text = "Japan, the United States and Australia hold trilateral exercises every year."
    cut, was_cut = clip_words(text, 52)
    assert was_cut and cut == "Japan, the United States and Australia hold"
    assert clip_words(text, 200) == (text, False)
    assert clip_words("Supercalifragilistic", 5) == ("Super", True)  # one long word: no choice
