"""The Discord client: interactions in, core calls, rendered replies out.

Every slash command, button and modal ends in `run_command` or `answer`, which build the
`Actor` from what Discord says about the member and hand the rest to the core.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import discord
from discord.ext import commands as ext

from bot.core.api import Actor, Reply
from bot.discord import commands, views
from bot.discord.outlet import PLATFORM, DiscordOutlet, open_thread
from bot.discord.render import is_private, render, render_edit
from bot.runtime.host import CoreFactory
from bot.shards import Shards

_log = logging.getLogger(__name__)

DEFER_AFTER = 2.0  # Discord drops an interaction not answered within 3 s; say "thinking" first
WORK_AT_ONCE = 16  # core calls in progress at once; enough to fill the store's write batches
SORRY = "Something went wrong on our side; please try again in a moment."


def intents() -> discord.Intents:
    """Interactions need no intents; guilds keeps channels and roles known. Nothing privileged."""
    return discord.Intents(guilds=True)


# A study bot never joins voice: spare operators the library's warnings about voice packages.
discord.VoiceClient.warn_nacl = False
discord.VoiceClient.warn_dave = False


class StudyBot(ext.AutoShardedBot):
    def __init__(
        self,
        core_for: CoreFactory,
        *,
        dev_guild: int | None = None,
        shards: Shards | None = None,
        defer_after: float = DEFER_AFTER,
        guild_ready_timeout: float = 2.0,
    ) -> None:
        super().__init__(
            command_prefix=ext.when_mentioned,  # required by Bot; every command is a slash command
            help_command=None,
            intents=intents(),
            allowed_mentions=discord.AllowedMentions.none(),  # nothing a user types can ping
            chunk_guilds_at_startup=False,
            guild_ready_timeout=guild_ready_timeout,
            # None: every shard Discord recommends; else this process's range of the count
            shard_count=shards.count if shards else None,
            shard_ids=list(shards.ids) if shards else None,
        )
        self.core = core_for(DiscordOutlet(self))
        self.dev_guild = dev_guild
        self.defer_after = defer_after
        self._working = asyncio.Semaphore(WORK_AT_ONCE)

    async def setup_hook(self) -> None:
        commands.build(self.tree, self.core)
        self.add_dynamic_items(*views.DYNAMIC_ITEMS)
        self.tree.on_error = self._on_command_error
        if self.dev_guild:
            guild = discord.Object(self.dev_guild)
            self.tree.copy_global_to(guild=guild)
            await self.tree.sync(guild=guild)
        else:
            await self.tree.sync()

    async def connected(self) -> bool:
        """Ready, and no shard's gateway connection is down (the heartbeat beats meanwhile)."""
        return self.is_ready() and not any(s.is_closed() for s in self.shards.values())

    # -- interactions --------------------------------------------------------------------------

    async def on_interaction(self, interaction: discord.Interaction) -> None:
        submitted = views.submitted_answer(interaction)
        if submitted is not None:
            await self.answer(interaction, *submitted)
        form = views.submitted_command(interaction)
        if form is not None:
            await self.run_command(interaction, *form, acknowledge=True)

    async def run_command(
        self,
        interaction: discord.Interaction,
        path: tuple[str, ...],
        options: dict,
        *,
        acknowledge: bool = False,
    ) -> None:
        """A slash command, or with `acknowledge` a button that runs one (see `answer`)."""
        actor = actor_of(interaction)
        await self._handle(
            interaction, lambda: self.core.command(actor, path, options), acknowledge=acknowledge
        )

    async def answer(
        self, interaction: discord.Interaction, round_id: int, question_id: str, response: str
    ) -> None:
        """A click or a form. A whole class clicks at once, so each click is acknowledged
        ("thinking…", privately) before any work: none waits for the others' answers to be
        recorded to meet Discord's three seconds. Public replies, if any, follow it."""
        actor = actor_of(interaction)
        await self._handle(
            interaction,
            lambda: self.core.answer(actor, round_id, question_id, response),
            acknowledge=True,
        )

    async def _handle(
        self,
        interaction: discord.Interaction,
        work: Callable[[], Awaitable[list[Reply]]],
        *,
        acknowledge: bool = False,
    ) -> None:
        try:
            if acknowledge:
                await interaction.response.defer(ephemeral=True, thinking=True)
            await deliver(interaction, await self._replies(interaction, self._work(work)))
        except Exception:
            _log.exception("interaction %s failed", interaction.id)
            await _apologise(interaction)
        finally:
            # lets a caller (tests, the benchmark) wait for an interaction to be fully answered
            self.dispatch("studybot_handled", interaction.id)

    async def _work(self, work: Callable[[], Awaitable[list[Reply]]]) -> list[Reply]:
        """The core's part, a few interactions at a time: in a burst the rest wait here, idle,
        so acknowledging new clicks is not queued behind everyone's answers."""
        async with self._working:
            return await work()

    async def _replies(
        self, interaction: discord.Interaction, work: Awaitable[list[Reply]]
    ) -> list[Reply]:
        task = asyncio.ensure_future(work)
        if interaction.response.is_done():
            return await task
        try:
            return await asyncio.wait_for(asyncio.shield(task), self.defer_after)
        except TimeoutError:
            # Slow (a rate-limited post, a busy database): hold the interaction open.
            # Privately, since the replies are not known yet and may be private.
            await interaction.response.defer(ephemeral=True, thinking=True)
            return await task

    async def _on_command_error(
        self, interaction: discord.Interaction, error: discord.app_commands.AppCommandError
    ) -> None:
        _log.error("command failed: %s", error, exc_info=error)
        await _apologise(interaction)
        self.dispatch("studybot_handled", interaction.id)


def actor_of(interaction: discord.Interaction) -> Actor:
    """Who asks: Manage Server (or Administrator) is the platform's word for admin."""
    user = interaction.user
    permissions = interaction.permissions
    roles = getattr(user, "roles", ())
    return Actor(
        platform=PLATFORM,
        community_id=str(interaction.guild_id),
        user_id=str(user.id),
        display_name=user.display_name,
        channel_id=str(interaction.channel_id),
        is_admin=permissions.manage_guild or permissions.administrator,
        roles=frozenset(str(r.id) for r in roles if not r.is_default()),
    )


async def deliver(interaction: discord.Interaction, replies: list[Reply]) -> None:
    """The first reply answers the interaction; the others follow it, each as its own message."""
    if not replies:
        replies = [Reply(text="Done.", private=True)]
    if interaction.response.is_done():
        # Deferred privately: the first private reply replaces "thinking…", the rest follow.
        head = next((r for r in replies if is_private(r)), Reply(text="Done.", private=True))
        await interaction.edit_original_response(**render_edit(head))
        replies = [r for r in replies if r is not head]
    for reply in replies:
        private = is_private(reply)
        if not interaction.response.is_done():
            sent = await interaction.response.send_message(**render(reply), ephemeral=private)
            message = sent.resource if isinstance(sent.resource, discord.Message) else None
        else:
            message = await interaction.followup.send(**render(reply), ephemeral=private, wait=True)
        if reply.thread and not private and message is not None:
            await open_thread(interaction.client, message, reply)


async def _apologise(interaction: discord.Interaction, text: str = SORRY) -> None:
    try:
        if interaction.response.is_done():
            await interaction.followup.send(text, ephemeral=True)
        else:
            await interaction.response.send_message(text, ephemeral=True)
    except discord.HTTPException:
        _log.exception("could not even apologise for interaction %s", interaction.id)
