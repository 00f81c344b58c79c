"""Quiz drawing: mixed articles and kinds, fresh questions first, reproducible shuffles."""

from __future__ import annotations

import json
from collections import Counter
from dataclasses import replace
from itertools import pairwise
from pathlib import Path

import pytest

from bot.cli import main
from content.draw import draw_questions
from content.model import BUNDLED, Article, Passage, Question, Studyset

KINDS = ("date", "acronym", "who")


def _studyset(articles: int = 3, per_kind: int = 4) -> Studyset:
    arts = tuple(
        Article(f"a{i}", f"Article {i}", (), f"a{i}.txt", "0" * 64) for i in range(articles)
    )
    passages = tuple(Passage(f"a{i}-p0", f"a{i}", 0, "Text.") for i in range(articles))
    questions = tuple(
        Question(
            id=f"a{i}-{kind}-{j}",
            kind=kind,
            prompt=f"Question {j} of kind {kind} on article {i}?",
            answers=(f"right {i}{kind}{j}",),
            choices=(f"right {i}{kind}{j}", "wrong 1", "wrong 2", "wrong 3"),
            article=f"a{i}",
            passage=f"a{i}-p0",
            explanation="",
        )
        for i in range(articles)
        for kind in KINDS
        for j in range(per_kind)
    )
    return Studyset(articles=arts, passages=passages, questions=questions)


STUDYSET = _studyset()


def test_questions_on_one_sentence_share_a_round_only_when_nothing_else_is_left():
    sentence = "In 2014, NATO and Japan signed the Reciprocal Access Agreement (RAA)."
    on_it = [
        replace(STUDYSET.questions[n], passage="a0-p0", explanation=sentence, article="a0")
        for n in (0, 4)
    ]
    others = [q for q in STUDYSET.questions if q.article == "a1"][:3]
    studyset = replace(STUDYSET, questions=(*on_it, *others))
    for seed in range(20):
        drawn = draw_questions(studyset, 4, seed=seed)
        assert sum(q.explanation == sentence for q in drawn) == 1, seed
    assert len(draw_questions(studyset, 5, seed=1)) == 5  # the sibling comes last


def test_questions_that_give_each_other_away_share_a_round_only_when_nothing_else_is_left():
    # Of two readings: "In 2007, ... NATO's headquarters in _____" shows the answer of
    # "In _____, Abe visited NATO headquarters".
    year = replace(STUDYSET.questions[0], prompt="In _____, Abe visited NATO headquarters.")
    year = replace(year, answers=("2007",), choices=("2007", "2005", "2008", "2011"))
    place = replace(STUDYSET.questions[12], prompt="In 2007, Abe visited NATO's offices in _____.")
    others = [q for q in STUDYSET.questions if q.article == "a2"][:3]
    studyset = replace(STUDYSET, questions=(year, place, *others))
    assert year.article != place.article
    for seed in range(20):
        drawn = draw_questions(studyset, 4, seed=seed)
        assert not {year.id, place.id} <= {q.id for q in drawn}, seed
    assert len(draw_questions(studyset, 5, seed=1)) == 5  # the other comes last


def test_questions_with_one_answer_share_a_round_only_when_nothing_else_is_left():
    # "Article 5" asked by two readings, and "2023" beside "July 2023": the first revealed
    # answers the second.
    first = replace(STUDYSET.questions[0], answers=("Article 5",))
    second = replace(STUDYSET.questions[12], answers=("article 5",))
    year = replace(STUDYSET.questions[1], kind="date", answers=("2023",))
    month = replace(STUDYSET.questions[13], kind="date", answers=("July 2023",))
    others = [q for q in STUDYSET.questions if q.article == "a2"][:2]
    for pair in ((first, second), (year, month)):
        assert pair[0].article != pair[1].article
        studyset = replace(STUDYSET, questions=(*pair, *others))
        for seed in range(20):
            drawn = draw_questions(studyset, 3, seed=seed)
            assert not {q.id for q in pair} <= {q.id for q in drawn}, seed
        assert len(draw_questions(studyset, 4, seed=1)) == 4  # the other comes last


def _timeline() -> Question:
    """A timeline question of a0, whose other events a1's second passage tells."""
    return replace(
        STUDYSET.questions[0],
        id="timeline",
        kind="timeline",
        prompt="Which of these happened first?",
        answers=("Japan established the Fleet Escort Force (FEF).",),
        choices=(
            "Japan established the Fleet Escort Force (FEF).",
            "Then-Foreign Minister Aso Taro attended a North Atlantic Council meeting.",
            "The Russian invasion of Ukraine began.",
        ),
        sources=("a1-p1",),
    )


