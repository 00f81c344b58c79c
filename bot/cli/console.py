"""`studybot console`: every command in the terminal, interactive or scripted from stdin."""

from __future__ import annotations

import argparse
import dataclasses
import sys
from pathlib import Path

from bot.runtime.exits import SETUP
from bot.settings import Settings
from db.stores import target


def register(subparsers) -> None:
    defaults = Settings.from_env()
    parser = subparsers.add_parser(
        "console",
        help="play studybot in the terminal",
        description="Commands as in chat, one per line; a line that is not a command answers "
        "the question shown last. /as NAME [--instructor] switches user, /clock +90s or "
        "/clock 2026-02-24T09:00 moves time.",
    )
    parser.add_argument("--content", type=Path, default=defaults.content, help="content file")
    parser.add_argument(
        "--database",
        type=target,
        default=defaults.database,
        help="SQLite file or postgresql:// URL",
    )
    parser.add_argument("--user", default="student", help="whom you play (default: student)")
    parser.add_argument("--instructor", action="store_true", help="play an instructor")
    parser.add_argument("--json", action="store_true", help="one JSON object per reply")
    parser.add_argument("--clock", help="start a fixed clock at this ISO date-time (UTC default)")
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    from bot.console.app import run
    from bot.console.session import Clock, parse_instant

    try:
        clock = Clock(fixed=parse_instant(args.clock)) if args.clock else None
    except ValueError as problem:
        print(f"studybot console: --clock: {problem}", file=sys.stderr)
        return SETUP
    if not args.user.strip() or len(args.user) > 64:
        print("studybot console: --user needs a name of 1 to 64 characters", file=sys.stderr)
        return SETUP
    settings = dataclasses.replace(
        Settings.from_env(), content=args.content, database=args.database
    )
    return run(
        settings,
        user=args.user.strip(),
        instructor=args.instructor,
        json_lines=args.json,
        clock=clock,
    )
