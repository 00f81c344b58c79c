"""Adapters served together: one ending stops the others, which get to clean up."""

from __future__ import annotations

import asyncio

from bot.stopping import until_stopped


async def test_one_server_failing_stops_the_other_cleanly():
    closed = []

    async def refused() -> int:
        await asyncio.sleep(0)
        return 2

    async def serving() -> int:
        try:
            await asyncio.Event().wait()  # until cancelled
        finally:
            closed.append("database")
        return 0

    assert await until_stopped(serving(), refused()) == 2
    assert closed == ["database"]


async def test_servers_ending_well_end_with_zero():
    async def done() -> int:
        return 0

    assert await until_stopped(done(), done()) == 0
