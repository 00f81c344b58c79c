"""The core's `Outlet` in Slack: unprompted posts via chat.postMessage, reveals via chat.update.

With installations (a distributed app), each post goes out with its workspace's own token."""

from __future__ import annotations

import contextlib

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.api import OutletError, Reply
from bot.slack.installations import Installations
from bot.slack.people import PLATFORM
from bot.slack.render import message

# chat.postMessage / chat.update errors that mean "not in this channel": a member can fix them
CHANNEL_CLOSED = {"not_in_channel", "channel_not_found", "is_archived", "restricted_action"}
NO_ACCESS = (
    "I can't post in this channel. Invite me first (/invite @studybot), "
    "or use a public channel, then try again."
)
NOT_INSTALLED = "studybot is no longer installed in this workspace; reinstall it to post here."


class SlackOutlet:
    platform = PLATFORM

    def __init__(
        self, client: AsyncWebClient, prefix: str = "", installations: Installations | None = None
    ) -> None:
        self.client = client  # with the one token, or none when `installations` hold them
        self.prefix = prefix  # the workspace's command prefix, for command names in the text
        self.installations = installations

    async def _client(self, team_id: str) -> AsyncWebClient:
        """The workspace's client: the one token's, or one with the workspace's own token on
        the same connections."""
        if self.installations is None:
            return self.client
        token = await self.installations.bot_token(team_id)
        if token is None:
            raise OutletError(NOT_INSTALLED)
        base = self.client
        return AsyncWebClient(
            token=token,
            base_url=base.base_url,
            session=base.session,
            retry_handlers=base.retry_handlers,
        )

    async def send(self, community_id: str, channel_id: str, reply: Reply) -> str:
        """Posts into the channel; the message's `ts` is the reference `edit` takes back."""
        client = await self._client(community_id)
        with _closed_channel_refusal():
            response = await client.chat_postMessage(
                channel=channel_id, **message(reply, self.prefix)
            )
        return response["ts"]

    async def edit(
        self, community_id: str, channel_id: str, message_ref: str, reply: Reply
    ) -> None:
        client = await self._client(community_id)
        with _closed_channel_refusal():
            await client.chat_update(
                channel=channel_id, ts=message_ref, **message(reply, self.prefix)
            )


@contextlib.contextmanager
def _closed_channel_refusal():
    """A channel the bot may not post in is for the member to fix: the core tells them how."""
    try:
        yield
    except SlackApiError as e:
        if e.response.get("error") in CHANNEL_CLOSED:
            raise OutletError(NO_ACCESS) from e
        raise
