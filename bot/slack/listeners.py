"""Slack events -> core calls -> Slack messages. Nothing here decides anything: the core does.

Every listener acknowledges first (Slack waits three seconds at most), then calls the core and
sends its replies: public ones into the channel through the command's response_url, private
ones and refusals as ephemeral messages only the asker sees.
"""

from __future__ import annotations

import json
import logging
import re
import time
from collections.abc import Awaitable, Callable, Sequence

from slack_bolt.async_app import AsyncApp
from slack_bolt.oauth.async_oauth_settings import AsyncOAuthSettings
from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient
from slack_sdk.webhook.async_client import AsyncWebhookClient

from bot.core.api import Actor, Reply, Upload
from bot.core.commands import BY_PATH
from bot.core.engine import Core
from bot.core.parse import parse_command
from bot.readings.shelf import MAX_BYTES
from bot.slack.deliveries import Deliveries
from bot.slack.people import Directory
from bot.slack.render import (
    ANSWER_ACTION,
    FORM_CALLBACK,
    RUN_ACTION,
    TEXT_ACTION,
    form_values,
    form_view,
    message,
    parse_question_block_id,
)

log = logging.getLogger(__name__)

RECENT = 15 * 60  # seconds: how fresh a shared file must be to go with /readings add
FAILED = Reply(text="Something went wrong on my side; please try again.", private=True, error=True)


def build_app(
    core: Core,
    client: AsyncWebClient,
    signing_secret: str = "",
    prefix: str = "",
    oauth: AsyncOAuthSettings | None = None,
) -> AsyncApp:
    """The Bolt app with studybot's listeners; the same object serves both modes. With `oauth`
    it is a distributed app: workspaces install it, and each request is answered with its
    workspace's own token (Bolt puts it on the `client` each listener receives)."""
    app = AsyncApp(
        name="studybot",
        client=client,
        # empty in Socket Mode, where Bolt does not check signatures (the socket is the proof)
        signing_secret=signing_secret,
        oauth_settings=oauth,
    )
    if oauth is not None:  # app_uninstalled and tokens_revoked delete the installation
        app.enable_token_revocation_listeners()
    app.middleware(Deliveries(core).middleware)
    Listeners(core, prefix).attach(app)
    return app