def test_a_timeline_question_and_one_on_its_events_share_a_round_only_when_nothing_else_is_left():
    # The timeline's reveal dates the invasion; "The Russian invasion of Ukraine began on _____"
    # shows one of its choices and reveals its year.
    date = replace(STUDYSET.questions[12], passage="a1-p1", answers=("24 February 2022",))
    others = [q for q in STUDYSET.questions if q.article == "a2"][:3]
    passages = (*STUDYSET.passages, Passage("a1-p1", "a1", 1, "Text."))
    studyset = replace(STUDYSET, passages=passages, questions=(_timeline(), date, *others))
    for seed in range(20):
        drawn = draw_questions(studyset, 4, seed=seed)
        assert not {"timeline", date.id} <= {q.id for q in drawn}, seed
    assert len(draw_questions(studyset, 5, seed=1)) == 5  # the other comes last


def test_a_timeline_choice_that_shows_an_answer_keeps_its_question_apart():
    # "then-Foreign Minister _____ became the first ..." of another reading: a choice names him
    person = replace(STUDYSET.questions[12], passage="a1-p0", answers=("Aso Taro", "Taro Aso"))
    others = [q for q in STUDYSET.questions if q.article == "a2"][:3]
    studyset = replace(STUDYSET, questions=(_timeline(), person, *others))
    for seed in range(20):
        drawn = draw_questions(studyset, 4, seed=seed)
        assert not {"timeline", person.id} <= {q.id for q in drawn}, seed


def test_bundled_rounds_keep_timeline_questions_apart_from_their_events(bundled):
    for seed in range(30):
        drawn = draw_questions(bundled, 10, seed=seed)
        for timeline in (q for q in drawn if q.kind == "timeline"):
            shown = {timeline.passage, *timeline.sources}
            assert not any(q.passage in shown for q in drawn if q is not timeline), seed


def test_an_answer_most_prompts_show_gives_nothing_away():
    # "Around which partner should NATO organise its thinking? Japan", in readings about Japan:
    # every other prompt shows "Japan", and rounds with it must mix as well as any.
    others = [replace(q, prompt=f"{q.prompt} (Japan)") for q in STUDYSET.questions]
    topic = replace(others[0], id="topic", prompt="Around which partner?", answers=("Japan",))
    studyset = replace(STUDYSET, questions=(topic, *others[1:]))
    unseen = replace(studyset, questions=(replace(topic, answers=("Zanzibar",)), *others[1:]))
    rounds = [[q.id for q in draw_questions(studyset, 4, seed=seed)] for seed in range(40)]
    assert any("topic" in drawn for drawn in rounds), "some seed draws the topic question"
    assert rounds == [[q.id for q in draw_questions(unseen, 4, seed=seed)] for seed in range(40)]


def test_same_seed_same_round_and_another_seed_another():
    first = draw_questions(STUDYSET, 6, seed=42)
    assert first == draw_questions(STUDYSET, 6, seed=42)
    assert [q.id for q in first] != [q.id for q in draw_questions(STUDYSET, 6, seed=43)]


def test_rounds_mix_articles_and_kinds():
    drawn = draw_questions(STUDYSET, 6, seed="week-47")
    assert len(drawn) == len({q.id for q in drawn}) == 6
    assert Counter(q.article for q in drawn) == {"a0": 2, "a1": 2, "a2": 2}
    assert Counter(q.kind for q in drawn) == {"date": 2, "acronym": 2, "who": 2}
    for before, after in pairwise(drawn):
        assert before.article != after.article
        assert before.kind != after.kind


def test_filters():
    by_article = draw_questions(STUDYSET, 5, seed=1, article="a1")
    assert {q.article for q in by_article} == {"a1"}
    assert len({q.kind for q in by_article}) == 3
    by_kind = draw_questions(STUDYSET, 5, seed=1, kind="date")
    assert {q.kind for q in by_kind} == {"date"}
    assert len({q.article for q in by_kind}) == 3
    both = draw_questions(STUDYSET, 10, seed=1, article="a2", kind="who")
    assert [q.id for q in both] != [] and len(both) == 4  # all there are
    assert {(q.article, q.kind) for q in both} == {("a2", "who")}


