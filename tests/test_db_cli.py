"""`studybot db ...` on real files: what it does, and how it refuses what it cannot use."""

from __future__ import annotations

import asyncio
import contextlib
import csv
import io
import json
import os
import shutil
import sqlite3
import subprocess
from datetime import UTC, datetime
from pathlib import Path

import pytest

from bot.cli import main
from db import pg_tools, schema
from db.api import Answer
from db.stores import open_store

NOW = datetime(2026, 2, 24, 12, 0, tzinfo=UTC)


@pytest.fixture(autouse=True)
def _no_local_settings(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)  # no .env from the project folder
    monkeypatch.delenv("STUDYBOT_DATABASE", raising=False)


async def _fill(where: Path | str) -> None:
    """Answers in two communities, one of them from practice."""
    async with await open_store(where) as store:
        guild = await store.community("discord", "1234567890")
        await store.member(guild.id, "u1", "Ann")
        await store.member(guild.id, "u2", "=HYPERLINK(1)")
        live = await store.create_round(guild.id, "c1", "live", ["q1", "q2"], "u1", NOW)
        practice = await store.create_round(guild.id, "c1", "practice", ["q1"], "u1", NOW)
        for user, question, right in [("u1", "q1", True), ("u1", "q2", False), ("u2", "q1", True)]:
            answer = Answer(live.id, question, user, "=1+1", right, int(right), NOW)
            await store.record_answer(answer, guild.id)
        await store.record_answer(Answer(practice.id, "q1", "u1", "x", True, 1, NOW), guild.id)
        workspace = await store.community("slack", "T42")
        elsewhere = await store.create_round(workspace.id, "C1", "live", ["q1"], "W1", NOW)
        answer = Answer(elsewhere.id, "q1", "W1", "y", True, 1, NOW)
        await store.record_answer(answer, workspace.id)


@pytest.fixture
def filled(database) -> str:
    """The filled database on each store, named as on the command line. The tests using it
    are plain functions, as the command line runs its own event loop."""
    asyncio.run(_fill(database))
    return str(database)


@pytest.fixture
def filled_file(tmp_path) -> Path:
    """The filled database as a SQLite file, for what only files can go through."""
    path = tmp_path / "data" / "studybot.sqlite3"
    asyncio.run(_fill(path))
    return path


def _run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(["db", *argv])
    out, err = capsys.readouterr()
    return code, out, err


def test_migrate_creates_the_default_database_then_finds_it_current(tmp_path, capsys):
    code, out, _ = _run(capsys, "migrate")
    default = Path("data/studybot.sqlite3")
    assert code == 0
    assert (tmp_path / default).is_file()
    assert f"schema version {len(schema.migrations())}" in out
    code, out, _ = _run(capsys, "migrate")
    assert (code, "already up to date" in out) == (0, True)


def test_the_environment_names_the_database(tmp_path, capsys, monkeypatch):
    path = tmp_path / "elsewhere.sqlite3"
    monkeypatch.setenv("STUDYBOT_DATABASE", str(path))
    assert _run(capsys, "migrate")[0] == 0
    assert path.is_file()


def test_check_reports_version_and_integrity(filled, capsys):
    code, out, _ = _run(capsys, "check", "--database", filled)
    assert code == 0
    assert f"schema version {len(schema.migrations())}; integrity ok" in out


def test_check_leaves_the_file_byte_identical(filled_file, capsys):
    before = filled_file.read_bytes()
    assert _run(capsys, "check", "--database", str(filled_file))[0] == 0
    assert filled_file.read_bytes() == before


def test_export_csv_lists_scored_answers_of_one_community(filled, capsys):
    code, out, _ = _run(capsys, "export", "--database", str(filled), "--community", "1234567890")
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [(r["user_id"], r["question_id"], r["correct"], r["points"]) for r in rows] == [
        ("u1", "q1", "True", "1"),
        ("u1", "q2", "False", "0"),
        ("u2", "q1", "True", "1"),
    ]
    # Typed text cannot become a spreadsheet formula.
    assert {r["response"] for r in rows} == {"'=1+1"}
    assert rows[2]["display_name"] == "'=HYPERLINK(1)"


def test_export_json_to_a_file_covers_every_community(filled, tmp_path, capsys):
    target = tmp_path / "gradebook.json"
    code, _, err = _run(
        capsys, "export", "--database", str(filled), "--format", "json", "--output", str(target)
    )
    assert code == 0
    assert "wrote 4 answers" in err
    records = json.loads(target.read_text())
    assert sorted({(r["platform"], r["community"]) for r in records}) == [
        ("discord", "1234567890"),
        ("slack", "T42"),
    ]
    assert records[0]["answered_at"] == NOW.isoformat()
    assert records[0]["response"] == "=1+1"  # JSON is data, not a spreadsheet


