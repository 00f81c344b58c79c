"""Replies as the console shows them: readable text at a terminal, or one JSON object per line."""

from __future__ import annotations

import json
import re

from bot.core.api import Reply, attachment_text

_BOLD = re.compile(r"\*\*(.+?)\*\*")
_ESCAPED = re.compile(r"\\([\\*_~`|>\[\]])")


def as_text(reply: Reply, to: str, note: str = "") -> str:
    """Markdown escapes undone: a terminal interprets none of it."""
    head = f"[{to}{', ' + note if note else ''}]"
    lines = [f"{head} {reply.title}" if reply.title else head]
    lines.append(_ESCAPED.sub(r"\1", _BOLD.sub(r"\1", reply.text)))
    if reply.citation:
        lines.append(f"  — {reply.citation}")
    for action in reply.actions:
        typed = [*action.command, *(f"{k}={v}" for k, v in action.options.items())]
        lines.append(f"  [{action.label}]  type: /{' '.join(typed)}")
    if reply.question is not None and reply.question.choices:
        lines.append("  (answer with a letter, e.g. A, or the choice's text)")
    if reply.attachment is not None:
        lines.append(f"--- {reply.attachment[0]} ---")
        lines.append(attachment_text(reply).rstrip("\n"))
        lines.append(f"--- end of {reply.attachment[0]} ---")
    return "\n".join(lines)


def as_json(reply: Reply, to: str, **extra) -> str:
    out: dict = {"to": to, "private": reply.private, "text": reply.text, **extra}
    if reply.title:
        out["title"] = reply.title
    if reply.citation:
        out["citation"] = reply.citation
    if reply.error:
        out["error"] = True
    if reply.question is not None:
        q = reply.question
        out["question"] = {
            "id": q.question_id,
            "round": q.round_id,
            "kind": q.kind,
            "position": q.position,
            "total": q.total,
            "prompt": q.prompt,
            "choices": [{"key": c.key, "label": c.label} for c in q.choices],
            "closes_at": q.closes_at.isoformat() if q.closes_at else None,
        }
    if reply.result is not None:
        r = reply.result
        out["result"] = {"correct": r.correct, "points": r.points, "answer": r.answer}
    if reply.leaderboard:
        out["leaderboard"] = [
            {"rank": e.rank, "user": e.user, "points": e.points} for e in reply.leaderboard
        ]
    if reply.actions:
        out["actions"] = [
            {"label": a.label, "command": list(a.command), "options": a.options}
            for a in reply.actions
        ]
    if reply.thread:
        out["thread"] = True
    if reply.attachment is not None:
        out["attachment"] = {"name": reply.attachment[0], "text": attachment_text(reply)}
    return json.dumps(out, ensure_ascii=False)
