"""What the bot may ask of its store: plain records in, plain records out.

The core codes against `Store`; `db.sqlite.SqliteStore` is the embedded implementation.
Platform ids are plain strings; every datetime is timezone-aware.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, timedelta
from typing import Literal, Protocol

RoundKind = Literal["live", "weekly", "practice"]
RoundStatus = Literal["open", "closed", "stopped"]
ScheduleKind = Literal["onthisdate", "weekly-quiz", "prompt"]
Scope = Literal["all", "week", "round"]
Audience = Literal["member", "channel"]  # who was shown a question: one member, or a channel
Decision = Literal["retired", "restored"]  # an instructor's word on a question in a community


class StoreError(Exception):
    """A problem with the database file a user can fix; its message says how."""


class Unreachable(StoreError):
    """The database server did not answer: not started yet, restarting, or out of reach. Unlike
    other StoreErrors, trying again later may be all it takes."""


class DuplicateSchedule(StoreError):
    """An identical schedule (same channel, kind, day, time, zone and options) already exists."""

    def __init__(self, existing: int) -> None:
        super().__init__(f"schedule {existing} already does exactly this")
        self.existing = existing


@dataclass(frozen=True)
class Community:
    id: int
    platform: str  # "discord" | "slack" | "console"
    external_id: str  # guild id, workspace id, ...
    timezone: str = "UTC"
    instructor_role: str | None = None  # role id or user-group id
    settings: dict = field(default_factory=dict)  # anything else, e.g. default channels
    content_version: int | None = None  # the content it serves; None: the bundled readings


@dataclass(frozen=True)
class Member:
    community_id: int
    user_id: str
    display_name: str


@dataclass(frozen=True)
class Round:
    id: int
    community_id: int
    channel_id: str
    kind: RoundKind
    question_ids: tuple[str, ...]
    started_by: str
    opens_at: datetime
    closes_at: datetime | None  # the whole round's end (weekly window); None while open-ended
    status: RoundStatus
    position: int = 0  # live rounds: index of the question now showing
    question_closes_at: datetime | None = None  # live rounds: when the showing question closes
    seconds: int = 0  # live rounds: how long each question stays open
    options: dict = field(default_factory=dict)
    number: int = 0  # 1, 2, ... within its community and kind, as members see it
    stopped_by: str | None = None  # live rounds: who asked /quiz stop (wrap-up may be pending)


@dataclass(frozen=True)
class Answer:
    round_id: int
    question_id: str
    user_id: str
    response: str
    correct: bool
    points: int
    answered_at: datetime


@dataclass(frozen=True)
class LeaderRow:
    user_id: str
    display_name: str
    points: int
    correct: int
    answered: int


@dataclass(frozen=True)
class UserStats:
    user_id: str
    display_name: str
    points: int
    answered: int
    correct: int
    current_streak: int  # consecutive correct scored answers, newest backwards
    best_streak: int

    @property
    def accuracy(self) -> float:
        return self.correct / self.answered if self.answered else 0.0


@dataclass(frozen=True)
class Schedule:
    id: int
    community_id: int
    channel_id: str
    kind: ScheduleKind
    weekday: int | None  # 0 = Monday; None for daily
    local_time: str  # "HH:MM" in `timezone`
    timezone: str
    options: dict
    enabled: bool


class BuildRunning(StoreError):
    """The community's readings are being built already; one build at a time."""

    def __init__(self, version: int) -> None:
        super().__init__("a build of this community's readings is already running")
        self.version = version


@dataclass(frozen=True)
class Reading:
    """A file or link an instructor added; the bytes are under the data folder at `stored`."""

    id: int
    community_id: int
    name: str  # the file name or link as given
    source: str  # the link it was fetched from; "" for an upload
    sha256: str
    stored: str  # path under the data folder
    added_by: str
    added_at: datetime


@dataclass(frozen=True)
class ContentVersion:
    """One build of a community's readings."""

    id: int
    community_id: int
    status: Literal["running", "done", "failed"]
    started_by: str
    started_at: datetime
    finished_at: datetime | None
    report: str  # the summary, or why it failed


@dataclass(frozen=True)
class QuestionBank:
    """A community's word on its questions, on top of the content file's."""

    reported: frozenset[str] = frozenset()  # open reports: not drawn until an instructor decides
    retired: frozenset[str] = frozenset()
    restored: frozenset[str] = frozenset()  # drawn again, even if the build withheld it
    added: tuple[dict, ...] = ()  # questions instructors wrote, as the content file's fields


@dataclass(frozen=True)
class Report:
    """Open reports on one question, summed up."""

    question_id: str
    reports: int
    reasons: tuple[str, ...]  # the non-empty ones, oldest first
    first_at: datetime


@dataclass(frozen=True)
class QuestionStats:
    question_id: str
    asked: int  # scored answers given
    right: int

    @property
    def share_right(self) -> float:
        return self.right / self.asked if self.asked else 0.0


