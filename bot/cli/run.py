"""`studybot run` (`make run`): the chat platforms whose tokens are set (both at once, on one
database, if both are), else the console. `bot.runtime` does the rest."""

from __future__ import annotations

import argparse

from bot.settings import Settings


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "run",
        help="start the bot: Discord and/or Slack when their tokens are set, else the console",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    adapters = []
    if settings.discord_token:
        import discord

        from bot.discord.app import DiscordAdapter

        discord.utils.setup_logging()  # connection news and errors on stderr, as operators expect
        adapters.append(DiscordAdapter(settings))
    if settings.slack:  # it says which other Slack setting is missing, if one is
        from bot.slack.app import SlackAdapter

        adapters.append(SlackAdapter(settings))
    if not adapters:
        from bot.console.app import run

        return run(settings)
    from bot.runtime.serve import run

    return run(settings, adapters)
