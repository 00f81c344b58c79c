"""Bolt's installation store and OAuth state store, kept in studybot's own database.

A distributed Slack app is installed by each workspace through the OAuth flow; each install
leaves a bot token of its own, which every Web API call for that workspace then uses. Keeping
installations and states in the store (not in files beside one process) lets a restart, or a
second process on the same database, serve every workspace already installed.
"""

from __future__ import annotations

import logging
import secrets
from collections.abc import Callable
from datetime import datetime, timedelta
from typing import Protocol

from slack_sdk.oauth.installation_store import Bot, Installation
from slack_sdk.oauth.installation_store.async_installation_store import AsyncInstallationStore
from slack_sdk.oauth.state_store.async_state_store import AsyncOAuthStateStore
from slack_sdk.oauth.token_rotation.async_rotator import AsyncTokenRotator

log = logging.getLogger(__name__)

STATE_LIFETIME = timedelta(minutes=10)  # from the install page to Slack's redirect back
ROTATE_BEFORE_MINUTES = 120  # a rotating token is refreshed this long before it expires (Bolt's)


class Records(Protocol):
    """The part of the store this needs (`db.api.Store` has it)."""

    async def save_slack_installation(
        self, enterprise_id: str, team_id: str, installation: dict, now: datetime
    ) -> None: ...

    async def slack_installation(self, enterprise_id: str, team_id: str) -> dict | None: ...

    async def delete_slack_installation(self, enterprise_id: str, team_id: str) -> bool: ...

    async def issue_oauth_state(self, state: str, expires_at: datetime) -> None: ...

    async def consume_oauth_state(self, state: str, now: datetime) -> bool: ...


def _key(enterprise_id: str | None, team_id: str | None, org_wide: bool | None) -> tuple:
    """(enterprise, team) as stored. A workspace's team id is unique on its own (so posts find
    it by the workspace alone, on Enterprise Grid too); an org-wide install is the
    organisation's, team ''."""
    return (enterprise_id or "", "") if org_wide else ("", team_id or "")


class Installations(AsyncInstallationStore):
    """One installation per workspace, the latest; the bot token is read from it."""

    def __init__(
        self,
        records: Records,
        clock: Callable[[], datetime],
        rotator: AsyncTokenRotator | None = None,
    ) -> None:
        self.records = records
        self.clock = clock
        self.rotator = rotator  # refreshes tokens of apps with token rotation on

    @property
    def logger(self) -> logging.Logger:
        return log

    async def bot_token(self, team_id: str) -> str | None:
        """The workspace's bot token for a post nobody asked for (Bolt finds it for requests),
        refreshed first when it rotates and is about to expire."""
        installation = await self.async_find_installation(enterprise_id=None, team_id=team_id)
        if installation is None or not installation.bot_token:
            return None
        if self.rotator is not None:
            rotated = await self.rotator.perform_token_rotation(
                installation=installation, minutes_before_expiration=ROTATE_BEFORE_MINUTES
            )
            if rotated is not None:
                await self.async_save(rotated)
                return rotated.bot_token
        return installation.bot_token

    async def async_save(self, installation: Installation) -> None:
        key = _key(
            installation.enterprise_id, installation.team_id, installation.is_enterprise_install
        )
        await self.records.save_slack_installation(*key, vars(installation), self.clock())

    async def async_find_installation(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        user_id: str | None = None,
        is_enterprise_install: bool | None = False,
    ) -> Installation | None:
        key = _key(enterprise_id, team_id, is_enterprise_install)
        found = await self.records.slack_installation(*key)
        if found is None or (user_id and found.get("user_id") != user_id):
            return None  # only the installer's user token is kept
        return Installation(**found)

    async def async_find_bot(
        self,
        *,
        enterprise_id: str | None,
        team_id: str | None,
        is_enterprise_install: bool | None = False,
    ) -> Bot | None:
        installation = await self.async_find_installation(
            enterprise_id=enterprise_id,
            team_id=team_id,
            is_enterprise_install=is_enterprise_install,
        )
        if installation is None or not installation.bot_token:
            return None
        return installation.to_bot()

    async def async_delete_bot(self, *, enterprise_id: str | None, team_id: str | None) -> None:
        await self._delete(enterprise_id, team_id)

    async def async_delete_installation(
        self, *, enterprise_id: str | None, team_id: str | None, user_id: str | None = None
    ) -> None:
        if user_id is None:  # a user's revoked token leaves the workspace's bot installed
            await self._delete(enterprise_id, team_id)

    async def _delete(self, enterprise_id: str | None, team_id: str | None) -> None:
        key = _key(enterprise_id, team_id, org_wide=not team_id)
        if await self.records.delete_slack_installation(*key):
            log.info("Slack: workspace %s uninstalled the app", team_id or enterprise_id)


class States(AsyncOAuthStateStore):
    """One-time OAuth states: issued with the install page, consumed by Slack's redirect."""

    def __init__(self, records: Records, clock: Callable[[], datetime]) -> None:
        self.records = records
        self.clock = clock

    @property
    def logger(self) -> logging.Logger:
        return log

    async def async_issue(self, *args, **kwargs) -> str:
        state = secrets.token_urlsafe(24)
        await self.records.issue_oauth_state(state, self.clock() + STATE_LIFETIME)
        return state

    async def async_consume(self, state: str) -> bool:
        return await self.records.consume_oauth_state(state, self.clock())
