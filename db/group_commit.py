"""Group commit for the PostgreSQL store: writes that arrive together share one transaction.

A commit waits for the disk (fsync), so one transaction per answer caps a process at a few
hundred answers a second however many connections it holds. Here an answer is queued; a flush
takes everything waiting and writes it in one transaction, and each caller hears back only once
that transaction is committed. A quiet bot flushes each answer at once, as before; under a burst
the answers that arrive while `flushes` transactions are committing wait for the next one.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable
from typing import Generic, TypeVar

Item = TypeVar("Item")
Result = TypeVar("Result")

# `write(items)` gives one outcome per item, in order: its result, or the exception to raise.
Write = Callable[[list[Item]], Awaitable[list[Result | Exception]]]


class GroupCommit(Generic[Item, Result]):
    def __init__(self, write: Write, *, flushes: int, max_batch: int) -> None:
        self._write = write
        self._flushes = flushes
        self._max_batch = max_batch
        self._waiting: list[tuple[Item, asyncio.Future]] = []
        self._active = 0  # flushes writing or about to; counted here, not by finished tasks
        self._tasks: set[asyncio.Task] = set()

    async def submit(self, item: Item) -> Result:
        """`item`'s outcome, once the transaction holding it is committed."""
        future = asyncio.get_running_loop().create_future()
        self._waiting.append((item, future))
        if self._active < self._flushes:
            self._active += 1
            task = asyncio.create_task(self._flush())
            self._tasks.add(task)
            task.add_done_callback(self._tasks.discard)
        # A cancelled caller stops waiting; its write still goes ahead, as in the SQLite store.
        return await future

    async def close(self) -> None:
        """Wait until everything submitted is written."""
        while self._tasks:
            await asyncio.gather(*self._tasks)

    async def _flush(self) -> None:
        try:
            await self._drain()
        finally:
            # No await between the last look at the queue and this: a new answer either was
            # taken by this flush or finds a free place to start another.
            self._active -= 1

    async def _drain(self) -> None:
        while self._waiting:
            batch = self._waiting[: self._max_batch]
            del self._waiting[: self._max_batch]
            try:
                outcomes = await self._write([item for item, _ in batch])
            except Exception as error:  # nothing in the batch was committed: every caller hears
                outcomes = [error] * len(batch)
            for (_, future), outcome in zip(batch, outcomes, strict=True):
                if future.done():
                    continue
                if isinstance(outcome, Exception):
                    future.set_exception(outcome)
                else:
                    future.set_result(outcome)
