"""What live, weekly and practice rounds share: picking questions, judging, scoring, moving on."""

from __future__ import annotations

import re
from collections.abc import Collection
from dataclasses import dataclass
from datetime import datetime, timedelta

from rapidfuzz import fuzz, process

from bot.core.api import Reply, Result
from bot.core.context import Context
from bot.core.replies import Refusal, choice_labels, private, question_reply, report_action
from bot.core.text import clip, letters, quoted
from content.draw import draw_questions
from content.judge import FILLERS, judge
from content.model import Question, Studyset
from db.api import Answer, Round, RoundKind

_KEYED = re.compile(r"^([A-Za-z])[).:]?\s+(.+)$")  # "C South China Sea", "c) South China Sea"
CORRECT_POINTS = 10
HOLD = timedelta(seconds=60)  # a hold on a round older than this belongs to a process that died
SPEED_BONUS = 5  # at most, for answering a live question the moment it appears


def resolve_article(studyset: Studyset, text: str) -> str:
    """An article id from an id, an id's start, or words of its title."""
    wanted = text.strip().lower()
    for article in studyset.articles:
        if article.id.lower() == wanted:
            return article.id
    by_prefix = [a.id for a in studyset.articles if a.id.lower().startswith(wanted)]
    if len(by_prefix) == 1:
        return by_prefix[0]
    titles = {a.id: a.title for a in studyset.articles}
    best = process.extractOne(wanted, titles, scorer=fuzz.token_set_ratio, score_cutoff=70)
    if best is None:
        raise Refusal(f"No article matches {quoted(text)}; /sources lists them.")
    return best[2]


def kinds(studyset: Studyset) -> list[str]:
    return sorted({q.kind for q in studyset.served_questions})


@dataclass(frozen=True)
class Selection:
    article: str | None
    kind: str | None


def select(studyset: Studyset, article: str | None, kind: str | None) -> Selection:
    """Check an article/kind filter. A bare kind typed where the article goes counts as a kind,
    so `/quiz start 5 date` works as people expect."""
    known = kinds(studyset)
    if article and kind is None and article.lower() in known:
        article, kind = None, article.lower()
    if kind is not None and kind.lower() not in known:
        raise Refusal(f"There are no {quoted(kind)} questions; kinds are: {', '.join(known)}.")
    return Selection(
        resolve_article(studyset, article) if article else None, kind.lower() if kind else None
    )


def seed_for(now: datetime) -> int:
    return int(now.timestamp() * 1000) % 2**31


def draw(
    ctx: Context,
    n: int,
    selection: Selection,
    exclude=(),
    reserved: Collection[str] = (),
) -> list[Question]:
    """Up to `n` questions; `exclude` only when nothing else is left, `reserved` and the
    community's blocked ones (reported, retired) never."""
    if n < 1:
        return []
    never = {*reserved, *ctx.blocked}
    try:
        # Reserved ids go last with the excluded ones; drawing that many more and dropping them
        # keeps the mix the engine would have drawn without them.
        drawn = draw_questions(
            ctx.studyset,
            n + len(never),
            seed=seed_for(ctx.now),
            article=selection.article,
            kind=selection.kind,
            exclude=(*exclude, *never),
        )
    except ValueError as problem:  # a filter that matches nothing: the engine names the options
        raise Refusal(f"No questions to ask: {problem}.") from None
    return [q for q in drawn if q.id not in never][:n]


async def reserved(ctx: Context) -> frozenset[str]:
    """The open weekly quiz's questions: no other round may show them (or their answers) while
    its window lasts."""
    weekly = await ctx.store.open_round(ctx.community.id, ctx.actor.channel_id, "weekly")
    if weekly is None or (weekly.closes_at is not None and weekly.closes_at <= ctx.now):
        return frozenset()
    return frozenset(weekly.question_ids)


def round_options(questions: list[Question]) -> dict:
    """Keep each question's shuffled choices with the round, so every render agrees."""
    return {"choices": {q.id: list(q.choices) for q in questions}}


