"""Dates, acronym definitions, sentences and passages: the facts the build extracts."""

from __future__ import annotations

import json

import pytest

from content.events import dates_in
from content.glossary import definitions
from content.model import Studyset
from content.passages import split_paragraph
from content.sentences import split_sentences


@pytest.mark.parametrize(
    ("sentence", "expected"),
    [
        ("The invasion of Ukraine, on 24 February 2022, was a shock.", [("2022-02-24", "day")]),
        ("In 2023, on the 11th and 12th of July, he attends.", [("2023-07-11", "day")]),
        ("Accord with Japan, President of Ukraine, June 13, 2024.", [("2024-06-13", "day")]),
        ("(2025/03/28)", [("2025-03-28", "day")]),
        ("In November 2022, Japan adopted a strategy.", [("2022-11", "month")]),
        ("In 2014, NATO and Japan signed it.", [("2014", "year")]),
        ("Relations grew in 2006 and again in 2007.", [("2006", "year"), ("2007", "year")]),
    ],
)
def test_real_dates_are_found(sentence, expected):
    assert [(d.date, d.precision) for d in dates_in(sentence)] == expected


@pytest.mark.parametrize(
    "sentence",
    [
        "China’s 360 to America’s 297 battleships.",
        "Aid had reached $7.1 billion and then $30 million more.",
        "Costs rose by 175 to 200 per cent.",
        "The programme for 2023–2026 was signed.",
        "The crisis of 1995-96 ended.",
        "Since the beginning of the 2010s they have met.",
        "It grew from 2019 to 2021 slowly.",
        "He was born on 31 February 2022.",
        "See USNI Proceedings 141, no. 1: 1343.",
    ],
)
def test_counts_spans_and_impossible_dates_are_not_events(sentence):
    assert dates_in(sentence) == []


def test_a_day_whose_year_is_unclear_is_left_out():
    found = dates_in("On the 11th of July they met, in 2022 or in 2023.")
    assert [(d.date, d.precision) for d in found] == [("2022", "year"), ("2023", "year")]


def test_acronym_definitions_both_ways():
    text = (
        "The Individually Tailored Partnership Programme (ITPP) was agreed. The US adopted it "
        "against the anti-access / area denial (A2/AD) posture. States depend on sea lines of "
        "communication (SLOCs). IINA (International Information Network Analysis) hosts papers "
        "on the United Nations Convention on the Law of the Sea (UNCLOS)."
    )
    found = [(d.term, d.expansion) for d in definitions(text)]
    assert found == [
        ("ITPP", "Individually Tailored Partnership Programme"),
        ("A2/AD", "anti-access / area denial"),
        ("SLOCs", "sea lines of communication"),
        ("IINA", "International Information Network Analysis"),
        ("UNCLOS", "United Nations Convention on the Law of the Sea"),
    ]


def test_brackets_that_define_nothing_are_ignored():
    text = (
        "It was dated (2025/03/28) and the AUKUS members (Australia, the UK and the US) met (NATO)."
    )
    assert definitions(text) == []


def test_sentences_survive_abbreviations_and_initials():
    text = "He studied at the Edmund A. Walsh School. He served in the U.S. Air Force. Done."
    assert split_sentences(text) == [
        "He studied at the Edmund A. Walsh School.",
        "He served in the U.S. Air Force.",
        "Done.",
    ]


def test_long_paragraphs_split_at_sentence_ends():
    sentences = [
        f"Sentence number {n} says something about Japan and NATO at length." for n in range(60)
    ]
    text = " ".join(sentences)
    pieces = split_paragraph(text)
    assert len(pieces) > 1
    assert all(len(p) <= 1200 for p in pieces)
    assert " ".join(pieces) == text
    assert all(p.endswith(".") for p in pieces)
    assert split_paragraph("Short.") == ["Short."]


def test_lookup_dev_gold_passages_survive_cleaning(shared_dir):
    """Each gold snippet of the lookup dev set is written whole in some bundled passage."""
    texts = [p.text for p in Studyset.load().passages]
    lines = (shared_dir / "lookup_dev.jsonl").read_text(encoding="utf-8").splitlines()
    gold = [g for line in lines if line.strip() for g in json.loads(line)["gold"]]
    assert gold
    assert [g for g in gold if not any(g in t for t in texts)] == []


def test_a_sentence_longer_than_a_passage_is_cut_at_a_comma():
    text = "Japan listed " + ", ".join(f"partner number {n}" for n in range(150)) + "."
    pieces = split_paragraph(text)
    assert all(len(p) <= 1200 for p in pieces)
    assert " ".join(pieces) == text
    assert all(p.endswith((",", ".")) for p in pieces)
