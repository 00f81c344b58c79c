"""Online backup with SQLite's backup API: safe while the bot is writing.

The copy is taken from a read-only connection in one step, so it is one consistent snapshot; it
is written beside the target under a temporary name, checked, and only then renamed into place.
"""

from __future__ import annotations

import contextlib
import os
import sqlite3
from pathlib import Path

from db import schema
from db.api import StoreError


def backup(source: Path, target: Path) -> int:
    """Copy the database at `source` to `target` (a single self-contained file); its size in bytes."""
    source, target = Path(source), Path(target)
    if target.is_dir():
        raise StoreError(f"{target} is a folder; give the backup a file name")
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
        partial = target.with_name(f".{target.name}.{os.getpid()}.partial")
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
