"""A small, fully known study world for the core and console tests (helpers, and a self-check).

Real parts throughout: a real Studyset, the real engines, a real SQLite file; only the chat
platform is replaced, by an outlet that records what the core posts.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from pathlib import Path

from bot.core.api import Actor, Reply
from bot.core.engine import Core
from content.model import Studyset
from db.stores import open_store

START = datetime(2026, 2, 23, 9, 0, tzinfo=UTC)  # a Monday


def world_dict() -> dict:
    def passage(article, index, text):
        return {"id": f"{article}-{index:03d}", "article": article, "index": index, "text": text}

    def question(qid, kind, prompt, answers, choices, article, index, explanation):
        return {
            "id": qid,
            "kind": kind,
            "prompt": prompt,
            "answers": answers,
            "choices": choices,
            "article": article,
            "passage": f"{article}-{index:03d}",
            "explanation": explanation,
        }

    return {
        "articles": [
            {
                "id": "alliance",
                "title": "The Northern Alliance and the Pacific",
                "authors": ["Ada Writer"],
                "source_file": "a.txt",
                "sha256": "0" * 64,
                "publisher": "Example Review",
            },
            {
                "id": "harbour",
                "title": "Harbour Security in a Changing Sea",
                "authors": ["Ben Scribe", "Cy Author"],
                "source_file": "b.txt",
                "sha256": "1" * 64,
            },
        ],
        "passages": [
            passage(
                "alliance",
                0,
                "The Individually Tailored Partnership Programme (ITPP) "
                "was agreed in July 2023 to guide cooperation between the partners.",
            ),
            passage(
                "alliance",
                1,
                "Ministers met in Brussels on 24 February 2022 and condemned the invasion.",
            ),
            passage(
                "harbour",
                0,
                "The harbour patrol force (HPF) guards the eastern port and counts twelve ships.",
            ),
            passage("harbour", 1, "Drills were held on 12 July 2023 with four navies."),
        ],
        "glossary": [
            {
                "term": "ITPP",
                "expansion": "Individually Tailored Partnership Programme",
                "article": "alliance",
                "passage": "alliance-000",
            },
            {
                "term": "HPF",
                "expansion": "harbour patrol force",
                "article": "harbour",
                "passage": "harbour-000",
            },
        ],
        "events": [
            {
                "id": "e1",
                "date": "2022-02-24",
                "precision": "day",
                "text": "Ministers met in Brussels.",
                "article": "alliance",
                "passage": "alliance-001",
            },
            {
                "id": "e2",
                "date": "2023-07-12",
                "precision": "day",
                "text": "Drills with four navies.",
                "article": "harbour",
                "passage": "harbour-001",
            },
        ],
        "questions": [
            question(
                "q1",
                "acronym",
                "What does ITPP stand for?",
                ["Individually Tailored Partnership Programme"],
                [
                    "Individually Tailored Partnership Programme",
                    "International Trade Plan",
                    "Integrated Tactical Patrol Plan",
                ],
                "alliance",
                0,
                "Agreed in 2023.",
            ),
            question(
                "q2",
                "date",
                "In which year was the ITPP agreed?",
                ["2023"],
                ["2021", "2022", "2023"],
                "alliance",
                0,
                "July 2023.",
            ),
            question(
                "q3",
                "fact",
                "How many ships does the harbour patrol force count?",
                ["twelve"],
                [],
                "harbour",
                0,
                "Twelve ships guard the port.",
            ),
            question(
                "q4",
                "fact",
                "Where did ministers meet on 24 February 2022?",
                ["Brussels"],
                ["Brussels", "Tokyo", "Ottawa"],
                "alliance",
                1,
                "In Brussels.",
            ),
            question(
                "q5",
                "date",
                "When were the four-navy drills held?",
                ["12 July 2023"],
                ["12 July 2023", "24 February 2022", "1 May 2024"],
                "harbour",
                1,
                "On 12 July 2023.",
            ),
        ],
        "prompts": [
            {
                "id": "p1",
                "text": "Is a tailored partnership enough?",
                "article": "alliance",
                "passage": "alliance-000",
            },
            {
                "id": "p2",
                "text": "Who should guard the eastern port?",
                "article": "harbour",
                "passage": "harbour-000",
            },
        ],
    }


def make_studyset() -> Studyset:
    return Studyset.from_dict(world_dict())


def write_studyset(path: Path) -> Path:
    path.write_text(json.dumps(world_dict()), encoding="utf-8")
    return path


@dataclass
class Clock:
    now: datetime = START

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)


@dataclass
class RecordingOutlet:
    platform: str = "test"
    sent: list[tuple[str, str, str, Reply]] = field(default_factory=list)
    edits: list[tuple[str, str, str, Reply]] = field(default_factory=list)

    async def send(self, community_id: str, channel_id: str, reply: Reply) -> str:
        ref = f"msg{len(self.sent) + 1}"
        self.sent.append((community_id, channel_id, ref, reply))
        return ref

    async def edit(self, community_id: str, channel_id: str, message_ref: str, reply: Reply):
        self.edits.append((community_id, channel_id, message_ref, reply))


def actor(name: str, *, instructor=False, guild="guild1", channel="c1", roles=()) -> Actor:
    return Actor("test", guild, f"id-{name}", name, channel, instructor, frozenset(roles))


async def open_core(where: Path | str, clock: Clock, outlet: RecordingOutlet | None = None):
    store = await open_store(where)
    outlet = outlet or RecordingOutlet()
    return Core(make_studyset(), store, clock, outlet), store, outlet


def test_the_world_is_consistent():
    studyset = make_studyset()
    for q in studyset.questions:
        assert q.passage in studyset.passage_by_id
        assert not q.choices or q.answer in q.choices
    assert studyset.citation("harbour-001").endswith("paragraph 2")
