"""PDFs: the research paper in ../shared/corpora/pdf, and small PDFs written here."""

from __future__ import annotations

import pytest

from content.build import build
from content.readers import Unreadable, pdf, read_folder
from tests.conftest import SHARED
from tests.documents import blank_pdf, encrypted_pdf, text_pdf

PAPER = SHARED / "corpora" / "pdf" / "test_Grobid_2_05982691.pdf"


@pytest.fixture(scope="module")
def paper():
    if not PAPER.is_file():
        pytest.skip(f"the dev paper is not beside the project ({PAPER} is missing)")
    return build(PAPER.parent).studyset


def test_paper_title_and_authors(paper):
    (article,) = paper.articles
    assert (
        article.title == "Energy Efficient Routing Protocol for Zone based Mobile Sensor Networks"
    )
    assert article.authors == ("Usama Ahmed", "Faisal Bashir Hussain")


def test_paper_text_runs_from_abstract_to_conclusion_without_furniture(paper):
    passages = [p.text for p in paper.passages]
    assert passages[0].startswith("Mobility in sensor networks has not only expanded")
    assert passages[-1].endswith("to support varying zone sizes.")
    text = "\n".join(passages)
    for debris in (
        "@mcs.edu.pk",  # e-mail lines
        "National University of Sciences",  # affiliations
        "Abstract",
        "Keywords",
        "INTRODUCTION",  # section headings stand alone, then go
        "©2011 IEEE",  # the licence line
        "1085",  # page numbers
        "Figure 10.",  # captions
        "Field Size 100m",  # a table's rows
        "REFERENCES",
        "P. Levis",  # the reference list
        "M e Z M F",  # an equation's letters
    ):
        assert debris not in text, debris


def test_paper_references_and_licence_give_no_events_or_questions(paper):
    items = [e.text for e in paper.events] + [q.prompt for q in paper.questions]
    assert not any(year in text for text in items for year in ("2011", "2005", "2003"))


def test_paragraphs_end_at_a_short_line_that_ends_a_sentence(paper):
    passages = [p.text for p in paper.passages]
    assert any(p.endswith("depending upon the application.") for p in passages)
    assert any(p.startswith("Wireless sensor networks offer unique benefits") for p in passages)


def test_small_pdf_lines_rejoined_and_title_from_first_line(tmp_path):
    lines = [
        "On Straits",
        "In 2014 the Japan Self-Defense Forces (JSDF) began",
        "exercises with NATO in the Gulf of Aden.",
    ]
    (tmp_path / "a.pdf").write_bytes(text_pdf(lines))
    s = build(tmp_path).studyset
    assert s.articles[0].title == "On Straits"
    assert [p.text for p in s.passages] == [
        "In 2014 the Japan Self-Defense Forces (JSDF) began exercises with NATO in the Gulf of Aden."
    ]
    assert [(g.term, g.expansion) for g in s.glossary] == [("JSDF", "Japan Self-Defense Forces")]
    assert [e.date for e in s.events] == ["2014"]


def test_title_is_the_largest_type_and_authors_stand_under_it(tmp_path):
    lines = [
        "Journal of Harbour Studies, vol. 3",
        "Harbour Cranes and",
        "Their Keepers",
        "Ann Writer, Bo Reader",
        "Port Institute, University of the North",
        "Abstract: Cranes were first electrified in Hamburg in 1890.",
    ]
    (tmp_path / "p.pdf").write_bytes(text_pdf(lines, large=frozenset({1, 2})))
    (document,) = read_folder(tmp_path).documents
    assert document.title == "Harbour Cranes and Their Keepers"
    assert document.authors == ("Ann Writer", "Bo Reader")
    assert document.paragraphs == ["Cranes were first electrified in Hamburg in 1890."]


def test_without_an_abstract_the_text_starts_after_names_and_affiliations(tmp_path):
    lines = [
        "Harbour Cranes",
        "Ann Writer and Bo Reader",
        "Port Institute, University of the North",
        "ann.writer@ports.example.org",
        "Cranes were first electrified in Hamburg in 1890, and by 1900",
        "every large port in Europe had bought them.",
    ]
    (tmp_path / "p.pdf").write_bytes(text_pdf(lines, large=frozenset({0})))
    (document,) = read_folder(tmp_path).documents
    assert (document.title, document.authors) == ("Harbour Cranes", ("Ann Writer", "Bo Reader"))
    assert document.paragraphs == [
        "Cranes were first electrified in Hamburg in 1890, and by 1900 every large port in "
        "Europe had bought them."
    ]


def test_code_set_in_a_typewriter_font_is_left_out(tmp_path):
    lines = [
        "Shell Basics",
        "The command below was added to the shell in 1989 by its authors.",
        "for year in 1990 1991; do",
        "  echo $year",
        "done",
    ]
    (tmp_path / "c.pdf").write_bytes(text_pdf(lines, courier=frozenset({2, 3, 4})))
    (document,) = read_folder(tmp_path).documents
    assert document.paragraphs == [lines[1]]


def test_contents_leaders_page_numbers_and_references_are_dropped(tmp_path):
    lines = [
        "Harbour Reports",
        "Contents",
        "Introduction .......... 1",
        "Ports of the North . . . . . . 4",
        "Rotterdam opened its new deep-water terminal in 2008 after",
        "ten years of building on land won from the sea.",
        "editor@harbours.example.org",
        "12",
        "This work is licensed under a Creative Commons licence, 2019.",
        "References",
        "[1] A. Writer, Ports of Europe, 1999.",
    ]
    (tmp_path / "r.pdf").write_bytes(text_pdf(lines))
    (document,) = read_folder(tmp_path).documents
    assert document.paragraphs == [
        "Rotterdam opened its new deep-water terminal in 2008 after ten years of building on "
        "land won from the sea."
    ]


@pytest.mark.parametrize(
    ("data", "reason"),
    [
        (encrypted_pdf(text_pdf(["A Title", "Some text here."])), "encrypted"),
        (blank_pdf(), "has no text"),
        (b"%PDF-1.4\nnot really a PDF", "not a readable PDF"),
    ],
)
def test_unreadable_pdfs_say_why(data, reason):
    with pytest.raises(Unreadable, match=reason):
        pdf.read(data)
