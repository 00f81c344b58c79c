"""`studybot`: one console script, one subcommand module per area.

Each module in COMMANDS has `register(subparsers)`, which adds its subcommands with a
`handler(args) -> int` default. Handlers answer user mistakes with a message and an exit code.
"""

from __future__ import annotations

import argparse
import importlib
import sys

from bot.settings import SettingError

COMMANDS = ("content", "db", "lookup", "judge", "onthisdate", "quiz", "console", "run", "health")


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="studybot", description="A study-group bot built from a folder of articles."
    )
    subparsers = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)
    for name in COMMANDS:
        importlib.import_module(f"bot.cli.{name}").register(subparsers)
    return parser


def main(argv: list[str] | None = None) -> int:
    try:  # the console's help reads the settings for its defaults
        args = build_parser().parse_args(argv)
        return args.handler(args)
    except SettingError as problem:
        print(f"studybot: {problem}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        sys.stderr.close()  # the reader went away (`| head`); nothing left to say
        return 0


if __name__ == "__main__":
    sys.exit(main())
