"""A store failing the way a real one does: another writer holding the database's write lock."""

from __future__ import annotations

import contextlib
import sqlite3
from collections.abc import Iterator
from pathlib import Path

LOCKED = "the database could not be written (database is locked); try again"


@contextlib.contextmanager
def write_locked(path: Path) -> Iterator[None]:
    """Hold the write lock (as a long transaction elsewhere would) until the block ends."""
    holder = sqlite3.connect(path, isolation_level=None)
    try:
        holder.execute("BEGIN IMMEDIATE")
        yield
        holder.execute("ROLLBACK")
    finally:
        holder.close()
