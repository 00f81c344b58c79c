"""Reply builders shared by every command: refusals, question views, leaderboards, times."""

from __future__ import annotations

from datetime import datetime

from bot.core.api import Action, Choice, LeaderEntry, QuestionView, Reply
from bot.core.commands import Command
from bot.core.text import letters, neutral
from bot.core.timing import zone
from content.model import Studyset
from db.api import LeaderRow, Round


class Refusal(Exception):
    """A user mistake or a 'no': the core turns it into a short private reply."""


def error(text: str) -> Reply:
    return Reply(text=text, private=True, error=True)


def private(text: str, **fields) -> Reply:
    return Reply(text=text, private=True, **fields)


# Who counts as an instructor, in each platform's own words (the rule itself: context.is_instructor).
_INSTRUCTORS = {
    "discord": "server admins (Manage Server) and members with this server's instructor role",
    "slack": "workspace admins and members of this workspace's instructor user group",
    "console": "users started with --instructor or switched with /as NAME --instructor",
}


def instructors_only(command: Command, platform: str) -> Reply:
    who = _INSTRUCTORS.get(platform, "admins and members with this community's instructor role")
    return error(f"/{command.name} is for instructors only: {who}.")


def usage(command: Command, problem: str = "") -> Reply:
    lead = f"{problem} " if problem else ""
    return error(f"{lead}Usage: `{command.usage}`")


def report_action(question_id: str) -> Action:
    """The Report button under every posted question and every reveal (see bot.core.bank)."""
    return Action("Report", ("report",), {"question": question_id})


def choice_labels(rnd: Round, question_id: str, studyset: Studyset) -> list[str]:
    """The choices in the order this round showed them (kept with the round, so a restart or
    another process renders the same buttons)."""
    shown = rnd.options.get("choices", {}).get(question_id)
    return list(shown) if shown is not None else list(studyset.question_by_id[question_id].choices)


def question_reply(rnd: Round, position: int, studyset: Studyset, *, private: bool) -> Reply:
    question_id = rnd.question_ids[position]
    question = studyset.question_by_id[question_id]
    labels = choice_labels(rnd, question_id, studyset)
    choices = tuple(Choice(k, label) for k, label in zip(letters(len(labels)), labels, strict=True))
    closes = rnd.question_closes_at if rnd.kind == "live" else rnd.closes_at
    view = QuestionView(
        round_id=rnd.id,
        question_id=question_id,
        position=position,
        total=len(rnd.question_ids),
        prompt=question.prompt,
        choices=choices,
        closes_at=closes,
        kind=rnd.kind,
    )
    lines = [f"Question {position + 1}/{len(rnd.question_ids)}: {question.prompt}"]
    lines += [f"{c.key}) {c.label}" for c in choices]
    if not choices:
        lines.append("(Answer in your own words.)")
    return Reply(
        text="\n".join(lines), private=private, question=view, actions=(report_action(question_id),)
    )


def leader_entries(rows: list[LeaderRow]) -> tuple[LeaderEntry, ...]:
    """Rows come best first; equal points share a rank, and the next rank skips (1, 1, 3)."""
    entries = []
    for place, row in enumerate(rows, 1):
        tied = entries and entries[-1].points == row.points
        rank = entries[-1].rank if tied else place
        entries.append(LeaderEntry(rank=rank, user=neutral(row.display_name), points=row.points))
    return tuple(entries)


def leaderboard_text(title: str, rows: list[LeaderRow]) -> str:
    if not rows:
        return f"{title}: no scores yet."
    lines = [f"{title}:"]
    for entry, row in zip(leader_entries(rows), rows, strict=True):
        lines.append(
            f"{entry.rank}. {entry.user}: {entry.points} points ({row.correct}/{row.answered} right)"
        )
    return "\n".join(lines)


def local_time(when: datetime, tz_name: str) -> str:
    """'Tue 24 Feb 09:00 Europe/Berlin': an instant as a member of the community reads it."""
    local = when.astimezone(zone(tz_name))
    return f"{local:%a %d %b %H:%M} {tz_name}"
