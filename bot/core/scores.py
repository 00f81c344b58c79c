"""Leaderboards, personal scores and the instructor's gradebook export (all store queries)."""

from __future__ import annotations

import csv
import io
import re

from bot.core.api import Reply
from bot.core.context import Context
from bot.core.replies import Refusal, leader_entries, leaderboard_text, private
from bot.core.text import clip, neutral, plural, quoted
from bot.core.timing import zone

_MENTION = re.compile(r"^<@!?([A-Za-z0-9]+)(\|[^>]*)?>$")  # <@123>, <@!123>, <@U123|name>


async def leaderboard(ctx: Context, scope: str = "all") -> list[Reply]:
    rows = await ctx.store.leaderboard(ctx.community.id, scope, now=ctx.now)
    title = "This week's leaderboard" if scope == "week" else "All-time leaderboard"
    return [
        Reply(text=leaderboard_text(title, rows), title=title, leaderboard=leader_entries(rows))
    ]


async def score(ctx: Context, user: str | None = None) -> list[Reply]:
    user_id = ctx.actor.user_id if not user else await _find_member(ctx, user)
    stats = await ctx.store.user_stats(ctx.community.id, user_id)
    if stats is None or not stats.answered:
        who = neutral(stats.display_name) if stats else "That member"
        whose = "You have" if user_id == ctx.actor.user_id else f"{who} has"
        return [private(f"{whose} no scored answers yet.")]
    text = (
        f"{neutral(stats.display_name)}: {stats.points} points, {stats.correct}/{stats.answered} "
        f"right ({stats.accuracy:.0%}), current streak {stats.current_streak}, "
        f"best streak {stats.best_streak}."
    )
    return [Reply(text=text, title="Score")]


async def _find_member(ctx: Context, user: str) -> str:
    """A platform mention, or a member's id or display name, typed with or without an @."""
    user, _ = clip(user, 100)
    mention = _MENTION.match(user)
    if mention:
        return mention.group(1)
    wanted = user.removeprefix("@").strip()
    found = await ctx.store.members_called(ctx.community.id, user)
    found = found or await ctx.store.members_called(ctx.community.id, wanted)
    named = [m for m in found if m.user_id == wanted] or found
    if not named:
        raise Refusal(f"I know no member called {quoted(wanted)} here.")
    if len(named) > 1:
        raise Refusal(f"Several members are called {quoted(wanted)}; mention the one you mean.")
    return named[0].user_id


def _cell(value):
    """Member-typed text (names, answers) must not run as a spreadsheet formula."""
    if isinstance(value, str) and value[:1] in ("=", "+", "-", "@", "\t", "\r"):
        return "'" + value
    return value


async def export(ctx: Context) -> list[Reply]:
    rows = await ctx.store.export_rows(ctx.community.id)
    if not rows:
        return [private("No scored answers to export yet.")]
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(rows[0]), lineterminator="\n")
    writer.writeheader()
    writer.writerows({k: _cell(v) for k, v in row.items()} for row in rows)
    name = f"scores-{ctx.now.astimezone(zone(ctx.community.timezone)):%Y-%m-%d}.csv"
    members = len({row["user_id"] for row in rows})
    return [
        private(
            f"{plural(len(rows), 'scored answer')} by {plural(members, 'member')}, "
            f"one row each, in {name}.",
            title="Scores export",
            attachment=(name, out.getvalue().encode("utf-8")),
        )
    ]
