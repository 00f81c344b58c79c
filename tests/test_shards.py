"""STUDYBOT_SHARD_COUNT and STUDYBOT_SHARD_IDS as a process reads them."""

from __future__ import annotations

import pytest

from bot.health import heartbeat_path
from bot.settings import Settings
from bot.shards import Shards, parse_shards


@pytest.mark.parametrize(
    ("count", "ids", "shards"),
    [
        ("", "", None),  # Discord recommends the count, one process runs them all
        ("4", "", Shards(4, (0, 1, 2, 3))),
        ("8", "0-3", Shards(8, (0, 1, 2, 3))),
        (" 8 ", "4-5, 7", Shards(8, (4, 5, 7))),
        ("3", "2", Shards(3, (2,))),
    ],
)
def test_shard_settings_name_this_process_s_shards(count, ids, shards):
    assert parse_shards(count, ids) == shards


@pytest.mark.parametrize(
    ("count", "ids", "says"),
    [
        ("", "0-3", "STUDYBOT_SHARD_IDS needs STUDYBOT_SHARD_COUNT"),
        ("0", "", "at least 1"),
        ("-2", "", "whole number"),
        ("4", "2-5", "shard 5 does not exist with STUDYBOT_SHARD_COUNT=4"),
        ("4", "3-1", "the range 3-1 runs backwards"),
        ("4", "0-1,1", "names a shard twice"),
        ("4", "a-b", "ids and ranges such as 0-3"),
        ("4", "1,", "ids and ranges such as 0-3"),
    ],
)
def test_malformed_shard_settings_say_what_is_wrong(count, ids, says):
    with pytest.raises(ValueError, match=says):
        parse_shards(count, ids)


def test_each_range_of_shards_beats_its_own_heartbeat(tmp_path):
    database = tmp_path / "bot.sqlite3"
    one = Settings(database=database, shard_count="8", shard_ids="0-3")
    two = Settings(database=database, shard_count="8", shard_ids="4,5,7")
    assert heartbeat_path(one) == tmp_path / "studybot.shards-0-3.heartbeat"
    assert heartbeat_path(two) == tmp_path / "studybot.shards-4-5,7.heartbeat"
    assert heartbeat_path(Settings(database=database)) == tmp_path / "studybot.heartbeat"
