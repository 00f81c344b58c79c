"""The one table of commands: dispatch, permissions, help and usage lines all read it.

Adapters may build their platform's slash commands from `COMMANDS` too: a path is the command
and its subcommands, params are its options in the order a typed line fills them.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Param:
    name: str
    help: str
    type: type = str  # str or int
    required: bool = False
    rest: bool = False  # takes the rest of a typed line, spaces and all
    choices: tuple[str, ...] = ()
    minimum: int | None = None
    maximum: int | None = None

    @property
    def usage(self) -> str:
        label = "|".join(self.choices) if self.choices else self.name.upper()
        return label if self.required else f"[{label}]"


@dataclass(frozen=True)
class Command:
    path: tuple[str, ...]
    help: str
    params: tuple[Param, ...] = ()
    instructor: bool = False
    form: bool = False  # platforms that can show a form (a Discord modal) ask for params in one

    @property
    def name(self) -> str:
        return " ".join(self.path)

    @property
    def usage(self) -> str:
        return " ".join(["/" + self.name, *(p.usage for p in self.params)])

    def param(self, name: str) -> Param | None:
        return next((p for p in self.params if p.name == name), None)


_QUESTIONS = Param("questions", "how many questions", int, minimum=1, maximum=20)
_ARTICLE = Param("article", "an article id or words from its title")
_QUESTION_ID = Param("id", "the question's id, e.g. q-1a2b3c4d5e", required=True)

COMMANDS: tuple[Command, ...] = (
    Command(
        ("fact",),
        "Look up a fact in the articles, with its citation.",
        (Param("query", "what you want to know", required=True, rest=True),),
    ),
    Command(
        ("define",),
        "Explain a term or acronym from the glossary.",
        (Param("term", "the term or acronym", required=True, rest=True),),
    ),
    Command(("sources",), "List the articles this group studies."),
    Command(
        ("onthisdate",),
        "What happened on a date (today if none), from the articles' timeline.",
        (Param("date", "a date: 2026-02-24, 24 Feb, Feb 24, tomorrow", rest=True),),
    ),
    Command(
        ("quiz", "start"),
        "Start a live quiz round in this channel.",
        (
            _QUESTIONS,
            _ARTICLE,
            Param("kind", "only questions of this kind"),
            Param("seconds", "how long each question stays open", int, minimum=5, maximum=600),
        ),
    ),
    Command(
        ("quiz", "stop"), "Stop the live round in this channel (its starter or an instructor)."
    ),
    Command(("quiz", "practice"), "Practise privately, starting with questions you missed."),
    Command(("quiz", "weekly", "take"), "Take this week's quiz privately, at your own pace."),
    Command(("quiz", "weekly", "status"), "Show this week's quiz window and your progress."),
    Command(
        ("quiz", "weekly", "open"),
        "Open this week's quiz for everyone.",
        (_QUESTIONS, Param("days", "how long it stays open", int, minimum=1, maximum=14)),
        instructor=True,
    ),
    Command(
        ("quiz", "weekly", "close"),
        "Close this week's quiz now and post the results.",
        instructor=True,
    ),
    Command(
        ("answer",),
        "Answer the question you were shown last: a letter, the choice's text or free text.",
        (Param("response", "your answer", required=True, rest=True),),
    ),
    Command(
        ("leaderboard",),
        "The leaderboard: this week's or of all time.",
        (Param("scope", "week or all", choices=("week", "all")),),
    ),
    Command(
        ("score",),
        "Points, accuracy and streaks, yours or another member's.",
        (Param("user", "a member's name or mention", rest=True),),
    ),
    Command(("help",), "What you can ask.", (Param("command", "a command name", rest=True),)),
    Command(
        ("prompt", "post"),
        "Post a discussion prompt here, rotating before repeating.",
        (_ARTICLE,),
        instructor=True,
    ),
    Command(
        ("schedule", "onthisdate"),
        "Post 'on this date' here every day at a local time.",
        (Param("time", "local time HH:MM", required=True),),
        instructor=True,
    ),
    Command(
        ("schedule", "weekly-quiz"),
        "Open the weekly quiz here every week on a day at a local time.",
        (
            Param("day", "weekday, e.g. mon", required=True),
            Param("time", "local time HH:MM", required=True),
            _QUESTIONS,
            Param("days", "how long each quiz stays open", int, minimum=1, maximum=7),
        ),
        instructor=True,
    ),
    Command(
        ("schedule", "prompt"),
        "Post a discussion prompt here every week on a day at a local time.",
        (
            Param("day", "weekday, e.g. mon", required=True),
            Param("time", "local time HH:MM", required=True),
            _ARTICLE,
        ),
        instructor=True,
    ),
    Command(("schedule", "list"), "List this community's schedules.", instructor=True),
    Command(
        ("schedule", "remove"),
        "Remove a schedule by its id.",
        (Param("id", "the schedule's id", int, required=True, minimum=1),),
        instructor=True,
    ),
    Command(
        ("settings", "timezone"),
        "Set the community's time zone, e.g. Europe/Berlin.",
        (Param("zone", "an IANA time zone name", required=True),),
        instructor=True,
    ),
    Command(
        ("settings", "instructor-role"),
        "Set the role (or user group) whose members count as instructors.",
        (Param("role", "a role id or mention", required=True),),
        instructor=True,
    ),
    Command(("scores", "export"), "Every scored answer as CSV, for a gradebook.", instructor=True),
    Command(
        ("report",),
        "Report the question you were shown last as wrong or unclear; an instructor looks at it.",
        (
            Param("reason", "what is wrong with it", rest=True),
            Param("question", "a question id (default: the one you were shown last)"),
        ),
    ),
    Command(
        ("questions", "review"),
        "Page through reported, withheld and most-missed questions, to restore or retire them.",
        (Param("page", "which page", int, minimum=1, maximum=1000),),
        instructor=True,
    ),
    Command(
        ("questions", "retire"),
        "Never ask a question in this community again.",
        (_QUESTION_ID,),
        instructor=True,
    ),
    Command(
        ("questions", "restore"),
        "Ask a reported, retired or withheld question again in this community.",
        (_QUESTION_ID,),
        instructor=True,
    ),
    Command(
        ("questions", "add"),
        "Write a question of your own; its answer must be quoted from a reading.",
        (
            Param("prompt", "the question", required=True, rest=True),
            Param("answer", "the answer, exactly as a reading writes it", required=True),
            Param("wrong", "wrong choices, separated by ; (none: answered in words)"),
            _ARTICLE,
        ),
        instructor=True,
        form=True,
    ),
)

BY_PATH: dict[tuple[str, ...], Command] = {c.path: c for c in COMMANDS}


def commands_under(prefix: tuple[str, ...]) -> list[Command]:
    """Commands whose path starts with `prefix`: what to suggest for a half-typed command."""
    return [c for c in COMMANDS if c.path[: len(prefix)] == prefix]
