"""`studybot onthisdate`: what the readings record for a day, as a daily post would say it.

Exit codes: 0 shown, 2 usage or content problem (an impossible date is named).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from bot.settings import Settings
from content.calendar import DayEvents, describe, on_this_date, parse_day
from content.model import Studyset


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "onthisdate",
        help="events of the readings on a day of the year",
        description="Show the events of the readings that fall on a day of the year, with "
        "citations; when none does, say so and show the month's or the coming ones.",
    )
    parser.add_argument("--content", type=Path, help="content file (default: the configured one)")
    parser.add_argument(
        "--date", metavar="YYYY-MM-DD", help="the day (default: today in the configured time zone)"
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    try:
        day = parse_day(args.date) if args.date else _today(settings.timezone)
        studyset = load_studyset(args.content or settings.content)
    except ValueError as e:
        print(f"studybot onthisdate: {e}", file=sys.stderr)
        return 2
    found = on_this_date(studyset, day)
    if args.json:
        print(json.dumps(as_json(studyset, found), ensure_ascii=False))
    else:
        print(describe(studyset, found))
    return 0


def load_studyset(path: Path) -> Studyset:
    """The content file, or a ValueError that tells the user what is wrong with it."""
    try:
        return Studyset.load(path)
    except FileNotFoundError:
        raise ValueError(
            f"no content file at {path} (build one with `studybot content build`)"
        ) from None
    except (OSError, ValueError, TypeError, KeyError) as e:
        raise ValueError(f"cannot read content file {path}: {e}") from None


def as_json(studyset: Studyset, found: DayEvents) -> dict:
    events = []
    for event in found.events:
        item = {
            "id": event.id,
            "date": event.date,
            "precision": event.precision,
            "text": event.text,
            "article": event.article,
            "passage": event.passage,
            "citation": studyset.citation(event.passage),
            "years_ago": found.years_ago(event),
        }
        if found.match == "nearest":
            item["anniversary"] = found.anniversary(event).isoformat()
        events.append(item)
    return {"date": found.date.isoformat(), "match": found.match, "events": events}


def _today(timezone: str):
    try:
        zone = ZoneInfo(timezone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {timezone!r} (STUDYBOT_TIMEZONE)") from None
    return datetime.now(zone).date()
