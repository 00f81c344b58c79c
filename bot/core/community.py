"""Instructor settings of a community: its time zone and its instructor role."""

from __future__ import annotations

import re

from bot.core import timing
from bot.core.api import Reply
from bot.core.context import Context
from bot.core.replies import Refusal, private
from bot.core.text import neutral

_ROLE_MENTION = re.compile(r"^<@&([0-9]+)>$|^<!subteam\^([A-Z0-9]+)(\|[^>]*)?>$")


async def set_timezone(ctx: Context, zone: str) -> list[Reply]:
    try:
        zone = timing.zone_name(zone)
    except ValueError as problem:  # it names the near misses
        raise Refusal(str(problem)) from None
    await ctx.store.update_community(ctx.community.id, timezone=zone)
    return [
        private(
            f"Time zone set to {zone}. Schedules added from now on use it; "
            "existing ones keep the zone they were made with."
        )
    ]


async def set_instructor_role(ctx: Context, role: str) -> list[Reply]:
    role = role.strip()
    mention = _ROLE_MENTION.match(role)
    role_id = next(filter(None, mention.groups()[:2])) if mention else role
    if not role_id or len(role_id) > 100:
        raise Refusal("Give a role id or mention.")
    await ctx.store.update_community(ctx.community.id, instructor_role=role_id)
    return [private(f"Members with role {neutral(role_id)} now count as instructors.")]
