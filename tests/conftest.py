"""Shared fixtures. Tests that need the five real articles skip, visibly, without them."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
ARTICLES = SHARED / "articles"


@pytest.fixture
def articles_dir() -> Path:
    if not ARTICLES.is_dir():
        pytest.skip(f"the real articles are not beside the project ({ARTICLES} is missing)")
    return ARTICLES


@pytest.fixture
def shared_dir() -> Path:
    if not SHARED.is_dir():
        pytest.skip(f"../shared is not beside the project ({SHARED} is missing)")
    return SHARED


@pytest.fixture(scope="session")
def bundled():
    """The committed content file: the items the build really makes (a test checks it is fresh)."""
    from content.model import BUNDLED, Studyset

    if not BUNDLED.is_file():
        pytest.skip(f"the bundled content file is not built yet ({BUNDLED} is missing)")
    return Studyset.load(BUNDLED)


@pytest.fixture
def env(tmp_path) -> dict[str, str]:
    """The environment of a `studybot` process: no chat tokens, the small test world's content,
    a database under tmp_path."""
    from test_core_world import write_studyset

    clean = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    clean.update(
        STUDYBOT_CONTENT=str(write_studyset(tmp_path / "world.json")),
        STUDYBOT_DATABASE=str(tmp_path / "data" / "bot.sqlite3"),
        PYTHONPATH=str(ROOT),
    )
    return clean
