"""Questions written in the chat, checked against the bundled readings as curated ones are."""

from __future__ import annotations

import pytest

from content.check import question_problems
from content.curated import CuratedError, written_question
from content.model import Studyset


@pytest.fixture(scope="module")
def studyset() -> Studyset:
    return Studyset.load()


def test_a_quoted_answer_cites_the_passage_that_best_matches_the_prompt(studyset):
    question = written_question(
        studyset,
        "Around which partner should NATO's strategic thinking about the region unfold?",
        "Japan",
        ("Australia", "India", "South Korea"),
    )
    assert question.kind == "added" and question.choices[0] == "Japan"
    assert question_problems(studyset, question) == []
    cited = studyset.passage_by_id[question.passage].text
    assert "strategic thinking needs to unfold around Japan" in cited
    assert sum("Japan" in p.text for p in studyset.passages) > 10  # many passages say "Japan"
    # the id hashes what is asked: the same question written twice is one question
    again = written_question(studyset, question.prompt, "Japan", ("India", "Australia"))
    assert again.id == question.id


def test_an_answer_only_inside_a_longer_word_is_not_a_quote(studyset):
    passages = " ".join(p.text for p in studyset.passages)
    assert "Indo" in passages  # as in "Indo-Pacific", never alone
    with pytest.raises(CuratedError, match="not written in any passage"):
        written_question(studyset, "Which ocean region?", "Indo Pacif")


def test_an_answer_from_another_article_is_refused_when_one_is_named(studyset):
    article = studyset.articles[0].id
    elsewhere = next(
        g.term
        for g in studyset.glossary
        if not any(g.term in p.text for p in studyset.passages if p.article == article)
    )
    with pytest.raises(CuratedError, match=f"article {article}"):
        written_question(studyset, "Which term?", elsewhere, article=article)


def test_choices_are_checked_as_curated_ones_are(studyset):
    with pytest.raises(CuratedError, match="2 choices"):
        written_question(studyset, "Which partner?", "Japan", ("India",))
    with pytest.raises(CuratedError, match="gives away its answer"):
        written_question(studyset, "Is it Japan?", "Japan")
