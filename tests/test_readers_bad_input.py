"""A folder with bad files in it: each is named once with the reason, and the rest still builds."""

from __future__ import annotations

import io
import re

import docx
import pytest

from bot.cli import content as content_cli
from bot.cli import main
from content.build import BuildError, build
from content.readers import read_folder
from tests.documents import blank_pdf, encrypted_pdf, text_pdf

GOOD_TEXT = """On Alliances

In 2014, NATO and Japan entered into an Individual Partnership and Cooperation Program (IPCP).
"""
GOOD_MARKDOWN = "# On Maps\n\nThe South China Sea (SCS) was mapped in 1995 by a team.\n"
NO_ARTICLE = "<html><body><nav><a href='/'>Home</a> <a href='/a'>About</a></nav></body></html>"


def good_docx() -> bytes:
    document = docx.Document()
    document.add_heading("On Tides", level=1)
    document.add_paragraph("The Thames barrier was opened in 1984 to protect London.")
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


BAD = {
    "menu.html": (NO_ARTICLE.encode(), "no article text found in the page"),
    "locked.pdf": (encrypted_pdf(text_pdf(["A Title", "Some text."])), "the PDF is encrypted"),
    "scan.pdf": (blank_pdf(), "the PDF has no text"),
    "handout.docx": (b"this is not a zip file", "not a Word .docx file"),
    "empty.txt": (b"", "empty file"),
    "image.md": (b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00", "binary data, not text"),
    "latin.txt": ("Caf\xe9 au lait\n".encode("latin-1"), "not UTF-8 text (byte 3)"),
}


@pytest.fixture
def mixed(tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "a.txt").write_text(GOOD_TEXT, encoding="utf-8")
    (folder / "b.md").write_text(GOOD_MARKDOWN, encoding="utf-8")
    (folder / "c.docx").write_bytes(good_docx())
    (folder / "d.pdf").write_bytes(text_pdf(["On Straits", "Ships crossed the strait in 1905."]))
    for name, (data, _) in BAD.items():
        (folder / name).write_bytes(data)
    return folder


def test_each_bad_file_is_skipped_with_its_reason(mixed):
    reading = read_folder(mixed)
    assert {d.source_file for d in reading.documents} == {"a.txt", "b.md", "c.docx", "d.pdf"}
    reasons = {s.source_file: s.reason for s in reading.skipped}
    assert reasons.keys() == BAD.keys()
    for name, (_, reason) in BAD.items():
        assert reasons[name].startswith(reason), (name, reasons[name])


def test_cli_builds_the_rest_names_each_skip_once_and_sums_up(mixed, tmp_path, capsys):
    out = tmp_path / "set.json"
    assert main(["content", "build", str(mixed), "-o", str(out)]) == 0
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err
    lines = captured.err.splitlines()
    for name in BAD:
        assert sum(name in line for line in lines) == 1, name
    summary = captured.out
    assert "4 articles" in summary and "passages" in summary
    assert "served" in summary and re.search(r"; withheld \d+", summary)
    assert f"skipped {len(BAD)} file(s)" in summary
    assert {a.source_file for a in build(mixed).studyset.articles} == {
        "a.txt",
        "b.md",
        "c.docx",
        "d.pdf",
    }


def test_nothing_usable_is_an_error_and_the_old_file_stays(tmp_path, capsys):
    folder = tmp_path / "articles"
    folder.mkdir()
    for name, (data, _) in BAD.items():
        (folder / name).write_bytes(data)
    with pytest.raises(BuildError, match="no usable article"):
        build(folder)
    out = tmp_path / "set.json"
    out.write_text("old", encoding="utf-8")
    assert main(["content", "build", str(folder), "-o", str(out)]) == 1
    err = capsys.readouterr().err
    assert "Traceback" not in err
    for name, (_, reason) in BAD.items():
        assert f"skipped {name}: {reason}" in err
    assert out.read_text(encoding="utf-8") == "old"
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".set.json")] == []


def test_missing_folder_is_an_error(tmp_path, capsys):
    assert main(["content", "build", str(tmp_path / "missing"), "-o", str(tmp_path / "o")]) == 1
    assert "missing: no such folder" in capsys.readouterr().err


def test_a_long_build_shows_a_line_per_article(mixed, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(content_cli, "PROGRESS_AFTER", 0.0)
    assert main(["content", "build", str(mixed), "-o", str(tmp_path / "set.json")]) == 0
    progress = [line for line in capsys.readouterr().err.splitlines() if "] read " in line]
    assert len(progress) == 4 + len(BAD)
    assert progress[0] == f"[1/{4 + len(BAD)}] read a.txt"


def test_a_quick_build_is_quiet(mixed, tmp_path, capsys):
    assert main(["content", "build", str(mixed), "-o", str(tmp_path / "set.json")]) == 0
    assert "] read " not in capsys.readouterr().err