class Store(Protocol):
    """Every byte the bot remembers. Scores and leaderboards are queries, never cached copies."""

    async def close(self) -> None: ...

    # communities and members
    async def community(
        self, platform: str, external_id: str, default_timezone: str = "UTC"
    ) -> Community:
        """The community, created on first sight with defaults and `default_timezone` (an
        existing community keeps its own zone)."""

    async def community_by_id(self, community_id: int) -> Community | None: ...

    async def update_community(
        self,
        community_id: int,
        *,
        timezone: str | None = None,
        instructor_role: str | None = None,
        settings: dict | None = None,
    ) -> Community: ...

    async def member(self, community_id: int, user_id: str, display_name: str) -> Member:
        """Create or refresh a member's display name."""

    async def members_called(self, community_id: int, name: str) -> list[Member]:
        """Members whose id is `name`, or whose display name is (ignoring ASCII case); an id
        match first."""

    # rounds and answers
    async def create_round(
        self,
        community_id: int,
        channel_id: str,
        kind: RoundKind,
        question_ids: list[str],
        started_by: str,
        opens_at: datetime,
        closes_at: datetime | None = None,
        seconds: int = 0,
        options: dict | None = None,
    ) -> Round:
        """A new open round, numbered within its community and kind. At most one open live round
        per channel and one open weekly quiz per community: a second raises StoreError.

        A live round starts held by its creator (see `claim_step`) until its first question is
        recorded as shown."""

    async def get_round(self, round_id: int) -> Round | None: ...

    async def open_round(self, community_id: int, channel_id: str, kind: RoundKind) -> Round | None:
        """The open round of this kind in this channel (weekly: in this community), if any."""

    async def rounds_due(self, now: datetime, platform: str | None = None) -> list[Round]:
        """Open rounds whose showing question or whole window has closed by `now`, or live
        rounds whose next question is not shown yet, of every community or of one platform's."""

    # A live round moves on only after each post is recorded: hold it (`claim_step`), post, then
    # record what was posted (`question_shown`, `question_revealed`, `finish_round`).
    async def claim_step(self, rnd: Round, now: datetime, stale_before: datetime) -> bool:
        """Hold an open live round for posting, if it is still as `rnd` shows it; True for one
        holder at a time. A hold taken before `stale_before` is abandoned (its process died) and
        can be taken over."""

    async def question_shown(
        self, round_id: int, position: int, message_ref: str, closes_at: datetime
    ) -> bool:
        """Record the message showing the question at `position` and when it closes (at once if
        a stop was asked meanwhile); releases the hold. False if the round moved on."""

    async def question_revealed(self, round_id: int, position: int, now: datetime) -> bool:
        """Record the reveal of `position`: the round moves to the next position, not yet shown,
        still held by the caller. False if the round moved on."""

    async def request_stop(self, round_id: int, stopped_by: str, now: datetime) -> bool:
        """Ask an open round to stop: its window, and a live round's showing question, close
        now; False if the round was no longer open or already stopping."""

    async def finish_round(self, round_id: int, status: RoundStatus, now: datetime) -> bool:
        """Close or stop an open round; False if it was no longer open."""

    async def message(self, round_id: int, position: int) -> str | None:
        """The platform message showing a round's question, to edit for its reveal."""

    async def record_answer(self, answer: Answer, community_id: int) -> bool:
        """Store one answer and move its question in the member's Leitner boxes, in one
        transaction; False (and nothing changed) if the user already answered it."""

    async def answers(self, round_id: int, question_id: str | None = None) -> list[Answer]: ...

    # scores
    async def leaderboard(
        self,
        community_id: int,
        scope: Scope = "all",
        *,
        now: datetime | None = None,
        round_id: int | None = None,
        limit: int = 10,
    ) -> list[LeaderRow]:
        """Ranked by points. "week" starts Monday 00:00 in the community's time zone; practice never counts."""

    async def user_stats(self, community_id: int, user_id: str) -> UserStats | None: ...

    # what was shown last, for typed answers
    async def set_shown(
        self, community_id: int, audience: Audience, target: str, round_id: int, question_id: str
    ) -> None:
        """Remember the question a member (target: user id) or channel was shown last."""

    async def forget_shown(self, community_id: int, audience: Audience, target: str) -> None: ...

    async def last_shown(
        self, community_id: int, user_id: str, channel_id: str
    ) -> tuple[int, str] | None:
        """(round id, question id) shown most recently to this member or, by an open round, in
        this channel."""

    # spaced repetition (Leitner: a right answer moves the question up a box, due later; a
    # wrong one sends it to box 1, due now), written by `record_answer`
    async def due_reviews(
        self, community_id: int, user_id: str, now: datetime, limit: int
    ) -> list[str]:
        """Question ids the user should practise now, most urgent first."""

    # schedules, post log, prompts
    async def add_schedule(
        self,
        community_id: int,
        channel_id: str,
        kind: ScheduleKind,
        weekday: int | None,
        local_time: str,
        timezone: str,
        options: dict | None = None,
    ) -> Schedule:
        """A new enabled schedule; DuplicateSchedule if an identical one exists."""

    async def schedules(
        self, community_id: int | None = None, *, platform: str | None = None
    ) -> list[Schedule]:
        """Enabled schedules, of one community, of one platform's communities, or of all."""

    async def remove_schedule(self, community_id: int, schedule_id: int) -> bool: ...

    async def claim_post(
        self, schedule_id: int, period: str, now: datetime, stale_before: datetime
    ) -> bool:
        """Claim the post for one period ("2026-02-24", "2026-W09"): True for one caller per pair,
        and once more if that claim, made before `stale_before`, was never marked posted."""

    async def mark_posted(self, schedule_id: int, period: str, now: datetime) -> None:
        """The period's post was sent (or is not wanted): it is never claimed again."""

    async def post_pending(self, schedule_id: int, period: str) -> bool:
        """Claimed, not marked posted, and may still be tried once more."""

    async def first_delivery(self, key: str, now: datetime, keep: timedelta) -> bool:
        """Claim a platform delivery by its key: True once until `now + keep`, across processes
        and restarts (a retried or replayed request is then False)."""

    async def record_prompt(
        self, community_id: int, channel_id: str, prompt_id: str, now: datetime
    ) -> None: ...

    async def posted_prompts(self, community_id: int, channel_id: str) -> list[str]:
        """Prompt ids already posted in the channel, oldest first."""

    # the question bank
    async def report_question(
        self, community_id: int, question_id: str, user_id: str, reason: str, now: datetime
    ) -> bool:
        """Open a member's report on a question; False (nothing changed) if theirs is open."""

    async def open_reports(self, community_id: int) -> list[Report]:
        """Questions with open reports, the longest waiting first."""

    async def decide_question(
        self, community_id: int, question_id: str, status: Decision, decided_by: str, now: datetime
    ) -> int:
        """Record an instructor's decision and close the question's open reports (how many)."""

    async def add_question(
        self, community_id: int, question_id: str, question: dict, added_by: str, now: datetime
    ) -> bool:
        """Keep a question an instructor wrote; False if this community already has it."""

    async def question_bank(self, community_id: int) -> QuestionBank: ...

    async def question_stats(
        self, community_id: int, *, min_asked: int, limit: int
    ) -> list[QuestionStats]:
        """Questions answered at least `min_asked` times (scored), the least often right first."""

    async def claim_report_notice(self, community_id: int, now: datetime, every: timedelta) -> bool:
        """True, and remembered, when reports are open and instructors were not told within
        `every`: once for all processes."""

    # Slack installations (the OAuth flow of a distributed app)
    async def save_slack_installation(
        self, enterprise_id: str, team_id: str, installation: dict, now: datetime
    ) -> None:
        """Keep a workspace's installation (its latest replaces the one before)."""

    async def slack_installation(self, enterprise_id: str, team_id: str) -> dict | None: ...

    async def delete_slack_installation(self, enterprise_id: str, team_id: str) -> bool:
        """Forget a workspace's installation (uninstalled, tokens revoked); False if unknown."""

    async def issue_oauth_state(self, state: str, expires_at: datetime) -> None: ...

    async def consume_oauth_state(self, state: str, now: datetime) -> bool:
        """True once for a state issued and not expired, for all processes; expired ones are
        swept here."""

    async def beat(self, host: str, process: str, now: datetime) -> None:
        """A bot process (its part, e.g. "shards 0-3", on a host) is alive: `studybot health`
        on any machine sharing the database can see it (db.health.heartbeats)."""

    # gradebook
    async def export_rows(self, community_id: int | None = None) -> list[dict]:
        """One row per scored answer, with member and round, for an instructor's gradebook."""

    # a community's own readings and the content built from them
    async def add_reading(
        self,
        community_id: int,
        name: str,
        source: str,
        sha256: str,
        stored: str,
        added_by: str,
        now: datetime,
    ) -> tuple[Reading, bool]:
        """The reading, and True if it is new; the same bytes added again give the existing
        one and False."""

    async def readings(self, community_id: int) -> list[Reading]:
        """The community's readings (not removed), oldest first."""

    async def remove_readings(
        self, community_id: int, now: datetime, reading_id: int | None = None
    ) -> int:
        """Remove one reading, or all of them (None); how many were removed."""

    async def start_build(
        self, community_id: int, started_by: str, now: datetime, stale_before: datetime
    ) -> ContentVersion:
        """A new running build; BuildRunning if one is running since `stale_before` or later
        (an older one was abandoned by a process that died, and is marked failed)."""

    async def finish_build(
        self, version_id: int, studyset_json: str, report: str, now: datetime
    ) -> bool:
        """Keep the built content and serve it in the community, in one transaction; False if
        the build was no longer running (marked failed meanwhile)."""

    async def fail_build(self, version_id: int, report: str, now: datetime) -> None:
        """A running build failed: `report` says why; the community keeps its content."""

    async def serve_bundled(self, community_id: int) -> None:
        """The community serves the bundled readings again."""

    async def content_json(self, version_id: int) -> str | None:
        """A finished build's content file (JSON), or None."""

    async def latest_build(self, community_id: int) -> ContentVersion | None: ...
