"""Block Kit rendering of core replies: what a Slack user sees, and what a click sends back."""

from __future__ import annotations

import json
from datetime import UTC, datetime

from slack_harness import buttons, text_of

from bot.core.api import Action, Choice, LeaderEntry, QuestionView, Reply, Result
from bot.slack.render import (
    ANSWER_ACTION,
    CUT_NOTE,
    MAX_BLOCKS,
    RUN_ACTION,
    SECTION_LIMIT,
    TEXT_ACTION,
    blocks,
    message,
    parse_question_block_id,
)

VIEW = QuestionView(
    round_id=7,
    question_id="q-12",
    position=1,
    total=5,
    prompt="What does <TLS> stand for?",
    choices=(Choice("A", "Transport Layer Security"), Choice("B", "Top Level Socket")),
    closes_at=datetime(2026, 2, 24, 9, 30, tzinfo=UTC),
)


def test_citation_sits_in_a_context_block():
    out = blocks(Reply(text="TLS came in 1999.", citation="“Crypto” by Ann Lee, paragraph 4"))
    context = [b for b in out if b["type"] == "context"]
    assert len(context) == 1
    assert "“Crypto” by Ann Lee, paragraph 4" in context[0]["elements"][0]["text"]
    assert out[0]["type"] == "section" and out[0]["text"]["text"] == "TLS came in 1999."


def test_choices_become_buttons_that_carry_round_question_and_key():
    out = blocks(Reply(text="Question 2/5: ...\nA) ...", question=VIEW))
    found = buttons(out)
    assert [e["text"]["text"] for _, e in found] == [
        "A. Transport Layer Security",
        "B. Top Level Socket",
    ]
    assert [json.loads(e["value"]) for _, e in found] == [
        {"r": 7, "q": "q-12", "k": "A"},
        {"r": 7, "q": "q-12", "k": "B"},
    ]
    ids = [e["action_id"] for _, e in found]
    assert len(set(ids)) == len(ids) and all(i.startswith(ANSWER_ACTION + ":") for i in ids)
    shown = text_of(out)
    assert "Question 2 of 5" in shown and "&lt;TLS&gt;" in shown
    assert "A) ..." not in shown  # the plain-text spelling of the choices is not repeated
    assert "<!date^1771925400^" in shown  # each reader sees the closing time in their own zone


def test_free_text_question_is_an_input_that_sends_on_enter():
    view = QuestionView(7, "q-3", 0, 1, "Who wrote it?", (), None)
    out = blocks(Reply(text="", question=view))
    (field,) = [b for b in out if b["type"] == "input"]
    assert field["dispatch_action"] is True
    assert field["element"]["action_id"] == TEXT_ACTION
    assert parse_question_block_id(field["block_id"]) == (7, "q-3")


def test_user_text_cannot_ping_or_break_markup():
    out = message(Reply(text=r"No match for <!channel> & <@U123> a\_b"))
    shown = text_of(out["blocks"])
    assert "<!channel>" not in shown and "<@U123>" not in shown
    assert "&lt;!channel&gt; &amp; &lt;@U123&gt;" in shown
    assert "a_b" in shown  # the core's Discord-style escape is undone: Slack would show it
    assert "<" not in out["text"]


def test_long_text_is_split_below_slacks_cap_without_losing_any():
    lines = [f"line {i} " + "x" * 90 for i in range(120)]
    out = blocks(Reply(text="\n".join(lines)))
    sections = [b["text"]["text"] for b in out if b["type"] == "section"]
    assert len(sections) > 1
    assert all(len(s) <= SECTION_LIMIT for s in sections)
    assert "\n".join(sections).split("\n") == lines


def test_one_long_line_is_cut_into_pieces():
    out = blocks(Reply(text="y" * (SECTION_LIMIT * 2 + 10)))
    sections = [b["text"]["text"] for b in out if b["type"] == "section"]
    assert [len(s) for s in sections] == [SECTION_LIMIT, SECTION_LIMIT, 10]


def test_results_errors_and_actions():
    right = text_of(blocks(Reply(text="Correct! +12 points.", result=Result(True, 12, ""))))
    wrong = text_of(blocks(Reply(text="Not this time.", result=Result(False, 0, ""))))
    refused = text_of(blocks(Reply(text="Only instructors may.", private=True, error=True)))
    assert right.startswith(":white_check_mark: Correct!")
    assert wrong.startswith(":x: ")
    assert refused.startswith(":warning: ")
    action = Action("Take this week's quiz", ("quiz", "weekly", "take"), {"n": 1})
    ((_, button),) = buttons(blocks(Reply(text="Open!", actions=(action,))))
    assert button["action_id"].startswith(RUN_ACTION)
    assert json.loads(button["value"]) == {"c": ["quiz", "weekly", "take"], "o": {"n": 1}}


def test_leaderboard_entries_render_when_there_is_no_text():
    entries = (LeaderEntry(1, "ada", 30), LeaderEntry(2, "bo", 20))
    assert (
        text_of(blocks(Reply(text="", leaderboard=entries)))
        == "1. ada: 30 points\n2. bo: 20 points"
    )


def test_command_names_follow_the_workspace_prefix():
    reply = Reply(text="Try /fact or /scores export; see /sources. Not a/fact nor /factual.")
    shown = text_of(blocks(reply, prefix="study-"))
    assert "/study-fact or /study-scores export; see /study-sources" in shown
    assert "a/fact" in shown and "/factual" in shown
    assert "/fact or" in text_of(blocks(reply))


def test_a_discussion_prompt_invites_a_thread():
    shown = text_of(blocks(Reply(text="Discuss: is TLS enough?", thread=True)))
    assert "thread" in shown


def test_choices_too_long_for_a_button_are_spelled_out_above_the_buttons():
    long = "The agreement on coastal defence signed by four navies in Bergen in the winter of 1998"
    view = QuestionView(1, "q", 0, 1, "Which?", (Choice("A", long), Choice("B", "Oslo")), None)
    out = blocks(Reply(text="", question=view))
    assert [e["text"]["text"] for _, e in buttons(out)] == ["A", "B"]  # never cut mid-word
    assert f"A) {long}" in text_of(out) and "B) Oslo" in text_of(out)
    assert "A) " not in text_of(blocks(Reply(text="", question=VIEW)))  # short ones stay buttons


def test_a_reply_too_long_for_one_message_is_cut_with_a_note_keeping_its_citation():
    text = "\n".join("z" * 2900 for _ in range(60))  # sixty sections' worth
    out = blocks(Reply(text=text, title="Export", citation="“Crypto”, paragraph 2"))
    assert len(out) == MAX_BLOCKS
    assert out[0]["type"] == "header"
    assert out[-2]["elements"][0]["text"] == CUT_NOTE
    assert "paragraph 2" in out[-1]["elements"][0]["text"]
