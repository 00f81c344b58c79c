"""The README's console transcript is what the console prints for that script, today."""

from __future__ import annotations

import os
import re
import shlex
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
_TRANSCRIPT = re.compile(
    r"```console\n\$ printf '(?P<script>[^']*)' \\\n\s*\| studybot (?P<args>[^\n]*)\n"
    r"(?P<output>.*?)```",
    re.DOTALL,
)


def test_the_console_transcript_matches_the_output(tmp_path):
    found = _TRANSCRIPT.search((ROOT / "README.md").read_text(encoding="utf-8"))
    assert found, "the README has no console transcript"
    args = shlex.split(found["args"])
    args[args.index("--database") + 1] = str(tmp_path / "demo.sqlite3")  # a fresh database
    env = {k: v for k, v in os.environ.items() if not k.startswith(("DISCORD_", "SLACK_"))}
    env.update(PYTHONPATH=str(ROOT), STUDYBOT_TIMEZONE="UTC")
    env.pop("STUDYBOT_CONTENT", None)  # the bundled content, as a reader's would be
    done = subprocess.run(
        [sys.executable, "-m", "bot", *args],
        input=found["script"].replace("\\n", "\n"),
        env=env,
        cwd=tmp_path,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert done.stdout.rstrip() == found["output"].rstrip()
