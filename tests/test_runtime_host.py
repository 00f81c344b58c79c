"""`bot.runtime.host`: what every adapter shares in one process."""

from __future__ import annotations

import asyncio
import threading

from test_core_world import write_studyset

from bot.runtime.host import Host
from bot.runtime.serve import utc_now
from bot.settings import Settings
from bot.studyset_file import checked_studyset


def _store_threads() -> set[threading.Thread]:
    """aiosqlite runs each open connection in a worker thread of its own."""
    return {t for t in threading.enumerate() if "connection_worker" in t.name and t.is_alive()}


async def test_adapters_opening_together_share_one_store_that_closes(tmp_path):
    content = write_studyset(tmp_path / "world.json")
    settings = Settings(content=content, database=tmp_path / "data" / "bot.sqlite3", semantic=False)
    host = Host(settings, checked_studyset(content), utc_now)
    before = _store_threads()
    await asyncio.gather(host.open(), host.open(), host.open())
    assert len(_store_threads() - before) == 1, "one store for every adapter of the process"
    await host.close()
    for _ in range(100):  # the worker thread ends a moment after the close
        if not _store_threads() - before:
            break
        await asyncio.sleep(0.01)
    assert not _store_threads() - before, "a store nobody closes keeps the process from exiting"
