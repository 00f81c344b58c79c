"""Word documents: styles say what a block is; a file that is no .docx is Unreadable."""

from __future__ import annotations

import io

import docx
import pytest

from content.build import build
from content.readers import Unreadable, word
from content.readers.document import HEADING, ITEM, PARAGRAPH, QUOTE, TABLE


def handout(title: str = "Tides and Harbours", author: str = "") -> bytes:
    document = docx.Document()
    document.core_properties.author = author
    document.add_paragraph(title, style="Title")
    document.add_paragraph("Week three reading", style="Heading 1")
    document.add_paragraph(
        "The Port of London Authority was created in 1908 to manage the tidal Thames."
    )
    document.add_paragraph("Tides reach as far as Teddington Lock.", style="List Bullet")
    document.add_paragraph("Ships once queued for days at Gravesend.", style="List Number")
    document.add_paragraph("The river is a road, as one pilot said in 1950.", style="Quote")
    table = document.add_table(rows=1, cols=2)
    table.rows[0].cells[0].text, table.rows[0].cells[1].text = "Lock", "1912"
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def test_styles_give_block_kinds_and_title():
    found = word.read(handout())
    assert found.title == "Tides and Harbours"
    assert [b.kind for b in found.blocks] == [HEADING, HEADING, PARAGRAPH, ITEM, ITEM, QUOTE, TABLE]
    assert found.blocks[-1].text == "Lock | 1912"


def test_document_properties_name_the_authors_but_not_a_tool():
    assert word.read(handout(author="Ann Writer; Bo Reader")).authors == ("Ann Writer", "Bo Reader")
    assert word.read(handout(author="python-docx")).authors == ()
    assert word.read(handout(author="Microsoft Office User")).authors == ()


def test_handout_builds_passages_and_events(tmp_path):
    (tmp_path / "week3.docx").write_bytes(handout())
    s = build(tmp_path).studyset
    assert s.articles[0].title == "Tides and Harbours"
    assert [p.text for p in s.passages][:2] == [
        "The Port of London Authority was created in 1908 to manage the tidal Thames.",
        "Tides reach as far as Teddington Lock.",
    ]
    assert {e.date for e in s.events} == {"1908", "1950"}  # the table's 1912 is no event


@pytest.mark.parametrize("data", [b"PK\x03\x04 truncated", b"{\\rtf1 an RTF file}", b"plain"])
def test_a_file_that_is_not_a_docx_is_unreadable(data):
    with pytest.raises(Unreadable, match=r"not a Word \.docx file"):
        word.read(data)
