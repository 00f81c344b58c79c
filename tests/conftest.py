"""Shared fixtures. Tests that need the five real articles skip, visibly, without them."""

from __future__ import annotations

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