class Listeners:
    def __init__(self, core: Core, prefix: str = "") -> None:
        self.core = core
        self.directory = Directory()
        self.prefix = prefix

    def attach(self, app: AsyncApp) -> None:
        app.command(re.compile(rf"^/{re.escape(self.prefix)}[a-z][a-z-]*$"))(self.on_command)
        app.action(re.compile(rf"^{ANSWER_ACTION}:"))(self.on_choice)
        app.action(TEXT_ACTION)(self.on_text_answer)
        app.action(re.compile(rf"^{RUN_ACTION}:"))(self.on_run)
        app.view(FORM_CALLBACK)(self.on_form)

    async def on_command(self, ack, client: AsyncWebClient, command: dict) -> None:
        await ack()
        name = command["command"].removeprefix("/").removeprefix(self.prefix)
        # mentions arrive as <@U123|name> (the manifest's should_escape), a form the core reads
        path, options = parse_command(f"/{name} {command.get('text', '')}")
        if (
            path in BY_PATH
            and BY_PATH[path].form
            and not options
            and await self._ask(client, command, path)
        ):
            return  # typed bare: asked in a dialog (typed options still work, for scripts)

        async def replies() -> list[Reply]:
            actor = await self.directory.actor(
                client,
                command["team_id"],
                command["user_id"],
                command["channel_id"],
                command["user_name"],
            )
            if path == ("readings", "add") and not options.get("link"):
                shared = await self._shared_file(client, command["channel_id"], command["user_id"])
                options.update({"file": shared} if shared else {})
            return await self.core.command(actor, path, options)

        await self._deliver(client, command["response_url"], replies)

    async def _ask(self, client: AsyncWebClient, command: dict, path: tuple[str, ...]) -> bool:
        """Open the command's dialog; False if Slack would not (the core then answers the bare
        command with its usage line)."""
        channel, reply_to = command["channel_id"], command["response_url"]
        view = form_view(BY_PATH[path], channel, reply_to, self.prefix)
        try:
            await client.views_open(trigger_id=command["trigger_id"], view=view)
        except SlackApiError as problem:  # e.g. the trigger expired on a slow start
            log.warning("could not open the %s dialog: %s", " ".join(path), problem)
            return False
        return True

    async def on_choice(self, ack, client: AsyncWebClient, body: dict, action: dict) -> None:
        await ack()
        value = json.loads(action["value"])

        async def replies() -> list[Reply]:
            actor = await self._actor(client, body)
            return await self.core.answer(actor, value["r"], value["q"], value["k"])

        await self._deliver(client, body["response_url"], replies)

    async def on_text_answer(self, ack, client: AsyncWebClient, body: dict, action: dict) -> None:
        await ack()
        round_id, question_id = parse_question_block_id(action["block_id"])

        async def replies() -> list[Reply]:
            actor = await self._actor(client, body)
            return await self.core.answer(actor, round_id, question_id, action.get("value") or "")

        await self._deliver(client, body["response_url"], replies)

    async def on_run(self, ack, client: AsyncWebClient, body: dict, action: dict) -> None:
        await ack()
        value = json.loads(action["value"])

        async def replies() -> list[Reply]:
            actor = await self._actor(client, body)
            return await self.core.command(actor, tuple(value["c"]), value["o"])

        await self._deliver(client, body["response_url"], replies)

    async def on_form(self, ack, client: AsyncWebClient, body: dict, view: dict) -> None:
        await ack()  # closes the dialog; the answer goes where the command's answers go
        path, channel_id, response_url, options = form_values(view)
        user = body["user"]

        async def replies() -> list[Reply]:
            actor = await self.directory.actor(
                client, body["team"]["id"], user["id"], channel_id, user.get("name", "")
            )
            return await self.core.command(actor, path, options)

        await self._deliver(client, response_url, replies)

    async def _shared_file(
        self, client: AsyncWebClient, channel_id: str, user_id: str
    ) -> Upload | None:
        """A slash command carries no file: the one this member shared in the channel last, in
        the last few minutes, stands for it (fetched only under the size limit)."""
        try:
            listed = await client.files_list(channel=channel_id, user=user_id, count=1)
        except SlackApiError as problem:  # e.g. the app was installed without files:read
            log.warning("cannot list shared files: %s", problem.response.get("error"))
            return None
        recent = [
            f for f in listed.get("files") or [] if f.get("created", 0) > time.time() - RECENT
        ]
        if not recent:
            return None
        shared = recent[0]
        if shared.get("size", 0) > MAX_BYTES:
            return Upload(shared["name"], b"", shared["size"])
        url = shared.get("url_private_download") or shared["url_private"]
        headers = {"Authorization": f"Bearer {client.token}"}
        async with client.session.get(url, headers=headers) as response:
            response.raise_for_status()
            data = bytearray()
            async for chunk in response.content.iter_chunked(65536):
                data += chunk
                if len(data) > MAX_BYTES:  # the core says it is too large
                    break
        return Upload(shared["name"], bytes(data))

    async def _actor(self, client: AsyncWebClient, body: dict) -> Actor:
        user = body["user"]
        team_id = (body.get("team") or {}).get("id") or user.get("team_id", "")
        channel_id = (body.get("channel") or {}).get("id", "")
        return await self.directory.actor(
            client, team_id, user["id"], channel_id, user.get("username") or user.get("name", "")
        )

    async def _deliver(
        self,
        client: AsyncWebClient,
        response_url: str,
        call: Callable[[], Awaitable[Sequence[Reply]]],
    ) -> None:
        try:
            replies = await call()
        except Exception:  # the core answers its own errors; this is Slack or the adapter failing
            log.exception("answering a Slack request failed")
            replies = [FAILED]
        # the Web API client's session, so replies reuse its connections to Slack
        hook = AsyncWebhookClient(response_url, session=client.session)
        for reply in replies:
            visibility = "ephemeral" if reply.private or reply.error else "in_channel"
            sent = await hook.send(
                response_type=visibility, replace_original=False, **message(reply, self.prefix)
            )
            if sent.status_code != 200:  # e.g. an interaction older than Slack's 30 minutes
                log.warning("Slack refused a reply (%s): %s", sent.status_code, sent.body)
