"""The core: commands and answers in, replies out; `tick` runs whatever the clock says is due.

Adapters call `command`, `answer` and `tick`; everything about who may do what, scoring and
timing is decided here once.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import replace
from datetime import datetime, timedelta

from bot.core import (
    bank,
    community,
    live,
    practice,
    prompts,
    readings,
    rounds,
    scheduling,
    scores,
    study,
    timing,
    weekly,
)
from bot.core.api import Actor, Outlet, OutletError, Reply, Upload
from bot.core.commands import BY_PATH, Command, commands_under
from bot.core.context import Context
from bot.core.library import Content, Library
from bot.core.parse import EXTRA
from bot.core.replies import Refusal, error, instructors_only, usage
from bot.core.suggestions import Pair
from bot.core.text import clean, clean_options, neutral, quoted
from bot.readings.shelf import Shelf
from content.model import Studyset
from content.semantic import Semantic
from db.api import Community, QuestionBank, Store, StoreError

log = logging.getLogger(__name__)

Handler = Callable[..., Awaitable[list[Reply]]]
# How long a delivery is remembered: far longer than a platform retries or accepts a replay.
DELIVERY_MEMORY = timedelta(hours=1)
VIEWS = 64  # communities' views of the content kept built (those with questions of their own)


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
        library: Library | None = None,  # shared by a process's Cores; one of its own if None
        shelf: Shelf | None = None,  # where reading files are kept; None: readings cannot be added
        semantic: Semantic | None = None,  # lookup by meaning as well as words (own library only)
    ) -> None:
        self.studyset = studyset  # the bundled readings
        self.library = library or Library(studyset, store, semantic)
        self.shelf = shelf
        self.background: set[asyncio.Task] = set()  # builds running; kept so none is collected
        self.default_timezone = timing.zone_name(default_timezone)  # ValueError: a bad setting
        self.store = store
        self.clock = clock
        self.outlet = outlet
        self._views: dict[tuple, Studyset] = {}
        # (schedule, period) pairs this process is done with, so the post log is not asked at
        # every tick; period "" for a schedule that cannot run at all (logged once).
        self.settled: set[tuple[int, str]] = set()
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
            ("answer",): rounds.answer_latest,
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
            ("readings", "add"): readings.add,
            ("readings", "list"): readings.list_,
            ("readings", "remove"): readings.remove,
            ("readings", "reset"): readings.reset,
            ("report",): bank.report,
            ("questions", "review"): bank.review,
            ("questions", "retire"): bank.retire,
            ("questions", "restore"): bank.restore,
            ("questions", "add"): bank.add,
        }

    def studyset_of(self, content: Content, questions: QuestionBank) -> Studyset:
        """`content` as a community with this question bank sees it (built once per bank)."""
        if not (questions.added or questions.restored):
            return content.studyset
        key = (content.version, tuple(q["id"] for q in questions.added), questions.restored)
        if key not in self._views:
            if len(self._views) >= VIEWS:
                del self._views[next(iter(self._views))]  # the oldest built
            self._views[key] = bank.view(content.studyset, questions)
        return self._views[key]

    async def studyset_for(self, community: Community) -> Studyset:
        content = await self.library.content(community)
        return self.studyset_of(content, await self.store.question_bank(community.id))

    # -- the adapter-facing calls -----------------------------------------------------------

    def suggests(self, path: tuple[str, ...], param: str) -> bool:
        """Whether `suggest` has names for this option (adapters offer autocomplete there)."""
        return self.library.bundled.suggestions.offered(path, param)

    async def suggest(
        self, path: tuple[str, ...], param: str, typed: str, limit: int, actor: Actor | None = None
    ) -> list[Pair]:
        """Autocomplete for an option being typed: (name shown, value sent) pairs, from the
        actor's community's readings (the bundled ones without an actor)."""
        content = self.library.bundled
        if actor is not None:
            try:
                place = await self.store.community(
                    actor.platform, clean(actor.community_id), self.default_timezone
                )
                content = await self.library.content(place)
            except StoreError as problem:  # completion is a nicety: the bundled names will do
                log.warning("autocomplete from the bundled readings: %s", problem)
        return content.suggestions.complete(path, param, clean(typed), limit)

    async def command(self, actor: Actor, path: tuple[str, ...], options: Mapping) -> list[Reply]:
        # The edge: whatever an adapter passes in is cleaned here once (text.clean).
        path = tuple(clean(str(p)).lower() for p in path)
        options = clean_options(options)
        command = BY_PATH.get(path)
        if command is None and not (path and commands_under(path)):
            return [_unknown(path)]
        try:
            ctx = await self._context(actor)
        except StoreError as problem:  # before any handler: the store's own words, as in one
            return [error(str(problem))]
        if command is None:  # a group typed bare ("/quiz"): what it holds
            return await study.help_(ctx, " ".join(path))
        if command.instructor and not ctx.instructor:
            return [instructors_only(command, actor.platform)]
        try:
            values = coerce(command, options)
        except UsageProblem as problem:
            return [usage(command, str(problem))]
        replies = await _guarded(self._handlers[path], ctx, values)
        return [*await _guarded(bank.notice, ctx, {}), *replies]

    async def answer(
        self, actor: Actor, round_id: int, question_id: str, response: str
    ) -> list[Reply]:
        try:
            ctx = await self._context(actor)
        except StoreError as problem:
            return [error(str(problem))]
        values = {
            "round_id": round_id,
            "question_id": clean(question_id),
            "response": clean(response),
        }
        return await _guarded(rounds.answer, ctx, values)

    async def tick(self) -> None:
        now = self.clock()
        # Only this process's platform: another platform's rounds need that platform's outlet.
        for rnd in await self.store.rounds_due(now, self.outlet.platform):
            try:
                place = await self.store.community_by_id(rnd.community_id)
                if rnd.kind == "live":
                    await live.advance(self, place, rnd)
                elif rnd.kind == "weekly":
                    await weekly.finish(self, place, rnd, now)
                else:
                    await self.store.finish_round(rnd.id, "closed", now)
            except Exception:  # one broken round must not stop the others or the scheduler
                log.exception("closing round %s failed", rnd.id)
        await scheduling.run_due(self, now)

    def spawn(self, work: Awaitable[None]) -> None:
        """Run `work` beside the event loop's other work (a build); failures are logged."""
        task = asyncio.ensure_future(work)
        self.background.add(task)
        task.add_done_callback(_finished(self.background))

    async def settle(self) -> None:
        """Wait for background work (the console does before it ends)."""
        while self.background:
            await asyncio.gather(*self.background, return_exceptions=True)

    async def first_delivery(self, key: str) -> bool:
        """Whether a platform delivery (a request it may send again) is new; the store keeps
        the keys, so a retry after a restart or to a second process is still known."""
        key = f"{self.outlet.platform}:{key}"
        try:
            return await self.store.first_delivery(key, self.clock(), DELIVERY_MEMORY)
        except StoreError as problem:  # better a rare repeat than a lost request
            log.warning("could not check a delivery for repeats: %s", problem)
            return True

    async def _context(self, actor: Actor) -> Context:
        actor = replace(actor, user_id=clean(actor.user_id), display_name=clean(actor.display_name))
        place = await self.store.community(
            actor.platform, actor.community_id, self.default_timezone
        )
        await self.store.member(place.id, actor.user_id, actor.display_name)
        content = await self.library.content(place)
        questions = await self.store.question_bank(place.id)
        return Context(self, actor, place, self.clock(), content, questions)


