"""Slash commands, built from the core's command table so names, help and options live once.

Each table entry becomes a Discord command (its path becomes groups and subcommands), each
parameter a typed option with its help as the description. Discord-specific touches only:
member and role pickers, autocomplete (glossary terms, article titles, time zones), and
`default_permissions(manage_guild=True)` on the instructor groups so Discord hides them from
students by default. The core still decides who may run what, whatever Discord shows.
"""

from __future__ import annotations

import inspect
import zoneinfo
from typing import Literal, Optional

import discord
from discord import app_commands

from bot.core.commands import COMMANDS, Command, Param, commands_under
from bot.discord import views
from content.model import Studyset

DESCRIPTION_LIMIT = 100
CHOICES_LIMIT = 25
# Options Discord can fill with a picker instead of typed text; the core gets a mention/id.
PICKERS: dict[str, type] = {"user": discord.Member, "role": discord.Role}


def build(tree: app_commands.CommandTree, studyset: Studyset) -> None:
    """Add every command of the table to `tree`."""
    suggest = Suggestions(studyset)
    groups: dict[tuple[str, ...], app_commands.Group] = {}
    for command in COMMANDS:
        slash = _slash(command, suggest)
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


def _slash(command: Command, suggest: Suggestions) -> app_commands.Command:
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
        source = suggest.for_param(command, param)
        if source is not None:
            slash.autocomplete(param.name)(source)
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


class Suggestions:
    """Autocomplete from the study material (glossary terms, article titles) and time zones."""

    def __init__(self, studyset: Studyset) -> None:
        terms = sorted({g.term for g in studyset.glossary}, key=str.casefold)
        titles = [a.title for a in studyset.articles]
        self.facts = [*titles, *terms]
        self.terms = terms
        self.articles = [(a.title, a.id) for a in studyset.articles]
        self.zones = sorted(zoneinfo.available_timezones())

    def for_param(self, command: Command, param: Param):
        if command.path == ("fact",) and param.name == "query":
            return self._complete_facts
        if command.path == ("define",) and param.name == "term":
            return self._complete_terms
        if param.name == "article":
            return self._complete_articles
        if param.name == "zone":
            return self._complete_zones
        return None

    async def _complete_facts(self, interaction: discord.Interaction, current: str):
        return _matching([(t, t) for t in self.facts], current)

    async def _complete_terms(self, interaction: discord.Interaction, current: str):
        return _matching([(t, t) for t in self.terms], current)

    async def _complete_articles(self, interaction: discord.Interaction, current: str):
        return _matching(self.articles, current)

    async def _complete_zones(self, interaction: discord.Interaction, current: str):
        return _matching([(z, z) for z in self.zones], current)


def _matching(pairs: list[tuple[str, str]], current: str) -> list[app_commands.Choice[str]]:
    """Names starting with what was typed first, then names containing it."""
    typed = current.strip().casefold()
    starts = [p for p in pairs if p[0].casefold().startswith(typed)]
    inside = [p for p in pairs if typed in p[0].casefold() and p not in starts]
    return [
        app_commands.Choice(name=_clip(name), value=value[:DESCRIPTION_LIMIT])
        for name, value in (starts + inside)[:CHOICES_LIMIT]
    ]
