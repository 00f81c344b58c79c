"""Start-up against the fake Discord: token problems, command sync, intents, mentions."""

from __future__ import annotations

import asyncio
import dataclasses
import io
import json
import os
import signal

import discord
from discord_harness import STUDYSET
from fake_discord import MANAGE_GUILD

from bot.core.commands import COMMANDS
from bot.discord.app import DiscordAdapter
from bot.runtime import serve as runtime
from bot.runtime.serve import utc_now
from bot.settings import Settings


def _settings(tmp_path, fake, token: str) -> Settings:
    content = tmp_path / "studyset.json"
    content.write_text(json.dumps(STUDYSET), encoding="utf-8")
    return Settings(
        content=content,
        database=tmp_path / "data" / "studybot.sqlite3",
        discord_token=token,
        discord_api_url=fake.api_url if fake else "",
    )


async def gateway_closed(fake) -> bool:
    """Whether the bot closed its gateway connection (the fake hears of it a moment later)."""
    for _ in range(500):
        if fake._ws.closed:
            return True
        await asyncio.sleep(0.01)
    return False


def _one_line(text: str) -> str:
    lines = text.strip().splitlines()
    assert len(lines) == 1, text
    assert "Traceback" not in text
    return lines[0]


async def serve(settings: Settings, **options) -> int:
    return await runtime.serve(settings, [DiscordAdapter(settings)], **options)


def test_missing_token_is_one_line_and_exit_2(tmp_path, capsys):
    settings = _settings(tmp_path, None, "  ")
    assert runtime.run(settings, [DiscordAdapter(settings)]) == 2
    assert "DISCORD_TOKEN is not set" in _one_line(capsys.readouterr().err)


async def test_rejected_token_is_one_line_and_exit_2(fake, tmp_path, capsys):
    assert await serve(_settings(tmp_path, fake, "not-the-token")) == 2
    assert "rejected DISCORD_TOKEN" in _one_line(capsys.readouterr().err)
    assert ("GET", "/users/@me") in fake.requests
    assert not fake.identifies, "a refused token must not reach the gateway"


async def test_unusable_content_file_is_one_line(fake, tmp_path, capsys):
    settings = _settings(tmp_path, fake, "whatever")
    settings.content.write_text("{not json", encoding="utf-8")
    assert await serve(settings) == 2
    assert "not a readable JSON file" in _one_line(capsys.readouterr().err)
    assert not fake.requests, "nothing is asked of Discord before the content checks out"


async def test_a_malformed_dev_guild_is_one_line(fake, tmp_path, capsys):
    settings = dataclasses.replace(_settings(tmp_path, fake, "x"), discord_dev_guild="my server")
    assert await serve(settings) == 2
    assert "STUDYBOT_DISCORD_DEV_GUILD" in _one_line(capsys.readouterr().err)


async def test_start_up_syncs_every_command_and_asks_nothing_privileged(session, fake):
    synced = {c["name"]: c for c in fake.commands["global"]}
    tops = {c.path[0] for c in COMMANDS}
    assert set(synced) == tops
    for name in ("prompt", "schedule", "settings", "scores"):
        assert int(synced[name]["default_member_permissions"]) == MANAGE_GUILD, name
    assert synced["quiz"]["default_member_permissions"] is None
    quiz = {o["name"]: o for o in synced["quiz"]["options"]}
    assert {"start", "stop", "practice", "weekly"} <= set(quiz)
    start_options = {o["name"]: o for o in quiz["start"]["options"]}
    assert start_options["questions"]["type"] == 4 and start_options["questions"]["max_value"] == 20
    fact_query = synced["fact"]["options"][0]
    assert fact_query["autocomplete"] is True and fact_query["required"] is True
    assert all(c["description"] for c in synced.values())

    intents = discord.Intents._from_value(fake.identify["intents"])
    assert not (intents.members or intents.presences or intents.message_content)
    assert session.bot.allowed_mentions.to_dict() == {"parse": []}
    assert ("GET", "/oauth2/applications/@me") in fake.requests


async def test_dev_guild_gets_the_commands_at_once(fake, studyset, tmp_path):
    from fake_discord import GUILD_ID, TOKEN

    from bot.core.engine import Core
    from bot.discord.client import StudyBot
    from db.sqlite import SqliteStore

    store = await SqliteStore.open(tmp_path / "dev.sqlite3")
    bot = StudyBot(lambda outlet: Core(studyset, store, utc_now, outlet), dev_guild=GUILD_ID)
    try:
        await bot.login(TOKEN)
    finally:
        await bot.close()
        await store.close()
    assert {c["name"] for c in fake.commands[str(GUILD_ID)]} >= {"fact", "quiz", "schedule"}
    assert "global" not in fake.commands


async def test_the_runtime_ticks_and_beats_while_connected_and_stops_cleanly(
    fake, tmp_path, monkeypatch
):
    from fake_discord import TOKEN

    from bot.cli import main
    from bot.health import heartbeat_path

    settings = _settings(tmp_path, fake, TOKEN)
    monkeypatch.setenv("STUDYBOT_DATABASE", str(settings.database))
    # The command runs its own event loop, as in its own process: here in a thread of its own.
    assert await asyncio.to_thread(main, ["health"]) == 1, "no heartbeat before the bot ran"
    running = asyncio.create_task(serve(settings, tick_seconds=0.01))

    async def first_beat() -> None:  # the bot is ready, then the loop ticks and beats
        while not (heartbeat_path(settings).exists() or running.done()):
            await asyncio.sleep(0.01)

    await asyncio.wait_for(first_beat(), 60)
    assert await asyncio.to_thread(main, ["health"]) == 0
    assert fake.identifies, "connected to the gateway"
    os.kill(os.getpid(), signal.SIGTERM)  # the runtime's handler stops the adapters cleanly
    assert await asyncio.wait_for(running, 10) == 0
    assert await gateway_closed(fake), "the gateway connection was closed on the way out"
    old = await asyncio.to_thread(main, ["health", "--max-age", "-1"])
    assert old == 1, "an old heartbeat is unhealthy"


async def test_one_adapter_ending_stops_the_others_which_clean_up(fake, tmp_path):
    """The console reaching the end of its input ends the run: Discord, beside it, closes."""
    from fake_discord import TOKEN

    from bot.console.app import ConsoleAdapter

    settings = _settings(tmp_path, fake, TOKEN)
    reading, writing = os.pipe()
    out = io.StringIO()
    with open(reading, encoding="utf-8") as source:
        console = ConsoleAdapter(source, out, history=tmp_path / "history")
        running = asyncio.create_task(
            runtime.serve(settings, [DiscordAdapter(settings), console], tick_seconds=0.01)
        )

        async def connected() -> None:
            while not (fake.identifies or running.done()):
                await asyncio.sleep(0.01)

        await asyncio.wait_for(connected(), 60)
        with open(writing, "w", encoding="utf-8") as typed:
            typed.write("/sources\n")
        assert await asyncio.wait_for(running, 30) == 0  # the end of input
    assert "The Alliance in Asia" in out.getvalue()
    assert await gateway_closed(fake), "Discord's gateway connection was closed on the way out"
