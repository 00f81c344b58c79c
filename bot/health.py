"""The heartbeat files: each chat process (Discord, Slack) touches its own while it is connected
and ticking, and `studybot health` reads them all."""

from __future__ import annotations

import socket
import time
from pathlib import Path

from bot.settings import Settings, data_folder
from bot.shards import parse_shards

MAX_AGE_SECONDS = 60.0  # a dozen missed ticks: the bot is stuck or disconnected
NAME = "studybot"
SUFFIX = ".heartbeat"
HOST = socket.gethostname()  # in Docker, the container's id: each replica is its own


def heartbeat_path(settings: Settings) -> Path:
    """In the data folder (beside an SQLite file), so the volume that keeps the data keeps this
    too; a process running a range of Discord shards has its own
    ("studybot.shards-0-3.heartbeat"). ValueError when the shard settings are malformed."""
    shards = parse_shards(settings.shard_count, settings.shard_ids)
    name = NAME if shards is None else f"{NAME}.{shards.label}"
    return data_folder(settings.database) / f"{name}{SUFFIX}"


def process_label(heartbeat: Path) -> str:
    """The process a heartbeat file is of, as `studybot health` names it:
    studybot.shards-0-3.heartbeat is "shards 0-3", the unsharded one "studybot"."""
    label = heartbeat.name.removesuffix(SUFFIX).removeprefix(NAME).lstrip(".")
    return label.replace("shards-", "shards ", 1) if label else NAME


def heartbeats(folder: Path) -> list[Path]:
    """Every process's heartbeat in `folder`, the unsharded one first."""
    return sorted(folder.glob(f"{NAME}*{SUFFIX}"), key=lambda p: (p.name != NAME + SUFFIX, p.name))


def beat(path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.touch()


def heartbeat_age(path: Path) -> float | None:
    """Seconds since the last beat, or None if the bot never beat."""
    try:
        return time.time() - path.stat().st_mtime
    except FileNotFoundError:
        return None
