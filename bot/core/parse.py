"""A typed line ("/quiz start 5 kind=date") -> (path, options), for the console and Slack.

Values stay strings here; the core checks and converts them against the command table, so a
typed line and a platform's typed options meet the same checks in one place.
"""

from __future__ import annotations

import re

from bot.core.commands import BY_PATH, COMMANDS, Command

EXTRA = "_extra"  # positional words no parameter took; the core answers with a usage line

# A word, or key="a value with spaces" (straight or curly quotes, as chat apps may type them).
_TOKEN = re.compile(r'[a-z][a-z_-]*=(?:"[^"]*"|“[^”]*”)|\S+', re.IGNORECASE)
_KEY_VALUE = re.compile(r'^([a-z][a-z_-]*)=(?:"(.*)"|“(.*)”|(.*))$', re.IGNORECASE | re.DOTALL)
_PREFIXES = {c.path[:n] for c in COMMANDS for n in range(1, len(c.path) + 1)}


def parse_command(text: str) -> tuple[tuple[str, ...], dict]:
    line = text.strip().removeprefix("/")
    tokens = list(_TOKEN.finditer(line))
    words = [t.group().lower() for t in tokens]
    path: tuple[str, ...] = ()
    for word in words:
        if (*path, word) not in _PREFIXES:
            break
        path = (*path, word)
    command = BY_PATH.get(path)
    if command is None:
        # Unknown or half-typed: keep what was typed, up to the first word that is no
        # subcommand, so the core can say what exists there.
        return tuple(words[: len(path) + 1]), {}
    rest = tokens[len(path) :]
    return path, _options(command, line, rest)


def _options(command: Command, line: str, tokens: list[re.Match]) -> dict:
    options: dict = {}
    extra: list[str] = []
    for token in tokens:
        word = token.group()
        named = _KEY_VALUE.match(word)
        param = command.param(named.group(1).lower().replace("-", "_")) if named else None
        if param is not None:
            bare = named.group(4)
            if param.rest and bare is not None:
                options[param.name] = line[token.start() + named.start(4) :].strip()
            else:
                options[param.name] = next(v for v in named.groups()[1:] if v is not None)
        else:
            param = _positional_slot(command, options, word)
            if param is None:
                extra.append(word)
                continue
            options[param.name] = line[token.start() :].strip() if param.rest else word
        if param.rest:
            break  # the rest of the line belongs to this parameter
    if extra:
        options[EXTRA] = extra
    return options


def _positional_slot(command: Command, filled: dict, word: str):
    """Numbers go to the next free number parameter, words to the next free word parameter;
    failing that, any free parameter, so a misplaced value gets a precise complaint."""
    free = [p for p in command.params if p.name not in filled]
    wants_int = word.lstrip("-").isdigit()
    preferred = [p for p in free if (p.type is int) == wants_int]
    return (preferred or free or [None])[0]
