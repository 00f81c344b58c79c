"""Slack installations and OAuth states, a contract SQLite and PostgreSQL keep alike (the
`database` fixture): kept across a reopen, replaced by a reinstall, deleted once; a state is
consumed once, and never after it expired."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from db.stores import open_store

NOW = datetime(2026, 2, 24, 9, 0, tzinfo=UTC)


async def test_an_installation_is_kept_replaced_and_deleted(database):
    async with await open_store(database) as store:
        await store.save_slack_installation("", "T1", {"bot_token": "xoxb-1"}, NOW)
        await store.save_slack_installation("E1", "T1", {"bot_token": "xoxb-grid"}, NOW)
        await store.save_slack_installation("", "T1", {"bot_token": "xoxb-2"}, NOW)  # reinstall
    async with await open_store(database) as store:
        assert await store.slack_installation("", "T1") == {"bot_token": "xoxb-2"}
        assert await store.slack_installation("E1", "T1") == {"bot_token": "xoxb-grid"}
        assert await store.slack_installation("", "T2") is None
        assert await store.delete_slack_installation("", "T1")
        assert not await store.delete_slack_installation("", "T1")
        assert await store.slack_installation("", "T1") is None
        assert await store.slack_installation("E1", "T1") is not None


async def test_a_state_is_consumed_once_and_not_after_it_expired(database):
    async with await open_store(database) as store:
        await store.issue_oauth_state("fresh", NOW + timedelta(minutes=10))
        await store.issue_oauth_state("stale", NOW + timedelta(minutes=1))
        assert not await store.consume_oauth_state("never-issued", NOW)
        later = NOW + timedelta(minutes=5)
        assert await store.consume_oauth_state("fresh", later)
        assert not await store.consume_oauth_state("fresh", later)
        assert not await store.consume_oauth_state("stale", later)
