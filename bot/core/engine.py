"""The core: commands and answers in, replies out; `tick` runs whatever the clock says is due.

Adapters call `command`, `answer` and `tick`; everything about who may do what, scoring and
timing is decided here once.
"""

from __future__ import annotations

import itertools
import logging
import threading
from collections.abc import Awaitable, Callable, Mapping
from datetime import datetime

from bot.core import community, live, practice, prompts, rounds, scheduling, scores, study, weekly
from bot.core.api import Actor, Outlet, OutletError, Reply
from bot.core.commands import BY_PATH, Command, commands_under
from bot.core.context import Context
from bot.core.parse import EXTRA
from bot.core.replies import Refusal, error, instructors_only, usage
from bot.core.text import neutral
from content.lookup import LookupIndex
from content.model import Studyset
from content.semantic import Semantic
from db.api import Store, StoreError

log = logging.getLogger(__name__)

Handler = Callable[..., Awaitable[list[Reply]]]


class UsageProblem(ValueError):
    pass


class Core:
    def __init__(
        self,
        studyset: Studyset,
        store: Store,
        clock: Callable[[], datetime],
        outlet: Outlet,
        *,
        default_timezone: str = "UTC",  # a community's zone until an instructor sets its own
        semantic: Semantic | None = None,  # lookup by meaning as well as words
    ) -> None:
        self.studyset = studyset
        self.default_timezone = default_timezone
        self.store = store
        self.clock = clock
        self.outlet = outlet
        self._index: LookupIndex | None = None
        self._semantic = semantic
        self._index_lock = threading.Lock()
        # Which question a bare typed answer is for: the newest one shown, privately to the user
        # or in their channel. Only a convenience for typed answers; buttons carry their ids.
        self._order = itertools.count()
        self._shown: dict[tuple[int, str], tuple[int, int, str]] = {}
        self._live_shown: dict[tuple[int, str], int] = {}
        self.settled: set[tuple[int, str]] = set()  # (schedule, period) pairs already claimed
        self._handlers: dict[tuple[str, ...], Handler] = {
            ("fact",): study.fact,
            ("define",): study.define,
            ("sources",): study.sources,
            ("onthisdate",): study.onthisdate,
            ("help",): study.help_,
            ("quiz", "start"): live.start,
            ("quiz", "stop"): live.stop,
            ("quiz", "practice"): practice.start,
            ("quiz", "weekly", "take"): weekly.take,
            ("quiz", "weekly", "status"): weekly.status,
            ("quiz", "weekly", "open"): weekly.open_quiz,
            ("quiz", "weekly", "close"): weekly.close_now,
            ("answer",): self._answer_latest,
            ("leaderboard",): scores.leaderboard,
            ("score",): scores.score,
            ("scores", "export"): scores.export,
            ("prompt", "post"): prompts.post,
            ("schedule", "onthisdate"): scheduling.add_onthisdate,
            ("schedule", "weekly-quiz"): scheduling.add_weekly_quiz,
            ("schedule", "prompt"): scheduling.add_prompt,
            ("schedule", "list"): scheduling.list_,
            ("schedule", "remove"): scheduling.remove,
            ("settings", "timezone"): community.set_timezone,
            ("settings", "instructor-role"): community.set_instructor_role,
        }

    @property
    def index(self) -> LookupIndex:
        with self._index_lock:  # lookups run in worker threads; build the index once
            if self._index is None:  # built on first use: the console starts at once
                self._index = LookupIndex(self.studyset, self._semantic)
        return self._index

    # -- the adapter-facing calls -----------------------------------------------------------

    async def command(self, actor: Actor, path: tuple[str, ...], options: Mapping) -> list[Reply]:
        path = tuple(str(p).lower() for p in path)
        command = BY_PATH.get(path)
        if command is None:
            return [_unknown(path)]
        ctx = await self._context(actor)
        if command.instructor and not ctx.instructor:
            return [instructors_only(command, actor.platform)]
        try:
            values = coerce(command, options)
        except UsageProblem as problem:
            return [usage(command, str(problem))]
        return await _guarded(self._handlers[path], ctx, values)

    async def answer(
        self, actor: Actor, round_id: int, question_id: str, response: str
    ) -> list[Reply]:
        ctx = await self._context(actor)
        values = {"round_id": round_id, "question_id": question_id, "response": response}
        return await _guarded(rounds.answer, ctx, values)

    async def tick(self) -> None:
        now = self.clock()
        # Only this process's platform: another platform's rounds need that platform's outlet.
        for rnd in await self.store.rounds_due(now, self.outlet.platform):
            try:
                place = await self.store.community_by_id(rnd.community_id)
                if rnd.kind == "live" and rnd.question_closes_at and rnd.question_closes_at <= now:
                    await live.close_due_question(self, place, rnd, now)
                elif rnd.kind == "weekly":
                    await weekly.finish(self, place, rnd, now)
                else:
                    await self.store.finish_round(rnd.id, "closed", now)
            except Exception:  # one broken round must not stop the others or the scheduler
                log.exception("closing round %s failed", rnd.id)
        await scheduling.run_due(self, now)

    # -- typed answers ------------------------------------------------------------------------

    def remember_shown(self, community_id: int, user_id: str, round_id: int, qid: str) -> None:
        self._shown[community_id, user_id] = (next(self._order), round_id, qid)

    def forget_shown(self, community_id: int, user_id: str) -> None:
        self._shown.pop((community_id, user_id), None)

    def remember_live(self, community_id: int, channel_id: str) -> None:
        self._live_shown[community_id, channel_id] = next(self._order)

    async def _answer_latest(self, ctx: Context, response: str) -> list[Reply]:
        community_id = ctx.community.id
        waiting = []
        showing = await ctx.store.open_round(community_id, ctx.actor.channel_id, "live")
        if showing is not None:
            order = self._live_shown.get((community_id, ctx.actor.channel_id), -1)
            waiting.append((order, showing.id, showing.question_ids[showing.position]))
        if (community_id, ctx.actor.user_id) in self._shown:
            waiting.append(self._shown[community_id, ctx.actor.user_id])
        if not waiting:
            raise Refusal(
                "No question is waiting for your answer. "
                "/quiz practice, /quiz weekly take or /quiz start give you one."
            )
        _, round_id, question_id = max(waiting)
        return await rounds.answer(ctx, round_id, question_id, response)

    async def _context(self, actor: Actor) -> Context:
        place = await self.store.community(
            actor.platform, actor.community_id, self.default_timezone
        )
        await self.store.member(place.id, actor.user_id, actor.display_name)
        return Context(self, actor, place, self.clock())


