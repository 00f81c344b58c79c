"""What a reply becomes in Discord when it does not fit an embed or carries a file."""

from __future__ import annotations

from bot.core.api import Reply
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
