"""The console: one community, one channel, users you switch between, a clock you can move.

Every line is a command as users type it (/fact ITPP), a console directive (/as, /clock), or
anything else, which answers the question you were shown last.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from typing import TextIO

from bot.console.render import as_json, as_text
from bot.core.api import Actor, Reply
from bot.core.engine import Core
from bot.core.parse import parse_command
from bot.core.text import clean, quoted

log = logging.getLogger(__name__)

PLATFORM = "console"
COMMUNITY = "console"
CHANNEL = "general"

_STEP = re.compile(r"^\+(\d+)([smhd])$")
_UNITS = {"s": "seconds", "m": "minutes", "h": "hours", "d": "days"}


@dataclass
class Clock:
    """Real time plus the offsets /clock added, or a fixed instant moved only by /clock."""

    fixed: datetime | None = None
    offset: timedelta = field(default_factory=timedelta)

    def __call__(self) -> datetime:
        return (self.fixed or datetime.now(UTC)) + self.offset

    def move(self, text: str) -> None:
        """'+90s', '+5m', '+2h', '+1d', or an ISO date-time (UTC unless it names an offset)."""
        step = _STEP.match(text.strip())
        if step:
            self.offset += timedelta(**{_UNITS[step.group(2)]: int(step.group(1))})
            return
        when = parse_instant(text)
        if when < self():
            # Rounds, posts and scores already recorded would be "in the future": refuse.
            raise ValueError(
                f"The clock only moves forward; it is already {self():%Y-%m-%d %H:%M:%S %Z}."
            )
        self.fixed, self.offset = when, timedelta()


def parse_instant(text: str) -> datetime:
    try:
        when = datetime.fromisoformat(text.strip())
    except ValueError:
        raise ValueError(
            f"{quoted(text.strip())} is neither +90s/+5m/+2h/+1d nor a date-time like 2026-02-24T09:00"
        ) from None
    return when if when.tzinfo else when.replace(tzinfo=UTC)


class ConsoleOutlet:
    """Channel posts go to the same output as replies; message refs are m1, m2, ..."""

    platform = PLATFORM

    def __init__(self, printer: Printer) -> None:
        self.printer = printer
        self.sent = 0

    async def send(self, community_id: str, channel_id: str, reply: Reply) -> str:
        self.sent += 1
        ref = f"m{self.sent}"
        self.printer.reply(reply, f"#{channel_id}", ref=ref)
        return ref

    async def edit(
        self, community_id: str, channel_id: str, message_ref: str, reply: Reply
    ) -> None:
        self.printer.reply(reply, f"#{channel_id}", edits=message_ref)


class Printer:
    def __init__(self, out: TextIO, *, json_lines: bool) -> None:
        self.out = out
        self.json_lines = json_lines

    def reply(self, reply: Reply, to: str, *, ref: str = "", edits: str = "") -> None:
        if self.json_lines:
            extra = {"ref": ref} if ref else {"edits": edits} if edits else {}
            line = as_json(reply, to, **extra)
        else:
            note = "privately" if reply.private else f"updates {edits}" if edits else ""
            line = as_text(reply, to, note) + "\n"
        print(line, file=self.out, flush=True)

    def notice(self, text: str) -> None:
        self.reply(Reply(text=text, private=True), "console")


class Session:
    def __init__(self, core: Core, printer: Printer, clock: Clock, user: str, instructor: bool):
        self.core = core
        self.printer = printer
        self.clock = clock
        self.actor = _actor(user, instructor)

    async def handle(self, line: str) -> None:
        line = clean(line).strip()  # the console is an edge too: /as and /clock read it
        if not line:
            return
        word, _, rest = line.partition(" ")
        if word == "/as":
            self._switch(rest)
        elif word == "/clock":
            self._move_clock(rest)
        else:
            if line.startswith("/"):
                path, options = parse_command(line)
            else:
                path, options = ("answer",), {"response": line}
            for reply in await self.core.command(self.actor, path, options):
                who = f"@{self.actor.display_name}" if reply.private else f"#{CHANNEL}"
                self.printer.reply(reply, who)
        try:
            await self.core.tick()
        except Exception as problem:  # the console goes on, as the runtime's loop does
            log.debug("tick failed", exc_info=True)
            self.printer.notice(f"Due work could not run yet: {problem}")

    def _switch(self, rest: str) -> None:
        words = rest.split()
        instructor = "--instructor" in words
        names = [w for w in words if w != "--instructor"]
        if len(names) != 1:
            self.printer.notice("Usage: /as NAME [--instructor]")
            return
        self.actor = _actor(names[0], instructor)
        role = " (instructor)" if instructor else ""
        self.printer.notice(f"You are now {names[0]}{role}.")

    def _move_clock(self, rest: str) -> None:
        if rest.strip():
            try:
                self.clock.move(rest)
            except ValueError as problem:
                self.printer.notice(str(problem))
                return
        self.printer.notice(f"The time is {self.clock():%Y-%m-%d %H:%M:%S %Z}.")


def _actor(name: str, instructor: bool) -> Actor:
    return Actor(PLATFORM, COMMUNITY, name, name, CHANNEL, is_admin=instructor)


BANNER = (
    "studybot console. Commands as in chat (/help lists them); to answer a question type its "
    "letter or your answer. /as NAME [--instructor] switches user, /clock +90s or "
    "/clock 2026-02-24T09:00 moves time. Ctrl-D quits."
)
