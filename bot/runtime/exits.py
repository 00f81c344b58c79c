"""The exit codes of `studybot run` and `studybot console`, the same for every platform."""

from __future__ import annotations

OK = 0  # stopped: end of input, SIGTERM, Ctrl-C
FAILED = 1  # the set-up is fine but the bot could not run: a platform unreachable, a port taken
SETUP = 2  # change something first: a token, a setting, the content file, the database
INTERRUPTED = 130  # Ctrl-C at the console before it could stop cleanly
# Anything unexpected is a bug: Python's traceback and its exit code 1.


class Refused(Exception):
    """Ends a start, or a running bot, with one line on stderr and an exit code."""

    def __init__(self, message: str, code: int = SETUP) -> None:
        super().__init__(" ".join(message.split()))  # one line, whatever the message held
        self.code = code
