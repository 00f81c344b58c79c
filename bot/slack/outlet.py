"""The core's `Outlet` in Slack: unprompted posts via chat.postMessage, reveals via chat.update."""

from __future__ import annotations

from slack_sdk.web.async_client import AsyncWebClient

from bot.core.api import Reply
from bot.slack.render import message


class SlackOutlet:
    def __init__(self, client: AsyncWebClient, prefix: str = "") -> None:
        self.client = client
        self.prefix = prefix  # the workspace's command prefix, for command names in the text

    async def send(self, community_id: str, channel_id: str, reply: Reply) -> str:
        """Posts into the channel; the message's `ts` is the reference `edit` takes back."""
        response = await self.client.chat_postMessage(
            channel=channel_id, **message(reply, self.prefix)
        )
        return response["ts"]

    async def edit(
        self, community_id: str, channel_id: str, message_ref: str, reply: Reply
    ) -> None:
        await self.client.chat_update(
            channel=channel_id, ts=message_ref, **message(reply, self.prefix)
        )
