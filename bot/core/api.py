"""The boundary between the core and its adapters (console, Discord, Slack).

Adapters turn a platform event into an `Actor` plus a command path and options, call the core,
and render the `Reply` objects they get back. The core reaches a channel on its own (scheduled
posts, a question closing) only through the adapter's `Outlet`.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Protocol


@dataclass(frozen=True)
class Actor:
    """Who is asking, where. `is_admin` is the platform's own word (Manage Server, workspace admin)."""

    platform: str
    community_id: str  # guild / workspace id as the platform spells it
    user_id: str
    display_name: str
    channel_id: str
    is_admin: bool = False
    roles: frozenset[str] = frozenset()  # role ids / user-group ids the user holds


@dataclass(frozen=True)
class Upload:
    """A file a member sent with a command (an attachment), as the adapter received it."""

    name: str
    data: bytes  # empty when the adapter did not fetch a file over the size limit
    size: int | None = None  # as the platform states it; len(data) if None

    @property
    def length(self) -> int:
        return len(self.data) if self.size is None else self.size

    def __repr__(self) -> str:  # never dump the bytes into a log
        return f"Upload({self.name!r}, {self.length} bytes)"


@dataclass(frozen=True)
class Choice:
    key: str  # "A", "B", ... as shown on a button
    label: str


@dataclass(frozen=True)
class QuestionView:
    round_id: int
    question_id: str
    position: int  # 0-based within the round
    total: int
    prompt: str
    choices: tuple[Choice, ...]  # empty: answered in free text
    closes_at: datetime | None
    kind: str = "live"  # "live" | "weekly" | "practice"


@dataclass(frozen=True)
class Result:
    correct: bool
    points: int
    answer: str  # the canonical answer, shown when wrong


@dataclass(frozen=True)
class LeaderEntry:
    rank: int
    user: str
    points: int


@dataclass(frozen=True)
class Action:
    """A button that is not an answer, e.g. "Take this week's quiz"; `command` is what it runs."""

    label: str
    command: tuple[str, ...]
    options: dict = field(default_factory=dict)


@dataclass(frozen=True)
class Reply:
    text: str
    title: str = ""
    citation: str = ""
    private: bool = False
    question: QuestionView | None = None
    result: Result | None = None
    leaderboard: tuple[LeaderEntry, ...] = ()
    actions: tuple[Action, ...] = ()
    thread: bool = False  # a discussion prompt: open a thread for it where the platform can
    error: bool = False  # a refusal or a user mistake (always private)
    attachment: tuple[str, bytes] | None = None  # (file name, content): a file, e.g. a CSV export


def attachment_text(reply: Reply) -> str:
    """An attachment's content for adapters that show text rather than files."""
    return reply.attachment[1].decode("utf-8", errors="replace") if reply.attachment else ""


class OutletError(Exception):
    """The platform refused a post or an edit; the message says what an admin must do about it.

    Outlets raise it; the core answers the member with it privately."""


class Outlet(Protocol):
    """How the core speaks unprompted; each adapter implements it."""

    platform: (
        str  # "discord" | "slack" | "console": the core ticks only this platform's communities
    )

    async def send(self, community_id: str, channel_id: str, reply: Reply) -> str:
        """Post into a channel; returns a message reference the adapter can later edit."""

    async def edit(
        self, community_id: str, channel_id: str, message_ref: str, reply: Reply
    ) -> None:
        """Replace a posted message (a question's reveal)."""
