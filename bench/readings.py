"""Readings per community: building 99 readings, then adding one article to them, end to end;
/fact in a community whose content is not loaded yet and once it is; each by words only and with
meaning (the build embeds the new sentences; /fact embeds the question); memory with 50
communities that each have their own content, with the unloading bound and without it.

Goals: memory under 1 GB with 50 communities and the bound in force. The build runs in a
worker process, as the bot runs it; wall times on a shared 2-core machine move from run to run.
"""

from __future__ import annotations

import asyncio
import multiprocessing
import statistics
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

from bench._shared import QUERIES, percentile
from bot.core.api import Actor, Upload
from bot.core.engine import Core
from bot.core.library import CAPACITY, Library
from bot.readings.shelf import Shelf
from content.model import BUNDLED, Studyset
from content.semantic import Semantic, VectorStore, vectors_path

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
ARTICLES = SHARED / "articles"
EXISTING = 100
COMMUNITIES = 50
MEMORY_GOAL_MB = 1024


class _Quiet:
    platform = "bench"

    async def send(self, community_id, channel_id, reply) -> str:
        return "m1"

    async def edit(self, community_id, channel_id, message_ref, reply) -> None:
        pass


def _actor(community: str, name: str = "prof") -> Actor:
    return Actor("bench", community, name, name, "c1", is_admin=True)


def _now() -> datetime:
    return datetime.now(UTC)


async def _add_to_hundred(folder: Path, meaning: bool) -> tuple[float, float, float, list[float]]:
    """(seconds to build the first 99, to add the 101st and have it served, first /fact ms,
    warm /fact ms samples); with `meaning`, builds embed the sentences and /fact uses them."""
    from db.sqlite import SqliteStore

    files = sorted(ARTICLES.glob("*.txt"))
    shelf = Shelf(folder)
    async with await SqliteStore.open(folder / "bench.sqlite3") as store:
        semantic = Semantic(VectorStore(vectors_path(BUNDLED))) if meaning else None
        library = Library(Studyset.load(), store, semantic, vectors=folder / "vectors")
        core = Core(library.bundled.studyset, store, _now, _Quiet(), shelf=shelf, library=library)
        place = await store.community("bench", "big")
        for n in range(EXISTING):  # 100 readings already there (copies, each its own bytes)
            data = files[n % len(files)].read_bytes() + b"\n" * (n + 1)
            sha, stored = shelf.keep(data, ".txt")
            await store.add_reading(place.id, f"{n:03d}.txt", "", sha, stored, "prof", _now())
        started = time.perf_counter()
        await core.command(_actor("big"), ("readings", "remove"), {"id": "1"})  # builds 99
        await core.settle()
        first_build = time.perf_counter() - started
        extra = Upload("new.txt", files[0].read_bytes() + b"\n" * 500)
        started = time.perf_counter()
        await core.command(_actor("big"), ("readings", "add"), {"file": extra})
        await core.settle()
        added = time.perf_counter() - started
        built = await store.latest_build(place.id)
        if built.status != "done":
            raise RuntimeError(f"the build failed: {built.report}")
        library = Library(Studyset.load(), store, semantic, vectors=folder / "vectors")
        cold = Core(library.bundled.studyset, store, _now, _Quiet(), library=library)  # unloaded
        started = time.perf_counter()
        await cold.command(_actor("big", "ann"), ("fact",), {"query": QUERIES[0]})
        first = (time.perf_counter() - started) * 1000
        warm = []
        for n in range(100):
            started = time.perf_counter()
            await cold.command(_actor("big", "ann"), ("fact",), {"query": QUERIES[n % 5]})
            warm.append((time.perf_counter() - started) * 1000)
    return first_build, added, first, warm


def _rss_mb() -> float:
    with open("/proc/self/statm") as statm:
        pages = int(statm.read().split()[1])
    return pages * 4096 / 2**20


def _memory(folder: str, capacity: int, meaning: bool, queue) -> None:
    """In a fresh process: 50 communities with their own content, each asked once; with
    `meaning`, each has its vectors file (a copy of the bundled one) and the model loads."""
    import shutil

    from db.sqlite import SqliteStore

    async def main() -> float:
        name = f"mem{capacity}{'m' if meaning else 'w'}"
        async with await SqliteStore.open(Path(folder) / f"{name}.sqlite3") as store:
            semantic = Semantic(VectorStore(vectors_path(BUNDLED))) if meaning else None
            vectors = Path(folder) / f"{name}-vectors"
            library = Library(Studyset.load(), store, semantic, capacity, vectors=vectors)
            core = Core(library.bundled.studyset, store, _now, _Quiet(), library=library)
            text = BUNDLED.read_text(encoding="utf-8")
            for n in range(COMMUNITIES):
                place = await store.community("bench", f"c{n}")
                build = await store.start_build(place.id, "prof", _now(), _now())
                await store.finish_build(build.id, text, "bench", _now())
                if meaning:
                    vectors.mkdir(exist_ok=True)
                    shutil.copyfile(vectors_path(BUNDLED), library.vectors_file(place.id))
            before = _rss_mb()
            for n in range(COMMUNITIES):
                await core.command(_actor(f"c{n}", "ann"), ("fact",), {"query": QUERIES[n % 5]})
            return _rss_mb(), before

    queue.put(asyncio.run(main()))


def run() -> None:
    if not ARTICLES.is_dir():
        print(f"skipped: {ARTICLES} is missing")
        return
    with tempfile.TemporaryDirectory() as tmp:
        for meaning in (False, True):
            with tempfile.TemporaryDirectory(dir=tmp) as folder:
                built, added, first, warm = asyncio.run(_add_to_hundred(Path(folder), meaning))
            how = "words and meaning (sentences embedded)" if meaning else "words only"
            print(f"lookup by {how}:")
            print(f"  building {EXISTING - 1} readings (5 articles repeated): {built:.1f} s")
            print(
                f"  adding one article to a community with {EXISTING - 1}, built and served: "
                f"{added:.1f} s"
            )
            print(
                f"  /fact, content not loaded (first ask, parse + index): {first:.0f} ms; "
                f"loaded: p50 {statistics.median(warm):.1f} ms, p99 {percentile(warm, 0.99):.1f} ms"
                " (5 questions asked 20 times each)"
            )
        spawn = multiprocessing.get_context("spawn")
        for meaning in (False, True):
            for capacity in (CAPACITY, COMMUNITIES):
                queue = spawn.Queue()
                args = (tmp, capacity, meaning, queue)
                worker = spawn.Process(target=_memory, args=args)
                worker.start()
                after, before = queue.get()
                worker.join()
                goal = "met" if after < MEMORY_GOAL_MB else "NOT met"
                how = "with vectors, model loaded" if meaning else "words only"
                print(
                    f"{COMMUNITIES} communities with their own content ({how}), at most "
                    f"{capacity} loaded: RSS {after:.0f} MB (before asking: {before:.0f} MB; "
                    f"goal < {MEMORY_GOAL_MB} MB: {goal})"
                )