def test_recently_asked_only_when_nothing_else_is_left():
    recent = {q.id for q in STUDYSET.questions if q.article != "a0"}
    drawn = draw_questions(STUDYSET, 5, seed=7, exclude=recent)
    assert all(q.id not in recent for q in drawn)
    drawn = draw_questions(STUDYSET, 15, seed=7, exclude=recent)
    assert len(drawn) == 15
    assert sum(q.id not in recent for q in drawn) == 12  # every fresh one, then three others
    assert all(q.id not in recent for q in drawn[:12])


def test_choices_are_shuffled_reproducibly_and_the_answer_moves():
    positions = Counter()
    for seed in range(40):
        for q in draw_questions(STUDYSET, 3, seed=seed):
            original = STUDYSET.question_by_id[q.id]
            assert sorted(q.choices) == sorted(original.choices)
            assert q.answer == original.answer
            positions[q.choices.index(q.answer)] += 1
    assert set(positions) == {0, 1, 2, 3}
    again = draw_questions(STUDYSET, 3, seed=5)
    assert [q.choices for q in again] == [q.choices for q in draw_questions(STUDYSET, 3, seed=5)]


@pytest.mark.parametrize(
    ("options", "message"),
    [
        ({"article": "a9"}, "no questions for article 'a9'; articles: a0, a1, a2"),
        ({"kind": "essay"}, "no questions of kind 'essay'; kinds: acronym, date, who"),
        ({"n": 0}, "at least one question"),
    ],
)
def test_bad_requests_name_the_valid_choices(options, message):
    options = {"n": 3, **options}
    with pytest.raises(ValueError, match=message):
        draw_questions(STUDYSET, options.pop("n"), seed=1, **options)


def test_no_questions_at_all():
    with pytest.raises(ValueError, match="no questions"):
        draw_questions(_studyset(articles=0), 3, seed=1)


def test_bundled_content_draws_mixed_rounds():
    if not BUNDLED.is_file():
        pytest.skip(f"the bundled content file is not built yet ({BUNDLED} is missing)")
    studyset = Studyset.load(BUNDLED)
    drawn = draw_questions(studyset, 10, seed=2026)
    assert len(drawn) == min(10, len(studyset.questions))
    assert len({q.article for q in drawn}) == min(5, len({q.article for q in studyset.questions}))
    for q in drawn:
        assert not q.choices or q.answer in q.choices


@pytest.fixture
def content_file(tmp_path) -> Path:
    path = tmp_path / "studyset.json"
    path.write_text(json.dumps(STUDYSET.to_dict()), encoding="utf-8")
    return path


def test_cli_sample_is_reproducible(content_file, capsys):
    argv = ["quiz", "sample", "-n", "4", "--seed", "s1", "--content", str(content_file)]
    assert main(argv) == 0
    first = capsys.readouterr().out
    assert main(argv) == 0
    assert capsys.readouterr().out == first
    assert first.startswith("4 questions (seed s1):")
    assert first.count("Answer: right") == 4


def test_cli_sample_json_and_filters(content_file, capsys):
    argv = ["quiz", "sample", "--kind", "who", "--article", "a0", "--json"]
    assert main([*argv, "--content", str(content_file)]) == 0
    out = json.loads(capsys.readouterr().out)
    assert out["seed"]  # a fresh seed, shown so the round can be drawn again
    assert {(q["article"], q["kind"]) for q in out["questions"]} == {("a0", "who")}
    assert all(q["citation"].startswith("“Article 0”") for q in out["questions"])


def test_cli_sample_unknown_kind_lists_the_kinds(content_file, capsys):
    assert main(["quiz", "sample", "--kind", "essay", "--content", str(content_file)]) == 2
    captured = capsys.readouterr()
    assert "kinds: acronym, date, who" in captured.err and captured.out == ""


def test_withheld_questions_are_never_drawn_nor_listed_as_kinds():
    from dataclasses import replace

    from bot.core.rounds import kinds

    questions = tuple(
        replace(q, withheld="give-away") if q.kind == "who" or q.article == "a0" else q
        for q in STUDYSET.questions
    )
    s = replace(STUDYSET, questions=questions)
    drawn = draw_questions(s, 50, seed=1)
    assert drawn and all(not q.withheld for q in drawn)
    assert {q.article for q in drawn} == {"a1", "a2"}
    assert "who" not in kinds(s)
    with pytest.raises(ValueError, match="no questions of kind 'who'"):
        draw_questions(s, 5, seed=1, kind="who")
