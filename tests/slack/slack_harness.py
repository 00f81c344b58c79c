"""Signed requests, built the way Slack builds them, dispatched through Bolt's real handling."""

from __future__ import annotations

import asyncio
import html
import itertools
import json
import time
from urllib.parse import urlencode

from fake_slack import TEAM, FakeSlack
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest
from slack_bolt.response import BoltResponse
from slack_sdk.signature import SignatureVerifier

SECRET = "test-signing-secret"


class Harness:
    def __init__(self, app: AsyncApp, fake: FakeSlack, secret: str = SECRET) -> None:
        self.app = app
        self.fake = fake
        self.secret = secret
        self._ids = itertools.count(1)

    def headers(
        self, body: str, *, timestamp: int | None = None, secret: str | None = None
    ) -> dict:
        stamp = str(int(time.time()) if timestamp is None else timestamp)
        signature = SignatureVerifier(secret or self.secret).generate_signature(
            timestamp=stamp, body=body
        )
        return {
            "content-type": "application/x-www-form-urlencoded",
            "x-slack-request-timestamp": stamp,
            "x-slack-signature": signature,
        }

    async def send(self, body: str, headers: dict | None = None) -> BoltResponse:
        request = AsyncBoltRequest(body=body, headers=headers or self.headers(body))
        return await self.app.async_dispatch(request)

    def command_body(
        self,
        user: str,
        command: str,
        text: str = "",
        channel: str = "C0QUIZ",
        name: str = "",
        team: str = TEAM,
    ) -> str:
        n = next(self._ids)
        return urlencode(
            {
                "token": "unused",
                "team_id": team,
                "team_domain": "study",
                "channel_id": channel,
                "channel_name": "quiz",
                "user_id": user,
                "user_name": self.fake.users[user].name if user in self.fake.users else user,
                "command": command,
                "text": text,
                "api_app_id": "A0STUDY",
                "response_url": self.fake.response_url(name or f"command-{n}"),
                "trigger_id": f"trigger-command-{n}",
            }
        )

    async def command(self, user: str, command: str, text: str = "", channel: str = "C0QUIZ"):
        return await self.send(self.command_body(user, command, text, channel))

    async def ask(
        self,
        user: str,
        command: str,
        text: str = "",
        channel: str = "C0QUIZ",
        replies: int = 1,
        team: str = TEAM,
    ) -> list[dict]:
        """Run a slash command; its replies (response_url posts) once `replies` have come."""
        name = f"ask-{next(self._ids)}"
        return await self._replies(
            name, self.command_body(user, command, text, channel, name, team), replies
        )

    async def event(self, team: str, event: dict, event_id: str) -> BoltResponse:
        """An Events API callback (e.g. app_uninstalled) from one workspace."""
        body = json.dumps(
            {
                "type": "event_callback",
                "team_id": team,
                "api_app_id": "A0STUDY",
                "event": event,
                "event_id": event_id,
                "event_time": int(time.time()),
            }
        )
        headers = {**self.headers(body), "content-type": "application/json"}
        return await self.send(body, headers)

    async def press(self, user: str, block: dict, element: dict, replies: int = 1, **kwargs):
        """Click a button (or send a text input); the replies to that click once they came."""
        name = f"press-{next(self._ids)}"
        body = self.click_body(user, block, element, response_name=name, **kwargs)
        return await self._replies(name, body, replies)

    async def _replies(self, name: str, body: str, replies: int) -> list[dict]:
        # Bolt answers the HTTP request only when its 10 ms poll sees the ack, while the reply
        # may already be on its way: wait for both, so the benchmark times what a user sees
        sending = asyncio.ensure_future(self.send(body))
        await self.fake.wait_until(lambda: len(self.fake.responses(name)) >= replies)
        response = await sending
        assert response.status == 200, response.body
        return self.fake.responses(name)

    async def answer_rightly(
        self, user: str, blocks: list[dict], answers: tuple[str, ...], replies: int = 1
    ) -> list[dict]:
        """Answer a rendered question correctly: its right button, or its text input."""
        if choice_buttons(blocks):
            return await self.press(user, *answer_button(blocks, answers), replies=replies)
        (field,) = [b for b in blocks if b["type"] == "input"]
        return await self.press(user, field, field["element"], value=answers[0], replies=replies)

    def click_body(
        self,
        user: str,
        block: dict,
        element: dict,
        channel: str = "C0QUIZ",
        message_ts: str = "",
        value: str | None = None,
        response_name: str = "",
    ) -> str:
        """A block_actions payload for one element of a rendered block (a button or an input)."""
        n = next(self._ids)
        action = {
            "type": element["type"],
            "action_id": element["action_id"],
            "block_id": block.get("block_id", "b"),
            "action_ts": f"{time.time():.6f}",
        }
        if element["type"] == "button":
            action["value"] = element["value"]
        else:
            action["value"] = value
        return _interaction(
            "block_actions",
            user,
            container={"type": "message", "message_ts": message_ts, "channel_id": channel},
            trigger_id=f"trigger-click-{n}",
            channel={"id": channel, "name": "quiz"},
            response_url=self.fake.response_url(response_name or f"click-{n}"),
            actions=[action],
        )

    def submission_body(self, user: str, view: dict, values: dict[str, str]) -> str:
        """A view_submission payload: the dialog `view` sent back with its fields filled in."""
        n = next(self._ids)
        state = {
            block["block_id"]: {
                block["element"]["action_id"]: {
                    "type": "plain_text_input",
                    "value": values.get(block["block_id"]),
                }
            }
            for block in view["blocks"]
            if block["type"] == "input"
        }
        return _interaction(
            "view_submission",
            user,
            trigger_id=f"trigger-submit-{n}",
            view={**view, "id": f"V-submitted-{n}", "state": {"values": state}},
        )

    async def click(self, user: str, block: dict, element: dict, **kwargs) -> BoltResponse:
        return await self.send(self.click_body(user, block, element, **kwargs))