async def _guarded(handler: Handler, ctx: Context, values: dict) -> list[Reply]:
    try:
        return await handler(ctx, **values)
    except (Refusal, StoreError, OutletError) as problem:
        return [error(str(problem))]
    except Exception:  # a bug must still get the user an answer, and leave a trace for us
        log.exception("handling %s failed", getattr(handler, "__name__", handler))
        return [error("Sorry, something went wrong on my side; please try again later.")]


def coerce(command: Command, options: Mapping) -> dict:
    """Check options against the command table and convert them to the handler's types."""
    values: dict = {}
    for key, value in options.items():
        if key == EXTRA:
            words = " ".join(str(v) for v in value)
            raise UsageProblem(f"I don't know what to do with “{neutral(words[:60])}”.")
        param = command.param(str(key).replace("-", "_"))
        if param is None:
            raise UsageProblem(f"/{command.name} has no option {neutral(str(key)[:30])}.")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        values[param.name] = _convert(param, value)
    missing = [p.name.upper() for p in command.params if p.required and p.name not in values]
    if missing:
        raise UsageProblem(f"Missing {', '.join(missing)}.")
    return values


def _convert(param, value):
    if param.type is int:
        try:
            if isinstance(value, bool):
                raise ValueError
            number = int(str(value).strip())
        except ValueError:
            raise UsageProblem(f"{param.name} must be a whole number.") from None
        low, high = param.minimum, param.maximum
        if (low is not None and number < low) or (high is not None and number > high):
            raise UsageProblem(f"{param.name} must be between {low} and {high}.")
        return number
    text = str(value).strip()
    if param.choices and text.lower() not in param.choices:
        raise UsageProblem(f"{param.name} must be one of {', '.join(param.choices)}.")
    return text.lower() if param.choices else text


def _unknown(path: tuple[str, ...]) -> Reply:
    if not path:
        return error("Type a command, e.g. /help.")
    typed = neutral(" ".join(path)[:40])
    near = commands_under(path) or commands_under(path[:1])
    if not near:
        return error(f"There is no /{typed} command. /help lists them all.")
    lines = "\n".join(f"`{c.usage}`" for c in near)
    return error(f"There is no /{typed} command. Did you mean:\n{lines}")
