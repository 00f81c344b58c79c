"""Content build time: the five real articles, and a 100x corpus of them under 100 names each.

Goals: under 2 s for the five, under 60 s for the 100x corpus. The per-article time of the
large build is compared with the small one's, so a step that grows faster than the corpus
shows up as a ratio above 1.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

from content.build import build_file
from content.readers import SUFFIXES

ARTICLES = Path(__file__).resolve().parents[1].parent / "shared" / "articles"
COPIES = 100
GOALS = {"five articles": 2.0, f"{COPIES}x corpus": 60.0}


def _timed(folder: Path, out: Path) -> tuple[float, int]:
    started = time.perf_counter()
    report = build_file(folder, out)
    return time.perf_counter() - started, len(report.studyset.articles)


def run() -> None:
    if not ARTICLES.is_dir():
        print(f"skipped: {ARTICLES} is missing")
        return
    sources = sorted(p for p in ARTICLES.iterdir() if p.suffix.lower() in SUFFIXES)
    with tempfile.TemporaryDirectory() as tmp:
        big = Path(tmp) / "corpus"
        big.mkdir()
        for n in range(COPIES):
            for source in sources:
                shutil.copyfile(source, big / f"{n:03d}-{source.name}")
        rows = [
            ("five articles", *_timed(ARTICLES, Path(tmp) / "small.json")),
            (f"{COPIES}x corpus", *_timed(big, Path(tmp) / "big.json")),
        ]
    print(f"{'build':<16}{'articles':>9}{'seconds':>10}{'goal':>8}{'ms/article':>12}")
    for name, seconds, count in rows:
        mark = "ok" if seconds < GOALS[name] else "SLOW"
        print(
            f"{name:<16}{count:>9}{seconds:>10.2f}{GOALS[name]:>7.0f}s"
            f"{1000 * seconds / count:>12.1f}  {mark}"
        )
    (_, small, small_n), (_, large, large_n) = rows
    ratio = (large / large_n) / (small / small_n)
    print(f"per-article time, 100x corpus vs five: {ratio:.2f}x")