def test_export_of_an_unknown_community_is_an_error(filled, capsys):
    code, out, err = _run(capsys, "export", "--database", str(filled), "--community", "nope")
    assert (code, out) == (1, "")
    assert "no community 'nope'" in err


def test_backup_writes_a_working_copy(filled_file, tmp_path, capsys):
    target = tmp_path / "backups" / "monday.sqlite3"
    code, out, _ = _run(capsys, "backup", str(target), "--database", str(filled_file))
    assert code == 0
    assert str(target) in out
    code, _, _ = _run(capsys, "check", "--database", str(target))
    assert code == 0
    connection = sqlite3.connect(target)
    assert connection.execute("SELECT count(*) FROM answers").fetchone()[0] == 5
    connection.close()


def _folder(path: Path) -> None:
    path.mkdir()


def _text(path: Path) -> None:
    path.write_text("user,score\nann,3\n")


def _corrupt(path: Path) -> None:
    schema.prepare(path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute("CREATE TABLE filler (body TEXT)")
    connection.executemany("INSERT INTO filler VALUES (?)", [("x" * 500,)] * 50)
    connection.commit()
    connection.close()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[page * 3 : page * 3 + 200] = b"\x00\xff" * 100
    path.write_bytes(bytes(data))


def _newer(path: Path) -> None:
    schema.prepare(path)
    connection = sqlite3.connect(path)
    connection.execute("PRAGMA journal_mode = DELETE")
    connection.execute(f"PRAGMA user_version = {len(schema.migrations()) + 1}")
    connection.close()


@pytest.mark.parametrize("action", ["migrate", "check", "export", "backup"])
@pytest.mark.parametrize(
    ("make", "reason"),
    [
        (_folder, "is a folder"),
        (_text, "is not a SQLite database"),
        (_corrupt, "damaged"),
        (_newer, "newer than this studybot knows"),
    ],
    ids=["folder", "not-sqlite", "corrupt", "newer"],
)
def test_bad_database_files_get_one_line_and_stay_byte_identical(
    tmp_path, capsys, action, make, reason
):
    path = tmp_path / "studybot.sqlite3"
    make(path)
    before = None if path.is_dir() else path.read_bytes()
    extra = [str(tmp_path / "copy.sqlite3")] if action == "backup" else []
    code, out, err = _run(capsys, action, *extra, "--database", str(path))
    assert code == 1
    assert out == ""
    assert err.count("\n") == 1 and err.startswith(f"studybot db {action}: ")
    assert reason in err
    if before is not None:
        assert path.read_bytes() == before
    assert not (tmp_path / "copy.sqlite3").exists()


def test_a_missing_database_is_not_created_by_tools_that_only_read(tmp_path, capsys):
    for action in ("check", "export"):
        code, _, err = _run(capsys, action, "--database", str(tmp_path / "absent.sqlite3"))
        assert code == 1
        assert "there is no database" in err
    assert list(tmp_path.iterdir()) == []


@contextlib.contextmanager
def read_only(path: Path):
    """Make `path` unwritable for this process, even when it runs as root."""
    if os.geteuid() != 0:
        mode = path.stat().st_mode
        path.chmod(mode & ~0o222)
        try:
            yield
        finally:
            path.chmod(mode)
        return
    # Root ignores permission bits; the immutable attribute binds even root.
    chattr = shutil.which("chattr")
    if chattr is None or subprocess.run([chattr, "+i", path], capture_output=True).returncode:
        pytest.skip("running as root without a working chattr: cannot make a read-only file")
    try:
        yield
    finally:
        subprocess.run([chattr, "-i", path], check=True)


def test_migrate_refuses_a_read_only_file_and_check_still_reads_it(filled_file, capsys):
    before = filled_file.read_bytes()
    with read_only(filled_file):
        code, out, err = _run(capsys, "migrate", "--database", str(filled_file))
        assert (code, out) == (1, "")
        assert err.count("\n") == 1 and "is read-only" in err
        code, out, _ = _run(capsys, "check", "--database", str(filled_file))
        assert code == 0 and "integrity ok" in out
    assert filled_file.read_bytes() == before


def test_migrate_refuses_a_read_only_folder(tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        for target in (folder / "studybot.sqlite3", folder / "sub" / "studybot.sqlite3"):
            code, out, err = _run(capsys, "migrate", "--database", str(target))
            assert (code, out) == (1, "")
            assert err.count("\n") == 1
            assert "read-only" in err or "cannot create the folder" in err
    assert list(folder.iterdir()) == []


def test_backup_and_export_into_a_read_only_folder_are_refused(filled, tmp_path, capsys):
    folder = tmp_path / "locked"
    folder.mkdir()
    with read_only(folder):
        code, _, err = _run(capsys, "backup", str(folder / "b.sqlite3"), "--database", str(filled))
        assert code == 1 and err.count("\n") == 1 and "cannot write the backup" in err
        code, _, err = _run(
            capsys, "export", "--database", str(filled), "--output", str(folder / "g.csv")
        )
        assert code == 1 and err.count("\n") == 1 and "cannot write" in err
    assert list(folder.iterdir()) == []


def test_check_fails_when_kept_totals_disagree_with_the_answers(filled, capsys, administer):
    asyncio.run(
        administer(filled, "UPDATE score_totals SET points = points + 5 WHERE user_id = 'u1'")
    )
    code, out, err = _run(capsys, "check", "--database", str(filled))
    assert (code, out) == (1, "")
    assert "check FAILED" in err
    assert "disagree with the answers for 1 member(s)" in err


def test_export_totals_give_one_row_per_member(filled, capsys):
    code, out, _ = _run(capsys, "export", "--totals", "--database", str(filled))
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    assert [
        (r["community"], r["user_id"], r["points"], r["correct"], r["answered"], r["accuracy"])
        for r in rows
    ] == [
        ("1234567890", "u2", "1", "1", "1", "1.0"),
        ("1234567890", "u1", "1", "1", "2", "0.5"),
        ("T42", "W1", "1", "1", "1", "1.0"),
    ]


def test_check_backup_and_export_read_a_wal_database_in_a_read_only_folder(
    filled_file, tmp_path, capsys
):
    folder = filled_file.parent
    assert not (folder / "studybot.sqlite3-wal").exists()  # closed cleanly: all in the file
    with read_only(folder):
        code, out, err = _run(capsys, "check", "--database", str(filled_file))
        assert code == 0 and "integrity ok" in out, err
        code, out, err = _run(capsys, "export", "--database", str(filled_file))
        assert code == 0 and "=HYPERLINK" in out, err
        copy = tmp_path / "copy.sqlite3"
        code, _, err = _run(capsys, "backup", str(copy), "--database", str(filled_file))
        assert code == 0, err
        assert sorted(p.name for p in folder.iterdir()) == ["studybot.sqlite3"]
    assert sqlite3.connect(copy).execute("SELECT count(*) FROM answers").fetchone()[0] == 5


def test_a_wal_with_unsaved_changes_in_a_read_only_folder_says_what_to_do(
    filled_file, tmp_path, capsys
):
    # A crash's leftovers: changes still in the write-ahead log, no -shm file.
    writer = sqlite3.connect(filled_file, isolation_level=None)
    writer.execute("PRAGMA wal_autocheckpoint = 0")
    writer.execute("UPDATE members SET display_name = 'Ann B' WHERE user_id = 'u1'")
    folder = tmp_path / "crashed"
    folder.mkdir()
    for suffix in ("", "-wal"):
        shutil.copyfile(f"{filled_file}{suffix}", folder / f"studybot.sqlite3{suffix}")
    writer.close()
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    with read_only(folder):
        for action in (["check"], ["export"], ["backup", str(tmp_path / "b.sqlite3")]):
            code, _, err = _run(capsys, *action, "--database", str(folder / "studybot.sqlite3"))
            assert code == 1 and err.count("\n") == 1, err
            assert "studybot.sqlite3-wal holds changes" in err and "writable" in err
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before


def test_a_postgresql_backup_is_a_pg_dump_archive_that_restores(postgres_server, tmp_path, capsys):
    url = postgres_server.create_database("backup_dump")
    asyncio.run(_fill(url))
    archive = tmp_path / "monday.dump"
    code, out, err = _run(capsys, "backup", str(archive), "--database", url)
    assert code == 0, err
    assert "pg_dump custom format" in out
    restored = postgres_server.create_database("backup_restored")
    pg_restore = pg_tools.binary("pg_restore")
    subprocess.run([pg_restore, f"--dbname={restored}", archive], check=True)
    assert _run(capsys, "check", "--database", restored)[0] == 0
    assert _run(capsys, "export", "--database", restored) == _run(
        capsys, "export", "--database", url
    )


def test_without_pg_dump_a_postgresql_backup_is_a_verified_sqlite_copy(
    postgres_server, tmp_path, capsys, monkeypatch
):
    url = postgres_server.create_database("backup_sqlite")
    asyncio.run(_fill(url))
    monkeypatch.setenv("STUDYBOT_POSTGRES_BIN", str(tmp_path / "no-programs-here"))
    target = tmp_path / "monday.sqlite3"
    code, out, err = _run(capsys, "backup", str(target), "--database", url)
    assert code == 0, err
    assert "SQLite copy" in out
    assert sorted(p.name for p in tmp_path.iterdir()) == ["monday.sqlite3"]
    assert _run(capsys, "check", "--database", str(target))[0] == 0
    exported = _run(capsys, "export", "--database", str(target))
    assert exported == _run(capsys, "export", "--database", url)
