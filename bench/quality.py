"""Quality of the generated items: what the bundled build serves and withholds (per item, per
question kind and per article), the timeline questions' choices in date order (how close in time
each question's events are), and how the question judge agrees with a careful reader's grades
of the old questions.

The grades (../shared/quality/question-grades.tsv) say good, flawed or bad for each question
of the build before the judge existed. The judge is run on those same questions: "served" is
right when the reader said good. Goal: most of what is served is good (precision), and none
the reader called bad is served.
"""

from __future__ import annotations

import csv
from collections import Counter
from pathlib import Path

from content.build import build
from content.check import report
from content.events import undated
from content.model import Question, Studyset
from content.question_quality import BLANK
from content.questions import judge_for
from content.timeline import FIRST, KIND

SHARED = Path(__file__).resolve().parents[1].parent / "shared"
GRADES = SHARED / "quality" / "question-grades.tsv"


def run() -> None:
    articles = SHARED / "articles"
    if not articles.is_dir():
        print(f"skipped: {articles} is missing")
        return
    studyset = build(articles).studyset
    print(report(studyset))
    print()
    timeline(studyset)
    if GRADES.is_file():
        print()
        calibrate(studyset)


def timeline(studyset: Studyset) -> None:
    """The timeline questions: how many events they could show, and how close in time each
    question's choices are (the closer, the less a student can guess from general knowledge)."""
    told = {undated(e.text, e.date): e for e in studyset.served_events}
    questions = [q for q in studyset.served_questions if q.kind == KIND]
    shown = {c for q in questions for c in q.choices}
    planned = sum(e.planned for e in studyset.served_events)
    never = Counter(q.withheld for q in studyset.questions if q.kind == KIND)
    print(
        f"timeline questions: {len(questions)} served, showing {len(shown)} of "
        f"{len(studyset.served_events)} served events ({planned} planned, "
        f"{never['names-its-date']} whose words state a date and {never['too-long']} too long "
        "for a choice are never shown)"
    )
    for q in questions:
        dates = " < ".join(sorted(told[c].date for c in q.choices))
        print(f"  {'first' if q.prompt == FIRST else 'most recent'}: {dates}")


def calibrate(studyset: Studyset) -> None:
    judge = judge_for(studyset)
    rows = list(csv.DictReader(GRADES.open(encoding="utf-8"), delimiter="\t"))
    verdicts = Counter()
    reasons = Counter()
    for row in rows:
        question, sentence = _old_question(row, studyset)
        if question is None:
            verdicts[(row["grade"], "not found")] += 1
            continue
        reason = judge.withheld_reason(question, sentence)
        verdicts[(row["grade"], "withheld" if reason else "served")] += 1
        reasons[(row["grade"], reason or "served")] += 1
    served = sum(n for (_, v), n in verdicts.items() if v == "served")
    good_served = verdicts[("good", "served")]
    goods = sum(n for (g, _), n in verdicts.items() if g == "good")
    print(f"judge vs the reader's grades of {len(rows)} old questions")
    print(f"{'grade':<8}{'served':>8}{'withheld':>10}{'not found':>11}")
    for grade in ("good", "flawed", "bad"):
        cells = [verdicts[(grade, v)] for v in ("served", "withheld", "not found")]
        print(f"{grade:<8}{cells[0]:>8}{cells[1]:>10}{cells[2]:>11}")
    if served:
        print(f"precision of served (share the reader graded good): {good_served / served:.0%}")
    if goods:
        print(f"good questions served (recall): {good_served / goods:.0%}")
    print("reasons given to questions the reader graded good:")
    for (grade, reason), n in sorted(reasons.items()):
        if grade == "good" and reason != "served":
            print(f"  {reason} {n}")


def _old_question(row: dict, studyset: Studyset) -> tuple[Question | None, str]:
    """An old question as it was, with the sentence it was made from and where that is."""
    prompt, answer = row["prompt"], row["answer"]
    body = prompt.removeprefix("Fill in the blank: ")
    sentence = body.replace(BLANK, answer) if BLANK in body else prompt
    probe = (answer if BLANK not in body else sentence.strip("… ")[:60]).lower()
    passage = next((p for p in studyset.passages if probe in p.text.lower()), None)
    if passage is None:
        return None, sentence
    choices = tuple(c.strip() for c in row["choices"].split("|") if c.strip())
    question = Question(
        row["id"], row["kind"], prompt, (answer,), choices, passage.article, passage.id, sentence
    )
    return question, sentence
