"""Live rounds: questions posted in a channel one at a time, each open for a set time."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core import rounds
from bot.core.api import Reply
from bot.core.context import Context, Parts
from bot.core.replies import (
    Refusal,
    leader_entries,
    leaderboard_text,
    private,
    question_reply,
)
from bot.core.text import neutral, plural
from db.api import Community, Round, StoreError

DEFAULT_QUESTIONS = 5
DEFAULT_SECONDS = 30


async def start(
    ctx: Context,
    questions: int = DEFAULT_QUESTIONS,
    article: str | None = None,
    kind: str | None = None,
    seconds: int = DEFAULT_SECONDS,
) -> list[Reply]:
    if await ctx.store.open_round(ctx.community.id, ctx.actor.channel_id, "live"):
        raise Refusal("A live round is already running in this channel; /quiz stop ends it.")
    selection = rounds.select(ctx.studyset, article, kind)
    drawn = rounds.draw(ctx.studyset, questions, ctx.now, selection)
    if not drawn:
        raise Refusal("No questions match that choice of article and kind.")
    try:
        rnd = await rounds.create(ctx, "live", drawn, seconds=seconds)
    except StoreError:
        raise Refusal(
            "A live round is already running in this channel; /quiz stop ends it."
        ) from None
    try:
        await ctx.post(
            Reply(
                text=f"{neutral(ctx.actor.display_name)} started a live quiz: "
                f"{plural(len(drawn), 'question')}, {seconds} seconds each. "
                "Points for right answers, a bonus for quick ones.",
                title="Live quiz",
            )
        )
        await _show(ctx.core, ctx.community, rnd, 0)
    except Exception:
        # Nobody saw the round start (e.g. the bot may not post here): end it, or every later
        # /quiz start in this channel would be told one is already running.
        await ctx.store.finish_round(rnd.id, "stopped", ctx.now)
        raise
    return [private(f"Live round {rnd.id} started. /quiz stop ends it early.")]


async def stop(ctx: Context) -> list[Reply]:
    rnd = await ctx.store.open_round(ctx.community.id, ctx.actor.channel_id, "live")
    if rnd is None:
        raise Refusal("No live round is running in this channel.")
    if rnd.started_by != ctx.actor.user_id and not ctx.instructor:
        raise Refusal("Only the member who started this round or an instructor can stop it.")
    if not await ctx.store.finish_round(rnd.id, "stopped", ctx.now):
        raise Refusal("That round has just ended.")
    await _reveal(ctx.core, ctx.community, rnd, rnd.position)
    await _summary(ctx.core, ctx.community, rnd, f"stopped by {neutral(ctx.actor.display_name)}")
    return [private("Round stopped.")]


async def close_due_question(core: Parts, community: Community, rnd: Round, now: datetime) -> None:
    """The showing question's time is up: reveal it, then show the next or sum up. Claiming the
    move in the store first means two ticks racing never reveal or post twice."""
    position = rnd.position
    last = position + 1 >= len(rnd.question_ids)
    if last:
        claimed = await core.store.finish_round(rnd.id, "closed", now)
    else:
        next_close = now + timedelta(seconds=rnd.seconds)
        claimed = await core.store.advance_round(rnd.id, position + 1, next_close, position)
    if not claimed:
        return
    await _reveal(core, community, rnd, position)
    if last:
        await _summary(core, community, rnd, "finished")
        return
    moved = await core.store.get_round(rnd.id)
    await _show(core, community, moved, position + 1)


async def _show(core: Parts, community: Community, rnd: Round, position: int) -> None:
    reply = question_reply(rnd, position, core.studyset, private=False)
    ref = await core.outlet.send(community.external_id, rnd.channel_id, reply)
    await core.store.set_message(rnd.id, position, ref)
    core.remember_live(community.id, rnd.channel_id)


async def _reveal(core: Parts, community: Community, rnd: Round, position: int) -> None:
    question_id = rnd.question_ids[position]
    question = core.studyset.question_by_id.get(question_id)
    if question is None:
        return
    given = await core.store.answers(rnd.id, question_id)
    right = sum(a.correct for a in given)
    lines = [
        f"Question {position + 1}/{len(rnd.question_ids)}: {question.prompt}",
        f"Answer: {question.answer}",
    ]
    if question.explanation:
        lines.append(question.explanation)
    lines.append(
        f"{right} of {plural(len(given), 'answer')} right." if given else "No one answered."
    )
    reply = Reply(
        text="\n".join(lines),
        title="Time's up",
        citation=core.studyset.citation(question.passage),
    )
    ref = await core.store.message(rnd.id, position)
    if ref is None:  # the question was never posted (a crash in between): say it anew
        await core.outlet.send(community.external_id, rnd.channel_id, reply)
    else:
        await core.outlet.edit(community.external_id, rnd.channel_id, ref, reply)


async def _summary(core: Parts, community: Community, rnd: Round, how: str) -> None:
    rows = await core.store.leaderboard(community.id, "round", round_id=rnd.id)
    title = f"Live round {how}"
    await core.outlet.send(
        community.external_id,
        rnd.channel_id,
        Reply(
            text=leaderboard_text("This round", rows),
            title=title,
            leaderboard=leader_entries(rows),
        ),
    )
