"""`studybot onthisdate`: what the readings record for a day, as a daily post would say it.

Exit codes: 0 shown, 2 usage or content problem (an impossible date is named).
"""

from __future__ import annotations

import argparse
import json
import sys
from datetime import datetime
from pathlib import Path

from bot.cli.common import load_studyset
from bot.core.timing import zone
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
        "--date",
        metavar="DATE",
        help="the day: 2026-02-24, 24 Feb, Feb 24, tomorrow (default: today in the configured zone)",
    )
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    try:
        today = _today(settings.timezone)
        day = parse_day(args.date, today) if args.date else today
    except ValueError as e:
        print(f"studybot onthisdate: {e}", file=sys.stderr)
        return 2
    studyset = load_studyset(args.content or settings.content, "onthisdate")
    if studyset is None:
        return 2
    found = on_this_date(studyset, day)
    if args.json:
        print(json.dumps(as_json(studyset, found), ensure_ascii=False))
    else:
        print(describe(studyset, found))
    return 0


def as_json(studyset: Studyset, found: DayEvents) -> dict:
    events = []
    for event in found.events:
        item = {
            "id": event.id,
            "date": event.date,
            "precision": event.precision,
            "text": event.text,
            "planned": event.planned,
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
        here = zone(timezone)
    except ValueError as problem:
        raise ValueError(f"STUDYBOT_TIMEZONE: {problem}") from None
    return datetime.now(here).date()
