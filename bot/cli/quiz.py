"""`studybot quiz sample`: see the questions a round would draw, with answers and citations.

The same --seed always draws the same round; without one a fresh seed is picked and shown.
Exit codes: 0 drawn, 2 usage or content problem (an unknown article or kind lists the valid ones).
"""

from __future__ import annotations

import argparse
import json
import secrets
import sys
from pathlib import Path

from bot.cli.common import load_studyset, positive_int
from bot.settings import Settings
from content.draw import draw_questions
from content.model import Question, Studyset


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("quiz", help="quiz questions from the shell")
    actions = parser.add_subparsers(dest="action", metavar="ACTION", required=True)
    sample = actions.add_parser(
        "sample",
        help="draw the questions of a round",
        description="Draw the questions of a quiz round, as the bot would, and show them.",
    )
    sample.add_argument("-n", type=positive_int, default=5, help="how many questions (default 5)")
    sample.add_argument("--seed", help="draw this round again (default: a new seed, shown)")
    sample.add_argument("--article", metavar="ID", help="only this article's questions")
    sample.add_argument("--kind", metavar="K", help="only questions of this kind")
    sample.add_argument("--content", type=Path, help="content file (default: the configured one)")
    sample.add_argument("--json", action="store_true", help="print one JSON object")
    sample.set_defaults(handler=run_sample)


def run_sample(args: argparse.Namespace) -> int:
    seed = args.seed if args.seed is not None else str(secrets.randbelow(10**6))
    studyset = load_studyset(args.content or Settings.from_env().content, "quiz")
    if studyset is None:
        return 2
    try:
        drawn = draw_questions(studyset, args.n, seed=seed, article=args.article, kind=args.kind)
    except ValueError as e:
        print(f"studybot quiz: {e}", file=sys.stderr)
        return 2
    if args.json:
        questions = [{**_question_json(q), "citation": studyset.citation(q.passage)} for q in drawn]
        print(json.dumps({"seed": seed, "questions": questions}, ensure_ascii=False))
    else:
        print(_as_text(studyset, drawn, seed))
    return 0


def _question_json(q: Question) -> dict:
    return {
        "id": q.id,
        "kind": q.kind,
        "article": q.article,
        "prompt": q.prompt,
        "choices": list(q.choices),
        "answers": list(q.answers),
    }


def _as_text(studyset: Studyset, drawn: list[Question], seed: str) -> str:
    lines = [f"{len(drawn)} question{'s' * (len(drawn) != 1)} (seed {seed}):", ""]
    for number, q in enumerate(drawn, 1):
        lines.append(f"{number}. [{q.kind}, {q.article}] {q.prompt}")
        for key, choice in zip("ABCDEFGH", q.choices, strict=False):
            lines.append(f"   {key}) {choice}")
        lines.append(f"   Answer: {q.answer}  ({studyset.citation(q.passage)})")
        lines.append("")
    return "\n".join(lines).rstrip()
