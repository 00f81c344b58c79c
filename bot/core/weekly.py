"""The weekly quiz: one fixed set of questions, taken privately by each member within a window."""

from __future__ import annotations

from datetime import datetime, timedelta

from bot.core import rounds
from bot.core.api import Action, Reply
from bot.core.context import Context, Parts
from bot.core.replies import Refusal, leader_entries, leaderboard_text, local_time, private
from bot.core.text import neutral, plural
from db.api import Community, Round, StoreError

DEFAULT_QUESTIONS = 10
DEFAULT_DAYS = 7
TAKE = Action("Take this week's quiz", ("quiz", "weekly", "take"))


async def open_quiz(
    ctx: Context, questions: int = DEFAULT_QUESTIONS, days: int = DEFAULT_DAYS
) -> list[Reply]:
    current = await still_open(ctx)
    if current is not None:
        raise Refusal(f"This week's quiz is already open, until {until(ctx, current)}.")
    try:
        rnd = await launch(ctx, questions, ctx.now, ctx.now + timedelta(days=days))
    except StoreError:  # another instructor or a schedule opened one, or one is still closing
        raise Refusal(
            "Another weekly quiz has just opened or is still closing; try again."
        ) from None
    count = plural(len(rnd.question_ids), "question")
    return [private(f"Weekly quiz {rnd.number} is open: {count}.")]


async def still_open(ctx: Context) -> Round | None:
    """The community's open weekly quiz; one whose window is over is closed first."""
    current = await ctx.store.open_round(ctx.community.id, ctx.actor.channel_id, "weekly")
    if current is not None and current.closes_at is not None and current.closes_at <= ctx.now:
        await finish(ctx.core, ctx.community, current, ctx.now)  # over, only not yet ticked
        return None
    return current


def until(ctx: Context, rnd: Round) -> str:
    return local_time(rnd.closes_at, ctx.community.timezone) if rnd.closes_at else "?"


async def launch(
    ctx: Context,
    questions: int,
    opens_at: datetime,
    closes_at: datetime,
    options: dict | None = None,
) -> Round:
    """Draw the week's questions, open the round and announce it (commands and schedules).
    StoreError if the community has an open weekly quiz already."""
    drawn = rounds.draw(ctx, questions, rounds.Selection(None, None))
    if not drawn:
        raise Refusal("There are no questions in the study material.")
    rnd = await rounds.create(
        ctx, "weekly", drawn, opens_at=opens_at, closes_at=closes_at, options=options
    )
    await announce(ctx, rnd)
    return rnd


async def announce(ctx: Context, rnd: Round) -> None:
    await ctx.post(
        Reply(
            text=f"This week's quiz is open until {until(ctx, rnd)}: "
            f"{plural(len(rnd.question_ids), 'question')}, one attempt each, at your own pace. "
            "Take it privately with the button or /quiz weekly take.",
            title="Weekly quiz",
            actions=(TAKE,),
        )
    )


async def _current(ctx: Context) -> Round:
    rnd = await ctx.store.open_round(ctx.community.id, ctx.actor.channel_id, "weekly")
    if rnd is None or (rnd.closes_at is not None and ctx.now >= rnd.closes_at):
        raise Refusal("No weekly quiz is open right now.")
    return rnd


async def take(ctx: Context) -> list[Reply]:
    return await rounds.next_private(ctx, await _current(ctx))


async def status(ctx: Context) -> list[Reply]:
    rnd = await _current(ctx)
    given = await ctx.store.answers(rnd.id)
    mine = sum(a.user_id == ctx.actor.user_id for a in given)
    takers = len({a.user_id for a in given})
    return [
        private(
            f"This week's quiz: {plural(len(rnd.question_ids), 'question')}, "
            f"open until {until(ctx, rnd)}. "
            f"You have answered {mine}; {plural(takers, 'member')} took part so far."
        )
    ]


async def close_now(ctx: Context) -> list[Reply]:
    rnd = await _current(ctx)
    if not await ctx.store.request_stop(rnd.id, neutral(ctx.actor.display_name), ctx.now):
        raise Refusal("This week's quiz is already closing.")
    ended = await ctx.store.get_round(rnd.id)  # its window now ends now
    await finish(ctx.core, ctx.community, ended, ctx.now)
    return [private("Weekly quiz closed; the results are posted.")]


async def finish(core: Parts, community: Community, rnd: Round, now: datetime) -> None:
    """Post the results of a quiz whose window is over, then close it. The poster holds the
    round meanwhile, so two ticks racing post once, and if it is killed mid-post a later tick
    (after a restart, or in another process) posts them."""
    if not await core.store.claim_step(rnd, now, now - rounds.HOLD):
        return
    rows = await core.store.leaderboard(community.id, "round", round_id=rnd.id, limit=10)
    takers = len({a.user_id for a in await core.store.answers(rnd.id)})
    text = (
        f"This week's quiz is closed: {plural(takers, 'member')} took part.\n"
        + leaderboard_text("Results", rows)
    )
    await core.outlet.send(
        community.external_id,
        rnd.channel_id,
        Reply(text=text, title="Weekly quiz results", leaderboard=leader_entries(rows)),
    )
    await core.store.finish_round(rnd.id, "closed", now)
