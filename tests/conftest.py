"""Shared fixtures. Tests that need the five real articles skip, visibly, without them; tests of
the store run on SQLite and on a real PostgreSQL server started for the run."""

from __future__ import annotations

import contextlib
import itertools
import os
import sqlite3
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import asyncpg
import pytest

from db.pg_tools import ScratchServer
from db.stores import is_postgres

ROOT = Path(__file__).resolve().parents[1]
_status = {"exit": 0}
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


@pytest.fixture(scope="session")
def news_pages():
    """The build of tests/data/news: short news pages written for these tests (not dev data),
    each sentence there to show one rule of what may be shown alone."""
    from content.build import build

    return build(ROOT / "tests" / "data" / "news").studyset


@pytest.fixture(scope="session")
def web_folder():
    """The build of the saved news pages in ../shared/corpora/web, the dev data of "any folder"."""
    from content.build import build

    web = SHARED / "corpora" / "web"
    if not web.is_dir():
        pytest.skip(f"the saved web pages are not beside the project ({web} is missing)")
    return build(web).studyset


@pytest.fixture(scope="session")
def postgres_server() -> Iterator[ScratchServer]:
    """One scratch PostgreSQL server for the whole run. If it cannot start, every test that needs
    it fails saying why: a missing server must never pass as a skipped test."""
    server = ScratchServer()
    try:
        server.start()
    except (RuntimeError, OSError) as error:
        pytest.fail(f"the PostgreSQL test server could not start: {error}", pytrace=False)
    yield server
    server.stop()


@pytest.fixture(params=["sqlite", "postgresql"])
def database(request: pytest.FixtureRequest, tmp_path: Path) -> str | Path:
    """Where a fresh store lives: a new SQLite file, or a new database on the test server. Tests
    taking it are the contract both stores must keep."""
    if request.param == "sqlite":
        return tmp_path / "studybot.sqlite3"
    server: ScratchServer = request.getfixturevalue("postgres_server")
    return server.create_database(f"test_{next(_NUMBERS)}")


_NUMBERS = itertools.count(1)


async def _administer(database: str | Path, *statements: str) -> None:
    if is_postgres(database):
        connection = await asyncpg.connect(database)
        try:
            for statement in statements:
                await connection.execute(statement)
        finally:
            await connection.close()
        return
    with contextlib.closing(sqlite3.connect(database)) as connection, connection:
        for statement in statements:
            connection.execute(statement)


@pytest.fixture
def administer():
    """Run SQL by hand beside the store, as an administrator repairing data would."""
    return _administer


# A review write that fails, as on a full disk, in each store's own trigger language.
_FAILING_REVIEWS = {
    False: [
        "CREATE TRIGGER disk_full BEFORE INSERT ON reviews"
        " BEGIN SELECT RAISE(FAIL, 'database or disk is full'); END"
    ],
    True: [
        "CREATE FUNCTION disk_full() RETURNS trigger LANGUAGE plpgsql AS"
        " $$ BEGIN RAISE EXCEPTION 'database or disk is full'; END $$",
        "CREATE TRIGGER disk_full BEFORE INSERT ON reviews FOR EACH ROW EXECUTE FUNCTION disk_full()",
    ],
}


@pytest.fixture
def reviews_failing():
    """`async with reviews_failing(database):` every review write fails, as on a full disk."""

    @contextlib.asynccontextmanager
    async def failing(database: str | Path):
        postgres = is_postgres(database)
        await _administer(database, *_FAILING_REVIEWS[postgres])
        try:
            yield
        finally:
            await _administer(database, "DROP TRIGGER disk_full" + (" ON reviews" * postgres))

    return failing


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


def pytest_sessionfinish(session, exitstatus) -> None:
    _status["exit"] = int(exitstatus)


@pytest.hookimpl(trylast=True)
def pytest_unconfigure(config) -> None:
    """A store some test left open keeps aiosqlite's worker thread (not a daemon) alive, and the
    interpreter would wait for it forever after the summary. Name the threads, then end the run
    with pytest's own exit status, so a leak is reported instead of hanging CI."""
    leaked = [
        t.name
        for t in threading.enumerate()
        if t is not threading.main_thread() and not t.daemon and t.is_alive()
    ]
    if leaked:
        print(f"\nthreads a test left running: {', '.join(leaked)}", file=sys.stderr)
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(_status["exit"])
