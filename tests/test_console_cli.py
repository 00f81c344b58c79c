"""The console as a user starts it: `studybot console` and `studybot run`, as real processes."""

from __future__ import annotations

import contextlib
import json
import socket
import subprocess
import sys
import threading
from pathlib import Path

import pytest

STUDYBOT = [sys.executable, "-m", "bot"]
ROOT = Path(__file__).resolve().parents[1]


def studybot(args, env, cwd, stdin=""):
    return subprocess.run(
        STUDYBOT + args, input=stdin, env=env, cwd=cwd, capture_output=True, text=True, timeout=60
    )


def test_run_without_chat_tokens_is_the_console(env, tmp_path):
    done = studybot(["run"], env, tmp_path, "/fact ITPP\n/define hpf\n")
    assert done.returncode == 0, done.stderr
    assert "Individually Tailored Partnership Programme" in done.stdout
    assert "paragraph 1" in done.stdout and "HPF: harbour patrol force" in done.stdout
    assert (tmp_path / "data" / "bot.sqlite3").is_file()


@contextlib.contextmanager
def running(args: list[str], env: dict, cwd, timeout: float = 60):
    """A `studybot` process fed and read through pipes; killed when the block ends, or after
    `timeout` (a missing flush would block a read forever)."""
    process = subprocess.Popen(
        [*STUDYBOT, *args],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=cwd,
        text=True,
    )
    guard = threading.Timer(timeout, process.kill)
    guard.start()
    try:
        yield process
    finally:
        guard.cancel()
        process.kill()
        for pipe in (process.stdin, process.stdout, process.stderr):
            with contextlib.suppress(OSError):
                pipe.close()


def test_console_json_lines_arrive_one_by_one(env, tmp_path):
    args = ["console", "--json", "--user", "ann", "--clock", "2026-02-24T09:00"]
    with running(args, env, tmp_path, timeout=30) as process:
        process.stdin.write("/sources\n")
        process.stdin.flush()
        first = json.loads(process.stdout.readline())
        assert first["to"] == "#general" and "Harbour Security" in first["text"]
        process.stdin.write("/quiz practice\n")
        process.stdin.flush()
        intro = json.loads(process.stdout.readline())
        question = json.loads(process.stdout.readline())
        assert intro["to"] == "@ann" and intro["private"]
        assert question["question"]["total"] == 5 and question["question"]["kind"] == "practice"
        process.stdin.close()  # end of input: a clean exit
        assert process.wait() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["console", "--clock", "tomorrow"], "--clock"),
        (["console", "--content", "missing.json"], "no content file at"),
        (["console", "--user", " "], "--user"),
    ],
)
def test_console_start_up_mistakes(env, tmp_path, args, message):
    done = studybot(args, env, tmp_path, "/help\n")
    assert done.returncode == 2
    assert message in done.stdout + done.stderr
    assert "Traceback" not in done.stderr


def test_a_database_that_is_not_sqlite_is_refused(env, tmp_path):
    bad = tmp_path / "notes.txt"
    bad.write_text("not a database at all, just words " * 50, encoding="utf-8")
    done = studybot(["console", "--database", str(bad)], env, tmp_path, "/help\n")
    assert done.returncode == 2 and "Traceback" not in done.stderr
    assert bad.read_text(encoding="utf-8").startswith("not a database")


@pytest.mark.parametrize("command", [["run"], ["console"]])
@pytest.mark.parametrize("name", ["Mars/Olympus", "Europe", "America/Argentina", "x" * 300])
def test_an_unknown_configured_time_zone_stops_the_start(env, tmp_path, command, name):
    done = studybot(command, {**env, "STUDYBOT_TIMEZONE": name}, tmp_path, "/help\n")
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.count("\n") == 1 and "STUDYBOT_TIMEZONE" in done.stderr
    assert "Traceback" not in done.stderr and len(done.stderr) < 300


def test_the_configured_time_zone_may_be_typed_in_any_case(env, tmp_path):
    script = "/schedule onthisdate 09:00\n"
    env = {**env, "STUDYBOT_TIMEZONE": "europe/berlin"}
    done = studybot(["console", "--instructor"], env, tmp_path, script)
    assert done.returncode == 0, done.stderr
    assert "daily at 09:00 Europe/Berlin" in done.stdout


def test_a_new_community_lives_in_the_configured_time_zone(env, tmp_path):
    env = {**env, "STUDYBOT_TIMEZONE": "Europe/Berlin"}
    script = "/schedule onthisdate 09:00\n/settings timezone Asia/Tokyo\n"
    done = studybot(["console", "--instructor"], env, tmp_path, script)
    assert done.returncode == 0, done.stderr
    assert "daily at 09:00 Europe/Berlin" in done.stdout
    again = studybot(["console", "--instructor"], env, tmp_path, "/schedule onthisdate 10:00\n")
    assert "daily at 10:00 Asia/Tokyo" in again.stdout  # its own zone is kept


