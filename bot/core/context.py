"""What a command handler gets: who asks, in which community, at what time, and the core."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import TYPE_CHECKING

from bot.core.api import Actor, Reply
from db.api import Community, QuestionBank

if TYPE_CHECKING:
    from bot.core.engine import Core


def is_instructor(actor: Actor, community: Community) -> bool:
    """The one rule for who may run instructor commands."""
    role = community.instructor_role
    return actor.is_admin or (bool(role) and role in actor.roles)


@dataclass(frozen=True)
class Context:
    core: Core
    actor: Actor
    community: Community
    now: datetime
    bank: QuestionBank  # the community's reports and decisions (bot.core.bank)

    @property
    def store(self):
        return self.core.store

    @property
    def studyset(self):
        """The content as this community sees it: with its own questions, its restored ones."""
        return self.core.studyset_of(self.bank)

    @property
    def blocked(self) -> frozenset[str]:
        """Questions never drawn here: reported and not yet looked at, or retired."""
        return self.bank.reported | self.bank.retired

    @property
    def instructor(self) -> bool:
        return is_instructor(self.actor, self.community)

    async def post(self, reply: Reply) -> str:
        """Say something in the actor's channel, unprompted by an interaction reply."""
        return await self.core.outlet.send(self.actor.community_id, self.actor.channel_id, reply)
