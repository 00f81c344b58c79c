"""Online backups, safe while the bot is writing, written under a temporary name and renamed
into place only once complete.

SQLite: SQLite's backup API, from a read-only connection in one step (one consistent snapshot),
checked before the rename. PostgreSQL: pg_dump's custom format (restore with pg_restore) when
pg_dump is installed; otherwise the documented equivalent, a verified `db copy` into a new
SQLite file, which `studybot db copy` moves back into PostgreSQL.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
import subprocess
from pathlib import Path

from db import copy, pg_schema, pg_tools, schema
from db.api import StoreError


def _refuse_target(target: Path) -> None:
    if target.is_dir():
        raise StoreError(f"{target} is a folder; give the backup a file name")


def _partial(target: Path) -> Path:
    return target.with_name(f".{target.name}.{os.getpid()}.partial")


def backup(source: Path, target: Path) -> int:
    """Copy the database at `source` to `target` (a single self-contained file); its size in bytes."""
    source, target = Path(source), Path(target)
    _refuse_target(target)
    if target.exists() and target.resolve() == source.resolve():
        raise StoreError("the backup would overwrite the database itself; choose another path")
    origin = schema.connect(source, writable=False)
    try:
        schema.version(origin, source, len(schema.migrations()))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
        except OSError as error:
            raise StoreError(
                f"cannot create the folder {target.parent}: {error.strerror}"
            ) from error
        partial = _partial(target)
        try:
            copy = sqlite3.connect(partial, isolation_level=None)
            try:
                origin.backup(copy)
                # No -wal file to carry around: the backup is one file that opens anywhere.
                copy.execute("PRAGMA journal_mode = DELETE")
                problem = copy.execute("PRAGMA quick_check(1)").fetchone()[0]
            finally:
                copy.close()
            if problem != "ok":
                raise StoreError(f"the copy failed its check ({problem}); {target} was not written")
            os.replace(partial, target)
        except (OSError, sqlite3.Error) as error:
            raise StoreError(f"cannot write the backup {target}: {error}") from error
        finally:
            with contextlib.suppress(FileNotFoundError):
                partial.unlink()
    finally:
        origin.close()
    return target.stat().st_size


async def backup_postgres(url: str, target: Path) -> tuple[int, str]:
    """Back up a PostgreSQL database to the file `target`; its size, and which kind it is."""
    target = Path(target)
    _refuse_target(target)
    await (await pg_schema.open_current(url)).close()  # ours, reachable, current: or say why
    target.parent.mkdir(parents=True, exist_ok=True)
    partial = _partial(target)
    try:
        if (pg_dump := pg_tools.binary("pg_dump")) is not None:
            how = "pg_dump custom format; restore with pg_restore"
            done = subprocess.run(
                [pg_dump, "--format=custom", f"--file={partial}", f"--dbname={url}"],
                capture_output=True,
                text=True,
                check=False,
            )
            if done.returncode != 0:
                raise StoreError(f"cannot write the backup {target}: {done.stderr.strip()}")
        else:
            how = "SQLite copy, as pg_dump is not installed; restore with studybot db copy"
            await copy.copy(url, partial)
            with contextlib.closing(sqlite3.connect(partial)) as connection:
                connection.execute("PRAGMA journal_mode = DELETE")  # one file, as `backup` makes
        os.replace(partial, target)
    except OSError as error:
        raise StoreError(f"cannot write the backup {target}: {error}") from error
    finally:
        with contextlib.suppress(FileNotFoundError):
            partial.unlink()
    return target.stat().st_size, how
