"""Running the console: load content, open the store, read lines until end of input."""

from __future__ import annotations

import asyncio
import contextlib
import io
import logging
import sys
import threading
from dataclasses import dataclass
from pathlib import Path

from bot.console.session import BANNER, Clock, ConsoleOutlet, Printer, Session
from bot.core.engine import Core
from bot.studyset_file import open_semantic, read_studyset
from db.api import StoreError
from db.sqlite import SqliteStore

log = logging.getLogger(__name__)
TICK_SECONDS = 1.0  # how often a real clock is checked for closing questions and due posts


@dataclass(frozen=True)
class ConsoleOptions:
    content: Path
    database: Path
    user: str = "student"
    instructor: bool = False
    json_lines: bool = False
    timezone: str = "UTC"  # where the console community lives until /settings timezone
    semantic: bool = (
        False  # lookup by meaning too (the CLI turns it on unless STUDYBOT_SEMANTIC=off)
    )
    clock: Clock | None = None


def run(options: ConsoleOptions) -> int:
    # Undecodable bytes arrive as lone surrogates, which the session cleans, whatever
    # PYTHONIOENCODING says: a strict decoder would end the input thread mid-session.
    if isinstance(sys.stdin, io.TextIOWrapper):  # not a test's or an embedder's stand-in
        sys.stdin.reconfigure(errors="surrogateescape")
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(serve(options, sys.stdin, sys.stdout))
    return 130


async def serve(options: ConsoleOptions, source, out) -> int:
    try:
        studyset = read_studyset(options.content)
    except ValueError as problem:
        print(f"studybot: {problem}", file=sys.stderr)
        return 2
    try:
        store = await SqliteStore.open(options.database)
    except StoreError as problem:
        print(f"studybot: {problem}", file=sys.stderr)
        return 2
    clock = options.clock or Clock()
    printer = Printer(out, json_lines=options.json_lines)
    core = Core(
        studyset,
        store,
        clock,
        ConsoleOutlet(printer),
        default_timezone=options.timezone,
        semantic=open_semantic(options.content, options.semantic),
    )
    session = Session(core, printer, clock, options.user, options.instructor)
    interactive = source.isatty() and not options.json_lines
    ticker = asyncio.create_task(_tick_forever(core)) if clock.fixed is None else None
    history = options.database.parent / ".console_history"
    try:
        if interactive:
            _load_history(history)
            print(BANNER, file=out, flush=True)
        async for line in _lines(source, lambda: f"{session.actor.display_name}> ", interactive):
            await session.handle(line)
    finally:
        if ticker is not None:
            ticker.cancel()
        await store.close()
        if interactive:
            _save_history(history)
    return 0


def _load_history(path: Path) -> None:
    import readline  # input() gains line editing and history at a terminal

    with contextlib.suppress(OSError):
        readline.read_history_file(path)


def _save_history(path: Path) -> None:
    import readline

    readline.set_history_length(1000)
    with contextlib.suppress(OSError):
        readline.write_history_file(path)


async def _lines(source, prompt, interactive: bool):
    """Lines from a daemon thread (a blocked read must not keep the process alive on Ctrl-C);
    the next prompt waits until the previous line's replies are printed."""
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    turn = threading.Semaphore(1)

    def read() -> None:
        while True:
            turn.acquire()
            try:
                line = input(prompt()) if interactive else source.readline()
            except EOFError:
                line = ""
            loop.call_soon_threadsafe(queue.put_nowait, line or None)
            if not line:
                return

    threading.Thread(target=read, daemon=True, name="console-input").start()
    while (line := await queue.get()) is not None:
        yield line
        turn.release()
    if interactive:
        print()


async def _tick_forever(core: Core) -> None:
    while True:
        await asyncio.sleep(TICK_SECONDS)
        try:
            await core.tick()
        except Exception:  # keep ticking; the console session goes on
            log.exception("tick failed")
