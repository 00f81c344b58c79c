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


async def test_a_build_whose_embedding_is_cut_short_still_counts_and_says_so(tmp_path):
    """The content is done before the sentences are embedded: a worker stopped then (here
    killed at its first batch; in life, the time limit) leaves a build that counts."""
    import multiprocessing

    folder = tmp_path / "readings"
    folder.mkdir()
    (folder / "ports.txt").write_text(
        "".join(TEXT.format(n=n) for n in range(60)), encoding="utf-8"
    )

    async def progress(n, of, name):
        pass

    async def embedding(n, of):
        assert n < of  # several batches: the worker is still embedding
        for child in multiprocessing.active_children():
            child.kill()

    out = tmp_path / "out.json"
    vectors = tmp_path / "vectors" / "community-1.vectors.npz"
    summary, _ = await worker.build(folder, out, progress, vectors=vectors, embedding=embedding)
    assert (
        summary.startswith("1 article")
        and "not every sentence was embedded in time" in summary
        and out.stat().st_size > 0
    )
