"""The heartbeat file: touched by a chat adapter (Discord, Slack) while it is connected and
ticking, read by `studybot health`."""

from __future__ import annotations

import time
from pathlib import Path

from bot.settings import Settings, data_folder

MAX_AGE_SECONDS = 60.0  # a dozen missed ticks: the bot is stuck or disconnected


def heartbeat_path(settings: Settings) -> Path:
    """Beside the database, so the volume that keeps the data keeps this too."""
    return data_folder(settings.database) / "studybot.heartbeat"


def beat(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def heartbeat_age(path: Path) -> float | None:
    """Seconds since the last beat, or None if the bot never beat."""
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return None
