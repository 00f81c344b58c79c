"""Who is asking: Slack users as core `Actor`s, with the facts the core's instructor check reads.

`is_admin` is a workspace admin or owner (users.info); `roles` are the user groups the user is
in, so the core can match the community's configured instructor group. Both are cached briefly:
every click would otherwise cost two Web API calls.
"""

from __future__ import annotations

import asyncio
import logging
import time
from dataclasses import dataclass

from slack_sdk.errors import SlackApiError
from slack_sdk.web.async_client import AsyncWebClient

from bot.core.api import Actor

log = logging.getLogger(__name__)

PLATFORM = "slack"


@dataclass(frozen=True)
class _Profile:
    name: str
    is_admin: bool


class Directory:
    def __init__(self, ttl: float = 60.0) -> None:
        self.ttl = ttl
        self._profiles: dict[tuple[str, str], tuple[float, _Profile]] = {}
        self._groups: dict[str, tuple[float, dict[str, frozenset[str]]]] = {}
        self._groups_lock = asyncio.Lock()

    async def actor(
        self,
        client: AsyncWebClient,
        team_id: str,
        user_id: str,
        channel_id: str,
        fallback_name: str,
    ) -> Actor:
        """`client` carries the workspace's token (each installation has its own)."""
        profile = await self._profile(client, team_id, user_id, fallback_name)
        groups = await self._memberships(client, team_id)
        return Actor(
            platform=PLATFORM,
            community_id=team_id,
            user_id=user_id,
            display_name=profile.name,
            channel_id=channel_id,
            is_admin=profile.is_admin,
            roles=groups.get(user_id, frozenset()),
        )

    async def _profile(
        self, client: AsyncWebClient, team_id: str, user_id: str, fallback_name: str
    ) -> _Profile:
        cached = self._profiles.get((team_id, user_id))
        if cached and cached[0] > time.monotonic():
            return cached[1]
        try:
            user = (await client.users_info(user=user_id))["user"]
        except SlackApiError as e:
            # without users:read nobody is an admin, but the user can still study
            log.warning("users.info failed for %s: %s", user_id, e.response.get("error"))
            user = {}
        names = (user.get("profile", {}).get("display_name"), user.get("real_name"), fallback_name)
        profile = _Profile(
            name=next(n for n in (*names, user_id) if n),
            is_admin=bool(user.get("is_admin") or user.get("is_owner")),
        )
        self._profiles[(team_id, user_id)] = (time.monotonic() + self.ttl, profile)
        return profile

    async def _memberships(self, client: AsyncWebClient, team_id: str) -> dict[str, frozenset[str]]:
        """user id -> ids of the user groups they are in, for the whole workspace in one call."""
        async with self._groups_lock:  # a burst of first clicks makes one call, not hundreds
            cached = self._groups.get(team_id)
            if cached and cached[0] > time.monotonic():
                return cached[1]
            memberships = await _fetch_memberships(client)
            self._groups[team_id] = (time.monotonic() + self.ttl, memberships)
            return memberships


async def _fetch_memberships(client: AsyncWebClient) -> dict[str, frozenset[str]]:
    try:
        response = await client.usergroups_list(include_users=True)
    except SlackApiError as e:
        # free workspaces have no user groups and a missing scope is the owner's choice:
        # instructors are then the admins and owners alone
        log.warning("usergroups.list failed: %s", e.response.get("error"))
        groups: list[dict] = []
    else:
        groups = response["usergroups"]
    members: dict[str, set[str]] = {}
    for group in groups:
        for user_id in group.get("users", ()):
            members.setdefault(user_id, set()).add(group["id"])
    return {user_id: frozenset(ids) for user_id, ids in members.items()}
