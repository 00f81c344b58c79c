"""A PostgreSQL database made current: the numbered files in db/migrations/postgresql/.

They follow the SQLite migrations number for number (version N means the same tables and rules
on both), each applied in one transaction (PostgreSQL's DDL is transactional) under an advisory
lock, so processes starting together apply each one once. The version is kept in the one-row
table `studybot_schema`, which also tells a studybot database from someone else's.
"""

from __future__ import annotations

import asyncpg

from db import schema
from db.api import StoreError, Unreachable

MIGRATIONS = schema.MIGRATIONS / "postgresql"
LOCK = schema.APPLICATION_ID  # the advisory lock migrations hold

_FOUND = """
SELECT (SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()) AS tables,
       to_regclass('studybot_schema') IS NOT NULL AS ours
"""


def describe(url: str) -> str:
    """The URL without its password, for messages."""
    head, at, tail = url.rpartition("@")
    if not at or ":" not in head.split("//", 1)[-1]:
        return url
    user = head.split("//", 1)[-1].split(":", 1)[0]
    return f"{head.split('//', 1)[0]}//{user}:***@{tail}"


# The server is not there yet or not taking connections: refused, no socket, no such host yet
# (a container starting), timed out, or "the database system is starting up".
_NOT_ANSWERING = (OSError, asyncpg.CannotConnectNowError)


def connection_error(url: str, error: Exception) -> StoreError:
    """What a failed connection means: Unreachable when waiting may help, otherwise (a refused
    password, no such database) a StoreError saying what to change."""
    kind = Unreachable if isinstance(error, _NOT_ANSWERING) else StoreError
    return kind(f"cannot connect to {describe(url)}: {error}")


async def connect(url: str) -> asyncpg.Connection:
    try:
        return await asyncpg.connect(url)
    except (OSError, asyncpg.PostgresError, asyncpg.InterfaceError, ValueError) as error:
        raise connection_error(url, error) from error


async def version(connection: asyncpg.Connection, url: str, known: int) -> int:
    """The schema version of a database that is ours (or empty) and not from the future."""
    found = await connection.fetchrow(_FOUND)
    if not found["ours"]:
        if found["tables"]:
            raise StoreError(f"{describe(url)} has tables, but is not one of studybot's databases")
        return 0
    current = await connection.fetchval("SELECT version FROM studybot_schema")
    if current > known:
        raise StoreError(
            f"{describe(url)} has schema version {current}, newer than this studybot knows "
            f"({known}); upgrade studybot or point it at another database"
        )
    return current


async def migrate(connection: asyncpg.Connection, url: str) -> list[int]:
    """Apply the migrations the database lacks; the versions applied."""
    steps = schema.migrations(MIGRATIONS)
    current = await version(connection, url, len(steps))
    applied = []
    for step in steps[current:]:
        try:
            async with connection.transaction():
                await connection.execute("SELECT pg_advisory_xact_lock($1)", LOCK)
                await connection.execute(
                    "CREATE TABLE IF NOT EXISTS studybot_schema (version integer NOT NULL);"
                    " INSERT INTO studybot_schema SELECT 0"
                    " WHERE NOT EXISTS (SELECT 1 FROM studybot_schema)"
                )
                if await connection.fetchval("SELECT version FROM studybot_schema") >= step.version:
                    continue  # another process applied it while this one waited for the lock
                await connection.execute(step.path.read_text(encoding="utf-8"))
                await connection.execute("UPDATE studybot_schema SET version = $1", step.version)
        except asyncpg.PostgresError as error:
            raise StoreError(
                f"migration postgresql/{step.path.name} failed on {describe(url)}: {error}"
            ) from error
        applied.append(step.version)
    return applied


async def prepare(url: str) -> list[int]:
    connection = await connect(url)
    try:
        return await migrate(connection, url)
    finally:
        await connection.close()


async def open_current(url: str) -> asyncpg.Connection:
    """A connection to a database already at the current schema (tools that must not migrate)."""
    connection = await connect(url)
    try:
        known = len(schema.migrations(MIGRATIONS))
        found = await version(connection, url, known)
    except BaseException:
        await connection.close()
        raise
    if found < known:
        await connection.close()
        raise StoreError(
            f"{describe(url)} has schema version {found}; run `studybot db migrate` to bring it "
            f"to {known}"
        )
    return connection
