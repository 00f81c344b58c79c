"""The console adapter for `bot.runtime`: one community in the terminal, lines until the end
of input."""

from __future__ import annotations

import asyncio
import contextlib
import io
import sys
import threading
from pathlib import Path
from typing import TextIO

from bot.console.session import BANNER, Clock, ConsoleOutlet, Printer, Session
from bot.runtime import serve as runtime
from bot.runtime.exits import INTERRUPTED
from bot.runtime.host import Host
from bot.settings import Settings, data_folder


class ConsoleAdapter:
    def __init__(
        self,
        source: TextIO,
        out: TextIO,
        *,
        history: Path,
        user: str = "student",
        instructor: bool = False,
        json_lines: bool = False,
        clock: Clock | None = None,
    ) -> None:
        self.source, self.out, self.history = source, out, history
        self.user, self.instructor, self.json_lines = user, instructor, json_lines
        self.clock = clock or Clock()

    def check(self) -> None:
        pass  # the console needs no token

    async def serve(self, host: Host) -> None:
        """Until the end of input (or cancelled)."""
        printer = Printer(self.out, json_lines=self.json_lines)
        core = (await host.open())(ConsoleOutlet(printer))
        if self.clock.fixed is None:  # a fixed clock moves only by /clock, which ticks itself
            host.tick(core)
        session = Session(core, printer, self.clock, self.user, self.instructor)
        interactive = self.source.isatty() and not self.json_lines
        try:
            if interactive:
                _load_history(self.history)
                print(BANNER, file=self.out, flush=True)

            def prompt() -> str:
                return f"{session.actor.display_name}> "

            async for line in _lines(self.source, prompt, interactive):
                await session.handle(line)
        finally:
            if interactive:
                _save_history(self.history)


def run(settings: Settings, **options) -> int:
    """`studybot console` (and `studybot run` without chat tokens) on stdin and stdout."""
    # Undecodable bytes arrive as lone surrogates, which the session cleans, whatever
    # PYTHONIOENCODING says: a strict decoder would end the input thread mid-session.
    if isinstance(sys.stdin, io.TextIOWrapper):  # not a test's or an embedder's stand-in
        sys.stdin.reconfigure(errors="surrogateescape")
    with contextlib.suppress(KeyboardInterrupt):
        return asyncio.run(serve(settings, sys.stdin, sys.stdout, **options))
    return INTERRUPTED


async def serve(settings: Settings, source: TextIO, out: TextIO, **options) -> int:
    console = ConsoleAdapter(
        source, out, history=data_folder(settings.database) / ".console_history", **options
    )
    return await runtime.serve(settings, [console], clock=console.clock)


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
