"""Opening a database file safely and bringing its schema up to date.

Every check that can refuse a file runs before anything is written to it, so a refused file
(a folder, not SQLite, corrupt, read-only, from a newer studybot) is left byte-identical.
Migrations are the numbered files in db/migrations/, each applied in one transaction and
recorded in PRAGMA user_version.
"""

from __future__ import annotations

import os
import re
import sqlite3
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

from db.api import StoreError

MIGRATIONS = Path(__file__).with_name("migrations")
APPLICATION_ID = 1400140100  # set by 001_initial.sql; tells our files from other SQLite files
BUSY_TIMEOUT_MS = 5000
_HEADER = b"SQLite format 3\x00"
_NAME = re.compile(r"(\d{3})_[a-z0-9_]+\.sql")


@dataclass(frozen=True, order=True)
class Migration:
    version: int
    path: Path


def migrations(folder: Path = MIGRATIONS) -> list[Migration]:
    """The migration files in order; their numbers must run 1, 2, 3, ... without gaps."""
    found = sorted(
        Migration(int(match.group(1)), path)
        for path in folder.iterdir()
        if (match := _NAME.fullmatch(path.name))
    )
    for expected, migration in enumerate(found, start=1):
        if migration.version != expected:
            raise RuntimeError(f"migration {migration.path.name} is out of sequence")
    return found


def tune(connection: sqlite3.Connection) -> None:
    """Per-connection settings every studybot connection runs with."""
    connection.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    connection.execute("PRAGMA foreign_keys = ON")
    connection.execute("PRAGMA synchronous = NORMAL")


def _refuse_unusable(path: Path, *, writable: bool) -> None:
    """Checks on the file itself, before SQLite opens it."""
    if path.is_dir():
        raise StoreError(f"{path} is a folder, not a database file")
    if path.exists():
        with path.open("rb") as handle:
            head = handle.read(len(_HEADER))
        if head and head != _HEADER:
            raise StoreError(f"{path} is not a SQLite database")
    if not writable:
        if not path.exists():
            raise StoreError(f"there is no database at {path}")
        return
    folder = path.parent
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as error:
        raise StoreError(f"cannot create the folder {folder}: {error.strerror}") from error
    if path.exists() and not os.access(path, os.W_OK):
        raise StoreError(f"{path} is read-only")
    if not os.access(folder, os.W_OK):
        raise StoreError(
            f"the folder {folder} is read-only (SQLite needs to write its journal beside {path.name})"
        )


def connect(path: Path, *, writable: bool = True) -> sqlite3.Connection:
    """A checked connection in autocommit mode; read-only ones cannot change the file at all."""
    path = Path(path)
    _refuse_unusable(path, writable=writable)
    target = f"file:{quote(str(path.resolve()))}?mode={'rwc' if writable else 'ro'}"
    try:
        connection = sqlite3.connect(target, uri=True, isolation_level=None)
        tune(connection)
    except sqlite3.OperationalError as error:
        if writable:
            raise StoreError(f"cannot open {path}: {error}") from error
        return _read_where_nothing_may_be_written(path, error)
    except sqlite3.Error as error:
        raise StoreError(f"cannot open {path}: {error}") from error
    return connection


def _read_where_nothing_may_be_written(path: Path, error: sqlite3.Error) -> sqlite3.Connection:
    """A WAL database in a read-only folder: reading it needs a -shm file SQLite cannot create.
    With no write-ahead log beside it, every change is in the file itself and opening it as
    immutable is safe; with one, opening it so would silently miss its newest changes."""
    wal = path.with_name(path.name + "-wal")
    if wal.exists() and wal.stat().st_size > 0:
        raise StoreError(
            f"cannot open {path} ({error}): its folder is read-only and {wal.name} holds changes "
            f"not yet in it; make {path.parent} writable, or copy {path.name} and {wal.name} "
            "together to a writable folder and use that copy"
        ) from error
    target = f"file:{quote(str(path.resolve()))}?mode=ro&immutable=1"
    try:
        connection = sqlite3.connect(target, uri=True, isolation_level=None)
        tune(connection)
    except sqlite3.Error as again:
        raise StoreError(f"cannot open {path}: {again}") from again
    return connection


