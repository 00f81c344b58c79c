"""`studybot judge`: try the answer judge from the shell, once or in batch.

Batch (`--jsonl`): one {"answers": [...], "response": "..."} object per stdin line, one
{"accepted": true|false} line out for each (blank lines are skipped). Every line is checked
before anything is written: one bad line is reported on stderr and nothing goes to stdout.
Exit codes: 0 accepted (or batch done), 1 refused, 2 usage or input problem.
"""

from __future__ import annotations

import argparse
import json
import sys

from content.judge import judge


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "judge",
        help="judge a quiz answer against the accepted ones",
        description="Judge a free-text quiz answer the way the quiz does.",
    )
    parser.add_argument("response", nargs="*", metavar="RESPONSE", help="the answer given")
    parser.add_argument(
        "--answer", action="append", default=[], help="an accepted answer (repeat for variants)"
    )
    parser.add_argument(
        "--jsonl",
        action="store_true",
        help='batch: {"answers": [...], "response": "..."} lines on stdin',
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    if args.jsonl:
        if args.answer or args.response:
            return _fail("--jsonl reads everything from stdin; give no --answer or RESPONSE")
        return _batch(sys.stdin)
    if not args.answer:
        return _fail('give at least one --answer, e.g. studybot judge --answer "Erskine" erskin')
    accepted = judge(args.answer, " ".join(args.response))
    print("accepted" if accepted else "refused")
    return 0 if accepted else 1


def _batch(lines) -> int:
    items, problems = [], []
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            items.append(_item(line))
        except ValueError as e:
            problems.append(f"line {number}: {e}")
    if problems:
        for problem in problems:
            print(f"studybot judge: {problem}", file=sys.stderr)
        return 2
    out = "".join(
        json.dumps({"accepted": judge(answers, response)}) + "\n" for answers, response in items
    )
    sys.stdout.write(out)
    sys.stdout.flush()
    return 0


def _item(line: str) -> tuple[list[str], str]:
    expected = 'expected {"answers": ["..."], "response": "..."}'
    try:
        data = json.loads(line)
    except ValueError as e:
        raise ValueError(f"not JSON ({e.msg} at column {e.colno}); {expected}") from None
    if not isinstance(data, dict):
        raise ValueError(expected)
    answers, response = data.get("answers"), data.get("response")
    if not isinstance(answers, list) or not answers or not all(isinstance(a, str) for a in answers):
        raise ValueError(f'"answers" must be a non-empty list of strings; {expected}')
    if not isinstance(response, str):
        raise ValueError(f'"response" must be a string; {expected}')
    return answers, response


def _fail(message: str) -> int:
    print(f"studybot judge: {message}", file=sys.stderr)
    return 2
