"""`studybot health`: exit 0 while this process's chat bot is connected and ticking (Docker's
health check), with a line for every other process beating beside it (its other shards) and, on
a database shared between machines, on the other machines."""

from __future__ import annotations

import argparse
import asyncio
import sys
import time

from bot.health import (
    HOST,
    MAX_AGE_SECONDS,
    heartbeat_age,
    heartbeat_path,
    heartbeats,
    process_label,
)
from bot.settings import Settings
from db.api import StoreError
from db.health import heartbeats as db_heartbeats


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "health", help="exit 0 if the running Discord or Slack bot beat recently (for Docker)"
    )
    parser.add_argument(
        "--max-age",
        type=float,
        default=MAX_AGE_SECONDS,
        metavar="SECONDS",
        help=f"oldest heartbeat that still counts as healthy (default {MAX_AGE_SECONDS:.0f})",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    try:
        own = heartbeat_path(settings)
    except ValueError as problem:  # the shard settings name the process; they must be readable
        print(f"studybot: {problem}", file=sys.stderr)
        return 2
    for path in heartbeats(own.parent):
        if path != own:
            print(f"{process_label(path)}: {_state(heartbeat_age(path), args.max_age)}")
    _elsewhere(settings, args.max_age)
    state = _state(heartbeat_age(own), args.max_age)
    if state.startswith("healthy"):
        print(f"{process_label(own)} (this one): {state}")
        return 0
    print(f"studybot: {process_label(own)} (this one): {state} ({own})", file=sys.stderr)
    return 1


def _elsewhere(settings: Settings, max_age: float) -> None:
    """A line for each process on another machine sharing the database (PostgreSQL), from the
    beats they keep there; this machine's own are the files above."""
    try:
        beats = asyncio.run(db_heartbeats(settings.database))
    except StoreError as problem:
        print(f"other machines: their heartbeats cannot be read ({problem})")
        return
    for host, process, when in beats:
        if host != HOST:
            print(f"{process} on {host}: {_state(time.time() - when.timestamp(), max_age)}")


def _state(age: float | None, max_age: float) -> str:
    if age is None:
        return "unhealthy: no heartbeat yet"
    if age > max_age:
        return f"unhealthy: last heartbeat {age:.0f} s ago"
    return f"healthy: last heartbeat {age:.0f} s ago"
