"""`studybot run` (`make run`): the chat platforms whose tokens are set (both at once if both
are), else the console."""

from __future__ import annotations

import argparse
import asyncio

from bot.cli.common import timezone_ok
from bot.settings import Settings


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "run",
        help="start the bot: Discord and/or Slack when their tokens are set, else the console",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not timezone_ok(settings):
        return 2
    if settings.discord_token and settings.slack_bot_token:
        return _run_both(settings)
    if settings.discord_token:
        from bot.discord.app import run

        return run(settings)
    if settings.slack_bot_token:  # its run says which other Slack token is missing, if one is
        from bot.slack.app import run

        return run(settings)
    from bot.console.app import ConsoleOptions, run

    return run(
        ConsoleOptions(
            content=settings.content, database=settings.database, timezone=settings.timezone
        )
    )


def _run_both(settings: Settings) -> int:
    """Discord and Slack in one process, on one database: either stopping stops the other."""
    import discord

    from bot.discord import app as discord_app
    from bot.slack import app as slack_app
    from bot.stopping import until_stopped

    discord.utils.setup_logging()
    return asyncio.run(until_stopped(discord_app.serve(settings), slack_app.serve(settings)))
