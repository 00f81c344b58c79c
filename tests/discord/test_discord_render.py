"""What a reply becomes in Discord when it does not fit an embed or carries a file."""

from __future__ import annotations

from bot.core.api import Choice, QuestionView, Reply
from bot.discord.render import DESCRIPTION_LIMIT, FULL_TEXT_NAME, render, render_edit


def test_text_too_long_for_an_embed_rides_along_whole_as_a_file():
    text = "line of a long reply\n" * 400
    kwargs = render(Reply(text=text))
    assert len(kwargs["embed"].description) <= DESCRIPTION_LIMIT
    (whole,) = kwargs["files"]
    assert whole.filename == FULL_TEXT_NAME and whole.fp.read().decode() == text


def test_an_attachment_is_a_file_and_an_edit_replaces_the_old_ones():
    reply = Reply(text="Scores in s.csv.", attachment=("s.csv", b"user_id\nu1\n"))
    (attached,) = render(reply)["files"]
    assert attached.filename == "s.csv" and attached.fp.read() == b"user_id\nu1\n"
    edited = render_edit(reply)
    assert "files" not in edited and [a.filename for a in edited["attachments"]] == ["s.csv"]


def test_choices_too_long_for_a_button_are_letters_under_the_spelled_out_choices():
    long = "The agreement on coastal defence signed by four navies in Bergen in the winter of 1998"
    choices = (Choice("A", long), Choice("B", "Oslo"))
    text = f"Which?\nA) {long}\nB) Oslo"  # as the core writes a question
    kwargs = render(Reply(text=text, question=QuestionView(1, "q", 0, 1, "Which?", choices, None)))
    assert [b.item.label for b in kwargs["view"].children] == ["A", "B"]  # never cut mid-word
    assert f"A) {long}" in kwargs["embed"].description
    short = QuestionView(1, "q", 0, 1, "Which?", (Choice("A", "Bergen"), Choice("B", "Oslo")), None)
    assert [b.item.label for b in render(Reply(text="", question=short))["view"].children] == [
        "A. Bergen",
        "B. Oslo",
    ]
