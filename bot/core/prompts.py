"""Discussion prompts, rotating through every prompt before any repeats."""

from __future__ import annotations

from bot.core.api import Reply
from bot.core.context import Context
from bot.core.replies import Refusal, private
from bot.core.rounds import resolve_article
from content.model import Prompt


async def post(ctx: Context, article: str | None = None) -> list[Reply]:
    chosen = await post_next(ctx, resolve_article(ctx.studyset, article) if article else None)
    return [private(f"Posted discussion prompt {chosen.id} here.")]


async def post_next(ctx: Context, article_id: str | None) -> Prompt:
    pool = [p for p in ctx.studyset.served_prompts if article_id in (None, p.article)]
    if not pool:
        raise Refusal("There are no discussion prompts for that article.")
    posted = await ctx.store.posted_prompts(ctx.community.id, ctx.actor.channel_id)
    chosen = _next(pool, posted)
    text = chosen.text
    citation = ctx.studyset.citation(chosen.passage) if chosen.passage else ""
    if not citation:
        article = ctx.studyset.article_by_id.get(chosen.article)
        citation = f"“{article.title}”" if article else ""
    await ctx.store.record_prompt(ctx.community.id, ctx.actor.channel_id, chosen.id, ctx.now)
    await ctx.post(Reply(text=text, title="Discussion", citation=citation, thread=True))
    return chosen


def _next(pool: list[Prompt], posted: list[str]) -> Prompt:
    """A never-posted prompt if any is left; else the one posted longest ago."""
    last_seen = {prompt_id: i for i, prompt_id in enumerate(posted)}
    return min(pool, key=lambda p: (p.id in last_seen, last_seen.get(p.id, -1)))
