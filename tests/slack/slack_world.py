"""The small world the Slack tests play in: a workspace's people and a two-article studyset."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

START = datetime(2026, 2, 24, 8, 0, tzinfo=UTC)  # a Tuesday morning
STUDENTS = ("U0ADA", "U0BO", "U0CY")
ADMIN = "U0PROF"  # a workspace admin
TUTOR = "U0TUTOR"  # a member of the instructor user group
TUTORS_GROUP = "S0TUTORS"

STUDYSET = {
    "articles": [
        {
            "id": "ships",
            "title": "Ships of the Northern Sea",
            "authors": ["Ida Holm"],
            "source_file": "ships.txt",
            "sha256": "a" * 64,
        },
        {
            "id": "ports",
            "title": "Ports and Trade",
            "authors": ["Oskar Berg", "Lea Sund"],
            "source_file": "ports.txt",
            "sha256": "b" * 64,
        },
    ],
    "passages": [
        {
            "id": "ships-000",
            "article": "ships",
            "index": 0,
            "text": "The Coastal Defence Agreement (CDA) was signed in Bergen on 24 February 1998 "
            "by four navies.",
        },
        {
            "id": "ships-001",
            "article": "ships",
            "index": 1,
            "text": "The icebreaker Polaris was launched in 2011 and carries a crew of 60.",
        },
        {
            "id": "ships-002",
            "article": "ships",
            "index": 2,
            "text": "The navy has run its escort flotillas the same way since 1961. Each flotilla "
            "grouped destroyers around a helicopter carrier and trained for one kind of war. "
            "Planners argued for years that the structure was too rigid for the threats the "
            "country now faces. In September 2024 the ministry announced that the Fleet Escort "
            "Force will be abolished and replaced by a single Fleet Surface Force. The new force "
            "will organise ships into smaller surface squadrons that can be mixed for each "
            "mission. Officials promise that the first squadrons will sail before the end of the "
            "decade, with more to follow as new frigates are delivered from the yards. Critics worry that crews will be stretched thin while the change is under "
            "way, and that training pipelines built for the old flotillas will take years to "
            "adapt to the new squadrons and their trilateral exercises.",
        },
        {
            "id": "ports-000",
            "article": "ports",
            "index": 0,
            "text": "Rotterdam handled 440 million tonnes of cargo in 2023, the most in Europe.",
        },
    ],
    "glossary": [
        {
            "term": "CDA",
            "expansion": "Coastal Defence Agreement",
            "article": "ships",
            "passage": "ships-000",
        }
    ],
    "events": [
        {
            "id": "ev-cda",
            "date": "1998-02-24",
            "precision": "day",
            "text": "The Coastal Defence Agreement was signed in Bergen.",
            "article": "ships",
            "passage": "ships-000",
        },
        {
            "id": "ev-polaris",
            "date": "2011",
            "precision": "year",
            "text": "The icebreaker Polaris was launched.",
            "article": "ships",
            "passage": "ships-001",
        },
    ],
    "questions": [
        {
            "id": "q-signed",
            "kind": "place",
            "prompt": "Where was the Coastal Defence Agreement signed?",
            "answers": ["Bergen"],
            "choices": ["Oslo", "Bergen", "Tromsø"],
            "article": "ships",
            "passage": "ships-000",
            "explanation": "It was signed by four navies.",
        },
        {
            "id": "q-crew",
            "kind": "number",
            "prompt": "How many crew does the Polaris carry?",
            "answers": ["60"],
            "choices": ["40", "60", "80", "120"],
            "article": "ships",
            "passage": "ships-001",
            "explanation": "",
        },
        {
            "id": "q-port",
            "kind": "place",
            "prompt": "Which port handled the most cargo in Europe in 2023?",
            "answers": ["Rotterdam"],
            "choices": [],
            "article": "ports",
            "passage": "ports-000",
            "explanation": "",
        },
    ],
    "prompts": [
        {"id": "pr-1", "text": "Is an icebreaker fleet worth its cost?", "article": "ships"},
        {"id": "pr-2", "text": "Why does one port come to dominate a coast?", "article": "ports"},
    ],
}


class Clock:
    """The core's injected time, moved by the tests."""

    def __init__(self, now: datetime = START) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta: float) -> None:
        self.now += timedelta(**delta)
