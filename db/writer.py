"""A single writer thread with group commit.

Every write in the process goes through one thread that owns the write connection. Whatever
writes are waiting when it wakes run in one transaction, each inside its own savepoint (so one
failing write undoes only itself), and are committed together: many concurrent writers cost one
commit, and a caller hears back only after its write is committed. One thread hop per batch
instead of one per statement is what makes 200 concurrent answer writers cheap.
"""

from __future__ import annotations

import asyncio
import contextlib
import queue
import sqlite3
import threading
from collections.abc import Callable
from typing import Any, TypeVar

from db.api import StoreError

T = TypeVar("T")

MAX_BATCH = 500  # bounds how long one transaction holds the write lock


class Writer:
    """Owns the write connection, made by `connect` inside the writer thread."""

    def __init__(self, connect: Callable[[], sqlite3.Connection]) -> None:
        self._connect = connect
        self._closing = False
        self._jobs: queue.SimpleQueue = queue.SimpleQueue()
        self._ready = threading.Event()
        self._startup_error: BaseException | None = None
        self._thread = threading.Thread(target=self._serve, name="studybot-db-writer", daemon=True)

    async def start(self) -> None:
        self._thread.start()
        await asyncio.to_thread(self._ready.wait)
        if self._startup_error is not None:
            raise self._startup_error

    async def run(self, job: Callable[[sqlite3.Connection], T]) -> T:
        """Run `job(connection)` inside a write transaction; its result once committed."""
        if self._closing or not self._thread.is_alive():
            raise RuntimeError("the store is closed")
        loop = asyncio.get_running_loop()
        future = loop.create_future()
        self._jobs.put((job, loop, future))
        return await future

    async def close(self) -> None:
        """Finish every write already submitted, then close the connection."""
        self._closing = True
        if self._thread.is_alive():
            self._jobs.put(None)
            await asyncio.to_thread(self._thread.join)

    def _serve(self) -> None:
        try:
            connection = self._connect()
        except BaseException as error:
            self._startup_error = error
            self._ready.set()
            return
        self._ready.set()
        try:
            stopping = False
            while not stopping:
                batch = [self._jobs.get()]
                while len(batch) < MAX_BATCH and not self._jobs.empty():
                    batch.append(self._jobs.get_nowait())
                if None in batch:
                    stopping = True
                    batch = [item for item in batch if item is not None]
                if batch:
                    self._commit(connection, batch)
        finally:
            connection.close()

    @staticmethod
    def _commit(connection: sqlite3.Connection, batch: list) -> None:
        outcomes: list[tuple[bool, Any]] = []
        try:
            connection.execute("BEGIN IMMEDIATE")
            for job, _, _ in batch:
                connection.execute("SAVEPOINT job")
                try:
                    outcomes.append((True, job(connection)))
                except Exception as error:
                    connection.execute("ROLLBACK TO job")
                    # A write SQLite itself refused (full disk, I/O) kept nothing: say so plainly.
                    failed = _unwritten(error) if isinstance(error, sqlite3.Error) else error
                    outcomes.append((False, failed))
                connection.execute("RELEASE job")
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            # The transaction itself failed (busy for too long, disk full, I/O): nothing in the
            # batch was committed, so every caller hears about it.
            if connection.in_transaction:
                with contextlib.suppress(sqlite3.Error):
                    connection.execute("ROLLBACK")
            outcomes = [(False, _unwritten(error))] * len(batch)
        for (_, loop, future), (ok, value) in zip(batch, outcomes, strict=True):
            # RuntimeError: the caller's event loop is gone, so nobody is waiting for this result.
            with contextlib.suppress(RuntimeError):
                loop.call_soon_threadsafe(_settle, future, ok, value)


def _unwritten(error: sqlite3.Error) -> StoreError:
    failure = StoreError(f"the database could not be written ({error}); try again")
    failure.__cause__ = error
    return failure


def _settle(future: asyncio.Future, ok: bool, value: Any) -> None:
    if future.done():
        return  # the caller was cancelled; the write still happened
    if ok:
        future.set_result(value)
    else:
        future.set_exception(value)
