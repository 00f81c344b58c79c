"""Core `Reply` objects as Block Kit: the one place that knows how a reply looks in Slack.

Button values carry everything a click needs (round, question, choice; or the command an
`Action` runs), so a click works after a restart without any state in memory.
"""

from __future__ import annotations

import json
import re
from datetime import UTC

from bot.core.api import Action, Choice, LeaderEntry, QuestionView, Reply, attachment_text
from bot.core.commands import COMMANDS, Command

ANSWER_ACTION = "studybot-answer"  # a choice button; value {"r": round, "q": question, "k": key}
TEXT_ACTION = "studybot-answer-text"  # a free-text answer; block_id "q:<round>:<question>"
RUN_ACTION = "studybot-run"  # an Action button; value {"c": command path, "o": options}
# a command's dialog; private_metadata {"c": path, "ch": channel, "r": the command's response_url}
FORM_CALLBACK = "studybot-form"
FORM_VALUE = "value"  # the action_id of each field; its block_id is the parameter's name

MODAL_TITLE_LIMIT = 24
SECTION_LIMIT = 3000  # Slack's cap on a section's text
HEADER_LIMIT = 150
BUTTON_LABEL_LIMIT = 75
FALLBACK_LIMIT = 300  # a notification shows the start only
MAX_BLOCKS = 50  # Slack's cap on one message
CUT_NOTE = "(Cut here: the rest does not fit in one Slack message.)"

_BOLD = re.compile(r"\*\*(.+?)\*\*")  # the core's bold; Slack's is one star
_BACKSLASHED = re.compile(r"\\([\\*_~`|>\[\]])")
_COMMAND_NAME = re.compile(
    r"(?<![\w/])/("
    + "|".join(sorted({c.path[0] for c in COMMANDS}, key=len, reverse=True))
    + r")\b"
)


def escape(text: str) -> str:
    """Slack's three control characters; escaping them also keeps typed <!channel> from pinging."""
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def blocks(reply: Reply, prefix: str = "") -> list[dict]:
    head: list[dict] = []
    if reply.title:
        head.append({"type": "header", "text": _plain(reply.title, HEADER_LIMIT)})
    body: list[dict] = []
    if reply.question:
        # the reply's text spells the choices out for plain-text adapters; here they are buttons
        body = _question(reply.question)
    elif reply.text:
        body = _sections(_marker(reply) + slack_text(reply.text, prefix))
    elif reply.leaderboard:
        body = _sections(_leaderboard(reply.leaderboard))
    if reply.attachment is not None:
        # Uploading a file would need the files:write scope and cannot be private: the
        # content comes as text instead (a CSV export reads fine that way).
        body += _sections(escape(attachment_text(reply)))
    tail: list[dict] = []
    if reply.actions:
        tail.append(
            {
                "type": "actions",
                "elements": [_action_button(i, a) for i, a in enumerate(reply.actions)],
            }
        )
    context = []
    if reply.citation:
        context.append(_mrkdwn(f"Source: {escape(reply.citation)}"))
    if reply.thread:
        context.append(_mrkdwn("Reply in this message's thread to discuss."))
    if context:
        tail.append({"type": "context", "elements": context})
    room = MAX_BLOCKS - len(head) - len(tail)
    if len(body) > room:
        body = [*body[: room - 1], {"type": "context", "elements": [_mrkdwn(CUT_NOTE)]}]
    return head + body + tail


def slack_text(text: str, prefix: str = "") -> str:
    """Core text as Slack mrkdwn: escaped, Discord-style backslash escapes undone (Slack shows
    backslashes literally), and command names spelled with this workspace's prefix."""
    text = escape(_BACKSLASHED.sub(r"\1", _BOLD.sub(r"*\1*", text)))
    if prefix:
        text = _COMMAND_NAME.sub(lambda m: f"/{prefix}{m.group(1)}", text)
    return text


def fallback_text(reply: Reply) -> str:
    """The plain text notifications and screen readers show."""
    if reply.question:
        return escape(reply.question.prompt)
    text = ": ".join(filter(None, [reply.title, reply.text])) or "studybot"
    return slack_text(text[:FALLBACK_LIMIT])


def message(reply: Reply, prefix: str = "") -> dict:
    """Keyword arguments for chat.postMessage / chat.update / a response_url post."""
    return {"text": fallback_text(reply), "blocks": blocks(reply, prefix)}


