from pathlib import Path

from bot.settings import Settings
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
