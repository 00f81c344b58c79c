"""Discord adapter through the fake Discord on loopback: /fact round trips and crowds answering.

A round trip is an INTERACTION_CREATE sent over the gateway until the bot has posted its
interaction callback back over REST. Baseline in the same run: the same /fact asked of the core
directly, so the ratio is what the adapter, discord.py and loopback HTTP add. Then 200 members
answer one live question spread over two seconds (what each member feels; goal p99 < 50 ms), and
1,000 members click another in the same instant: each click must be acknowledged within
Discord's 3 seconds and recorded once (its reply waits for the burst's writes).
"""

from __future__ import annotations

import asyncio
import logging
import sys
import tempfile
import time
from pathlib import Path

# The fake Discord lives with the tests it was written for; the benchmark borrows it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "discord"))

from discord_harness import STUDENT, Clock, Session
from fake_discord import CHANNEL_ID, TOKEN, FakeDiscord, Member

from bench._shared import (
    BURST,
    CROWD,
    QUERIES,
    ROUND_TRIPS,
    SPREAD_SECONDS,
    burst_verdict,
    percentile,
    verdict,
)
from bot.core.api import Actor
from bot.core.engine import Core
from bot.discord.app import use_api
from bot.discord.client import StudyBot
from content.model import BUNDLED, Studyset
from db.sqlite import SqliteStore

SECOND_CHANNEL = CHANNEL_ID + 1


def run() -> None:
    logging.getLogger("discord").setLevel(logging.ERROR)
    asyncio.run(_main())


async def _main() -> None:
    studyset = Studyset.load(BUNDLED)
    fake = FakeDiscord()
    fake.channels.append(SECOND_CHANNEL)
    await fake.start()
    use_api(fake.api_url)
    with tempfile.TemporaryDirectory() as folder:
        store = await SqliteStore.open(Path(folder) / "bench.sqlite3")
        clock = Clock()
        bot = StudyBot(
            lambda outlet: Core(studyset, store, clock, outlet), guild_ready_timeout=0.05
        )
        await bot.login(TOKEN)
        connection = asyncio.create_task(bot.connect())
        await asyncio.wait_for(bot.wait_until_ready(), 10)
        session = Session(fake, bot)
        try:
            await _fact_round_trips(session)
            await _crowd(session, fake, SECOND_CHANNEL, SPREAD_SECONDS)
            await _burst(session, fake, CHANNEL_ID)
        finally:
            await bot.close()
            await connection
            await store.close()
    await fake.close()


async def _fact_round_trips(session: Session) -> None:
    for query in QUERIES:  # warm the lookup index and the connections
        await session.slash(STUDENT, "fact", {"query": query})
    actor = Actor("discord", "bench-core", "1", "bench", "1")
    core_ms, adapter_ms = [], []
    for i in range(ROUND_TRIPS):
        query = QUERIES[i % len(QUERIES)]
        started = time.perf_counter()
        await session.bot.core.command(actor, ("fact",), {"query": query})
        core_ms.append((time.perf_counter() - started) * 1000)
        started = time.perf_counter()
        outputs = await session.slash(STUDENT, "fact", {"query": query})
        adapter_ms.append((time.perf_counter() - started) * 1000)
        assert outputs and outputs[0].type == 4, outputs
    print(f"/fact, {ROUND_TRIPS} round trips (gateway in, REST callback out):")
    _row("core alone (baseline)", core_ms)
    _row("through Discord fake", adapter_ms)
    print(f"  ratio p50 {_p(adapter_ms, 50) / _p(core_ms, 50):.1f}x the core alone")
    print(f"  {verdict(_p(adapter_ms, 99))}")


async def _live_question(session: Session, fake: FakeDiscord, channel: int) -> tuple[dict, str]:
    options = {"questions": 1, "seconds": 600}
    await session.slash(STUDENT, "quiz", options, group=("start",), channel=channel)
    question = fake.channel_messages(channel)[-1]
    return question, question["components"][0]["components"][0]["custom_id"]


def _members(channel: int, count: int) -> list[Member]:
    base = 950000000000000000 + channel % 1000 * 10000
    return [Member(base + i, f"crowd{i}") for i in range(count)]


async def _crowd(session: Session, fake: FakeDiscord, channel: int, spread: float) -> None:
    question, first = await _live_question(session, fake, channel)
    members = _members(channel, CROWD)
    latencies: list[float] = []

    async def click(i: int, member: Member) -> None:
        await asyncio.sleep(spread * i / CROWD)
        started = time.perf_counter()
        outputs = await session.click(member, question, first)
        latencies.append((time.perf_counter() - started) * 1000)
        assert len(outputs) == 1 and outputs[0].ephemeral, outputs

    await asyncio.gather(*(click(i, m) for i, m in enumerate(members)))
    recorded = await session.bot.core.store.answers(int(first.split(":")[2]))
    print(f"{CROWD} members answering one question, spread over {spread:.0f} s:")
    _row("click to ephemeral reply", latencies)
    print(f"  recorded {len(recorded)}/{CROWD} ({len({a.user_id for a in recorded})} distinct)")
    duplicate = await session.click(members[0], question, first)
    print(f"  a second click is refused: {'already answered' in duplicate[0].text}")
    print(f"  {verdict(_p(latencies, 99))}")


async def _burst(session: Session, fake: FakeDiscord, channel: int) -> None:
    """Every member's click sent over the gateway at once; times from the first one sent."""
    question, first = await _live_question(session, fake, channel)
    clicks = [fake.click_payload(m, question, first) for m in _members(channel, BURST)]
    pending = {iid for iid, _ in clicks}
    all_handled = asyncio.Event()

    async def on_studybot_handled(iid: int) -> None:
        pending.discard(iid)
        if not pending:
            all_handled.set()

    session.bot.add_listener(on_studybot_handled)
    started, cpu_started = time.perf_counter(), time.process_time()
    for _, payload in clicks:
        await fake.dispatch("INTERACTION_CREATE", payload)
    await asyncio.wait_for(all_handled.wait(), 120)
    session.bot.remove_listener(on_studybot_handled)
    outputs = [fake.outputs[iid] for iid, _ in clicks]
    assert all(out[0].acknowledgement and out[-1].kind == "edit-original" for out in outputs)
    acks = [(out[0].arrived - started) * 1000 for out in outputs]
    replies = [(out[-1].arrived - started) * 1000 for out in outputs]
    recorded = await session.bot.core.store.answers(int(first.split(":")[2]))
    print(f"{BURST} members clicking one question in the same instant:")
    _row("acknowledged (thinking…)", acks)
    _row("answered (edit of it)", replies)
    print(f"  {burst_verdict(acks, len(recorded), len({a.user_id for a in recorded}))}")
    # The machine is shared: CPU time tells what a core of its own would have taken.
    last = max(outputs, key=lambda out: out[0].arrived)[0]
    share = (last.cpu - cpu_started) / (last.arrived - started)
    print(
        f"  CPU time until the last acknowledgement {last.cpu - cpu_started:.2f} s"
        f" (bot and fake Discord in this one process, which had {share:.0%} of a core)"
    )


def _p(values: list[float], pct: int) -> float:
    return percentile(values, pct / 100)


def _row(label: str, values: list[float]) -> None:
    print(f"  {label:<28} p50 {_p(values, 50):7.2f} ms   p99 {_p(values, 99):7.2f} ms")