def _interaction(kind: str, user: str, **fields) -> str:
    """An interaction payload (a click, a dialog sent) as Slack posts it: form-encoded JSON."""
    payload = {
        "type": kind,
        "team": {"id": TEAM, "domain": "study"},
        "user": {"id": user, "username": user, "name": user, "team_id": TEAM},
        "api_app_id": "A0STUDY",
        "token": "unused",
        **fields,
    }
    return urlencode({"payload": json.dumps(payload)})


def buttons(blocks: list[dict]) -> list[tuple[dict, dict]]:
    """(block, element) for every button in rendered blocks."""
    return [
        (block, element)
        for block in blocks
        if block["type"] == "actions"
        for element in block["elements"]
        if element["type"] == "button"
    ]


def choice_buttons(blocks: list[dict]) -> list[tuple[dict, dict]]:
    """The answer buttons only (not Report or other actions)."""
    return [(b, e) for b, e in buttons(blocks) if e["action_id"].startswith("studybot-answer:")]


def action_labels(blocks: list[dict]) -> list[str]:
    """Labels of the buttons that run a command (Report, Take this week's quiz, ...)."""
    return [
        e["text"]["text"] for _, e in buttons(blocks) if e["action_id"].startswith("studybot-run")
    ]


def text_of(blocks: list[dict]) -> str:
    """All visible text of rendered blocks, for asserting on what a user would read."""
    parts = []
    for block in blocks:
        for item in (block.get("text"), *block.get("elements", ()), block.get("label")):
            if isinstance(item, dict):
                parts.append(item.get("text") if isinstance(item.get("text"), str) else "")
                if isinstance(item.get("text"), dict):
                    parts.append(item["text"]["text"])
    return "\n".join(p for p in parts if p)


def answer_button(blocks: list[dict], answers: tuple[str, ...]) -> tuple[dict, dict]:
    """The (block, button) whose choice is an accepted answer."""
    return next((b, e) for b, e in choice_buttons(blocks) if choice_of(blocks, e) in answers)


def wrong_button(blocks: list[dict], answers: tuple[str, ...]) -> tuple[dict, dict]:
    return next((b, e) for b, e in choice_buttons(blocks) if choice_of(blocks, e) not in answers)


def choice_of(blocks: list[dict], button: dict) -> str:
    """The choice a button stands for: its label after the letter ("B. Oslo"), or, when the
    buttons carry letters alone, the line spelling that letter's choice out above them."""
    key, _, label = button["text"]["text"].partition(". ")
    if label:
        return label
    lines = text_of(blocks).splitlines()
    spelled = next(line for line in lines if line.startswith(f"{key}) "))
    return html.unescape(spelled.removeprefix(f"{key}) "))
