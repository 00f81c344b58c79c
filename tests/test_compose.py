"""docker-compose.yml as Compose reads it (no Docker here): SQLite by default, PostgreSQL behind
the `postgres` profile, with a bot that starts once the database answers."""

from __future__ import annotations

import re
from pathlib import Path
from urllib.parse import urlsplit

import pytest
import yaml

from bot.settings import Settings

COMPOSE = Path(__file__).resolve().parents[1] / "docker-compose.yml"


def _defaults(text: str) -> str:
    """${NAME:-default} as Compose fills it when NAME is not set."""
    return re.sub(r"\$\{[A-Z_]+:-([^}]*)\}", r"\1", text)


@pytest.fixture(scope="module")
def services() -> dict:
    return yaml.safe_load(_defaults(COMPOSE.read_text(encoding="utf-8")))["services"]


def test_plain_up_starts_one_bot_on_sqlite(services):
    default = [name for name, service in services.items() if not service.get("profiles")]
    assert default == ["bot"]
    settings = Settings.from_env(services["bot"]["environment"])
    assert settings.database == Path("/data/studybot.sqlite3")
    assert "studybot-data:/data" in services["bot"]["volumes"]


def test_postgres_is_behind_its_profile_with_a_readiness_check(services):
    postgres = services["postgres"]
    assert postgres["profiles"] == ["postgres"]
    assert postgres["healthcheck"]["test"][:2] == ["CMD", "pg_isready"]
    assert any(volume.endswith(":/var/lib/postgresql/data") for volume in postgres["volumes"])


def test_the_postgres_bot_waits_for_a_healthy_database_and_reaches_it(services):
    bot, postgres = services["bot-postgres"], services["postgres"]
    assert bot["profiles"] == ["postgres"]
    assert bot["depends_on"] == {"postgres": {"condition": "service_healthy"}}
    url = Settings.from_env(bot["environment"]).database
    assert isinstance(url, str), "a postgresql:// URL, not a file path"
    parts = urlsplit(url)
    server = postgres["environment"]
    assert (parts.scheme, parts.hostname, parts.path) == ("postgresql", "postgres", "/studybot")
    assert (parts.username, parts.password) == (
        server["POSTGRES_USER"],
        server["POSTGRES_PASSWORD"],
    )
    assert server["POSTGRES_DB"] == "studybot"
    assert f"--username={parts.username}" in postgres["healthcheck"]["test"]


def test_both_bots_are_the_same_service_but_for_their_database(services):
    differ = {"environment", "profiles", "depends_on"}
    sqlite = {key: value for key, value in services["bot"].items() if key not in differ}
    postgres = {key: value for key, value in services["bot-postgres"].items() if key not in differ}
    assert sqlite == postgres
    assert sqlite["healthcheck"]["test"] == ["CMD", "studybot", "health"]
