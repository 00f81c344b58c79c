"""Private practice: questions the member missed come back first; never on a leaderboard."""

from __future__ import annotations

from bot.core import rounds
from bot.core.api import Reply
from bot.core.context import Context
from bot.core.replies import Refusal, private
from bot.core.text import plural

SESSION = 5


async def start(ctx: Context) -> list[Reply]:
    community, user = ctx.community.id, ctx.actor.user_id
    weekly = await rounds.reserved(ctx)  # practice shows answers: not while they count
    due = await ctx.store.due_reviews(community, user, ctx.now, SESSION + len(weekly))
    held = weekly | ctx.blocked
    servable = {q.id for q in ctx.studyset.served_questions}
    due = [q for q in due if q in servable and q not in held][:SESSION]
    everything = rounds.Selection(None, None)
    fresh = rounds.draw(ctx, SESSION - len(due), everything, exclude=due, reserved=weekly)
    chosen = [ctx.studyset.question_by_id[q] for q in due]
    chosen += [q for q in fresh if q.id not in due]
    if not chosen:
        held = " outside this week's open quiz" if weekly else ""
        raise Refusal(f"There are no questions{held} to practise yet.")
    rnd = await rounds.create(ctx, "practice", chosen)
    missed = f" ({len(due)} you missed before)" if due else ""
    intro = private(f"Practice: {plural(len(chosen), 'question')}{missed}. Nothing here is scored.")
    return [intro, *await rounds.next_private(ctx, rnd)]
