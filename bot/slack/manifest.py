"""The Slack app manifest, generated from the core's command table so the two never drift.

`python -m bot.slack.manifest` prints it (slack/manifest.yml is its default output);
`--prefix study-` names the commands /study-fact, ...; `--url https://host/slack/events`
writes an HTTP-mode manifest instead of Socket Mode; `--oauth` (with `--url`) makes it a
distributed app: the OAuth redirect URL beside it, and the uninstall events it listens for.
"""

from __future__ import annotations

import argparse
import json
import sys
from urllib.parse import urljoin

from bot.core.commands import COMMANDS, Command

SCOPES = (
    "commands",  # slash commands
    "chat:write",  # posts, reveals, ephemeral replies
    "chat:write.public",  # scheduled posts into channels the bot was not invited to
    "users:read",  # display names and the admin/owner flags instructors are checked by
    "usergroups:read",  # the instructor user group
    "files:read",  # /readings add: the file an instructor just shared in the channel
)
# Slack tells a distributed app when a workspace removes it; its installation is then deleted
UNINSTALL_EVENTS = ("app_uninstalled", "tokens_revoked")
DESCRIPTION_LIMIT = 100  # Slack's cap on a slash command's description and usage hint


def slash_commands(prefix: str = "") -> list[dict]:
    """One slash command per top-level name; subcommands are the first word of its text."""
    groups: dict[str, list[Command]] = {}
    for command in COMMANDS:
        groups.setdefault(command.path[0], []).append(command)
    out = []
    for name, members in groups.items():
        if len(members) == 1 and len(members[0].path) == 1:
            description = members[0].help
            hint = " ".join(p.usage for p in members[0].params)
        else:
            subcommands = list(dict.fromkeys(c.path[1] for c in members))
            description = f"{name.capitalize()}: {', '.join(subcommands)}."
            hint = "|".join(subcommands)
        entry = {"command": f"/{prefix}{name}", "description": _cap(description)}
        if hint:
            entry["usage_hint"] = _cap(hint)
        out.append(entry)
    return out


def manifest(prefix: str = "", url: str = "", oauth: bool = False) -> dict:
    """`url` is the public /slack/events URL (HTTP mode); `oauth` needs it."""
    commands = [
        {**c, **({"url": url} if url else {}), "should_escape": True}
        for c in slash_commands(prefix)
    ]
    interactivity = {"is_enabled": True, **({"request_url": url} if url else {})}
    scopes: dict = {"scopes": {"bot": list(SCOPES)}}
    if oauth:  # the redirect beside the events URL: https://host/slack/oauth_redirect
        scopes = {"redirect_urls": [urljoin(url, "oauth_redirect")], **scopes}
    events = {"event_subscriptions": {"request_url": url, "bot_events": list(UNINSTALL_EVENTS)}}
    return {
        "display_information": {
            "name": "studybot",
            "description": "Study the group's articles: facts, quizzes, leaderboards.",
            "background_color": "#2c4a6e",
        },
        "features": {
            "bot_user": {"display_name": "studybot", "always_online": True},
            "slash_commands": commands,
        },
        "oauth_config": scopes,
        "settings": {
            **(events if oauth else {}),
            "interactivity": interactivity,
            "org_deploy_enabled": False,
            "socket_mode_enabled": not url,
            "token_rotation_enabled": False,
        },
    }


def to_yaml(value: object, indent: int = 0) -> str:
    """Block-style YAML for dicts, lists and scalars; strings as JSON, which YAML reads as is."""
    pad = " " * indent
    if isinstance(value, dict):
        lines = []
        for key, item in value.items():
            if isinstance(item, dict | list) and item:
                lines.append(f"{pad}{key}:\n{to_yaml(item, indent + 2)}")
            else:
                lines.append(f"{pad}{key}: {_scalar(item)}")
        return "\n".join(lines)
    if isinstance(value, list):
        lines = []
        for item in value:
            if isinstance(item, dict) and item:
                body = to_yaml(item, indent + 2)
                lines.append(f"{pad}- {body[indent + 2 :]}")
            else:
                lines.append(f"{pad}- {_scalar(item)}")
        return "\n".join(lines)
    return pad + _scalar(value)


def render(prefix: str = "", url: str = "", oauth: bool = False) -> str:
    return to_yaml(manifest(prefix, url, oauth)) + "\n"


def _scalar(value: object) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, dict | list):
        return "{}" if isinstance(value, dict) else "[]"
    return json.dumps(value, ensure_ascii=False)


def _cap(text: str) -> str:
    return text if len(text) <= DESCRIPTION_LIMIT else text[: DESCRIPTION_LIMIT - 1] + "…"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m bot.slack.manifest", description=__doc__)
    parser.add_argument("--prefix", default="", help="put before every command name")
    parser.add_argument("--url", default="", help="HTTP mode: the public /slack/events URL")
    parser.add_argument(
        "--oauth",
        action="store_true",
        help="a distributed app, installed by many workspaces (needs --url)",
    )
    args = parser.parse_args(argv)
    if args.oauth and not args.url:
        parser.error("--oauth needs --url (the public /slack/events URL)")
    sys.stdout.write(render(args.prefix, args.url, args.oauth))
    return 0


if __name__ == "__main__":
    sys.exit(main())
