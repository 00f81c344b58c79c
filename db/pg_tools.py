"""PostgreSQL's own programs: finding them, and a scratch server for tests and benchmarks.

Debian and Ubuntu keep the server programs (initdb, pg_ctl) in /usr/lib/postgresql/<major>/bin,
off the PATH; the newest major found there is used, or $STUDYBOT_POSTGRES_BIN when it is set.
"""

from __future__ import annotations

import contextlib
import os
import pwd
import shutil
import subprocess
import tempfile
from pathlib import Path

DEBIAN_ROOT = Path("/usr/lib/postgresql")
SUPERUSER = "studybot"


def _major(folder: Path) -> tuple[int, ...]:
    return tuple(int(part) for part in folder.parent.name.split(".") if part.isdigit())


def binary(name: str) -> Path | None:
    """The named PostgreSQL program, newest major first; None when it is not installed."""
    if chosen := os.environ.get("STUDYBOT_POSTGRES_BIN"):
        candidate = Path(chosen) / name
        return candidate if candidate.is_file() else None
    folders = sorted(DEBIAN_ROOT.glob("*/bin"), key=_major, reverse=True)
    for folder in folders:
        if (folder / name).is_file():
            return folder / name
    found = shutil.which(name)
    return Path(found) if found else None


class ScratchServer:
    """A PostgreSQL server in a temporary folder, reached only through a Unix socket there.

    `durable=False` turns off fsync: right for tests, whose data dies with the server; benchmarks
    keep the default so their numbers mean something. initdb refuses to run as root, so under
    root the server runs as the `postgres` account (which Debian's package creates).
    """

    def __init__(self, *, durable: bool = False, folder: Path | None = None) -> None:
        self.durable = durable
        self.folder = folder  # given: its URL is known before it starts; else made at start

    @property
    def socket_dir(self) -> Path:
        assert self.folder is not None, "the server is not started"
        return self.folder

    def url(self, database: str = "postgres") -> str:
        return f"postgresql://{SUPERUSER}@/{database}?host={self.socket_dir}"

    def create_database(self, name: str) -> str:
        """A new empty database on the running server; its URL."""
        createdb = binary("createdb")
        if createdb is None:
            raise RuntimeError("PostgreSQL's createdb program is not installed")
        self._run(None, createdb, "-h", self.socket_dir, "-U", SUPERUSER, name)
        return self.url(name)

    def start(self) -> str:
        """Create and start the cluster; its URL. RuntimeError saying why when it cannot."""
        initdb, pg_ctl = binary("initdb"), binary("pg_ctl")
        if initdb is None or pg_ctl is None:
            raise RuntimeError(
                "PostgreSQL's server programs (initdb, pg_ctl) are not installed: run `make "
                "postgres` (it installs Debian's postgresql package), or set STUDYBOT_POSTGRES_BIN"
            )
        self.folder = self.folder or Path(tempfile.mkdtemp(prefix="studybot-pg-"))
        owner = self._account()
        if owner is not None:
            os.chown(self.folder, owner.pw_uid, owner.pw_gid)
        data, log = self.folder / "data", self.folder / "server.log"
        settings = f"-k {self.folder} -c listen_addresses='' -c max_connections=200"
        if not self.durable:
            settings += " -c fsync=off -c synchronous_commit=off -c full_page_writes=off"
        try:
            self._run(
                owner,
                initdb,
                "-D",
                data,
                "-U",
                SUPERUSER,
                "--auth=trust",
                "-E",
                "UTF8",
                "--no-sync",
            )
            self._run(owner, pg_ctl, "-D", data, "-l", log, "-w", "-o", settings, "start")
        except RuntimeError as error:
            detail = log.read_text(errors="replace")[-2000:] if log.exists() else ""
            self.stop()
            raise RuntimeError(f"{error}\n{detail}".rstrip()) from error
        return self.url()

    def stop(self) -> None:
        """Stop at once (the data is thrown away) and remove the folder; harmless when stopped."""
        if self.folder is None:
            return
        pg_ctl = binary("pg_ctl")
        if pg_ctl is not None and (self.folder / "data" / "postmaster.pid").exists():
            # RuntimeError: it is already gone, and there is nothing left to stop.
            with contextlib.suppress(RuntimeError):
                self._run(
                    self._account(), pg_ctl, "-D", self.folder / "data", "-m", "immediate", "stop"
                )
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None

    @staticmethod
    def _account() -> pwd.struct_passwd | None:
        if os.geteuid() != 0:
            return None
        try:
            return pwd.getpwnam("postgres")
        except KeyError as error:
            raise RuntimeError(
                "running as root, and there is no `postgres` account to run the server as"
            ) from error

    @staticmethod
    def _run(owner: pwd.struct_passwd | None, *command: object) -> None:
        words = [str(word) for word in command]
        if owner is not None:
            words = ["runuser", "-u", owner.pw_name, "--", *words]
        done = subprocess.run(words, capture_output=True, text=True, check=False)
        if done.returncode != 0:
            raise RuntimeError(
                f"`{' '.join(words)}` failed ({done.returncode}): {done.stderr.strip()}"
            )
