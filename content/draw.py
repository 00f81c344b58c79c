"""Drawing the questions of a quiz round: mixed, fresh, and reproducible from a seed.

Only served questions are drawn, never withheld ones. They are taken so that articles and kinds
take turns rather than coming in clumps, those recently asked (`exclude`), asked of a sentence
already drawn, or whose answer a drawn prompt shows (or whose prompt shows a drawn one's answer,
"In 2007, ... NATO's headquarters in _____" beside "In _____, Abe visited NATO headquarters"; a
word a quarter of the prompts show, such as the readings' subject, gives nothing away) or a
drawn one's answer reveals (the same answer, a date's year), or that shares a passage with a
timeline question's events (whose dates its reveal gives) only when nothing else is left, and
multiple-choice options are shuffled per question. The same seed always gives the same round.
"""

from __future__ import annotations

import random
import re
from collections import Counter
from collections.abc import Collection, Sequence
from dataclasses import replace
from functools import partial

from content.model import Question, Studyset


def draw_questions(
    studyset: Studyset,
    n: int,
    *,
    seed: int | str,
    article: str | None = None,
    kind: str | None = None,
    exclude: Collection[str] = (),
) -> list[Question]:
    """Up to `n` questions (fewer only when the filters leave fewer). ValueError names the valid
    articles or kinds when a filter matches none."""
    if n < 1:
        raise ValueError(f"a round needs at least one question, not {n}")
    pool = _filtered(studyset, article, kind)
    rng = random.Random(f"{seed}")
    tiebreak = {q.id: rng.random() for q in pool}
    asked = set(exclude)
    fresh = [q for q in pool if q.id not in asked]
    stale = [q for q in pool if q.id in asked]
    common = _common_words(pool)
    drawn = _mixed(fresh, n, tiebreak, common)
    drawn += _mixed(stale, n - len(drawn), tiebreak, common, after=drawn)
    return [_shuffled_choices(q, seed) for q in drawn]


def _filtered(studyset: Studyset, article: str | None, kind: str | None) -> list[Question]:
    questions = list(studyset.served_questions)
    if article is not None:
        articles = sorted({q.article for q in questions})
        if article not in articles:
            raise ValueError(f"no questions for article {article!r}; articles: {_listed(articles)}")
        questions = [q for q in questions if q.article == article]
    if kind is not None:
        kinds = sorted({q.kind for q in questions})
        if kind not in kinds:
            within = f" in article {article}" if article is not None else ""
            raise ValueError(f"no questions of kind {kind!r}{within}; kinds: {_listed(kinds)}")
        questions = [q for q in questions if q.kind == kind]
    if not questions:
        raise ValueError("the content has no questions")
    return questions


def _mixed(
    pool: list[Question],
    n: int,
    tiebreak: dict[str, float],
    common: frozenset[str],
    after: Sequence[Question] = (),
) -> list[Question]:
    """Greedy: each pick is from the article, then the kind, used least so far, and unlike the
    previous pick where possible; the seed's random tiebreak decides among equals. Only the
    head of each (article, kind) group can win, so a pick looks at groups, not questions."""
    articles = Counter(q.article for q in after)
    kinds = Counter(q.kind for q in after)
    last = after[-1] if after else None
    groups: dict[tuple[str, str], list[Question]] = {}
    for q in sorted(pool, key=lambda q: tiebreak[q.id], reverse=True):
        groups.setdefault((q.article, q.kind), []).append(q)  # the head is the last
    picked: list[Question] = []
    sources = {_source(q) for q in after}
    siblings: list[Question] = []  # answering or answered by one drawn: only if nothing else
    while groups and len(picked) < n:
        key = min(groups, key=partial(_cost, groups, articles, kinds, last, tiebreak))
        best = groups[key].pop()
        if not groups[key]:
            del groups[key]
        if _source(best) in sources or any(_tells(best, q, common) for q in (*after, *picked)):
            siblings.append(best)
            continue
        sources.add(_source(best))
        picked.append(best)
        articles[best.article] += 1
        kinds[best.kind] += 1
        last = best
    return picked + siblings[: n - len(picked)]


def _source(question: Question) -> tuple[str, str]:
    """The sentence a question is made from: two questions on one sentence answer each other
    ("In _____, NATO and Japan signed the RAA" beside "What does RAA stand for?")."""
    return question.passage, question.explanation or question.id


def _tells(one: Question, other: Question, common: frozenset[str]) -> bool:
    """Either question shows an answer of the other, or both ask for one answer ("Article 5"
    of two readings; "2023" beside "July 2023"), which the first one reveals, or one shows
    statements of a passage the other is asked of (a timeline question's events, whose dates
    its reveal gives, beside a question on one of their sentences): drawn together, one gives
    the other away. A `common` word gives nothing away."""
    if _answered(one) & _answered(other):
        return True
    if _statements(one) & _passages(other) or _statements(other) & _passages(one):
        return True
    return any(
        re.search(rf"(?<!\w){re.escape(answer)}(?!\w)", shown, re.I)
        for shown, answers in ((_shown(one), other.answers), (_shown(other), one.answers))
        for answer in answers
        if answer.lower() not in common
    )


def _passages(question: Question) -> set[str]:
    return {question.passage, *question.sources}


def _statements(question: Question) -> set[str]:
    """The passages whose statements a question shows as choices: none for a question whose
    choices are words or names."""
    return _passages(question) if question.sources else set()


def _shown(question: Question) -> str:
    """What a student reads before answering: the prompt, and choices that are statements."""
    return "\n".join((question.prompt, *question.choices)) if question.sources else question.prompt


def _answered(question: Question) -> set[str]:
    """What revealing the question's answer tells: its answers, and a date's year."""
    said = {a.lower() for a in question.answers}
    return (
        said | set(re.findall(r"\b\d{4}\b", question.answer)) if question.kind == "date" else said
    )


# A word in this share of the prompts or more is what the readings are about ("Japan").
COMMON_SHARE = 0.25


def _common_words(questions: Sequence[Question]) -> frozenset[str]:
    """Words shown in so many prompts that seeing one in another question tells nothing."""
    seen = Counter(w for q in questions for w in set(re.findall(r"\w+", q.prompt.lower())))
    return frozenset(w for w, n in seen.items() if n >= COMMON_SHARE * len(questions))


def _cost(
    groups: dict[tuple[str, str], list[Question]],
    articles: Counter,
    kinds: Counter,
    last: Question | None,
    tiebreak: dict[str, float],
    key: tuple[str, str],
) -> tuple:
    article, kind = key
    return (
        articles[article],
        kinds[kind],
        last is not None and article == last.article,
        last is not None and kind == last.kind,
        tiebreak[groups[key][-1].id],
    )


def _shuffled_choices(question: Question, seed: int | str) -> Question:
    """Options in an order fixed by the seed and the question, whatever else is drawn."""
    if len(question.choices) < 2:
        return question
    choices = list(question.choices)
    random.Random(f"{seed}:{question.id}").shuffle(choices)
    return replace(question, choices=tuple(choices))


def _listed(names: list[str]) -> str:
    return ", ".join(names) if names else "(none)"
