"""The bundled manifest is what the generator makes from the core's command table."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.core.commands import COMMANDS
from bot.slack.manifest import DESCRIPTION_LIMIT, main, render, slash_commands

MANIFEST = Path(__file__).resolve().parents[2] / "slack" / "manifest.yml"


def test_bundled_manifest_is_current():
    assert MANIFEST.read_text(encoding="utf-8") == render(), (
        "slack/manifest.yml is stale: python -m bot.slack.manifest > slack/manifest.yml"
    )


def test_every_core_command_is_reachable_by_a_slash_command():
    names = {c["command"] for c in slash_commands("study-")}
    assert names == {f"/study-{c.path[0]}" for c in COMMANDS}
    for entry in slash_commands():
        assert len(entry["description"]) <= DESCRIPTION_LIMIT
        assert len(entry.get("usage_hint", "")) <= DESCRIPTION_LIMIT


def test_http_mode_manifest_points_commands_and_buttons_at_the_url(capsys):
    assert main(["--url", "https://bot.example/slack/events", "--prefix", "s-"]) == 0
    text = capsys.readouterr().out
    assert "socket_mode_enabled: false" in text
    assert 'request_url: "https://bot.example/slack/events"' in text
    assert text.count('url: "https://bot.example/slack/events"') == len(slash_commands()) + 1
    assert '- command: "/s-quiz"' in text


def test_a_distributed_app_manifest_has_the_oauth_redirect_and_the_uninstall_events(capsys):
    assert main(["--url", "https://bot.example/slack/events", "--oauth"]) == 0
    text = capsys.readouterr().out
    assert 'redirect_urls:\n    - "https://bot.example/slack/oauth_redirect"' in text
    assert 'bot_events:\n      - "app_uninstalled"\n      - "tokens_revoked"' in text
    assert "event_subscriptions" not in render(url="https://bot.example/slack/events")


def test_oauth_without_a_url_is_refused(capsys):
    with pytest.raises(SystemExit):
        main(["--oauth"])
    assert "--oauth needs --url" in capsys.readouterr().err
