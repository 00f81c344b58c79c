"""`studybot db migrate|backup|export|check|copy`: look after the database, SQLite or PostgreSQL.

Only `migrate` changes the database (and `copy` its target); `backup`, `export` and `check` only
read it. Every problem a user can cause is one line on stderr and exit status 1.
"""

from __future__ import annotations

import argparse
import asyncio
import contextlib
import os
import sys
from functools import partial
from pathlib import Path

from bot.settings import Settings
from db import export, pg_schema, schema
from db.api import StoreError
from db.backup import backup, backup_postgres
from db.copy import copy
from db.health import check, check_postgres
from db.stores import is_postgres, target


def register(subparsers: argparse._SubParsersAction) -> None:
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument(
        "--database",
        type=target,
        metavar="PATH|URL",
        help="a SQLite file or a postgresql:// URL (default: $STUDYBOT_DATABASE or "
        "data/studybot.sqlite3)",
    )
    parser = subparsers.add_parser("db", help="migrate, back up, export or check the database")
    actions = parser.add_subparsers(dest="db_command", metavar="ACTION", required=True)

    migrate = actions.add_parser(
        "migrate", parents=[common], help="create the database or bring its schema up to date"
    )
    migrate.set_defaults(handler=_guarded(_migrate))

    keep = actions.add_parser(
        "backup", parents=[common], help="copy the database to PATH, safely while the bot runs"
    )
    keep.add_argument("path", type=Path, metavar="PATH", help="the backup file to write")
    keep.set_defaults(handler=_guarded(_backup))

    move = actions.add_parser(
        "copy",
        help="copy every row from SRC into the new or empty DST, verified row by row",
        description="SRC and DST are SQLite files or postgresql:// URLs: SQLite into PostgreSQL "
        "to scale out, PostgreSQL into SQLite to come back. DST is created and migrated if "
        "needed; a difference found in the check rolls the whole copy back.",
    )
    move.add_argument("source", type=target, metavar="SRC")
    move.add_argument("target", type=target, metavar="DST")
    move.set_defaults(handler=_guarded(_copy))

    gradebook = actions.add_parser(
        "export", parents=[common], help="scored answers for a gradebook, per answer or per member"
    )
    gradebook.add_argument(
        "--community", metavar="ID", help="only this guild / workspace id (default: all)"
    )
    gradebook.add_argument("--format", choices=("csv", "json"), default="csv")
    gradebook.add_argument(
        "--totals",
        action="store_true",
        help="one row per member (points, correct, answered, accuracy) instead of per answer",
    )
    gradebook.add_argument(
        "--output", type=Path, metavar="FILE", help="write to FILE instead of standard output"
    )
    gradebook.set_defaults(handler=_guarded(_export))

    inspect = actions.add_parser(
        "check", parents=[common], help="integrity check and schema version, changing nothing"
    )
    inspect.set_defaults(handler=_guarded(_check))


def _database(args: argparse.Namespace) -> Path | str:
    return args.database or Settings.from_env().database


def _guarded(handler):
    """User-fixable problems become one line and exit status 1, never a traceback."""

    def run(args: argparse.Namespace) -> int:
        try:
            return handler(args)
        except StoreError as error:
            print(f"studybot db {args.db_command}: {error}", file=sys.stderr)
            return 1

    return run


def _shown(where: Path | str) -> str:
    return pg_schema.describe(where) if is_postgres(where) else str(where)


def _migrate(args: argparse.Namespace) -> int:
    where = _database(args)
    if is_postgres(where):
        applied = asyncio.run(pg_schema.prepare(where))
        known = len(schema.migrations(pg_schema.MIGRATIONS))
    else:
        applied = schema.prepare(where)
        known = len(schema.migrations())
    if applied:
        print(f"{_shown(where)}: schema version {known} (applied {', '.join(map(str, applied))})")
    else:
        print(f"{_shown(where)}: schema version {known}, already up to date")
    return 0


def _backup(args: argparse.Namespace) -> int:
    where = _database(args)
    if is_postgres(where):
        size, how = asyncio.run(backup_postgres(where, args.path))
    else:
        size, how = backup(where, args.path), "SQLite backup"
    print(f"backed up {_shown(where)} to {args.path} ({size:,} bytes, {how})")
    return 0


def _copy(args: argparse.Namespace) -> int:
    counts = asyncio.run(copy(args.source, args.target))
    summary = ", ".join(f"{count:,} {table}" for table, count in counts.items() if count)
    print(
        f"copied {_shown(args.source)} to {_shown(args.target)}, every row verified: "
        f"{summary or 'no rows'}"
    )
    return 0


def _export(args: argparse.Namespace) -> int:
    where = _database(args)
    if is_postgres(where):
        rows = asyncio.run(export.read_postgres(where, args.community, totals=args.totals))
    else:
        rows = export.read(where, args.community, totals=args.totals)
    columns = export.TOTAL_COLUMNS if args.totals else export.COLUMNS
    write = (
        partial(export.write_csv, columns=columns) if args.format == "csv" else export.write_json
    )
    if args.output is None:
        write(rows, sys.stdout)
        return 0
    _write_atomically(args.output, lambda handle: write(rows, handle))
    what = "members" if args.totals else "answers"
    print(f"wrote {len(rows)} {what} to {args.output}", file=sys.stderr)
    return 0


def _write_atomically(target: Path, fill) -> None:
    draft = target.with_name(f".{target.name}.{os.getpid()}.partial")
    try:
        with draft.open("w", encoding="utf-8", newline="") as handle:
            fill(handle)
        os.replace(draft, target)
    except OSError as error:
        with contextlib.suppress(OSError):
            draft.unlink()
        raise StoreError(f"cannot write {target}: {error.strerror}") from error


def _check(args: argparse.Namespace) -> int:
    where = _database(args)
    health = asyncio.run(check_postgres(where)) if is_postgres(where) else check(where)
    path = _shown(where)
    behind = health.version < health.known
    version = f"schema version {health.version}" + (
        f" (run `studybot db migrate` to reach {health.known})" if behind else ""
    )
    if health.problems:
        print(f"{path}: {version}; check FAILED:", file=sys.stderr)
        for problem in health.problems:
            print(f"  {problem}", file=sys.stderr)
        return 1
    print(f"{path}: {version}; integrity ok")
    return 0
