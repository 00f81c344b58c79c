"""Slash commands, built from the core's command table so names, help and options live once.

Each table entry becomes a Discord command (its path becomes groups and subcommands), each
parameter a typed option with its help as the description. Discord-specific touches only:
member and role pickers, autocomplete (glossary terms, article titles, time zones), and
`default_permissions(manage_guild=True)` on the instructor groups so Discord hides them from
students by default. The core still decides who may run what, whatever Discord shows.
"""

from __future__ import annotations

import inspect
from typing import Literal, Optional

import discord
from discord import app_commands

from bot.core.commands import COMMANDS, Command, Param, commands_under
from bot.core.engine import Core
from bot.discord import views

DESCRIPTION_LIMIT = 100
CHOICES_LIMIT = 25
# Options Discord can fill with a picker instead of typed text; the core gets a mention/id.
PICKERS: dict[str, type] = {"user": discord.Member, "role": discord.Role}


def build(tree: app_commands.CommandTree, core: Core) -> None:
    """Add every command of the table to `tree`; options the core has names for autocomplete."""
    groups: dict[tuple[str, ...], app_commands.Group] = {}
    for command in COMMANDS:
        slash = _slash(command, core)
        parent = _group(command.path[:-1], groups)
        if parent is None:
            tree.add_command(slash)
        else:
            parent.add_command(slash)
    for path, group in groups.items():
        if len(path) == 1:
            tree.add_command(group)


def _group(path: tuple[str, ...], groups: dict) -> app_commands.Group | None:
    if not path:
        return None
    if path not in groups:
        members = commands_under(path)
        names = sorted({c.path[len(path)] for c in members})
        instructor_only = all(c.instructor for c in members)
        top = len(path) == 1
        groups[path] = app_commands.Group(
            name=path[-1],
            description=_clip(f"{' '.join(path).capitalize()}: {', '.join(names)}"),
            parent=_group(path[:-1], groups),
            guild_only=top,
            # Discord reads default permissions from top-level commands only
            default_permissions=discord.Permissions(manage_guild=True)
            if top and instructor_only
            else None,
        )
    return groups[path]


def _slash(command: Command, core: Core) -> app_commands.Command:
    if command.form:  # its parameters are asked for in a modal, each in its own field
        return _form_command(command)

    async def callback(interaction: discord.Interaction, **options) -> None:
        values = {name: _plain(v) for name, v in options.items() if v is not None}
        await interaction.client.run_command(interaction, command.path, values)

    parameters = [
        inspect.Parameter(
            "interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction
        )
    ]
    for param in command.params:
        kind = _annotation(param)
        parameters.append(
            inspect.Parameter(
                param.name,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=kind if param.required else Optional[kind],  # noqa: UP045
                default=inspect.Parameter.empty if param.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(parameters)
    callback.__discord_app_commands_param_description__ = {
        p.name: _clip(p.help) for p in command.params
    }
    slash = app_commands.Command(
        name=command.path[-1], description=_clip(command.help), callback=callback
    )
    if len(command.path) == 1:
        app_commands.guild_only()(slash)
    for param in command.params:
        if core.suggests(command.path, param.name):
            slash.autocomplete(param.name)(_autocomplete(core, command.path, param.name))
    return slash


def _form_command(command: Command) -> app_commands.Command:
    async def callback(interaction: discord.Interaction) -> None:
        await interaction.response.send_modal(views.command_form(command))

    return app_commands.Command(
        name=command.path[-1], description=_clip(command.help), callback=callback
    )


def _annotation(param: Param):
    if param.name in PICKERS:
        return PICKERS[param.name]
    if param.choices:
        return Literal[param.choices]
    if param.type is int:
        low = param.minimum if param.minimum is not None else -(2**53)
        high = param.maximum if param.maximum is not None else 2**53
        return app_commands.Range[int, low, high]
    return str


def _plain(value) -> str | int:
    """Discord's typed values as the core reads typed text: members as mentions, roles as ids."""
    if isinstance(value, discord.abc.User):
        return value.mention
    if isinstance(value, discord.Role):
        return str(value.id)
    return value


def _clip(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LIMIT else text[: DESCRIPTION_LIMIT - 1] + "…"


def _autocomplete(core: Core, path: tuple[str, ...], param: str):
    """Completion for one option, with the names the core suggests."""

    async def complete(interaction: discord.Interaction, current: str):
        return [
            app_commands.Choice(name=_clip(name), value=value[:DESCRIPTION_LIMIT])
            for name, value in core.suggest(path, param, current, CHOICES_LIMIT)
        ]

    return complete
