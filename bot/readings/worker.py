"""Building a community's readings in a worker process, so the bot keeps answering meanwhile.

The worker reads the folder and writes the content file, then (when lookup goes by meaning too)
embeds the sentences its vectors file lacks; it tells the parent of each file it reads and each
batch of sentences it embeds through a pipe. A worker that dies, or overruns its time, fails
the build; the caller keeps the community's previous content, and the vectors embedded so far
stay in the file for the next build.
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


def _work(folder: str, out: str, vectors: str | None, pipe) -> None:
    """The worker process: build and send ("built", summary) or ("failed", why); then embed
    and send ("done",)."""
    from content.build import BuildError, build_file
    from content.check import stats
    from content.readers import SourceError
    from content.semantic import refresh_vectors

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
        pipe.send(("built", (stats(report.studyset) + ".", skipped)))
        if vectors:
            refresh_vectors(
                report.studyset, Path(vectors), progress=lambda n, of: pipe.send(("embed", n, of))
            )
        pipe.send(("done",))
    finally:
        pipe.close()


Progress = Callable[[int, int, str], Awaitable[None]]  # files read: n, of, name
Embedding = Callable[[int, int], Awaitable[None]]  # sentences embedded: n, of


async def build(
    folder: Path,
    out: Path,
    progress: Progress,
    limit: float = BUILD_SECONDS,
    *,
    vectors: Path | None = None,
    embedding: Embedding | None = None,
) -> tuple[str, list[tuple[str, str]]]:
    """Build `folder` into `out` in a worker process: its summary and the files skipped, with
    why; or BuildFailed. With `vectors`, that file is then brought up to date with the new
    content's sentences (embedding only those it lacks); when that is cut short (time, a
    crash), the build still counts, its summary says so."""
    spawn = multiprocessing.get_context("spawn")  # a clean interpreter: no threads forked
    receiver, sender = spawn.Pipe(duplex=False)
    # Not a daemon: a large folder is read by a pool of processes of its own.
    args = (str(folder), str(out), vectors and str(vectors), sender)
    worker = spawn.Process(target=_work, args=args)
    worker.start()
    sender.close()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + limit
    built = None  # the content is written; the vectors may still be coming
    try:
        while True:
            if await asyncio.to_thread(receiver.poll, _POLL):
                try:
                    message = receiver.recv()
                except EOFError:  # the worker ended without a word: killed, or crashed
                    if built:
                        return _without_meaning(built)
                    await asyncio.to_thread(worker.join, 5)
                    raise BuildFailed(_ended(worker.exitcode)) from None
                if message[0] == "file":
                    await progress(*message[1:])
                elif message[0] == "built":
                    built = message[1]
                elif message[0] == "embed":
                    if embedding:
                        await embedding(*message[1:])
                elif message[0] == "done":
                    return built
                else:
                    raise BuildFailed(message[1])
            elif loop.time() > deadline:
                if built:
                    return _without_meaning(built)
                raise BuildFailed(f"the build took longer than {limit / 60:.0f} minutes")
    finally:
        receiver.close()
        if worker.is_alive():
            worker.kill()
        await asyncio.to_thread(worker.join, 5)


def _without_meaning(built: tuple[str, list[tuple[str, str]]]) -> tuple[str, list]:
    """A build whose content is done but whose embedding was cut short still counts; what was
    embedded is kept, and the next build goes on from there."""
    summary, skipped = built
    note = " Lookup goes by words until the next build: not every sentence was embedded in time."
    return summary + note, skipped


def _ended(code: int | None) -> str:
    if code is not None and code < 0:
        return f"the build process was stopped (signal {-code}) before it finished"
    return f"the build process ended unexpectedly (exit code {code})"
