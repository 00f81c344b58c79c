"""Each community's question bank: students report questions, instructors review, retire,
restore and add them. The store keeps every decision; this module turns it into what a
community may be asked.

A question with an open report, or retired, is never drawn in that community (other
communities are untouched); a restored one is drawn again, even one the build withheld.
"""

from __future__ import annotations

import re
from dataclasses import asdict, replace
from datetime import timedelta

from bot.core.api import Action, Reply
from bot.core.context import Context
from bot.core.replies import Refusal, private
from bot.core.rounds import resolve_article
from bot.core.text import clip, neutral, plural, quoted
from content.curated import CuratedError, written_question
from content.model import Question, Studyset
from db.api import QuestionBank

# Questions per page of /questions review: with the page's heading and a notice that reports
# wait, five messages, as many as Slack takes at one command's response_url.
PAGE = 3
MIN_ASKED = 5  # scored answers before a question's share right says anything
HARD = 0.5  # below this share right, a question is one "most students get wrong"
NOTICE_EVERY = timedelta(days=1)
MAX_REASON = 200
MAX_PROMPT = 300
MAX_CHOICE = 100
_WRONG_SEPARATOR = re.compile(r"[;|\n]")


def view(studyset: Studyset, bank: QuestionBank) -> Studyset:
    """The content file as one community sees it: its own questions added, and the ones it
    restored served even if the build withheld them."""
    if not (bank.added or bank.restored):
        return studyset
    added = Studyset.from_dict({"questions": list(bank.added)}).questions
    known = studyset.question_by_id
    questions = [
        replace(q, withheld="") if q.id in bank.restored and _withheld(q) else q
        for q in studyset.questions
    ]
    return replace(studyset, questions=(*questions, *(q for q in added if q.id not in known)))


def _withheld(question: Question) -> str:
    """Why the build withheld a question ("" if served; older content files have no reason)."""
    return getattr(question, "withheld", "")


# -- members ---------------------------------------------------------------------------------


async def report(ctx: Context, reason: str = "", question: str | None = None) -> list[Reply]:
    if question is None:
        shown = await ctx.store.last_shown(
            ctx.community.id, ctx.actor.user_id, ctx.actor.channel_id
        )
        if shown is None:
            raise Refusal(
                "No question to report: use the Report button under a question, "
                "or /report REASON right after one is shown to you."
            )
        question = shown[1]
    found = ctx.studyset.question_by_id.get(question)
    if found is None:
        raise Refusal("That question is retired already; thank you all the same.")
    reason, _ = clip(reason, MAX_REASON)
    if not await ctx.store.report_question(
        ctx.community.id, question, ctx.actor.user_id, reason, ctx.now
    ):
        raise Refusal("You have reported this question already; an instructor will look at it.")
    return [
        private(
            f"Thank you: “{neutral(found.prompt, 80)}” is reported. It will not be asked here "
            "again until an instructor has looked at it."
        )
    ]


async def notice(ctx: Context) -> list[Reply]:
    """Instructors are told that reports wait, privately, with the next command one of them
    runs; at most once a day per community, however many processes serve it."""
    if not (ctx.instructor and ctx.bank.reported):
        return []
    if not await ctx.store.claim_report_notice(ctx.community.id, ctx.now, NOTICE_EVERY):
        return []
    count = plural(len(ctx.bank.reported), "question")
    return [
        private(
            f"For instructors: members reported {count}; they are not asked until you decide.",
            actions=(Action("Review them", ("questions", "review")),),
        )
    ]


# -- instructors -----------------------------------------------------------------------------


