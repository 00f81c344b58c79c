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
    due = await ctx.store.due_reviews(community, user, ctx.now, SESSION)
    servable = {q.id for q in ctx.studyset.served_questions}
    due = [q for q in due if q in servable]
    fresh = rounds.draw(
        ctx.studyset, SESSION - len(due), ctx.now, rounds.Selection(None, None), exclude=due
    )
    chosen = [ctx.studyset.question_by_id[q] for q in due]
    chosen += [q for q in fresh if q.id not in due]
    if not chosen:
        raise Refusal("There are no questions to practise yet.")
    rnd = await rounds.create(ctx, "practice", chosen)
    missed = f" ({len(due)} you missed before)" if due else ""
    intro = private(f"Practice: {plural(len(chosen), 'question')}{missed}. Nothing here is scored.")
    return [intro, *await rounds.next_private(ctx, rnd)]
