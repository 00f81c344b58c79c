"""Processes for different platforms sharing one database each run only their own rounds and posts."""

from __future__ import annotations

from test_core_world import Clock, RecordingOutlet, make_studyset

from bot.core.api import Actor
from bot.core.engine import Core
from db.stores import open_store


def teacher(platform: str) -> Actor:
    return Actor(platform, f"{platform}-team", "t", "Teacher", "c1", is_admin=True)


async def test_each_platform_ticks_only_its_own_communities(database):
    clock = Clock()
    async with await open_store(database) as first, await open_store(database) as second:
        outlets = {p: RecordingOutlet(platform=p) for p in ("discord", "slack")}
        cores = {
            "discord": Core(make_studyset(), first, clock, outlets["discord"]),
            "slack": Core(make_studyset(), second, clock, outlets["slack"]),
        }
        for platform, core in cores.items():
            await core.command(teacher(platform), ("quiz", "start"), {"questions": 1})
            await core.command(teacher(platform), ("schedule", "onthisdate"), {"time": "09:30"})
        for outlet in outlets.values():
            outlet.sent.clear()
        clock.advance(minutes=31)  # the live question closed, the daily post is due

        await cores["discord"].tick()
        assert {community for community, *_ in outlets["discord"].sent} == {"discord-team"}
        assert {community for community, *_ in outlets["discord"].edits} == {"discord-team"}
        assert not outlets["slack"].sent and not outlets["slack"].edits
        slack_round = await second.open_round(
            (await second.community("slack", "slack-team")).id, "c1", "live"
        )
        assert slack_round is not None  # left for the Slack process to close

        await cores["slack"].tick()
        assert {community for community, *_ in outlets["slack"].sent} == {"slack-team"}
        assert {community for community, *_ in outlets["slack"].edits} == {"slack-team"}