def version(connection: sqlite3.Connection, path: Path, known: int) -> int:
    """The schema version after making sure the file is sound, ours, and not from the future."""
    try:
        # One read transaction: another process migrating between these reads must not make a
        # fresh file look like a foreign one (tables present, application id not yet seen).
        connection.execute("BEGIN")
        try:
            found = connection.execute("PRAGMA user_version").fetchone()[0]
            application = connection.execute("PRAGMA application_id").fetchone()[0]
            tables = connection.execute(
                "SELECT count(*) FROM sqlite_schema WHERE name NOT LIKE 'sqlite_%'"
            ).fetchone()[0]
            problem = connection.execute("PRAGMA quick_check(1)").fetchone()[0]
        finally:
            connection.execute("COMMIT")
    except sqlite3.DatabaseError as error:
        raise StoreError(f"{path} is damaged or not a database: {error}") from error
    if problem != "ok":
        summary = " ".join(problem.split())  # SQLite's report spans lines; a message should not
        raise StoreError(f"{path} is damaged ({summary}); restore it from a backup")
    blank = application == 0 and found == 0 and tables == 0
    if application != APPLICATION_ID and not blank:
        raise StoreError(f"{path} is a SQLite database, but not one of studybot's")
    if found > known:
        raise StoreError(
            f"{path} has schema version {found}, newer than this studybot knows ({known}); "
            "upgrade studybot or point it at another file"
        )
    return found


def _statements(script: str) -> Iterator[str]:
    """The statements of a migration file, one at a time (trigger bodies kept whole)."""
    pending = ""
    for piece in script.split(";")[:-1]:
        pending += piece + ";"
        if sqlite3.complete_statement(pending):
            yield pending
            pending = ""
    if pending:
        yield pending  # unfinished: executing it reports the syntax error


def migrate(connection: sqlite3.Connection, path: Path, folder: Path = MIGRATIONS) -> list[int]:
    """Apply the migrations the file lacks, each in its own transaction; the versions applied.

    The version is read again once the write lock is held, so processes starting together on
    one file apply each migration once. Files hold plain statements, no BEGIN or COMMIT.
    """
    steps = migrations(folder)
    current = version(connection, path, len(steps))
    applied = []
    for step in steps[current:]:
        script = step.path.read_text(encoding="utf-8")
        try:
            connection.execute("BEGIN IMMEDIATE")
            if connection.execute("PRAGMA user_version").fetchone()[0] >= step.version:
                connection.execute("ROLLBACK")
                continue
            for statement in _statements(script):
                connection.execute(statement)
            connection.execute(f"PRAGMA user_version = {step.version}")
            connection.execute("COMMIT")
        except sqlite3.Error as error:
            if connection.in_transaction:
                connection.execute("ROLLBACK")
            raise StoreError(f"migration {step.path.name} failed on {path}: {error}") from error
        applied.append(step.version)
    return applied


def prepare(path: Path, folder: Path = MIGRATIONS) -> list[int]:
    """Make `path` a current studybot database in WAL mode; the migration versions applied."""
    connection = connect(path)
    try:
        applied = migrate(connection, path, folder)
        try:
            connection.execute("PRAGMA journal_mode = WAL")
        except sqlite3.Error as error:
            raise StoreError(f"cannot switch {path} to WAL mode: {error}") from error
        return applied
    finally:
        connection.close()


def open_current(path: Path, *, writable: bool) -> sqlite3.Connection:
    """A connection to a database already at the current schema (tools that must not migrate)."""
    connection = connect(path, writable=writable)
    try:
        known = len(migrations())
        found = version(connection, path, known)
    except BaseException:
        connection.close()
        raise
    if found < known:
        connection.close()
        raise StoreError(
            f"{path} has schema version {found}; run `studybot db migrate` to bring it to {known}"
        )
    return connection
