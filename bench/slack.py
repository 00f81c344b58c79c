"""Slack adapter through the fake Slack on loopback: /fact round trips and a crowd clicking.

A round trip is a signed slash-command request dispatched to the Bolt app (the path Socket Mode
and HTTP mode share once a request is read) until the reply has arrived at its response_url on
the fake. Baseline in the same run: the same /fact asked of the core directly, so the ratio is
what Bolt, the adapter and loopback HTTP add. Then 200 members click one live question spread
over two seconds (what each member feels; goal p99 < 50 ms per round trip), and 1,000 click
another in the same instant: each must be acknowledged (Bolt's HTTP answer) within Slack's 3
seconds and recorded once; the replies wait for the burst's writes.
"""

from __future__ import annotations

import asyncio
import logging
import random
import statistics
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

# The fake Slack lives with the tests it was written for; the benchmark borrows it.
sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "tests" / "slack"))

import aiohttp
from fake_slack import BOT_TOKEN, TEAM, FakeSlack
from slack_harness import SECRET, Harness, buttons
from slack_sdk.web.async_client import AsyncWebClient

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
from bot.slack.listeners import build_app
from bot.slack.outlet import SlackOutlet
from content.model import BUNDLED, Studyset
from db.sqlite import SqliteStore


class FixedClock:
    """Time stands still, so the crowd's question stays open however long the run takes."""

    def __init__(self) -> None:
        self.now = datetime(2026, 2, 24, 9, 0, tzinfo=UTC)

    def __call__(self) -> datetime:
        return self.now


def run() -> None:
    logging.getLogger("slack_bolt").setLevel(logging.ERROR)
    asyncio.run(_main())


async def _main() -> None:
    fake = await FakeSlack().start()
    users = [f"U{n:06d}" for n in range(max(CROWD, BURST))]
    for user in users:
        fake.add_user(user, f"member{user[1:]}")
    with tempfile.TemporaryDirectory() as folder:
        store = await SqliteStore.open(Path(folder) / "bench.sqlite3")
        session = aiohttp.ClientSession()  # one session for every call, as `serve` has it
        client = AsyncWebClient(token=BOT_TOKEN, base_url=fake.api_url, session=session)
        core = Core(Studyset.load(BUNDLED), store, FixedClock(), SlackOutlet(client))
        slack = Harness(build_app(core, client, SECRET), fake)
        try:
            baseline = await _core_alone(core, users[0])
            replies, acks = await _round_trips(slack, users[0])
            rows = [
                ("/fact asked of the core alone (baseline)", baseline),
                ("/fact round trip: signed request in, reply at response_url", replies),
                ("/fact: Bolt's HTTP answer (ack) to the same request", acks),
            ]
            spread = await _crowd(slack, fake, store, users[:CROWD], "C0SPREAD", SPREAD_SECONDS)
            burst = await _crowd(slack, fake, store, users[:BURST], "C0BURST", 0.0)
            rows += [
                (f"{CROWD} members answering, spread over {SPREAD_SECONDS:.0f} s", spread[1]),
                (f"{BURST} members clicking in the same instant: acknowledged", burst[0]),
                (f"{BURST} members clicking in the same instant: answered", burst[1]),
            ]
        finally:
            await session.close()
            await store.close()
            await fake.stop()
    base = statistics.median(rows[0][1])
    print("| measure | p50 | p99 | p50 vs baseline |\n|---|---|---|---|")
    for name, samples in rows:
        p50, p99 = _pct(samples, 50), _pct(samples, 99)
        print(f"| {name} | {p50:.1f} ms | {p99:.1f} ms | {p50 / base:.1f}x |")
    print(f"/fact round trip: {verdict(_pct(rows[1][1], 99))}")
    print(f"{BURST} at once: {burst_verdict(burst[0], *burst[2])}")


async def _core_alone(core: Core, user: str) -> list[float]:
    actor = Actor("slack", TEAM, user, "member", "C0BENCH")
    samples = []
    for i in range(ROUND_TRIPS):
        started = time.perf_counter()
        await core.command(actor, ("fact",), {"query": QUERIES[i % len(QUERIES)]})
        samples.append((time.perf_counter() - started) * 1000)
    return samples


async def _round_trips(slack: Harness, user: str) -> tuple[list[float], list[float]]:
    """(until the reply reached the fake, until Bolt answered the HTTP request)."""
    replies, acks = [], []
    for i in range(ROUND_TRIPS):
        started = time.perf_counter()
        (reply,) = await slack.ask(user, "/fact", QUERIES[i % len(QUERIES)], channel="C0BENCH")
        acks.append((time.perf_counter() - started) * 1000)
        replies.append((slack.fake.arrived(reply) - started) * 1000)
    return replies, acks


async def _crowd(slack: Harness, fake: FakeSlack, store, users: list[str], channel: str, spread):
    """One live question in `channel`, clicked by every user within `spread` seconds:
    (acknowledgement times, reply times, (answers recorded, distinct members)), in ms."""
    await slack.ask(users[0], "/quiz", "start 1 seconds=600", channel=channel)
    await fake.wait_until(lambda: _question(fake, channel) is not None)
    block, button = buttons(_question(fake, channel)["blocks"])[0]
    delays = sorted(random.uniform(0, spread) for _ in users)
    clicks = await asyncio.gather(
        *(_click(slack, u, block, button, channel, d) for u, d in zip(users, delays, strict=True))
    )
    await fake.wait_until(lambda: all(fake.responses(name) for name, _, _ in clicks), 120)
    acks = [(acknowledged - started) * 1000 for _, started, acknowledged in clicks]
    replies = [(fake.arrived(fake.responses(n)[0]) - started) * 1000 for n, started, _ in clicks]
    community = await store.community("slack", TEAM)
    rnd = await store.open_round(community.id, channel, "live")
    answers = await store.answers(rnd.id)
    print(f"{channel}: {len(answers)} of {len(users)} answers recorded")
    return acks, replies, (len(answers), len({a.user_id for a in answers}))


def _question(fake: FakeSlack, channel: str) -> dict | None:
    posts = [p for p in fake.called("chat.postMessage") if p["channel"] == channel]
    return next((p for p in posts if buttons(p.get("blocks", []))), None)


async def _click(slack: Harness, user, block, button, channel, delay: float):
    """(the reply's name, when the click was sent, when Bolt answered the HTTP request)."""
    await asyncio.sleep(delay)
    name = f"click-{channel}-{user}"
    body = slack.click_body(user, block, button, channel=channel, response_name=name)
    started = time.perf_counter()
    response = await slack.send(body)
    assert response.status == 200, response.body
    return name, started, time.perf_counter()


def _pct(samples: list[float], q: int) -> float:
    return percentile(samples, q / 100)