async def create(
    ctx: Context,
    kind: RoundKind,
    questions: list[Question],
    *,
    closes_at: datetime | None = None,
    seconds: int = 0,
    opens_at: datetime | None = None,
    options: dict | None = None,
) -> Round:
    """A new open round; a live round's first question is timed once it is shown."""
    return await ctx.store.create_round(
        ctx.community.id,
        ctx.actor.channel_id,
        kind,
        [q.id for q in questions],
        ctx.actor.user_id,
        opens_at or ctx.now,
        closes_at=closes_at,
        seconds=seconds,
        options=round_options(questions) | (options or {}),
    )


def picked_label(rnd: Round, question: Question, studyset: Studyset, response: str) -> str | None:
    """The choice a response names: 'b', 'B)', 'C South China Sea', or a choice's text, typos
    allowed as the judge allows them; None for a free-text question. A response naming no
    choice, or several, is refused so the member can answer again."""
    labels = choice_labels(rnd, question.id, studyset)
    if not labels:
        return None
    word = response.strip().rstrip(").").strip()
    keys = letters(len(labels))
    span = f"{keys[0]}–{keys[-1]}"
    if len(word) == 1 and word.isalpha():
        if word.upper() not in keys:
            raise Refusal(f"Pick one of {span}.")
        return labels[keys.index(word.upper())]
    keyed = _KEYED.match(word)
    if keyed and keyed.group(1).upper() in keys:
        label = labels[keys.index(keyed.group(1).upper())]
        if _said(label) == _said(keyed.group(2)) or judge([label], keyed.group(2)):
            return label  # the letter and its text agree
    exact = [label for label in labels if _said(label) == _said(word)]
    named = exact or [label for label in labels if judge([label], word)]
    if len(named) == 1:
        return named[0]
    which = "more than one choice" if named else "none of the choices"
    raise Refusal(f"That matches {which}; answer with a letter {span} or a choice's text.")


def _said(text: str) -> str:
    """A response or a choice as typed, without the case and the closing ')' or '.' one may
    leave off: a whole sentence typed as its choice reads ("... the Fleet Escort Force (FEF).")."""
    return text.strip().rstrip(").").strip().casefold()


def is_correct(question: Question, label: str | None, response: str) -> bool:
    if label is not None:
        return label.casefold() in {a.casefold() for a in question.answers}
    return not _echoes(question.prompt, response) and judge(question.answers, response)


def _echoes(prompt: str, response: str) -> bool:
    """The response only repeats the prompt ("RAA" to "what does RAA stand for?"): a served
    prompt never shows its answer, so this is never a right answer, even where the judge takes
    initials for the words they stand for."""
    said = set(re.findall(r"\w+", response.casefold().replace(".", ""))) - FILLERS  # "E.C.S."
    return bool(said) and said <= set(re.findall(r"\w+", prompt.casefold()))


def points_for(rnd: Round, correct: bool, now: datetime) -> int:
    if not correct or rnd.kind == "practice":
        return 0
    if rnd.kind != "live" or not rnd.seconds or rnd.question_closes_at is None:
        return CORRECT_POINTS
    left = max(0.0, (rnd.question_closes_at - now).total_seconds())
    return CORRECT_POINTS + round(SPEED_BONUS * min(1.0, left / rnd.seconds))


async def answer(ctx: Context, round_id: int, question_id: str, response: str) -> list[Reply]:
    rnd = await ctx.store.get_round(round_id)
    if rnd is None or rnd.community_id != ctx.community.id or question_id not in rnd.question_ids:
        raise Refusal("That question is not part of a quiz here.")
    question = ctx.studyset.question_by_id.get(question_id)
    if question is None:
        raise Refusal("That question has been retired; answers to it no longer count.")
    _check_open(ctx, rnd, question_id)
    response, note = clip(response)
    if not response:
        raise Refusal("Your answer was empty.")
    label = picked_label(rnd, question, ctx.studyset, response)
    correct = is_correct(question, label, response)
    points = points_for(rnd, correct, ctx.now)
    record = Answer(
        rnd.id, question_id, ctx.actor.user_id, label or response, correct, points, ctx.now
    )
    if not await ctx.store.record_answer(record, ctx.community.id):
        raise Refusal("You already answered this question; your first answer stands.")
    replies = [_feedback(ctx, rnd, question, correct, points, note)]
    if rnd.kind != "live":
        replies += await next_private(ctx, rnd)
    return replies


