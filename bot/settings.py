"""All configuration in one typed place: defaults in code, secrets only from the environment or `.env`."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from content.model import BUNDLED
from db.stores import target


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
    database: Path | str = Path("data/studybot.sqlite3")  # a SQLite file, or postgresql://…
    database_wait: float = 60.0  # seconds to wait at start for a database server not up yet
    timezone: str = "UTC"
    discord_token: str = ""
    discord_api_url: str = ""  # another REST base: a rate-limit proxy, or the tests' fake
    discord_dev_guild: str = ""  # sync commands to this guild at once while developing
    shard_count: str = ""  # Discord shards over all processes (bot.shards)
    shard_ids: str = ""  # this process's shards, e.g. "0-3"
    slack_bot_token: str = ""
    slack_app_token: str = ""  # Socket Mode
    slack_signing_secret: str = ""  # HTTP mode
    slack_client_id: str = ""  # with the secret: a distributed app, installed through OAuth
    slack_client_secret: str = ""
    slack_port: int = 3000
    slack_api_url: str = ""
    slack_command_prefix: str = ""  # e.g. "study-" turns /fact into /study-fact
    loaded_communities: int = 8  # communities' own content kept in memory at once (LRU)
    # Tests only: let /readings add fetch links on 127.0.0.1 (their fake servers live there).
    test_fetch_loopback: bool = False
    semantic: bool = True  # match questions by meaning too (STUDYBOT_SEMANTIC=off: words only)

    @property
    def data(self) -> Path:
        """The data folder, where reading files are kept too."""
        return data_folder(self.database)

    @property
    def slack_oauth(self) -> bool:
        """Slack in many workspaces: each installs the app and has its own token."""
        return bool(self.slack_client_id or self.slack_client_secret)

    @property
    def slack(self) -> bool:
        return bool(self.slack_bot_token or self.slack_oauth)

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> Settings:
        env = {**_load_dotenv(), **(os.environ if environ is None else environ)}
        return cls(
            content=Path(env.get("STUDYBOT_CONTENT") or BUNDLED),
            database=target(env.get("STUDYBOT_DATABASE") or str(cls.database)),
            database_wait=_number(env, "STUDYBOT_DATABASE_WAIT", cls.database_wait, float),
            timezone=env.get("STUDYBOT_TIMEZONE") or cls.timezone,
            discord_token=env.get("DISCORD_TOKEN", ""),
            discord_api_url=env.get("STUDYBOT_DISCORD_API_URL", ""),
            discord_dev_guild=env.get("STUDYBOT_DISCORD_DEV_GUILD", ""),
            shard_count=env.get("STUDYBOT_SHARD_COUNT", ""),
            shard_ids=env.get("STUDYBOT_SHARD_IDS", ""),
            slack_bot_token=env.get("SLACK_BOT_TOKEN", ""),
            slack_app_token=env.get("SLACK_APP_TOKEN", ""),
            slack_signing_secret=env.get("SLACK_SIGNING_SECRET", ""),
            slack_client_id=env.get("SLACK_CLIENT_ID", ""),
            slack_client_secret=env.get("SLACK_CLIENT_SECRET", ""),
            slack_port=_number(env, "STUDYBOT_SLACK_PORT", cls.slack_port, int),
            slack_api_url=env.get("STUDYBOT_SLACK_API_URL", ""),
            slack_command_prefix=env.get("STUDYBOT_SLACK_COMMAND_PREFIX", ""),
            loaded_communities=_number(
                env, "STUDYBOT_LOADED_COMMUNITIES", cls.loaded_communities, int, least=1
            ),
            test_fetch_loopback=env.get("STUDYBOT_TEST_FETCH_LOOPBACK") == "1",
            semantic=_switch(env.get("STUDYBOT_SEMANTIC"), cls.semantic),
        )


def data_folder(database: Path | str) -> Path:
    """Where files that belong with the data go: beside a SQLite file, or data/ when the
    database is a PostgreSQL server."""
    return database.parent if isinstance(database, Path) else Path("data")


class SettingError(ValueError):
    """A setting that cannot be read: `studybot` says which, in one line, and exits 2."""


def _number(env: dict[str, str], key: str, default, kind: type, least: float = 0):
    text = (env.get(key) or "").strip()
    if not text:
        return default
    try:
        value = kind(text)
    except ValueError:
        word = "a whole number" if kind is int else "a number"
        raise SettingError(f"{key} must be {word} of at least {least}, not {text!r}") from None
    if not value >= least:  # also refuses nan
        raise SettingError(f"{key} must be at least {least}, not {text!r}")
    return value


def _switch(value: str | None, default: bool) -> bool:
    """off/no/false/0 (any case) turn a switch off, on/yes/true/1 on; anything else keeps the
    default, so a typo never stops the bot."""
    word = (value or "").strip().lower()
    if word in ("off", "no", "false", "0"):
        return False
    if word in ("on", "yes", "true", "1"):
        return True
    return default
