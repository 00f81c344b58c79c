"""Instructor schedules and the part of the tick that runs them.

Each due post is claimed in the store's post log before it is sent and marked posted after, so a
restart (or a second process) does not post twice, and a claim whose process died before
confirming is tried once more. A post missed while the bot was down is sent once if still
useful: the same local day for daily posts and prompts, before the window ends for the weekly
quiz. Each schedule runs on its own: one that fails leaves the others alone.
"""

from __future__ import annotations

import logging
from datetime import datetime, timedelta

from bot.core import prompts, study, weekly
from bot.core.api import Actor, Reply
from bot.core.context import Context, Parts
from bot.core.replies import Refusal, private
from bot.core.rounds import resolve_article
from bot.core.timing import (
    WEEKDAYS,
    Occurrence,
    latest_occurrence,
    local_today,
    parse_local_time,
    parse_weekday,
)
from content.calendar import on_this_date
from db.api import DuplicateSchedule, Schedule

log = logging.getLogger(__name__)
SCHEDULER = "studybot"  # the user id rounds and posts opened by a schedule carry
RETRY_AFTER = timedelta(minutes=2)  # an unconfirmed claim this old: its sender died or failed
UNUSABLE = ""  # the `settled` period of a schedule whose time cannot be computed


async def add_onthisdate(ctx: Context, time: str) -> list[Reply]:
    return await _add(ctx, "onthisdate", None, time, {})


async def add_weekly_quiz(
    ctx: Context,
    day: str,
    time: str,
    questions: int = weekly.DEFAULT_QUESTIONS,
    days: int = weekly.DEFAULT_DAYS,
) -> list[Reply]:
    return await _add(ctx, "weekly-quiz", day, time, {"questions": questions, "days": days})


async def add_prompt(ctx: Context, day: str, time: str, article: str | None = None) -> list[Reply]:
    options = {"article": resolve_article(ctx.studyset, article)} if article else {}
    return await _add(ctx, "prompt", day, time, options)


async def _add(ctx: Context, kind, day: str | None, time: str, options: dict) -> list[Reply]:
    try:
        weekday = parse_weekday(day) if day is not None else None
        clock_time = parse_local_time(time)
    except ValueError as problem:
        raise Refusal(str(problem)) from None  # it quotes the input, cut
    tz = ctx.community.timezone
    try:
        schedule = await ctx.store.add_schedule(
            ctx.community.id,
            ctx.actor.channel_id,
            kind,
            weekday,
            f"{clock_time:%H:%M}",
            tz,
            options,
        )
    except DuplicateSchedule as same:
        raise Refusal(
            f"Schedule {same.existing} already does exactly this here; nothing added. "
            "/schedule list shows them."
        ) from None
    # A time already past in the current period counts as done: the first post is the next one.
    await ctx.store.mark_posted(schedule.id, _latest(schedule, ctx.now).period, ctx.now)
    return [private(f"Schedule {schedule.id} added: {describe(schedule)}.")]


def describe(schedule: Schedule) -> str:
    when = "daily" if schedule.weekday is None else f"every {WEEKDAYS[schedule.weekday].title()}"
    what = {"onthisdate": "on this date", "weekly-quiz": "weekly quiz", "prompt": "prompt"}
    extra = ", ".join(f"{k}={v}" for k, v in sorted(schedule.options.items()))
    return f"{what[schedule.kind]} {when} at {schedule.local_time} {schedule.timezone}" + (
        f" ({extra})" if extra else ""
    )


async def list_(ctx: Context) -> list[Reply]:
    found = await ctx.store.schedules(ctx.community.id)
    if not found:
        return [private("No schedules yet; /help schedule shows how to add one.")]
    lines = [f"{s.id}: {describe(s)}" for s in found]
    return [private("\n".join(lines), title="Schedules")]


async def remove(ctx: Context, id: int) -> list[Reply]:
    if not await ctx.store.remove_schedule(ctx.community.id, id):
        raise Refusal(f"There is no schedule {id} here; /schedule list shows them.")
    return [private(f"Schedule {id} removed.")]


def _latest(schedule: Schedule, now: datetime) -> Occurrence:
    return latest_occurrence(now, schedule.local_time, schedule.timezone, schedule.weekday)


def _still_useful(schedule: Schedule, occurrence: Occurrence, now: datetime) -> bool:
    if schedule.kind == "weekly-quiz":
        days = int(schedule.options.get("days", weekly.DEFAULT_DAYS))
        return now < occurrence.at + timedelta(days=days)
    return local_today(now, schedule.timezone) == occurrence.local_day


async def run_due(core: Parts, now: datetime) -> None:
    for schedule in await core.store.schedules(platform=core.outlet.platform):
        if (schedule.id, UNUSABLE) in core.settled:
            continue
        try:
            occurrence = _latest(schedule, now)
        except ValueError as problem:  # e.g. a zone this machine's tz database lacks
            core.settled.add((schedule.id, UNUSABLE))
            log.error("schedule %s cannot run: %s", schedule.id, problem)
            continue
        try:
            await _post_once(core, schedule, occurrence, now)
        except Exception:  # one broken schedule must not stop the others
            log.exception("schedule %s failed", schedule.id)


async def _post_once(core: Parts, schedule: Schedule, occurrence: Occurrence, now: datetime):
    key = (schedule.id, occurrence.period)
    if key in core.settled or not _still_useful(schedule, occurrence, now):
        return
    store = core.store
    if await store.claim_post(schedule.id, occurrence.period, now, now - RETRY_AFTER):
        await _run(core, schedule, occurrence, now)
        await store.mark_posted(schedule.id, occurrence.period, now)
        core.settled.add(key)
    elif not await store.post_pending(schedule.id, occurrence.period):
        core.settled.add(key)  # posted, or given up: ask the post log no more this period


async def _run(core: Parts, schedule: Schedule, occurrence: Occurrence, now: datetime) -> None:
    community = await core.store.community_by_id(schedule.community_id)
    if community is None:
        return
    actor = Actor(
        community.platform,
        community.external_id,
        SCHEDULER,
        SCHEDULER,
        schedule.channel_id,
        is_admin=True,
    )
    ctx = Context(core, actor, community, now, await core.store.question_bank(community.id))
    if schedule.kind == "onthisdate":
        day = occurrence.local_day
        await ctx.post(study.day_reply(core.studyset, on_this_date(core.studyset, day)))
    elif schedule.kind == "prompt":
        await prompts.post_next(ctx, schedule.options.get("article"))
    else:
        await _open_weekly(ctx, schedule, occurrence)


async def _open_weekly(ctx: Context, schedule: Schedule, occurrence: Occurrence) -> None:
    """Open the week's quiz, unless one is open: that one stays, and the instructors are told."""
    origin = {"schedule": schedule.id, "period": occurrence.period}
    current = await weekly.still_open(ctx)
    if current is not None and current.options.get("origin") == origin:
        await weekly.announce(ctx, current)  # opened before a crash; its post may be missing
    elif current is not None:
        await ctx.post(
            Reply(
                text=f"For instructors: schedule {schedule.id} did not open a weekly quiz, "
                f"because weekly quiz {current.number} is still open until "
                f"{weekly.until(ctx, current)}. It stays open; /quiz weekly close ends it.",
                title="Weekly quiz not opened",
            )
        )
    else:
        days = int(schedule.options.get("days", weekly.DEFAULT_DAYS))
        questions = int(schedule.options.get("questions", weekly.DEFAULT_QUESTIONS))
        closes = occurrence.at + timedelta(days=days)
        await weekly.launch(ctx, questions, occurrence.at, closes, {"origin": origin})