def form_view(command: Command, channel_id: str, response_url: str, prefix: str = "") -> dict:
    """A dialog asking for a command's parameters, one field each (e.g. /questions add); the
    answer goes to the command's response_url, like any reply to it."""
    meta = {"c": list(command.path), "ch": channel_id, "r": response_url}
    return {
        "type": "modal",
        "callback_id": FORM_CALLBACK,
        "private_metadata": json.dumps(meta),
        "title": _plain(f"/{prefix}{command.name}", MODAL_TITLE_LIMIT),
        "submit": _plain("Send"),
        "blocks": [
            {
                "type": "input",
                "block_id": param.name,
                "optional": not param.required,
                "label": _plain(param.name.capitalize()),
                "hint": _plain(param.help),
                "element": {
                    "type": "plain_text_input",
                    "action_id": FORM_VALUE,
                    "multiline": param.rest,
                },
            }
            for param in command.params
        ],
    }


def form_values(view: dict) -> tuple[tuple[str, ...], str, str, dict]:
    """(command path, channel id, response_url, options) of a submitted dialog; empty fields
    left out."""
    meta = json.loads(view["private_metadata"])
    fields = view["state"]["values"]
    options = {name: (f[FORM_VALUE].get("value") or "") for name, f in fields.items()}
    filled = {name: value for name, value in options.items() if value.strip()}
    return tuple(meta["c"]), meta["ch"], meta["r"], filled


def question_block_id(view: QuestionView) -> str:
    return f"q:{view.round_id}:{view.question_id}"


def parse_question_block_id(block_id: str) -> tuple[int, str]:
    _, round_id, question_id = block_id.split(":", 2)
    return int(round_id), question_id


def _question(view: QuestionView) -> list[dict]:
    lines = [f"*Question {view.position + 1} of {view.total}*", escape(view.prompt)]
    spelled = any(len(_choice_label(c)) > BUTTON_LABEL_LIMIT for c in view.choices)
    if spelled:
        # a button would cut this choice short: spell every choice out above the buttons, which
        # carry the letters alone
        lines += [f"{c.key}) {escape(c.label)}" for c in view.choices]
    out = _sections("\n".join(lines))
    if view.choices:
        out.append(
            {
                "type": "actions",
                "block_id": question_block_id(view),
                "elements": [
                    {
                        "type": "button",
                        "action_id": f"{ANSWER_ACTION}:{choice.key}",
                        "text": _plain(choice.key if spelled else _choice_label(choice)),
                        "value": json.dumps(
                            {"r": view.round_id, "q": view.question_id, "k": choice.key}
                        ),
                    }
                    for choice in view.choices
                ],
            }
        )
    else:
        out.append(
            {
                "type": "input",
                "block_id": question_block_id(view),
                "dispatch_action": True,
                "label": _plain("Your answer (press Enter to send)"),
                "element": {
                    "type": "plain_text_input",
                    "action_id": TEXT_ACTION,
                    "dispatch_action_config": {"trigger_actions_on": ["on_enter_pressed"]},
                },
            }
        )
    if view.closes_at:
        epoch = int(view.closes_at.timestamp())
        fallback = view.closes_at.astimezone(UTC).strftime("%d %b %H:%M UTC")
        # Slack shows the date token in each reader's own time zone
        out.append(
            {
                "type": "context",
                "elements": [
                    _mrkdwn(f"Closes <!date^{epoch}^{{date_short_pretty}} at {{time}}|{fallback}>")
                ],
            }
        )
    return out


def _choice_label(choice: Choice) -> str:
    return f"{choice.key}. {choice.label}"


def _marker(reply: Reply) -> str:
    if reply.error:
        return ":warning: "
    if reply.result:
        return ":white_check_mark: " if reply.result.correct else ":x: "
    return ""


def _leaderboard(entries: tuple[LeaderEntry, ...]) -> str:
    return "\n".join(f"{e.rank}. {slack_text(e.user)}: {e.points} points" for e in entries)


def _action_button(index: int, action: Action) -> dict:
    return {
        "type": "button",
        "action_id": f"{RUN_ACTION}:{index}",
        "text": _plain(action.label, BUTTON_LABEL_LIMIT),
        "value": json.dumps({"c": list(action.command), "o": action.options}),
    }


def _sections(text: str) -> list[dict]:
    """One or more sections: long text is split at line ends to stay under Slack's cap."""
    chunks, current = [], ""
    for line in text.splitlines(keepends=True):
        for start in range(0, len(line), SECTION_LIMIT):
            piece = line[start : start + SECTION_LIMIT]
            if len(current) + len(piece) > SECTION_LIMIT:
                chunks.append(current)
                current = ""
            current += piece
    chunks.append(current)
    return [
        {"type": "section", "text": _mrkdwn(chunk.rstrip("\n"))}
        for chunk in chunks
        if chunk.strip()
    ]


def _mrkdwn(text: str) -> dict:
    return {"type": "mrkdwn", "text": text}


def _plain(text: str, limit: int = HEADER_LIMIT) -> dict:
    if len(text) > limit:
        text = text[: limit - 1] + "…"
    return {"type": "plain_text", "text": text, "emoji": True}
