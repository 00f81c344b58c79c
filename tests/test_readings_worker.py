"""The build's worker process: progress for each file, a large folder read by a pool of its
own (which a daemon process could not start), and a time limit."""

from __future__ import annotations

import pytest

from bot.readings import worker
from content.readers.folder import PARALLEL_FROM

TEXT = (
    "Harbour pilots of port {n}\n\n"
    + "Pilots in port {n} guided container ships through the channel at high tide in 1987. " * 4
    + "\n\nThe port authority of port {n} licensed twelve pilots in 1990 after a long strike.\n"
)


async def test_a_large_folder_is_built_in_the_worker_with_progress_for_each_file(tmp_path):
    folder = tmp_path / "readings"
    folder.mkdir()
    files = PARALLEL_FROM + 1
    for n in range(files):
        (folder / f"{n:03d}-port.txt").write_text(TEXT.format(n=n), encoding="utf-8")
    seen = []

    async def progress(n, of, name):
        seen.append((n, of, name))

    summary, skipped = await worker.build(folder, tmp_path / "out.json", progress)
    assert summary.startswith(f"{files} articles") and skipped == []
    assert [n for n, _, _ in seen] == list(range(1, files + 1)) and seen[-1][1] == files
    assert (tmp_path / "out.json").stat().st_size > 0


async def test_a_build_over_its_time_is_stopped(tmp_path):
    folder = tmp_path / "readings"
    folder.mkdir()
    (folder / "a.txt").write_text(TEXT.format(n=1), encoding="utf-8")

    async def progress(n, of, name):
        pass

    with pytest.raises(worker.BuildFailed, match="took longer than"):
        await worker.build(folder, tmp_path / "out.json", progress, limit=0.05)
    assert not (tmp_path / "out.json").exists()
