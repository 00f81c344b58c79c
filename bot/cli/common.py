"""What several `studybot` subcommands share: loading the content file and argument types,
each ending a user mistake in one clear line on stderr."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from bot.studyset_file import read_studyset
from content.model import Studyset


def load_studyset(path: Path, command: str) -> Studyset | None:
    """The content file, or None after saying on stderr what is wrong with it."""
    try:
        return read_studyset(path)
    except ValueError as problem:
        print(f"studybot {command}: {problem}", file=sys.stderr)
        return None


def positive_int(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        value = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a whole number: {text!r}") from None
    if value < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return value
