"""What several `studybot` subcommands share: start-up checks that end in one clear line."""

from __future__ import annotations

import sys

from bot.core.timing import zone
from bot.settings import Settings


def timezone_ok(settings: Settings) -> bool:
    """STUDYBOT_TIMEZONE names a real zone; otherwise say so on stderr (the caller exits 2)."""
    try:
        zone(settings.timezone)
    except ValueError:
        print(
            f"studybot: STUDYBOT_TIMEZONE={settings.timezone!r} is not a time zone; "
            "use an IANA name like Europe/Berlin or America/New_York",
            file=sys.stderr,
        )
        return False
    return True