async def answer_latest(ctx: Context, response: str) -> list[Reply]:
    """A typed answer: to the question this member, or their channel, was shown last."""
    shown = await ctx.store.last_shown(ctx.community.id, ctx.actor.user_id, ctx.actor.channel_id)
    if shown is None:
        raise Refusal(
            "No question is waiting for your answer. "
            "/quiz practice, /quiz weekly take or /quiz start give you one."
        )
    round_id, question_id = shown
    return await answer(ctx, round_id, question_id, response)


def _check_open(ctx: Context, rnd: Round, question_id: str) -> None:
    if rnd.status != "open" or (rnd.closes_at is not None and ctx.now >= rnd.closes_at):
        raise Refusal("This quiz has closed; answers no longer count.")
    if rnd.kind == "live":
        if rnd.channel_id != ctx.actor.channel_id:
            raise Refusal("That question belongs to a live round in another channel.")
        showing = rnd.question_ids[rnd.position] if rnd.position < len(rnd.question_ids) else ""
        closes = rnd.question_closes_at
        if showing != question_id or closes is None or ctx.now >= closes:
            raise Refusal("This question has closed; answers no longer count.")
    elif rnd.kind == "practice" and rnd.started_by != ctx.actor.user_id:
        raise Refusal(
            "This practice session is someone else's; start your own with /quiz practice."
        )


def _feedback(
    ctx: Context, rnd: Round, question: Question, correct: bool, points: int, note: str
) -> Reply:
    if rnd.kind == "live":
        # The answer stays hidden until the question closes for everyone.
        text = f"Correct! +{points} points." if correct else "Not this time."
        result = Result(correct, points, "")
        citation = ""
    else:
        gained = f" +{points} points." if points else ""
        text = "Correct!" + gained if correct else f"Not quite: the answer is {question.answer}."
        if question.explanation:
            text += f" {question.explanation}"
        result = Result(correct, points, question.answer)
        citation = ctx.studyset.citation(question.passage)
    return private(
        " ".join(filter(None, [text, note])),
        result=result,
        citation=citation,
        actions=() if rnd.kind == "live" else (report_action(question.id),),
    )


async def next_private(ctx: Context, rnd: Round) -> list[Reply]:
    """The user's next unanswered question of a weekly or practice round, or their summary.
    Progress lives in the answers table, so a restart resumes where the user stopped."""
    mine = [a for a in await ctx.store.answers(rnd.id) if a.user_id == ctx.actor.user_id]
    done = {a.question_id for a in mine}
    for position, question_id in enumerate(rnd.question_ids):
        if question_id not in done and question_id in ctx.studyset.question_by_id:
            await ctx.store.set_shown(
                ctx.community.id, "member", ctx.actor.user_id, rnd.id, question_id
            )
            return [question_reply(rnd, position, ctx.studyset, private=True)]
    await ctx.store.forget_shown(ctx.community.id, "member", ctx.actor.user_id)
    right = sum(a.correct for a in mine)
    points = sum(a.points for a in mine)
    if rnd.kind == "practice":
        await ctx.store.finish_round(rnd.id, "closed", ctx.now)
        return [
            private(
                f"Practice done: {right}/{len(mine)} right. "
                "Questions you missed come back in later practice sessions."
            )
        ]
    return [
        private(
            f"You have finished this week's quiz: {right}/{len(mine)} right, {points} points. "
            "Results are posted when the quiz closes."
        )
    ]
