"""What the runtime gives each adapter: a Core on the checked content and the one store, and
the one loop that ticks every Core and beats the heartbeat."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Awaitable, Callable
from datetime import UTC, datetime
from pathlib import Path

from bot.core.api import Outlet
from bot.core.engine import Core
from bot.core.library import Library
from bot.health import HOST, beat
from bot.readings.shelf import Shelf
from bot.runtime.exits import FAILED, Refused
from bot.settings import Settings
from bot.studyset_file import open_semantic
from content.model import Studyset
from db.api import Store, StoreError, Unreachable
from db.stores import open_store

log = logging.getLogger(__name__)

RETRY = 2.0  # seconds between tries to reach a database server at start
Connected = Callable[[], Awaitable[bool]]
CoreFactory = Callable[[Outlet], Core]


class Host:
    def __init__(self, settings: Settings, studyset: Studyset, clock: Callable[[], datetime]):
        self.settings = settings
        self.studyset = studyset
        self.clock = clock
        self.store: Store | None = None
        # One meaning side for every adapter's Core: the model is loaded once per process.
        self.semantic = open_semantic(settings.content, settings.semantic)
        self.library: Library | None = None  # one per process: its Cores share loaded content
        self.shelf = Shelf(settings.data, allow_loopback=settings.test_fetch_loopback)
        self._ticking: list[tuple[Core, Connected | None]] = []
        self._opening = asyncio.Lock()  # adapters start together: the store must open only once

    async def open(self) -> CoreFactory:
        """Open the store (once, when the first adapter is ready for it: a refused token writes
        nothing) and say how to build a Core around an adapter's outlet."""
        async with self._opening:
            if self.store is None:
                self.store = await self._open_store()
                self.library = Library(
                    self.studyset,
                    self.store,
                    self.semantic,
                    capacity=self.settings.loaded_communities,
                    vectors=self.settings.data / "vectors",
                )
        return self._core

    async def _open_store(self) -> Store:
        """Open and migrate the store, waiting up to `database_wait` seconds for a database
        server that is not answering yet (started beside the bot, or restarting)."""
        started = time.monotonic()
        while True:
            try:
                return await open_store(self.settings.database)
            except Unreachable as problem:
                waited = time.monotonic() - started
                if waited >= self.settings.database_wait:
                    raise Refused(
                        f"{problem} (gave up after {waited:.0f} s, see STUDYBOT_DATABASE_WAIT)",
                        code=FAILED,
                    ) from None
                log.warning("waiting for the database: %s; trying again in %.0f s", problem, RETRY)
                await asyncio.sleep(RETRY)
            except StoreError as problem:
                raise Refused(str(problem)) from None

    def _core(self, outlet: Outlet) -> Core:
        return Core(
            self.studyset,
            self.store,
            self.clock,
            outlet,
            default_timezone=self.settings.timezone,
            library=self.library,
            shelf=self.shelf,
        )

    def tick(self, core: Core, connected: Connected | None = None) -> None:
        """Tick `core` from now on. A chat adapter passes `connected`, and the heartbeat beats
        only while every one of them is connected and ticks without failing."""
        self._ticking.append((core, connected))

    async def tick_forever(self, heartbeat: Path, process: str, seconds: float) -> None:
        """Tick every second; while healthy, touch the heartbeat file (this machine's health
        check) and record the beat in the store (other machines' `studybot health`)."""
        while True:
            if await self._tick_all():
                try:
                    beat(heartbeat)
                    if self.store is not None:
                        await self.store.beat(HOST, process, datetime.now(UTC))
                except (OSError, StoreError) as problem:  # the bot works on; health will say
                    log.warning("cannot record the heartbeat of %s: %s", process, problem)
            await asyncio.sleep(seconds)

    async def _tick_all(self) -> bool:
        healthy = any(connected is not None for _, connected in self._ticking)
        for core, connected in list(self._ticking):
            try:
                await core.tick()
            except Exception:  # one failed tick must not stop the scheduler for good
                log.exception("scheduled work failed; trying again at the next tick")
                healthy = False
            if connected is not None and not await connected():
                healthy = False
        return healthy

    async def close(self) -> None:
        if self.store is not None:
            await self.store.close()
