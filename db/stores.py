"""Which store a target names: a postgresql:// URL is a PostgreSQL database, anything else a
SQLite file. The one place the choice is made; the runtime and the tools call `open_store`."""

from __future__ import annotations

from pathlib import Path

from db.api import Store
from db.postgres import PostgresStore
from db.sqlite import SqliteStore

SCHEMES = ("postgresql://", "postgres://")


def is_postgres(target: str | Path) -> bool:
    return isinstance(target, str) and target.startswith(SCHEMES)


def target(value: str) -> str | Path:
    """A setting or argument as a target: the URL as given, or a file path."""
    return value if is_postgres(value) else Path(value)


async def open_store(where: str | Path) -> Store:
    """The store at `where`, created and migrated as needed; StoreError when it cannot be used."""
    if is_postgres(where):
        return await PostgresStore.open(str(where))
    return await SqliteStore.open(Path(where))
