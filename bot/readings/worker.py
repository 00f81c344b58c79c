"""Building a community's readings in a worker process, so the bot keeps answering meanwhile.

The worker reads the folder and writes the content file; it tells the parent of each file it
reads through a pipe. A worker that dies, or overruns its time, fails the build; the caller
keeps the community's previous content.
"""

from __future__ import annotations

import asyncio
import multiprocessing
from collections.abc import Awaitable, Callable
from pathlib import Path

BUILD_SECONDS = 600.0
_POLL = 0.2


class BuildFailed(Exception):
    """The build made no content; the message says why."""


def _work(folder: str, out: str, pipe) -> None:
    """The worker process: build, then send ("done", summary) or ("failed", why)."""
    from content.build import BuildError, build_file
    from content.check import stats
    from content.readers import SourceError

    try:
        report = build_file(
            Path(folder), Path(out), lambda n, of, name: pipe.send(("file", n, of, name))
        )
    except BuildError as problem:
        skipped = "; ".join(str(s) for s in problem.skipped)
        pipe.send(
            ("failed", "no usable article in the readings" + (f" ({skipped})" if skipped else ""))
        )
    except SourceError as problem:
        pipe.send(("failed", str(problem)))
    else:
        skipped = [(s.source_file, s.reason) for s in report.skipped]
        pipe.send(("done", (stats(report.studyset) + ".", skipped)))
    finally:
        pipe.close()


Progress = Callable[[int, int, str], Awaitable[None]]


async def build(
    folder: Path, out: Path, progress: Progress, limit: float = BUILD_SECONDS
) -> tuple[str, list[tuple[str, str]]]:
    """Build `folder` into `out` in a worker process: its summary and the files skipped, with
    why; or BuildFailed."""
    spawn = multiprocessing.get_context("spawn")  # a clean interpreter: no threads forked
    receiver, sender = spawn.Pipe(duplex=False)
    # Not a daemon: a large folder is read by a pool of processes of its own.
    worker = spawn.Process(target=_work, args=(str(folder), str(out), sender))
    worker.start()
    sender.close()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    try:
        while True:
            if await asyncio.to_thread(receiver.poll, _POLL):
                try:
                    message = receiver.recv()
                except EOFError:  # the worker ended without a word: killed, or crashed
                    await asyncio.to_thread(worker.join, 5)
                    raise BuildFailed(_ended(worker.exitcode)) from None
                if message[0] == "file":
                    await progress(*message[1:])
                elif message[0] == "done":
                    return message[1]
                else:
                    raise BuildFailed(message[1])
            elif loop.time() > deadline:
                raise BuildFailed(f"the build took longer than {limit / 60:.0f} minutes")
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        await asyncio.to_thread(worker.join, 5)


def _ended(code: int | None) -> str:
    if code is not None and code < 0:
        return f"the build process was stopped (signal {-code}) before it finished"
    return f"the build process ended unexpectedly (exit code {code})"
