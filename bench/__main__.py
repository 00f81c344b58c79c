"""`make bench`: run every benchmark module in this folder, or those named on the command line.

Each module has `run() -> None` and prints its own table. Goals are reported, never asserted.
"""

from __future__ import annotations

import importlib
import pkgutil
import sys
import time
from pathlib import Path


def main(names: list[str]) -> int:
    found = sorted(
        m.name
        for m in pkgutil.iter_modules([str(Path(__file__).parent)])
        if not m.name.startswith("_")
    )
    for name in names or found:
        if name not in found:
            print(f"no benchmark named {name!r}; there are: {', '.join(found)}", file=sys.stderr)
            return 2
        print(f"\n== bench.{name} ==", flush=True)
        started = time.perf_counter()
        importlib.import_module(f"bench.{name}").run()
        print(f"(bench.{name} took {time.perf_counter() - started:.1f} s)", flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
