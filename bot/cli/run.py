"""`studybot run` (`make run`): the chat platform whose credentials are set, else the console."""

from __future__ import annotations

import argparse

from bot.cli.common import timezone_ok
from bot.settings import Settings


def register(subparsers) -> None:
    parser = subparsers.add_parser(
        "run",
        help="start the bot: Discord or Slack when their tokens are set, else the console",
    )
    parser.set_defaults(handler=handle)


def handle(args: argparse.Namespace) -> int:
    settings = Settings.from_env()
    if not timezone_ok(settings):
        return 2
    if settings.discord_token:
        from bot.discord.app import run

        return run(settings)
    if settings.slack_bot_token and (settings.slack_app_token or settings.slack_signing_secret):
        from bot.slack.app import run

        return run(settings)
    from bot.console.app import ConsoleOptions, run

    return run(
        ConsoleOptions(
            content=settings.content, database=settings.database, timezone=settings.timezone
        )
    )
