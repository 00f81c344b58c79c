"""What the Discord tests share: a small study set, members, a movable clock, a bot session."""

from __future__ import annotations

import asyncio
from datetime import UTC, datetime, timedelta

from fake_discord import CHANNEL_ID, INSTRUCTOR_ROLE_ID, MANAGE_GUILD, FakeDiscord, Member, Output

from bot.discord.client import StudyBot

START = datetime(2026, 2, 23, 8, 0, tzinfo=UTC)  # a Monday morning

STUDYSET = {
    "articles": [
        {
            "id": "alliance",
            "title": "The Alliance in Asia",
            "authors": ["Ana Author"],
            "source_file": "alliance.txt",
            "sha256": "0" * 64,
        },
        {
            "id": "fleet",
            "title": "Rebuilding the Fleet",
            "authors": ["Ben Writer", "Cy Scholar"],
            "source_file": "fleet.txt",
            "sha256": "1" * 64,
        },
    ],
    "passages": [
        {
            "id": "alliance-000",
            "article": "alliance",
            "index": 0,
            "text": "The Individually Tailored Partnership Programme (ITPP) was agreed in July 2023 "
            "at the Vilnius summit on the 11th and 12th of July.",
        },
        {
            "id": "alliance-001",
            "article": "alliance",
            "index": 1,
            "text": "A liaison office in Tokyo was proposed but blocked by France in 2023.",
        },
        {
            "id": "fleet-000",
            "article": "fleet",
            "index": 0,
            "text": "Japan plans to buy 400 Tomahawk missiles, announced on 24 February 2022.",
        },
        {
            "id": "fleet-001",
            "article": "fleet",
            "index": 1,
            "text": "The navy has run its escort flotillas the same way since 1961. Each flotilla "
            "grouped destroyers around a helicopter carrier and trained for one kind of war. "
            "Planners argued for years that the structure was too rigid for the threats the "
            "country now faces. In September 2024 the ministry announced that the Fleet Escort "
            "Force will be abolished and replaced by a single Fleet Surface Force. The new force "
            "will organise ships into smaller surface squadrons that can be mixed for each "
            "mission. Officials promise that the first squadrons will sail before the end of the "
            "decade, with more to follow as new frigates are delivered from the yards. Critics worry that crews will be stretched thin while the change is under "
            "way, and that training pipelines built for the old flotillas will take years to "
            "adapt to the new squadrons and their trilateral exercises.",
        },
    ],
    "glossary": [
        {
            "term": "ITPP",
            "expansion": "Individually Tailored Partnership Programme",
            "article": "alliance",
            "passage": "alliance-000",
        }
    ],
    "events": [
        {
            "id": "e1",
            "date": "2022-02-24",
            "precision": "day",
            "text": "Japan announced it would buy 400 Tomahawk missiles.",
            "article": "fleet",
            "passage": "fleet-000",
        }
    ],
    "questions": [
        {
            "id": "q-year",
            "kind": "date",
            "prompt": "In which year was the ITPP agreed?",
            "answers": ["2023"],
            "choices": ["2021", "2022", "2023", "2024"],
            "article": "alliance",
            "passage": "alliance-000",
            "explanation": "It was agreed at the Vilnius summit.",
        },
        {
            "id": "q-count",
            "kind": "number",
            "prompt": "How many Tomahawk missiles does Japan plan to buy?",
            "answers": ["400"],
            "choices": [],
            "article": "fleet",
            "passage": "fleet-000",
            "explanation": "",
        },
        {
            "id": "q-who",
            "kind": "organisation",
            "prompt": "Which country blocked the Tokyo liaison office?",
            "answers": ["France"],
            "choices": ["France", "Germany", "Hungary"],
            "article": "alliance",
            "passage": "alliance-001",
            "explanation": "",
        },
    ],
    "prompts": [
        {"id": "p1", "text": "Should the alliance open an office in Tokyo?", "article": "alliance"},
        {
            "id": "p2",
            "text": "Is a missile purchase a deterrent or a provocation?",
            "article": "fleet",
        },
    ],
}

STUDENT = Member(900000000000000101, "ada")
INSTRUCTOR = Member(900000000000000102, "prof", permissions=MANAGE_GUILD)
ROLE_INSTRUCTOR = Member(900000000000000103, "tutor", roles=[str(INSTRUCTOR_ROLE_ID)])


class Clock:
    """The bot's injected time, moved by the test."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


class Session:
    """One running bot and the fake it talks to; methods act like members of the guild."""

    def __init__(self, fake: FakeDiscord, bot: StudyBot) -> None:
        self.fake, self.bot = fake, bot

    async def _handled(self, interaction_id: int, payload: dict) -> list[Output]:
        done = asyncio.ensure_future(
            self.bot.wait_for("studybot_handled", check=lambda i: i == interaction_id, timeout=10)
        )
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        await done
        return self.fake.outputs[interaction_id]

    async def slash(self, member: Member, name: str, options=None, *, group=(), channel=CHANNEL_ID):
        iid, payload = self.fake.slash_payload(
            member, name, options, group=group, channel_id=channel
        )
        return await self._handled(iid, payload)

    async def click(self, member: Member, message: dict, custom_id: str) -> list[Output]:
        """What the member reads after clicking (the bot acknowledges a click before its reply)."""
        iid, payload = self.fake.click_payload(member, message, custom_id)
        return _replies(await self._handled(iid, payload))

    async def open_modal(self, member: Member, message: dict, custom_id: str) -> Output:
        iid, payload = self.fake.click_payload(member, message, custom_id)
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return await self.fake.first_output(iid)

    async def submit(self, member: Member, custom_id: str, values: dict, channel=CHANNEL_ID):
        iid, payload = self.fake.modal_payload(member, custom_id, values, channel)
        return _replies(await self._handled(iid, payload))

    async def autocomplete(self, member: Member, name: str, options: dict, focused: str, group=()):
        iid, payload = self.fake.slash_payload(member, name, options, group=group, focused=focused)
        await self.fake.dispatch("INTERACTION_CREATE", payload)
        return (await self.fake.first_output(iid)).data["choices"]


def _replies(outputs: list[Output]) -> list[Output]:
    """The replies after the acknowledgement that came first."""
    assert outputs and outputs[0].acknowledgement, outputs
    return outputs[1:]


def buttons(message: dict) -> list[dict]:
    return [c for row in message.get("components", []) for c in row["components"]]


def button(message: dict, label_end: str) -> str:
    """The custom_id of the button whose label ends with `label_end` (e.g. a choice's text)."""
    found = [b["custom_id"] for b in buttons(message) if b["label"].endswith(label_end)]
    assert len(found) == 1, (label_end, buttons(message))
    return found[0]
