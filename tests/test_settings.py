from pathlib import Path

import pytest
from test_console_cli import studybot

from bot.settings import SettingError, Settings
from content.model import BUNDLED


def test_defaults_without_environment(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    settings = Settings.from_env({})
    assert settings.content == BUNDLED
    assert settings.database == Path("data/studybot.sqlite3")
    assert settings.discord_token == ""


def test_dotenv_fills_gaps_and_environment_wins(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    (tmp_path / ".env").write_text(
        "# comment\nDISCORD_TOKEN='from-file'\nSTUDYBOT_DATABASE=file.db\n\nnot a pair\n",
        encoding="utf-8",
    )
    settings = Settings.from_env({"STUDYBOT_DATABASE": "env.db"})
    assert settings.discord_token == "from-file"
    assert settings.database == Path("env.db")


def test_a_postgresql_url_names_a_server_and_anything_else_a_file(tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    url = "postgresql://bot:secret@db:5432/studybot"
    assert Settings.from_env({"STUDYBOT_DATABASE": url}).database == url
    assert Settings.from_env({"STUDYBOT_DATABASE": "postgres.db"}).database == Path("postgres.db")


@pytest.mark.parametrize(
    ("key", "value", "says"),
    [
        ("STUDYBOT_SLACK_PORT", "30oo", "STUDYBOT_SLACK_PORT must be a whole number"),
        ("STUDYBOT_DATABASE_WAIT", "a minute", "STUDYBOT_DATABASE_WAIT must be a number"),
        ("STUDYBOT_DATABASE_WAIT", "-5", "STUDYBOT_DATABASE_WAIT must be at least 0"),
        ("STUDYBOT_LOADED_COMMUNITIES", "0", "STUDYBOT_LOADED_COMMUNITIES must be at least 1"),
    ],
)
def test_a_number_setting_that_cannot_be_read_is_named(tmp_path, monkeypatch, key, value, says):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(SettingError, match=says):
        Settings.from_env({key: value})
    assert Settings.from_env({key: " "}) == Settings.from_env({}), "blank keeps the default"


def test_studybot_names_an_unreadable_setting_in_one_line_and_exits_2(env, tmp_path):
    done = studybot(["run"], {**env, "STUDYBOT_SLACK_PORT": "30oo"}, tmp_path)
    assert done.returncode == 2
    assert done.stderr.strip().splitlines() == [
        "studybot: STUDYBOT_SLACK_PORT must be a whole number of at least 0, not '30oo'"
    ]
