"""Reading a folder: every format through one door, the same result however it is read."""

from __future__ import annotations

from content.readers import SUFFIXES, folder, read_folder
from tests.test_readers_word import handout

ARTICLE = "On Alliances\n\nIn {year}, NATO and Japan signed a programme in Brussels.\n"


def test_every_suffix_has_a_reader():
    assert set(SUFFIXES) == {".txt", ".md", ".markdown", ".html", ".htm", ".pdf", ".docx"}


def test_worker_processes_read_the_same_as_one_process(tmp_path, monkeypatch):
    for n in range(6):
        (tmp_path / f"{n}.txt").write_text(ARTICLE.format(year=2000 + n), encoding="utf-8")
    (tmp_path / "h.docx").write_bytes(handout())
    (tmp_path / "empty.md").write_bytes(b"")
    monkeypatch.setattr(folder, "PARALLEL_FROM", 10_000)
    alone = read_folder(tmp_path)
    monkeypatch.setattr(folder, "PARALLEL_FROM", 2)
    monkeypatch.setattr(folder.os, "cpu_count", lambda: 2)
    shared = read_folder(tmp_path)
    assert shared == alone
    assert len(shared.documents) == 7 and [s.source_file for s in shared.skipped] == ["empty.md"]


def test_progress_hears_every_file_in_order(tmp_path):
    for name in ("b.txt", "a.txt"):
        (tmp_path / name).write_text(ARTICLE.format(year=2001), encoding="utf-8")
    heard = []
    read_folder(tmp_path, lambda done, total, name: heard.append((done, total, name)))
    assert heard == [(1, 2, "a.txt"), (2, 2, "b.txt")]
