"""`studybot lookup`: ask the readings a question from the shell, one at a time or in batch.

Exit codes: 0 found, 1 no good match (suggestions printed instead), 2 usage or content problem.
"""

from __future__ import annotations

import argparse
import json
import sys
import textwrap
from pathlib import Path

from bot.cli.common import load_studyset, positive_int
from bot.settings import Settings
from bot.studyset_file import open_semantic
from content.lookup import Hit, LookupIndex, LookupResult
from content.model import Studyset

SHOWN_CHARS = 1200  # as much of a passage as a chat reply shows


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser(
        "lookup",
        help="find the passages that answer a question",
        description="Find the passages of the readings that answer a question, with citations.",
    )
    parser.add_argument("query", nargs="*", metavar="QUERY", help="the question, in any words")
    parser.add_argument("--content", type=Path, help="content file (default: the configured one)")
    parser.add_argument("-k", type=positive_int, default=3, help="how many passages (default 3)")
    output = parser.add_mutually_exclusive_group()
    output.add_argument("--json", action="store_true", help="print one JSON object")
    output.add_argument(
        "--jsonl", action="store_true", help='batch: {"q": ...} lines on stdin, one result each'
    )
    parser.set_defaults(handler=run)


def run(args: argparse.Namespace) -> int:
    query = " ".join(args.query).strip()
    if args.jsonl and query:
        return _fail("--jsonl reads questions from stdin; give no QUERY with it")
    if not args.jsonl and not query:
        return _fail("give a question, e.g. studybot lookup why was the tokyo office blocked")
    settings = Settings.from_env()
    content = args.content or settings.content
    studyset = load_studyset(content, "lookup")
    if studyset is None:
        return 2
    index = LookupIndex(studyset, open_semantic(content, settings.semantic))
    if args.jsonl:
        return _batch(index, args.k)
    result = index.search(query, args.k)
    if args.json:
        print(json.dumps(_as_json(studyset, query, result), ensure_ascii=False))
    else:
        print(_as_text(studyset, query, result))
    return 0 if result.hits else 1


def _batch(index: LookupIndex, k: int) -> int:
    """One output line per non-blank input line; a bad line gets an "error" and the run goes on."""
    status = 0
    for number, line in enumerate(sys.stdin, 1):
        if not line.strip():
            continue
        try:
            query = json.loads(line)["q"]
            if not isinstance(query, str):
                raise TypeError
        except (ValueError, KeyError, TypeError):
            status = 2
            out = {"q": None, "hits": [], "error": f'line {number}: expected {{"q": "..."}}'}
        else:
            result = index.search(query, k)
            out = {"q": query, "hits": [_hit_json(h) for h in result.hits]}
            if not result.hits:
                out["suggestions"] = result.suggestions
        print(json.dumps(out, ensure_ascii=False))
    sys.stdout.flush()
    return status


def _hit_json(hit: Hit) -> dict:
    p = hit.passage
    return {"article": p.article, "passage": p.id, "text": p.text, "score": hit.score}


def _as_json(studyset: Studyset, query: str, result: LookupResult) -> dict:
    hits = [{**_hit_json(h), "citation": studyset.citation(h.passage.id)} for h in result.hits]
    return {
        "q": query,
        "corrected": result.corrected,
        "hits": hits,
        "suggestions": result.suggestions,
    }


def _as_text(studyset: Studyset, query: str, result: LookupResult) -> str:
    lines = []
    if result.corrected and result.corrected != query:
        lines.append(f"(searching for: {result.corrected})")
    if not result.hits:
        lines.append("No passage in the readings answers that well.")
        if result.suggestions:
            lines.append("Perhaps you mean: " + "; ".join(result.suggestions))
        return "\n".join(lines)
    for rank, hit in enumerate(result.hits, 1):
        text = hit.passage.text
        shown = text if len(text) <= SHOWN_CHARS else text[:SHOWN_CHARS].rstrip() + " …"
        lines.append(f"{rank}. {studyset.citation(hit.passage.id)}  [score {hit.score:.2f}]")
        lines.append(textwrap.indent(textwrap.fill(shown, width=96), "   "))
        lines.append("")
    return "\n".join(lines).rstrip()


def _fail(message: str) -> int:
    print(f"studybot lookup: {message}", file=sys.stderr)
    return 2
