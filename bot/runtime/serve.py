"""Running adapters until they are stopped: by SIGTERM/SIGINT, or by one of them ending."""

from __future__ import annotations

import asyncio
import contextlib
import signal
import sys
from collections.abc import Callable, Sequence
from datetime import UTC, datetime
from typing import Protocol

from bot.core.timing import zone
from bot.health import heartbeat_path, process_label
from bot.runtime.exits import OK, Refused
from bot.runtime.host import Host
from bot.settings import Settings
from bot.shards import parse_shards
from bot.studyset_file import checked_studyset

TICK_SECONDS = 1.0  # how often due questions, windows and scheduled posts are looked for


class Adapter(Protocol):
    def check(self) -> None:
        """Refused when a setting this platform needs is missing or malformed."""

    async def serve(self, host: Host) -> None:
        """Build a Core (`await host.open()`), start ticking it (`host.tick`) once events come
        in, and take events until cancelled (cleaning up) or done; Refused when the platform
        refuses."""


def utc_now() -> datetime:
    return datetime.now(UTC)


def run(settings: Settings, adapters: Sequence[Adapter], **options) -> int:
    """`serve` in a fresh event loop: what `studybot run` and `studybot console` call."""
    return asyncio.run(serve(settings, adapters, **options))


async def serve(
    settings: Settings,
    adapters: Sequence[Adapter],
    *,
    clock: Callable[[], datetime] = utc_now,
    tick_seconds: float = TICK_SECONDS,
) -> int:
    """Check, open, run; the exit code follows `bot.runtime.exits`."""
    try:
        _check_zone(settings.timezone)
        _check_shards(settings)
        for adapter in adapters:
            adapter.check()
        try:
            studyset = checked_studyset(settings.content)
        except ValueError as problem:
            raise Refused(str(problem)) from None
        host = Host(settings, studyset, clock)
        try:
            await _until_stopped(host, adapters, settings, tick_seconds)
        finally:
            await host.close()
    except Refused as refused:
        print(f"studybot: {refused}", file=sys.stderr)
        return refused.code
    return OK


def _check_zone(name: str) -> None:
    try:
        zone(name)
    except ValueError as problem:  # it names near misses
        raise Refused(f"STUDYBOT_TIMEZONE: {problem}") from None


def _check_shards(settings: Settings) -> None:
    """Read by Discord and by the heartbeat's name, so checked whatever the platform."""
    try:
        parse_shards(settings.shard_count, settings.shard_ids)
    except ValueError as problem:
        raise Refused(str(problem)) from None


async def _until_stopped(
    host: Host, adapters: Sequence[Adapter], settings: Settings, tick_seconds: float
) -> None:
    """Run the adapters and the tick together; when one adapter ends, or a signal comes, cancel
    the rest and wait for them to clean up. The first failure is raised."""
    heartbeat = heartbeat_path(settings)
    ticker = asyncio.ensure_future(
        host.tick_forever(heartbeat, process_label(heartbeat), tick_seconds)
    )
    tasks = [asyncio.ensure_future(adapter.serve(host)) for adapter in adapters]

    def stop() -> None:
        for task in (*tasks, ticker):
            if not task.cancelling():  # cancelled twice, a task could not finish cleaning up
                task.cancel()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):  # not on every platform
            loop.add_signal_handler(sig, stop)
    try:
        await asyncio.wait([*tasks, ticker], return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop()
        results = await asyncio.gather(*tasks, ticker, return_exceptions=True)
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(sig)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
            raise result
