"""Buttons that survive a restart: everything a click needs is in its custom_id.

Each button is a `DynamicItem`, so discord.py routes a click by matching the custom_id
against a template, whether or not this process ever sent the message. The round and
question ids are in the id; the state they point to lives in the store.
"""

from __future__ import annotations

import re
from urllib.parse import parse_qsl, urlencode

import discord

from bot.core.api import Action, QuestionView
from bot.core.commands import BY_PATH, Command

CUSTOM_ID_LIMIT = 100
LABEL_LIMIT = 80
ANSWER_LIMIT = 300  # longest free-text answer the modal accepts


class AnswerButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"sb:a:(?P<round>\d+):(?P<question>[^:]+):(?P<key>[^:]+)",
):
    """One choice of a multiple-choice question."""

    def __init__(self, round_id: int, question_id: str, key: str, label: str = "") -> None:
        super().__init__(
            discord.ui.Button(
                label=_clipped(label or key, LABEL_LIMIT),
                style=discord.ButtonStyle.secondary,
                custom_id=f"sb:a:{round_id}:{question_id}:{key}",
            )
        )
        self.round_id, self.question_id, self.key = round_id, question_id, key

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]):
        return cls(int(match["round"]), match["question"], match["key"], item.label or "")

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.client.answer(interaction, self.round_id, self.question_id, self.key)


class FreeTextButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"sb:t:(?P<round>\d+):(?P<question>[^:]+)",
):
    """Opens a modal for a question answered in words rather than by a choice."""

    def __init__(self, round_id: int, question_id: str) -> None:
        super().__init__(
            discord.ui.Button(
                label="Type your answer",
                style=discord.ButtonStyle.primary,
                custom_id=f"sb:t:{round_id}:{question_id}",
            )
        )
        self.round_id, self.question_id = round_id, question_id

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]):
        return cls(int(match["round"]), match["question"])

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(answer_form(self.round_id, self.question_id))


ANSWER_FORM = re.compile(r"sb:m:(?P<round>\d+):(?P<question>[^:]+)")


def answer_form(round_id: int, question_id: str) -> discord.ui.Modal:
    """The free-text form. Stopped before it is sent, so discord.py keeps no copy in memory:
    its submission is read by `submitted_answer`, in whichever process receives it."""
    form = discord.ui.Modal(title="Your answer", custom_id=f"sb:m:{round_id}:{question_id}")
    form.add_item(discord.ui.TextInput(label="Your answer", max_length=ANSWER_LIMIT))
    form.stop()
    return form


def submitted_answer(interaction: discord.Interaction) -> tuple[int, str, str] | None:
    """(round id, question id, text) of a submitted answer form; None for anything else."""
    match = _submitted(interaction, ANSWER_FORM)
    if match is None:
        return None
    values = _values((interaction.data or {}).get("components", []))
    return int(match["round"]), match["question"], " ".join(values.values())


COMMAND_FORM = re.compile(r"sb:f:(?P<path>[a-z.-]+)")
TITLE_LIMIT = 45  # Discord's cap on a modal's title and a text input's label
PLACEHOLDER_LIMIT = 100


def command_form(command: Command) -> discord.ui.Modal:
    """A command's parameters as one form (e.g. /questions add); stopped before it is sent,
    like the answer form, and read back by `submitted_command`."""
    form = discord.ui.Modal(
        title=_clipped(f"/{command.name}", TITLE_LIMIT),
        custom_id="sb:f:" + ".".join(command.path),
    )
    for param in command.params:
        form.add_item(
            discord.ui.TextInput(
                label=_clipped(param.name.capitalize(), TITLE_LIMIT),
                custom_id=param.name,
                placeholder=_clipped(param.help, PLACEHOLDER_LIMIT),
                required=param.required,
                style=discord.TextStyle.paragraph if param.rest else discord.TextStyle.short,
            )
        )
    form.stop()
    return form


def submitted_command(interaction: discord.Interaction) -> tuple[tuple[str, ...], dict] | None:
    """(command path, options) of a submitted command form; None for anything else."""
    match = _submitted(interaction, COMMAND_FORM)
    path = tuple(match["path"].split(".")) if match else ()
    if path not in BY_PATH:
        return None
    values = _values((interaction.data or {}).get("components", []))
    return path, {name: value for name, value in values.items() if value.strip()}


def _submitted(interaction: discord.Interaction, form: re.Pattern) -> re.Match | None:
    custom_id = str((interaction.data or {}).get("custom_id", ""))
    if interaction.type is not discord.InteractionType.modal_submit:
        return None
    return form.fullmatch(custom_id)


def _values(components: list) -> dict[str, str]:
    """Text input values by their custom_id, wherever the form's layout nests them."""
    found = {}
    for component in components:
        if "value" in component:
            found[str(component.get("custom_id", len(found)))] = str(component["value"])
        found |= _values(component.get("components", []))
        if "component" in component:
            found |= _values([component["component"]])
    return found


def _clipped(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


class ActionButton(
    discord.ui.DynamicItem[discord.ui.Button],
    template=r"sb:c:(?P<path>[^?]+)(?:\?(?P<query>.*))?",
):
    """A button that runs a command, e.g. "Take this week's quiz"; path and options in the id."""

    def __init__(self, path: tuple[str, ...], options: dict, label: str = "") -> None:
        custom_id = "sb:c:" + ".".join(path)
        if options:
            custom_id += "?" + urlencode(options)
        if len(custom_id) > CUSTOM_ID_LIMIT:
            raise ValueError(f"action {path} carries too much for a custom_id: {custom_id!r}")
        super().__init__(
            discord.ui.Button(
                label=_clipped(label or " ".join(path), LABEL_LIMIT),
                style=discord.ButtonStyle.success,
                custom_id=custom_id,
            )
        )
        self.path, self.options = path, options

    @classmethod
    def of(cls, action: Action) -> ActionButton:
        return cls(action.command, dict(action.options), action.label)

    @classmethod
    async def from_custom_id(cls, interaction, item, match: re.Match[str]):
        options = {k: _typed(v) for k, v in parse_qsl(match["query"] or "")}
        return cls(tuple(match["path"].split(".")), options, item.label or "")

    async def callback(self, interaction: discord.Interaction) -> None:
        await interaction.client.run_command(interaction, self.path, self.options, acknowledge=True)


def _typed(value: str) -> int | str:
    """Options travel as text in a custom_id; whole numbers come back as numbers."""
    return int(value) if value.lstrip("-").isdigit() else value


def answer_items(question: QuestionView) -> list[discord.ui.Item]:
    if not question.choices:
        return [FreeTextButton(question.round_id, question.question_id)]
    labels = [f"{c.key}. {c.label}" for c in question.choices]
    if any(len(label) > LABEL_LIMIT for label in labels):
        # a button would cut a choice short: the message spells every choice out, and the
        # buttons carry the letters alone
        labels = [c.key for c in question.choices]
    return [
        AnswerButton(question.round_id, question.question_id, c.key, label)
        for c, label in zip(question.choices, labels, strict=True)
    ]


DYNAMIC_ITEMS = (AnswerButton, FreeTextButton, ActionButton)
