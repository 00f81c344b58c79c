"""`studybot content build [ARTICLES_DIR] [-o FILE]`, `studybot content check [FILE] [--report]`."""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

from bot.settings import Settings
from content.model import BUNDLED

DEFAULT_ARTICLES = Path("../shared/articles")
PROGRESS_AFTER = 3.0  # seconds of building before a line per article is shown


def register(subparsers: argparse._SubParsersAction) -> None:
    parser = subparsers.add_parser("content", help="build or check the content file")
    commands = parser.add_subparsers(dest="content_command", metavar="ACTION", required=True)

    build = commands.add_parser("build", help="build the content file from a folder of articles")
    build.add_argument(
        "articles",
        nargs="?",
        type=Path,
        default=DEFAULT_ARTICLES,
        metavar="ARTICLES_DIR",
        help=f"folder of .txt/.md/.html/.pdf/.docx articles (default: {DEFAULT_ARTICLES})",
    )
    build.add_argument(
        "-o",
        "--output",
        type=Path,
        default=BUNDLED,
        metavar="FILE",
        help="where to write the content file (default: the bundled content/studyset.json)",
    )
    build.set_defaults(handler=run_build)

    check = commands.add_parser("check", help="validate a content file and print its stats")
    check.add_argument("file", nargs="?", type=Path, default=BUNDLED, metavar="FILE")
    check.add_argument(
        "--report",
        action="store_true",
        help="also print served and withheld items per kind, reason and article",
    )
    check.set_defaults(handler=run_check)


def run_build(args: argparse.Namespace) -> int:
    from content.build import BuildError, build_file
    from content.readers import SourceError

    started = time.monotonic()

    def progress(done: int, total: int, name: str) -> None:
        # A quick build stays quiet; a long one shows that it is moving.
        if time.monotonic() - started >= PROGRESS_AFTER:
            print(f"[{done}/{total}] read {name}", file=sys.stderr, flush=True)

    try:
        report = build_file(args.articles, args.output, progress)
    except BuildError as exc:
        for skipped in exc.skipped:
            print(f"skipped {skipped}", file=sys.stderr)
        print(f"content build: {exc}", file=sys.stderr)
        return 1
    except SourceError as exc:
        print(f"content build: {exc}", file=sys.stderr)
        return 1
    except OSError as exc:
        print(f"content build: cannot write {args.output}: {exc.strerror}", file=sys.stderr)
        return 1
    for skipped in report.skipped:
        print(f"skipped {skipped}", file=sys.stderr)
    print(f"wrote {args.output}: {report.summary()}")
    if Settings.from_env().semantic:
        from content.semantic import refresh_general, refresh_vectors, vectors_path

        try:
            added = refresh_vectors(report.studyset, vectors_path(args.output))
            refresh_general()
        except OSError as exc:
            print(f"content build: cannot write the vectors: {exc.strerror}", file=sys.stderr)
            return 1
        print(f"vectors {vectors_path(args.output)}: {added} new sentences embedded")
    return 0


def run_check(args: argparse.Namespace) -> int:
    from content.check import check_file, report, stats

    studyset, errors = check_file(args.file)
    if errors:
        print(f"{args.file}: {len(errors)} problem(s):", file=sys.stderr)
        for error in errors:
            print(f"  - {error}", file=sys.stderr)
        return 1
    print(f"{args.file}: ok: {stats(studyset)}")
    if args.report:
        print(report(studyset))
    return 0
