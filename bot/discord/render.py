"""Core replies as Discord messages: one embed each, the citation in its footer.

`render` returns the keyword arguments every sending call shares (interaction responses,
follow-ups, channel sends and edits); whether a message is ephemeral is `is_private`.
"""

from __future__ import annotations

import io

import discord

from bot.core.api import Reply
from bot.discord import views

# Discord's own limits on embed parts
DESCRIPTION_LIMIT = 4096
TITLE_LIMIT = 256
FOOTER_LIMIT = 2048
THREAD_NAME_LIMIT = 100
FULL_TEXT_NAME = "studybot.txt"

COLOUR_INFO = discord.Colour.blurple()
COLOUR_RIGHT = discord.Colour.green()
COLOUR_WRONG = discord.Colour.red()
COLOUR_ERROR = discord.Colour.dark_red()


def is_private(reply: Reply) -> bool:
    """Errors and refusals are never shown to the channel."""
    return reply.private or reply.error


def render(reply: Reply) -> dict:
    """Keyword arguments for `send_message`, `followup.send` and `channel.send`."""
    kwargs: dict = {"embed": embed(reply)}
    built = view(reply)
    if built is not None:
        kwargs["view"] = built
    files = []
    if reply.attachment is not None:
        name, data = reply.attachment
        files.append(discord.File(io.BytesIO(data), filename=name))
    if len(reply.text) > DESCRIPTION_LIMIT:
        # nothing is lost to the embed's limit: the whole text rides along
        files.append(discord.File(io.BytesIO(reply.text.encode()), filename=FULL_TEXT_NAME))
    if files:
        kwargs["files"] = files
    return kwargs


def render_edit(reply: Reply) -> dict:
    """Keyword arguments for editing a message into `reply`: no view means no buttons left."""
    kwargs = {"view": None, **render(reply)}
    if "files" in kwargs:
        kwargs["attachments"] = kwargs.pop("files")
    return kwargs


def embed(reply: Reply) -> discord.Embed:
    card = discord.Embed(
        title=clip(reply.title, TITLE_LIMIT) or None,
        description=clip(reply.text, DESCRIPTION_LIMIT) or None,
        colour=_colour(reply),
    )
    question = reply.question
    if question is not None and question.closes_at is not None:
        # Discord shows a live countdown in each reader's own time zone
        card.add_field(name="Closes", value=discord.utils.format_dt(question.closes_at, "R"))
    if reply.citation:
        card.set_footer(text=clip(reply.citation, FOOTER_LIMIT))
    return card


def view(reply: Reply) -> discord.ui.View | None:
    """Answer buttons for a question, plus one button per action; None when there are none."""
    items: list[discord.ui.Item] = []
    if reply.question is not None:
        items += views.answer_items(reply.question)
    items += [views.ActionButton.of(action) for action in reply.actions]
    if not items:
        return None
    out = discord.ui.View(timeout=None)
    for item in items:
        out.add_item(item)
    return out


def thread_name(reply: Reply) -> str:
    """The discussion's first line names its thread."""
    lines = (reply.text or reply.title).strip().splitlines()
    return clip(lines[0], THREAD_NAME_LIMIT) if lines else "Discussion"


def clip(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def _colour(reply: Reply) -> discord.Colour:
    if reply.error:
        return COLOUR_ERROR
    if reply.result is not None:
        return COLOUR_RIGHT if reply.result.correct else COLOUR_WRONG
    return COLOUR_INFO