def _finished(tasks: set[asyncio.Task]) -> Callable[[asyncio.Task], None]:
    def done(task: asyncio.Task) -> None:
        tasks.discard(task)
        if not task.cancelled() and task.exception() is not None:
            log.error("background work failed", exc_info=task.exception())

    return done


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
            raise UsageProblem(f"I don't know what to do with {quoted(words)}.")
        param = command.param(str(key).replace("-", "_"))
        if param is None:
            raise UsageProblem(f"/{command.name} has no option {neutral(str(key))}.")
        if value is None or (isinstance(value, str) and not value.strip()):
            continue
        values[param.name] = _convert(param, value)
    missing = [p.name.upper() for p in command.params if p.required and p.name not in values]
    if missing:
        raise UsageProblem(f"Missing {', '.join(missing)}.")
    return values


def _convert(param, value):
    if param.type is Upload:
        if not isinstance(value, Upload):
            raise UsageProblem(f"{param.name} must be a file sent with the command.")
        return value
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
    typed = neutral(" ".join(path))
    near = commands_under(path) or commands_under(path[:1])
    if not near:
        return error(f"There is no /{typed} command. /help lists them all.")
    lines = "\n".join(f"`{c.usage}`" for c in near)
    return error(f"There is no /{typed} command. Did you mean:\n{lines}")
