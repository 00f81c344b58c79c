"""Running chat adapters until they are stopped: by SIGTERM/SIGINT, or by one of them ending.

Each adapter's `serve(settings) -> int` runs until cancelled, cleaning up on the way out, and
returns an exit code when it ends on its own (a refused token, an unusable database, ...).
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
from collections.abc import Coroutine
from typing import Any


async def until_stopped(*servers: Coroutine[Any, Any, int]) -> int:
    """Run the servers together; when one ends or a signal comes, cancel the others and wait
    for them to close. The exit code is the first non-zero one, else 0."""
    tasks = [asyncio.ensure_future(server) for server in servers]

    def stop() -> None:
        for task in tasks:
            task.cancel()

    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError):  # not on every platform
            loop.add_signal_handler(sig, stop)
    try:
        await asyncio.wait(tasks, return_when=asyncio.FIRST_COMPLETED)
    finally:
        stop()
        results = await asyncio.gather(*tasks, return_exceptions=True)
        for sig in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError):
                loop.remove_signal_handler(sig)
    for result in results:
        if isinstance(result, BaseException) and not isinstance(result, asyncio.CancelledError):
            raise result
    return next((code for code in results if isinstance(code, int) and code), 0)
