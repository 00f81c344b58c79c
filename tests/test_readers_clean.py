"""Cleaning: words broken at line ends, real hyphens, page headers, pull-quotes, boilerplate."""

from __future__ import annotations

import pytest

from content.build import build
from content.readers.clean import Cleaner, is_heading, tidy, tidy_each
from content.vocabulary import Vocabulary


@pytest.fixture(scope="module")
def cleaner() -> Cleaner:
    return Cleaner(Vocabulary())


def test_word_broken_without_hyphen_is_rejoined(cleaner):
    lines = ["The invasion, on 24 Febru", "ary 2022, kept increas", "ing the costs."]
    assert cleaner.unwrap(lines) == "The invasion, on 24 February 2022, kept increasing the costs."


def test_word_broken_with_hyphen_loses_it(cleaner):
    assert cleaner.unwrap(["shipping compa-", "nies and econo- ", "mies"]) == (
        "shipping companies and economies"
    )


def test_real_hyphens_at_line_end_are_kept(cleaner):
    text = cleaner.unwrap(
        ["a might-is-", "right approach in the Indo-", "Pacific and rules-", "based"]
    )
    assert text == "a might-is-right approach in the Indo-Pacific and rules-based"


def test_compound_written_with_hyphen_elsewhere_keeps_it():
    cleaner = Cleaner(Vocabulary(), compounds={"non-traditional"})
    assert cleaner.unwrap(["borderless, non-", "traditional threats"]) == (
        "borderless, non-traditional threats"
    )


def test_separate_words_at_line_end_stay_separate(cleaner):
    assert cleaner.unwrap(["the rules ", "based on law"]) == "the rules based on law"
    # Without trailing spaces (as pypdf gives lines) names and short words stay apart.
    lines = ["NATO", "members went in", "to the Kuwahara", "report"]
    assert cleaner.unwrap(lines) == "NATO members went in to the Kuwahara report"


WRAPPED = """ NATO. The Indispensable Alliance

Japan-NATO Alignment
Fostering Cooperation

Ann Writer
 The Russian invasion of Ukraine, on 24 Febru
ary 2022, has shown that a might-is-
right approach is still seen as a legitimate way
to engage in international relations by
authoritarian states. This coordination shows
that a front is needed to strengthen the rules-based

Japanese policymakers long
thought their society was
immune to disinformation.

order that has brought peace and stability to
the region and the world in the post-war era.

Core interests under attack: a ship is seen after
being hit by a drone. Photo: © Somebody, picture
alliance.

Japanese policymakers used to think that their
society was immune to disinformation and,
less so, to cyber attacks in the region.

43NATO. The Indispensable Alliance

The Individually Tailored Partnership Pro
gramme (ITPP) discussed at the July 2023
summit has been proposed as the key frame
work for partners.
"""


BROKEN = ("Febru", "Pro", "frame", "-")  # lines that end inside a word


@pytest.fixture(scope="module")
def wrapped(cleaner) -> list[str]:
    # Like the extractor's output: a line that ends a word keeps its trailing space.
    lines = [ln if not ln or ln.endswith(BROKEN) else ln + " " for ln in WRAPPED.split("\n")]
    text = "\n".join(lines)
    return cleaner.paragraphs(text.split("\n"), names={"nato. the indispensable alliance"})


def test_page_headers_and_headings_are_dropped(wrapped):
    text = "\n".join(wrapped)
    assert "Indispensable Alliance" not in text
    assert "43" not in text
    assert "Fostering Cooperation" not in text
    assert not any(p.startswith("Ann Writer") for p in wrapped)


def test_sentence_split_by_a_pull_quote_is_joined_again(wrapped):
    assert any("strengthen the rules-based order that has brought peace" in p for p in wrapped)


def test_pull_quote_and_caption_are_dropped(wrapped):
    text = "\n".join(wrapped)
    assert "policymakers long thought" not in text
    assert "Photo:" not in text and "Core interests" not in text
    assert any(p.startswith("Japanese policymakers used to think") for p in wrapped)


def test_wrapped_words_rejoined_in_paragraphs(wrapped):
    text = "\n".join(wrapped)
    assert "24 February 2022" in text
    assert "might-is-right" in text
    assert "Individually Tailored Partnership Programme (ITPP)" in text
    assert "framework" in text


WEB = """A Web Article

Japan and NATO signed a document in 2013 that set out shared values.

Photo: Flags of NATO and Japan. By NATO. Public Domain.

Disclaimer: Any views expressed are solely those of the authors.

Ann Writer is a Research Analyst at an institute in Rome.

View all posts
Ann Writer
Ann Writer is a Research Analyst at an institute in Rome.

Leave a Reply
"""


def test_boilerplate_and_author_bio_are_dropped(cleaner):
    paragraphs = cleaner.paragraphs(WEB.split("\n"), authors=("Ann Writer",))
    assert paragraphs == ["Japan and NATO signed a document in 2013 that set out shared values."]


def test_headings_are_recognised():
    assert is_heading("The Key to the Indo-Pacific")
    assert is_heading("Challenges in Connectivity: The Strategic Level")
    assert not is_heading("With its paucity of energy resources and")
    assert not is_heading("Japan signed the agreement.")


def test_fragment_detector():
    vocab = Vocabulary()
    assert vocab.fragments("on 24 Febru ary 2022 and increas ing costs") == [
        "Febru ary",
        "increas ing",
    ]
    assert vocab.fragments("the status quo in Asia, a part of it") == []


def test_real_pdf_article_is_clean(articles_dir):
    studyset = build(articles_dir).studyset
    vocab = Vocabulary()
    pdf = [p.text for p in studyset.passages if p.article == "japan-nato-alignment"]
    text = "\n".join(pdf)
    assert "24 February 2022" in text
    assert "might-is-right" in text
    assert "Individually Tailored Partnership Programme (ITPP)" in text
    for junk in ("43NATO", "Indispensable Alliance", "Photo:", "picture alliance", "thought their"):
        assert junk not in text
    everything = [p.text for p in studyset.passages] + [e.text for e in studyset.events]
    everything += [q.prompt for q in studyset.questions]
    assert [f for t in everything for f in vocab.fragments(t)] == []
    web = "\n".join(p.text for p in studyset.passages)
    for junk in ("View all posts", "Leave a Reply", "Disclaimer", "is a Research Analyst"):
        assert junk not in web


def test_licence_text_is_dropped_in_every_format():
    licence = (
        "Permission is granted to copy, distribute and/or modify this document under the terms "
        "of the GNU Free Documentation License, with no Invariant Sections."
    )
    kept = "The licence of the harbour pilots was first issued in 1850."
    assert tidy([licence, kept]) == [kept]
    assert tidy_each([licence, kept]) == [None, kept]


def test_a_short_restatement_is_a_pull_quote_only_in_printed_layouts():
    text = [
        "Pyenv lets you change the global Python version on a per-user basis with one command. "
        "It keeps every installed version side by side in its own folder, and a small shim on "
        "your path hands each command to the version chosen for the folder you are working in, "
        "so two projects can use two versions at once without either of them knowing.",
        "It lets you change the global Python version on a per-user basis.",
    ]
    assert tidy(text, wrapped=True) == text[:1]
    assert tidy_each(text) == text