async def review(ctx: Context, page: int = 1) -> list[Reply]:
    items = await _to_review(ctx)
    if not items:
        return [
            private(
                "Nothing to review: no open reports, no questions withheld by the build, "
                "and none that most members get wrong."
            )
        ]
    pages = -(-len(items) // PAGE)
    if page > pages:
        raise Refusal(f"There {'is' if pages == 1 else 'are'} only {plural(pages, 'page')}.")
    shown = items[(page - 1) * PAGE : page * PAGE]
    more = (Action("Next page", ("questions", "review"), {"page": page + 1}),)
    head = private(
        f"Question review, page {page} of {pages} ({plural(len(items), 'question')}).",
        title="Question bank",
        actions=more if page < pages else (),
    )
    return [head, *shown]


async def _to_review(ctx: Context) -> list[Reply]:
    bank, questions = ctx.bank, ctx.studyset.question_by_id
    decided = bank.retired | bank.restored
    items = []
    for found in await ctx.store.open_reports(ctx.community.id):
        said = "; ".join(quoted(r) for r in found.reasons)
        why = f"Reported {found.reports}×" + (f": {said}" if said else "")
        items.append(_item(ctx, found.question_id, questions.get(found.question_id), why))
    listed = set(bank.reported)
    for question in ctx.studyset.questions:
        if _withheld(question) and question.id not in decided | listed:
            why = f"Withheld by the build: {_withheld(question)}"
            items.append(_item(ctx, question.id, question, why))
            listed.add(question.id)
    for stats in await ctx.store.question_stats(ctx.community.id, min_asked=MIN_ASKED, limit=50):
        question = questions.get(stats.question_id)
        if stats.share_right >= HARD or question is None or stats.question_id in decided | listed:
            continue
        why = f"Most get it wrong: asked {stats.asked} times, {stats.share_right:.0%} right"
        items.append(_item(ctx, question.id, question, why))
    return items


def _item(ctx: Context, question_id: str, question: Question | None, why: str) -> Reply:
    restore = Action("Restore", ("questions", "restore"), {"id": question_id})
    retire = Action("Retire", ("questions", "retire"), {"id": question_id})
    if question is None:  # gone from the readings: retired, only its reports are left to close
        return private(
            f"{why}\n{question_id}: retired (no longer in the readings).", actions=(retire,)
        )
    lines = [
        why,
        f"{question.id} ({question.kind}): {question.prompt}",
        f"Answer: {question.answer}",
    ]
    if question.choices:
        lines.append("Choices: " + "; ".join(question.choices))
    return private(
        "\n".join(lines),
        citation=ctx.studyset.citation(question.passage),
        actions=(restore, retire),
    )


async def retire(ctx: Context, id: str) -> list[Reply]:
    return await _decide(ctx, id, "retired")


async def restore(ctx: Context, id: str) -> list[Reply]:
    return await _decide(ctx, id, "restored")


async def _decide(ctx: Context, question_id: str, status: str) -> list[Reply]:
    question = ctx.studyset.question_by_id.get(question_id)
    if question is None and question_id not in ctx.bank.reported:
        raise Refusal(
            f"There is no question {quoted(question_id)} here; /questions review lists them."
        )
    if question is None and status == "restored":
        raise Refusal(f"{question_id} is no longer in the readings, so it cannot be asked again.")
    closed = await ctx.store.decide_question(
        ctx.community.id, question_id, status, ctx.actor.user_id, ctx.now
    )
    what = f"“{neutral(question.prompt, 80)}”" if question else "(no longer in the readings)"
    effect = (
        "it is not asked in this community again"
        if status == "retired"
        else "it is asked again in this community"
    )
    reports = f" {plural(closed, 'report')} closed." if closed else ""
    return [private(f"{status.capitalize()} {question_id} {what}: {effect}.{reports}")]


async def add(
    ctx: Context, prompt: str, answer: str, wrong: str | None = None, article: str | None = None
) -> list[Reply]:
    choices = tuple(c.strip() for c in _WRONG_SEPARATOR.split(wrong or "") if c.strip())
    if len(prompt) > MAX_PROMPT or any(len(t) > MAX_CHOICE for t in (answer, *choices)):
        raise Refusal(
            f"Keep the question under {MAX_PROMPT} characters and each choice under {MAX_CHOICE}."
        )
    article_id = resolve_article(ctx.studyset, article) if article else None
    try:
        question = written_question(ctx.studyset, prompt, answer, choices, article_id)
    except CuratedError as problem:
        raise Refusal(neutral(str(problem), 400)) from None
    if question.id in ctx.studyset.question_by_id or not await ctx.store.add_question(
        ctx.community.id, question.id, asdict(question), ctx.actor.user_id, ctx.now
    ):
        raise Refusal(f"That question is in the bank already, as {question.id}.")
    kind = "multiple choice" if question.choices else "answered in words"
    return [
        private(
            f"Added {question.id} ({kind}): it can be drawn in this community from now on. "
            "/questions retire removes it.",
            citation=ctx.studyset.citation(question.passage),
        )
    ]
