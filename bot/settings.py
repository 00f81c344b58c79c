"""All configuration in one typed place: defaults in code, secrets only from the environment or `.env`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from content.model import BUNDLED


def _load_dotenv(path: Path = Path(".env")) -> dict[str, str]:
    """KEY=VALUE lines; comments and blanks ignored. Real environment variables win."""
    if not path.is_file():
        return {}
    values = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            key, _, value = line.partition("=")
            values[key.strip()] = value.strip().strip("'\"")
    return values


@dataclass(frozen=True)
class Settings:
    content: Path = BUNDLED
    database: Path = Path("data/studybot.sqlite3")
    timezone: str = "UTC"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = {**_load_dotenv(), **(os.environ if environ is None else environ)}
        return cls(
            content=Path(env.get("STUDYBOT_CONTENT") or BUNDLED),
            database=Path(env.get("STUDYBOT_DATABASE") or cls.database),
            timezone=env.get("STUDYBOT_TIMEZONE") or cls.timezone,
        )
