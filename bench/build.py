"""Content build time: the five real articles, a 100x corpus of them, and 100x the web pages.

Goals: under 2 s for the five, under 60 s for each 100x corpus (wall time). CPU seconds,
workers included, are shown beside it: on a shared machine they say more than the clock. The
per-article time of a large build is compared with the five's, so a step that grows faster
than the corpus shows up as a ratio above 1. The web corpus (100 copies of
../shared/corpora/web) adds what reading HTML costs: main content and metadata for each page.
"""

from __future__ import annotations

import resource
import shutil
import tempfile
import time
from pathlib import Path

from content.build import build_file
from content.readers import SUFFIXES

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ARTICLES = SHARED / "articles"
WEB = SHARED / "corpora" / "web"
COPIES = 100
GOALS = {"five articles": 2.0, f"{COPIES}x corpus": 60.0, f"{COPIES}x web pages": 60.0}


def _cpu() -> float:
    """CPU seconds of this process and its finished workers: what a busy machine cannot inflate."""
    own, workers = (
        resource.getrusage(resource.RUSAGE_SELF),
        resource.getrusage(resource.RUSAGE_CHILDREN),
    )
    return own.ru_utime + own.ru_stime + workers.ru_utime + workers.ru_stime


def _timed(folder: Path, out: Path) -> tuple[float, float, int]:
    started, cpu = time.perf_counter(), _cpu()
    report = build_file(folder, out)
    return time.perf_counter() - started, _cpu() - cpu, len(report.studyset.articles)


def _copies(source: Path, into: Path) -> Path:
    into.mkdir()
    files = sorted(p for p in source.iterdir() if p.suffix.lower() in SUFFIXES)
    for n in range(COPIES):
        for path in files:
            shutil.copyfile(path, into / f"{n:03d}-{path.name}")
    return into


def run() -> None:
    if not ARTICLES.is_dir():
        print(f"skipped: {ARTICLES} is missing")
        return
    with tempfile.TemporaryDirectory() as tmp:
        rows = [("five articles", *_timed(ARTICLES, Path(tmp) / "small.json"))]
        big = _copies(ARTICLES, Path(tmp) / "corpus")
        rows.append((f"{COPIES}x corpus", *_timed(big, Path(tmp) / "big.json")))
        if WEB.is_dir():
            web = _copies(WEB, Path(tmp) / "web")
            rows.append((f"{COPIES}x web pages", *_timed(web, Path(tmp) / "web.json")))
    print(f"{'build':<18}{'articles':>9}{'seconds':>10}{'goal':>8}{'ms/article':>12}{'cpu s':>8}")
    for name, seconds, cpu, count in rows:
        mark = "ok" if seconds < GOALS[name] else "SLOW"
        print(
            f"{name:<18}{count:>9}{seconds:>10.2f}{GOALS[name]:>7.0f}s"
            f"{1000 * seconds / count:>12.1f}{cpu:>8.1f}  {mark}"
        )
    _, small, _, small_n = rows[0]
    for name, seconds, _, count in rows[1:]:
        ratio = (seconds / count) / (small / small_n)
        print(f"per-article time, {name} vs five: {ratio:.2f}x")
