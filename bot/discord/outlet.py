"""How the core speaks in Discord on its own: scheduled posts, next questions, reveals.

Channels and messages are addressed by id through partial objects, so a post needs no
cache and no gateway event: only REST calls, which work the same after a restart.
"""

from __future__ import annotations

import contextlib

import discord

from bot.core.api import OutletError, Reply
from bot.discord.render import render, render_edit, thread_name

PLATFORM = "discord"
THREAD_ARCHIVE_MINUTES = 10080  # a week: a discussion outlives the day it was posted
NO_ACCESS = (
    "I may not post in that channel. A server admin can give me View Channel, Send Messages "
    "and Embed Links there (and Create Public Threads for discussion prompts)."
)


class DiscordOutlet:
    platform = PLATFORM

    def __init__(self, client: discord.Client) -> None:
        self.client = client

    def _channel(self, community_id: str, channel_id: str) -> discord.PartialMessageable:
        guild_id = int(community_id) if community_id.isdigit() else None
        return self.client.get_partial_messageable(int(channel_id), guild_id=guild_id)

    async def send(self, community_id: str, channel_id: str, reply: Reply) -> str:
        with _permission_refusal():
            message = await self._channel(community_id, channel_id).send(**render(reply))
            if reply.thread:
                await open_thread(self.client, message, reply)
        return str(message.id)

    async def edit(
        self, community_id: str, channel_id: str, message_ref: str, reply: Reply
    ) -> None:
        message = self._channel(community_id, channel_id).get_partial_message(int(message_ref))
        with _permission_refusal():
            # a revealed question loses its buttons: it takes no more answers
            await message.edit(**render_edit(reply))


async def open_thread(client: discord.Client, message: discord.Message, reply: Reply) -> None:
    """By the message's ids alone: a process posting for a server on another process's shards
    has no cache of that server, which `Message.create_thread` needs."""
    await client.http.start_thread_with_message(
        message.channel.id,
        message.id,
        name=thread_name(reply),
        auto_archive_duration=THREAD_ARCHIVE_MINUTES,
    )


@contextlib.contextmanager
def _permission_refusal():
    """Missing channel permissions are for an admin to fix: the core tells the member so."""
    try:
        yield
    except discord.Forbidden as exc:
        raise OutletError(NO_ACCESS) from exc