def test_a_slack_bot_token_alone_starts_slack_which_names_the_missing_token(env, tmp_path):
    done = studybot(["run"], {**env, "SLACK_BOT_TOKEN": "xoxb-1"}, tmp_path, "/help\n")
    assert done.returncode == 2 and done.stdout == ""
    assert "SLACK_APP_TOKEN" in done.stderr and "Traceback" not in done.stderr


def test_discord_and_slack_together_stop_together(env, tmp_path):
    with socket.socket() as probe:  # a port nobody listens on: both APIs are unreachable
        probe.bind(("127.0.0.1", 0))
        dead = f"http://127.0.0.1:{probe.getsockname()[1]}"
    both = {
        **env,
        "DISCORD_TOKEN": "x",
        "STUDYBOT_DISCORD_API_URL": f"{dead}/api/v10",
        "SLACK_BOT_TOKEN": "xoxb-1",
        "SLACK_APP_TOKEN": "xapp-1",
        "STUDYBOT_SLACK_API_URL": f"{dead}/api/",
    }
    done = studybot(["run"], both, tmp_path)
    assert done.returncode == 1, done.stderr
    assert "cannot reach" in done.stderr and "Traceback" not in done.stderr


def test_a_scores_export_prints_the_csv_after_its_summary(env, tmp_path):
    script = "/quiz practice 1\nA\n/quiz start 1\nA\n/clock +1m\n/scores export\n"
    done = studybot(
        ["console", "--instructor", "--clock", "2026-02-24T09:00"], env, tmp_path, script
    )
    assert done.returncode == 0, done.stderr
    summary, _, rest = done.stdout.rpartition("[@student, privately] Scores export")[2].partition(
        "--- scores-2026-02-24.csv ---\n"
    )
    assert "in scores-2026-02-24.csv" in summary
    csv, _, _ = rest.partition("--- end of scores-2026-02-24.csv ---")
    header, *rows = csv.strip().splitlines()
    assert header.startswith("platform,") and len(rows) == 1 and rows[0].startswith("console,")


def test_a_locked_database_is_answered_in_its_own_words_and_the_console_goes_on(env, tmp_path):
    from store_faults import LOCKED, write_locked

    database = Path(env["STUDYBOT_DATABASE"])
    assert studybot(["db", "migrate"], env, tmp_path).returncode == 0
    with running(["console", "--clock", "2026-02-24T09:00"], env, tmp_path) as process:
        with write_locked(database):  # another writer, past the 5 s busy timeout
            process.stdin.write("/define HPF\n")
            process.stdin.flush()
            refused = process.stdout.readline() + process.stdout.readline()
        assert LOCKED in refused and "privately" in refused
        process.stdin.write("/define HPF\n")
        process.stdin.close()
        assert process.wait() == 0
        assert "HPF: harbour patrol force" in process.stdout.read()
        assert "Traceback" not in process.stderr.read()


@pytest.mark.parametrize("encoding", [{}, {"PYTHONIOENCODING": "utf-8"}])  # lenient, strict
def test_undecodable_and_invisible_input_is_answered_not_raised(env, tmp_path, encoding):
    script = (
        b"/as \xff\xfeann --instructor\n/answer \xed\xa0\x80x\n/score \xff\n"
        b"/settings instructor-role \xff\n/define IT\xe2\x80\x8bPP\n/fact \xe2\x80\xaezzqx\n"
    )
    done = subprocess.run(
        [*STUDYBOT, "console", "--json"],
        input=script,
        env={**env, **encoding},
        cwd=tmp_path,
        capture_output=True,
        timeout=60,
    )
    assert done.returncode == 0 and b"Traceback" not in done.stderr, done.stderr
    lines = [json.loads(line) for line in done.stdout.decode("utf-8").splitlines()]
    assert lines[0]["text"] == "You are now \ufffd\ufffdann (instructor)."
    assert any(line["text"].startswith("ITPP: ") for line in lines)
    assert not any("\u202e" in line["text"] or "went wrong" in line["text"] for line in lines)


def test_the_console_clock_does_not_move_backwards(env, tmp_path):
    script = "/clock 2026-02-24T08:00\n/clock +1m\n"
    done = studybot(["console", "--clock", "2026-02-24T09:00"], env, tmp_path, script)
    assert done.returncode == 0, done.stderr
    assert "only moves forward; it is already 2026-02-24 09:00:00 UTC" in done.stdout
    assert "The time is 2026-02-24 09:01:00 UTC." in done.stdout


def test_a_postgresql_url_puts_the_class_in_postgresql(env, tmp_path, postgres_server):
    env["STUDYBOT_DATABASE"] = postgres_server.create_database("console_run")
    script = "/quiz start 1\nA\n/clock +1m\n"
    done = studybot(["run"], env, tmp_path, script)
    assert done.returncode == 0, done.stderr
    exported = studybot(["db", "export", "--format", "json"], env, tmp_path)
    assert exported.returncode == 0, exported.stderr
    (row,) = json.loads(exported.stdout)
    assert (row["platform"], row["round_kind"], row["user_id"]) == ("console", "live", "student")
    assert list(tmp_path.rglob("*.sqlite3")) == []
