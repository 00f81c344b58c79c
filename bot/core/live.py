"""Live rounds: questions posted in a channel one at a time, each open for a set time.

A round moves on only after each post is recorded: show a question, then record it (its timer
starts); reveal it, then record the move to the next position; sum up, then close the round. One
process at a time posts for a round, holding it in the store. A process killed mid-post leaves
its hold to go stale, and a later tick (after a restart, or in another process) takes over and
re-posts or finishes what is missing.
"""

from __future__ import annotations

import logging
from dataclasses import replace
from datetime import datetime, timedelta

from bot.core import rounds
from bot.core.api import OutletError, Reply
from bot.core.context import Context, Parts
from bot.core.replies import (
    Refusal,
    leader_entries,
    leaderboard_text,
    private,
    question_reply,
    report_action,
)
from bot.core.text import neutral, plural
from db.api import Community, Round, StoreError

log = logging.getLogger(__name__)

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
    weekly = await rounds.reserved(ctx)
    drawn = rounds.draw(ctx, questions, selection, reserved=weekly)
    if not drawn:
        held = " that are not in this week's open quiz" if weekly else ""
        raise Refusal(f"No questions{held} match that choice of article and kind.")
    intro = (
        f"{neutral(ctx.actor.display_name)} started a live quiz: "
        f"{plural(len(drawn), 'question')}, {seconds} seconds each. "
        "Points for right answers, a bonus for quick ones."
    )
    try:
        rnd = await rounds.create(ctx, "live", drawn, seconds=seconds, options={"intro": intro})
    except StoreError:
        raise Refusal(
            "A live round is already running in this channel; /quiz stop ends it."
        ) from None
    try:
        await _drive(ctx.core, ctx.community, rnd)  # the new round is held by its creator
    except Exception:
        # Nobody saw the round start (e.g. the bot may not post here): end it, or every later
        # /quiz start in this channel would be told one is already running.
        await ctx.store.finish_round(rnd.id, "stopped", ctx.now)
        raise
    return [private(f"Live round {rnd.number} started. /quiz stop ends it early.")]


async def stop(ctx: Context) -> list[Reply]:
    rnd = await ctx.store.open_round(ctx.community.id, ctx.actor.channel_id, "live")
    if rnd is None:
        raise Refusal("No live round is running in this channel.")
    if rnd.started_by != ctx.actor.user_id and not ctx.instructor:
        raise Refusal("Only the member who started this round or an instructor can stop it.")
    if not await ctx.store.request_stop(rnd.id, neutral(ctx.actor.display_name), ctx.now):
        raise Refusal("That round is already ending.")
    stopping = await ctx.store.get_round(rnd.id)
    if stopping is not None:
        await advance(ctx.core, ctx.community, stopping)  # if another process holds it: its tick
    return [private("Round stopped.")]


async def advance(core: Parts, community: Community, rnd: Round) -> None:
    """Post whatever the round is due for (the tick calls this for due rounds), if no other
    task or process is posting for it right now."""
    now = core.clock()
    if not await core.store.claim_step(rnd, now, now - rounds.HOLD):
        return
    try:
        await _drive(core, community, rnd)
    except OutletError:
        # The platform refuses this channel: end the round rather than retry it forever.
        await core.store.finish_round(rnd.id, "stopped", now)
        raise


async def _drive(core: Parts, community: Community, rnd: Round) -> None:
    """While holding the round: reveal a closed question, then show the next or sum up, each
    post recorded before the next step."""
    while rnd.status == "open":
        now = core.clock()
        last = len(rnd.question_ids)
        if rnd.position < last and rnd.question_closes_at is not None:  # shown, and due
            await _reveal(core, community, rnd)
            if not await core.store.question_revealed(rnd.id, rnd.position, now):
                return
        elif rnd.position < last and rnd.stopped_by is None:
            await _show(core, community, rnd, now)
            return
        else:
            await _summary(core, community, rnd)
            await core.store.finish_round(rnd.id, "stopped" if rnd.stopped_by else "closed", now)
            return
        rnd = await core.store.get_round(rnd.id)


async def _show(core: Parts, community: Community, rnd: Round, now: datetime) -> None:
    if rnd.position == 0 and rnd.options.get("intro"):
        reply = Reply(text=rnd.options["intro"], title="Live quiz")
        await core.outlet.send(community.external_id, rnd.channel_id, reply)
    closes = now + timedelta(seconds=rnd.seconds)
    timed = replace(rnd, question_closes_at=closes)  # as it will be once recorded
    studyset = await core.studyset_for(community.id)  # with the community's own questions
    reply = question_reply(timed, rnd.position, studyset, private=False)
    ref = await core.outlet.send(community.external_id, rnd.channel_id, reply)
    await core.store.question_shown(rnd.id, rnd.position, ref, closes)


async def _reveal(core: Parts, community: Community, rnd: Round) -> None:
    position = rnd.position
    question_id = rnd.question_ids[position]
    studyset = await core.studyset_for(community.id)
    question = studyset.question_by_id.get(question_id)
    if question is None:  # retired from the readings since: nothing to reveal
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
        title="Round stopped" if rnd.stopped_by else "Time's up",
        citation=studyset.citation(question.passage),
        actions=(report_action(question_id),),
    )
    ref = await core.store.message(rnd.id, position)
    if ref is not None:
        try:
            await core.outlet.edit(community.external_id, rnd.channel_id, ref, reply)
            return
        except OutletError:
            raise
        except Exception:  # e.g. someone deleted the question: the round must not stall on it
            log.warning("revealing round %s question %s in place failed", rnd.id, position + 1)
    await core.outlet.send(community.external_id, rnd.channel_id, reply)


async def _summary(core: Parts, community: Community, rnd: Round) -> None:
    rows = await core.store.leaderboard(community.id, "round", round_id=rnd.id)
    how = f"stopped by {rnd.stopped_by}" if rnd.stopped_by else "finished"
    await core.outlet.send(
        community.external_id,
        rnd.channel_id,
        Reply(
            text=leaderboard_text("This round", rows),
            title=f"Live round {how}",
            leaderboard=leader_entries(rows),
        ),
    )
