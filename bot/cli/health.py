"""`studybot health`: exit 0 while the chat bot is connected and ticking (Docker's health check)."""

from __future__ import annotations

import argparse
import sys

from bot.health import MAX_AGE_SECONDS, heartbeat_age, heartbeat_path
from bot.settings import Settings


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
    path = heartbeat_path(Settings.from_env())
    age = heartbeat_age(path)
    if age is None:
        print(f"studybot: unhealthy: no heartbeat at {path} yet", file=sys.stderr)
        return 1
    if age > args.max_age:
        print(f"studybot: unhealthy: last heartbeat {age:.0f} s ago", file=sys.stderr)
        return 1
    print(f"healthy: last heartbeat {age:.0f} s ago")
    return 0
